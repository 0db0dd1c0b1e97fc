public enum PlaceholderHubAudit {}
