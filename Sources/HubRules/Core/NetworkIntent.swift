import HubModel

/// The topology the organisation intends, declared in the policy: its accounts, its hubs and the
/// spokes each must reach, the groups that must stay apart, and the outside accounts it trusts.
/// Intent rules check the snapshot against it; without a declaration they have nothing to check.
public struct NetworkIntent: Sendable {
    public struct Account: Sendable, Hashable {
        public var id: String
        public var name: String?
        public var environment: String?
        public init(id: String, name: String? = nil, environment: String? = nil) {
            self.id = id
            self.name = name
            self.environment = environment
        }
    }

    public struct Hub: Sendable {
        public var vpc: VpcSelector
        public var spokes: [VpcSelector]
        public init(vpc: VpcSelector, spokes: [VpcSelector]) {
            self.vpc = vpc
            self.spokes = spokes
        }
    }

    /// Two groups of VPCs that must never be connected to each other.
    public struct Isolation: Sendable {
        public var name: String
        public var sideA: [VpcSelector]
        public var sideB: [VpcSelector]
        public init(name: String, sideA: [VpcSelector], sideB: [VpcSelector]) {
            self.name = name
            self.sideA = sideA
            self.sideB = sideB
        }
    }

    /// The organisation's accounts; empty when the policy declares none.
    public var accounts: [Account]
    /// Accounts outside the organisation that may be peered with.
    public var trustedAccounts: [String]
    public var hubs: [Hub]
    public var isolation: [Isolation]
    /// Paths that must exist or must not (`reachability:`), checked by rule `reachability-intent`.
    public var reachability: [ReachabilityIntent]

    public init(accounts: [Account] = [], trustedAccounts: [String] = [], hubs: [Hub] = [], isolation: [Isolation] = [],
                reachability: [ReachabilityIntent] = []) {
        self.accounts = accounts
        self.trustedAccounts = trustedAccounts
        self.hubs = hubs
        self.isolation = isolation
        self.reachability = reachability
    }

    public var isEmpty: Bool { accounts.isEmpty && trustedAccounts.isEmpty && hubs.isEmpty && isolation.isEmpty && reachability.isEmpty }

    public func environment(of account: String) -> String? { accounts.first { $0.id == account }?.environment }
}

/// Picks VPCs by id, or by account, Name tag and environment (every given field must match).
public struct VpcSelector: Sendable, Hashable, CustomStringConvertible {
    public var vpcId: String?
    public var account: String?
    public var name: String?
    public var environment: String?

    public init(vpcId: String? = nil, account: String? = nil, name: String? = nil, environment: String? = nil) {
        self.vpcId = vpcId
        self.account = account
        self.name = name
        self.environment = environment
    }

    public func matches(_ vpc: Vpc, intent: NetworkIntent) -> Bool {
        if let vpcId, vpc.id != vpcId { return false }
        if let account, vpc.scope.account != account { return false }
        if let name, vpc.tags.name != name { return false }
        if let environment, intent.environment(of: vpc.scope.account) != environment { return false }
        return true
    }

    public func select(_ vpcs: [Vpc], intent: NetworkIntent) -> [Vpc] {
        vpcs.filter { matches($0, intent: intent) }
    }

    /// `vpc vpc-0abc`, `account 222222222222 name marketing`, `environment dev`
    public var description: String {
        [vpcId.map { "vpc \($0)" }, account.map { "account \($0)" }, name.map { "name \($0)" },
         environment.map { "environment \($0)" }].compactMap { $0 }.joined(separator: " ")
    }
}
