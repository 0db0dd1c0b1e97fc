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
    /// The reachability engine's model of the snapshot, shared by the rules of one engine run.
    public let reachability: SharedReachabilityModel
    private let evaluable: Set<Scope>

    public init(snapshot: Snapshot, intent: NetworkIntent = NetworkIntent(), evaluable: Set<Scope>,
                reachability: SharedReachabilityModel? = nil) {
        self.snapshot = snapshot
        self.intent = intent
        self.evaluable = evaluable
        self.reachability = reachability ?? SharedReachabilityModel(snapshot)
    }

    /// True when every input of the rule was collected for this account and region.
    public func isEvaluable(_ scope: Scope) -> Bool { evaluable.contains(scope) }

    /// True when `inputs` (a part of the rule's inputs) were collected for this account and region:
    /// for a rule whose cases need different inputs, so that one missing response (say security
    /// groups) does not hide the findings that need only routes. The engine still reports the rule
    /// not evaluated there.
    public func isEvaluable(_ scope: Scope, for inputs: [Action]) -> Bool {
        snapshot.coverage.gaps(in: scope, needed: inputs.filter(\.isRequiredPerScope)).isEmpty
    }

    /// `111111111111 (finance)`: the account id with its name, from the snapshot's manifest or
    /// else the policy's accounts, where either gives one.
    public func account(_ id: String) -> String {
        let name = snapshot.metadata.accountNames[id] ?? intent.accounts.first { $0.id == id }?.name
        return name.map { "\(id) (\($0))" } ?? id
    }

    /// `cross-account: route table rtb-1 in 111111111111 (finance), peer vpc-2 in 222222222222`:
    /// an evidence line naming each party's account, or nil when they all share one.
    public func crossAccount(_ parties: [(what: String, account: String)]) -> String? {
        guard Set(parties.map(\.account)).count > 1 else { return nil }
        return "cross-account: " + parties.map { "\($0.what) in \(account($0.account))" }.joined(separator: ", ")
    }

    /// `peering pcx-1 vpc-a ↔ vpc-b`, each side with its account when the two differ.
    public func peering(_ peering: PeeringConnection) -> String {
        let (a, b) = (peering.requester, peering.accepter)
        guard a.ownerId != b.ownerId else { return "peering \(peering.id) \(a.vpcId) ↔ \(b.vpcId)" }
        return "peering \(peering.id) \(a.vpcId) in \(account(a.ownerId)) ↔ \(b.vpcId) in \(account(b.ownerId))"
    }
}
