enum HubCollectModule {}
