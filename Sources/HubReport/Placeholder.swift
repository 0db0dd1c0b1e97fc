public enum PlaceholderHubReport {}
