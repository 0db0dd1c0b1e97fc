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
    /// group's identity (id, name, VPC, owner, scope; not its tags), and of its permissions the
    /// references to other groups that could be stale or cross a peering — a stale reference, a
    /// peering kept in use by a reference — with the permission's protocol and ports (a finding's
    /// key names them, its evidence and fix the one reference). Everything else goes once the scope
    /// rules have run.
    ///
    /// A reference to a group of these resources in the referencing group's own VPC, naming no
    /// peering, is neither; it goes too, unless EC2's stale-group report names the referencing group
    /// (`reportedStale`: then the rule says why the snapshot disagrees, and needs the reference).
    public func sharedPart(reportedStale: Set<String> = []) -> ScopeResources {
        // Interned: a reference most often names a group of the same batch, and the groups of a VPC
        // its id — one string each, not one per mention.
        let ids = IdentifierTable()
        var vpcByGroup: [String: String] = [:]
        for group in securityGroups {
            _ = ids.intern(group.id)
            vpcByGroup[group.id] = vpcByGroup[group.id] ?? ids.intern(group.vpcId)
        }
        // Most groups keep no permission: one empty store serves them all (a store per group would
        // cost more than the identity it sits beside).
        let none = SecurityGroupRules(ingress: [Permission](), egress: [Permission]())
        return ScopeResources(securityGroups: securityGroups.map { group in
            var identity = group
            identity.vpcId = ids.intern(group.vpcId)
            identity.tags = Tags()
            let keepsAll = reportedStale.contains(group.id) || group.vpcId.isEmpty
            func tellsNothing(_ reference: GroupReference) -> Bool {
                !keepsAll && reference.peeringId == nil && vpcByGroup[reference.groupId] == group.vpcId
            }
            var builder = SecurityGroupRules.Builder()
            var keepsAny = false
            for (permissions, isIngress) in [(group.ingress, true), (group.egress, false)] {
                for permission in permissions where permission.groups.contains(where: { !tellsNothing($0) }) {
                    builder.startPermission(ipProtocol: permission.ipProtocol, fromPort: permission.fromPort, toPort: permission.toPort)
                    for reference in permission.groups where !tellsNothing(reference) {
                        var kept = reference
                        kept.groupId = ids.intern(reference.groupId)
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
