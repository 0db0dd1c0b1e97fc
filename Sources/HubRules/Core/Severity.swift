public enum Severity: Int, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    case info = 0, low, medium, high, critical

    public init?(name: String) {
        guard let match = Severity.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = match
    }

    public var description: String {
        switch self {
        case .info: return "info"
        case .low: return "low"
        case .medium: return "medium"
        case .high: return "high"
        case .critical: return "critical"
        }
    }

    /// `steps` levels lower, never below info.
    public func lowered(by steps: Int) -> Severity {
        Severity(rawValue: max(0, rawValue - steps)) ?? .info
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }
}
