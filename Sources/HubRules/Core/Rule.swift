import HubModel

/// A rule: a pure function of the snapshot and its parameters. No I/O, no parsing.
/// Its parameters arrive typed, decoded once by the engine (as SwiftLint's rule configurations);
/// its cases are static `RuleCase` values it flags with, so a misspelt case does not compile.
public protocol Rule: Sendable {
    associatedtype Parameters: RuleParameters = NoParameters
    static var description: RuleDescription { get }
    init(parameters: Parameters)
    func evaluate(_ context: RuleContext, into output: inout RuleOutput)
}

/// What a rule sees: the snapshot, the declared intent, and which scopes have every input it needs.
public struct RuleContext: Sendable {
    public let snapshot: Snapshot
    /// The intended topology from the policy (empty when none is declared).
    public let intent: NetworkIntent
    private let evaluable: Set<Scope>

    public init(snapshot: Snapshot, intent: NetworkIntent = NetworkIntent(), evaluable: Set<Scope>) {
        self.snapshot = snapshot
        self.intent = intent
        self.evaluable = evaluable
    }

    /// True when every input of the rule was collected for this account and region.
    public func isEvaluable(_ scope: Scope) -> Bool { evaluable.contains(scope) }
}
