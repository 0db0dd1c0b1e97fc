import HubModel

/// A rule: a pure function of the snapshot and its parameters. No I/O, no parsing.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    init()
    func evaluate(_ context: RuleContext, into output: inout RuleOutput)
}

/// What a rule sees: the snapshot, its parameters, and which scopes have every input it needs.
public struct RuleContext: Sendable {
    public let snapshot: Snapshot
    public let parameters: ParameterValues
    /// The intended topology from the policy (empty when none is declared).
    public let intent: NetworkIntent
    private let evaluable: Set<Scope>

    public init(snapshot: Snapshot, parameters: ParameterValues, intent: NetworkIntent = NetworkIntent(),
                evaluable: Set<Scope>) {
        self.snapshot = snapshot
        self.parameters = parameters
        self.intent = intent
        self.evaluable = evaluable
    }

    /// True when every input of the rule was collected for this account and region.
    public func isEvaluable(_ scope: Scope) -> Bool { evaluable.contains(scope) }
}
