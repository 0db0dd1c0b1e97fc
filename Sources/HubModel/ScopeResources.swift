/// What one account and region holds that only rules about that account and region read: its
/// security groups with their rules, network ACLs, network interfaces, instances and flow logs —
/// most of a large organisation's snapshot (at 1,000 accounts, 43 of the 93 MB a decoded snapshot
/// allocates are security groups alone). Everything else (VPCs, subnets, route tables, peerings,
/// endpoints, prefix lists, transit gateways, each VPC's attributes and stale-group reports) is the
/// organisation's shared facts, which rules read across accounts.
///
/// A scan whose rules allow it reads these in batches of scopes, runs the scope rules on each batch
/// beside the shared facts, and keeps only `sharedPart` of them (`SnapshotReader.read(_:visitingScopes:)`).
public struct ScopeResources: Sendable {
    public var securityGroups: [SecurityGroup] = []
    public var networkAcls: [NetworkAcl] = []
    public var interfaces: [NetworkInterface] = []
    public var instances: [Instance] = []
    public var flowLogs: [FlowLog] = []

    public init(securityGroups: [SecurityGroup] = [], networkAcls: [NetworkAcl] = [], interfaces: [NetworkInterface] = [],
                instances: [Instance] = [], flowLogs: [FlowLog] = []) {
        self.securityGroups = securityGroups
        self.networkAcls = networkAcls
        self.interfaces = interfaces
        self.instances = instances
        self.flowLogs = flowLogs
    }

    /// The calls whose responses these are.
    public static let actions: Set<Action> = [
        .describeSecurityGroups, .describeNetworkAcls, .describeNetworkInterfaces, .describeInstances, .describeFlowLogs,
    ]

    /// What the rules about the whole organisation read of them (`SnapshotNeed.sharedFacts`): every
    /// group's identity (id, name, VPC, owner, scope; not its tags), and of its permissions that
    /// reference another group the protocol, the ports and those references (a stale reference across
    /// a peering, a peering kept in use by a reference; a finding's key names the protocol and
    /// ports, its evidence and fix the one reference). Their address ranges and prefix lists, and
    /// everything else, go once the scope rules have run.
    public var sharedPart: ScopeResources {
        // A reference most often names a group of the same batch, and the groups of a VPC its id:
        // one string each, not one per mention (ids are longer than Swift keeps inline).
        var ids = Set<String>()
        for group in securityGroups {
            ids.insert(group.id)
            ids.insert(group.vpcId)
        }
        func interned(_ text: String) -> String { ids.firstIndex(of: text).map { ids[$0] } ?? text }
        // Most groups keep no permission: one empty store serves them all (a store per group would
        // cost more than the identity it sits beside).
        let none = SecurityGroupRules(ingress: [Permission](), egress: [Permission]())
        return ScopeResources(securityGroups: securityGroups.map { group in
            var identity = group
            identity.vpcId = interned(group.vpcId)
            identity.tags = Tags()
            var builder = SecurityGroupRules.Builder()
            var keepsAny = false
            for (permissions, isIngress) in [(group.ingress, true), (group.egress, false)] {
                for permission in permissions where !permission.groups.isEmpty {
                    builder.startPermission(ipProtocol: permission.ipProtocol, fromPort: permission.fromPort, toPort: permission.toPort)
                    for reference in permission.groups {
                        var kept = reference
                        kept.groupId = interned(reference.groupId)
                        builder.appendGroup(kept)
                    }
                    keepsAny = true
                }
                if isIngress { builder.endIngress() }
            }
            identity.rules = keepsAny ? builder.build() : none
            return identity
        })
    }

    public mutating func append(_ other: ScopeResources) {
        securityGroups += other.securityGroups
        networkAcls += other.networkAcls
        interfaces += other.interfaces
        instances += other.instances
        flowLogs += other.flowLogs
    }
}

/// How much of the organisation a snapshot value holds.
public enum SnapshotPart: Sendable, Hashable {
    /// Every resource of every scope.
    case whole
    /// The shared facts of every scope, and of `ScopeResources` only their `sharedPart`: what
    /// remains once the scope rules have run on each batch of scopes.
    case sharedFacts
    /// The shared facts of every scope and nothing else, before any scope's own resources are read:
    /// the coverage of those resources is not settled yet either.
    case factsAlone
    /// The shared facts of every scope, and the `ScopeResources` of some scopes only (a batch).
    case batch
}
