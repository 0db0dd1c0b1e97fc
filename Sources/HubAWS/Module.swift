enum HubAWSModule {}
