import HubModel

/// What of the snapshot a rule reads, declared on the rule (`RuleDescription.needs`), so that a scan
/// need not hold the whole organisation's security-group rules, interfaces and ACLs at once
/// (`RuleRun`, `SnapshotReader.read(_:visitingScopes:)`). `RuleLocalityTests` runs every rule both
/// ways on every example snapshot and asserts the same findings.
public enum SnapshotNeed: Sendable, Hashable {
    /// Each account and region's findings come from its own `ScopeResources` (security groups,
    /// network ACLs, interfaces, instances, flow logs) and the organisation's shared facts; the rule
    /// judges only the scopes it is given. It runs on each batch of scopes as their files decode.
    case scopeResources
    /// The shared facts of every scope alone: no scope resource, nor their coverage. It runs as soon
    /// as the shared facts are read, while the scopes' own resources decode.
    case sharedFacts
    /// The shared facts of every scope, and of the scope resources only what
    /// `ScopeResources.sharedPart(reportedStale:)` keeps (each group's identity; the references to
    /// other groups that could be stale or cross a peering, with their permissions' protocol and
    /// ports). It runs once every batch is read.
    case sharedFactsAndGroupReferences
    /// The shared facts, and every resource of every scope when the intent declares paths to judge
    /// (hubs, isolation, reachability intents): the reachability model reads them all.
    case wholeSnapshotForDeclaredPaths
    /// Every resource of every scope: a scan holds the whole snapshot while such a rule is enabled.
    /// What a rule that declares nothing gets.
    case wholeSnapshot

    /// Whether the rule, under `intent`, reads scope resources beyond what the shared facts keep.
    func needsWholeSnapshot(under intent: NetworkIntent) -> Bool {
        switch self {
        case .scopeResources, .sharedFacts, .sharedFactsAndGroupReferences: return false
        case .wholeSnapshotForDeclaredPaths: return intent.declaresPaths
        case .wholeSnapshot: return true
        }
    }
}

extension NetworkIntent {
    /// Hubs, isolation or reachability intents: what the reachability model judges.
    public var declaresPaths: Bool { !hubs.isEmpty || !isolation.isEmpty || !reachability.isEmpty }
}
