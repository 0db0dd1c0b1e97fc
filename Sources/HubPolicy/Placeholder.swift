public enum PlaceholderHubPolicy {}
