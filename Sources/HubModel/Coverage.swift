/// What was collected for one account, region and action — and what was not. Rules consult this
/// before they look at data, so a missing or failed call yields "not evaluated", never a pass.
public enum CollectionStatus: Hashable, Sendable {
    /// Parsed completely from these files (one per page, or per prefix list).
    case collected(files: [String])
    /// No file and no recorded failure: the snapshot does not have it.
    case missing
    /// The call failed: an EC2 error body, or a failure the manifest records.
    case failed(code: String, message: String)
    /// A file is there but could not be read or parsed (the problem is in `Snapshot.problems`).
    case unreadable(file: String, message: String)

    public var isCollected: Bool {
        if case .collected = self { return true }
        return false
    }

    /// `missing`, `failed: UnauthorizedOperation (…)`, …
    public var summary: String {
        switch self {
        case .collected(let files): return "collected (\(files.count) file\(files.count == 1 ? "" : "s"))"
        case .missing: return "missing"
        case .failed(let code, let message): return message.isEmpty ? "failed: \(code)" : "failed: \(code) (\(message))"
        case .unreadable(let file, let message): return "unreadable: \(file): \(message)"
        }
    }
}

public struct Coverage: Hashable, Sendable {
    public private(set) var entries: [Scope: [Action: CollectionStatus]] = [:]
    /// The actions the snapshot's manifest says its collector did not attempt anywhere (a collector
    /// older than the action): a check that needs one of them is `not-attempted`, not a gap of the
    /// collection. Empty without a manifest (then every action is expected).
    public var notAttempted: Set<Action> = []

    public init() {}

    /// Every action collected in every given scope: the coverage of a hand-built snapshot.
    public static func complete(_ scopes: [Scope]) -> Coverage {
        var coverage = Coverage()
        for scope in scopes {
            for action in Action.allCases { coverage.set(.collected(files: []), scope: scope, action: action) }
        }
        return coverage
    }

    public mutating func set(_ status: CollectionStatus, scope: Scope, action: Action) {
        entries[scope, default: [:]][action] = status
    }

    public func status(_ scope: Scope, _ action: Action) -> CollectionStatus {
        entries[scope]?[action] ?? .missing
    }

    public var scopes: [Scope] { entries.keys.sorted() }

    /// What the reports list as not collected in a scope: every action hubaudit reads, except a
    /// cross-check that was never asked for there (`Action.isCrossCheck`: a snapshot older than it).
    public func collectionGaps(in scope: Scope) -> [(Action, CollectionStatus)] {
        gaps(in: scope, needed: Action.allCases.filter { !$0.isCrossCheck || entries[scope]?[$0] != nil })
    }

    /// The actions among `needed` that this scope lacks, with why.
    public func gaps(in scope: Scope, needed: [Action]) -> [(Action, CollectionStatus)] {
        needed.sorted().compactMap { action in
            let status = status(scope, action)
            return status.isCollected ? nil : (action, status)
        }
    }
}

/// An input file that could not be used — a response, a manifest, a policy, a waivers or accounts
/// file — with where (the line, when the parser gave one) and why: hubaudit's one located error.
public struct InputProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
}
