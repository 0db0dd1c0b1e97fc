/// One VPC's DescribeStaleSecurityGroups call, a cross-check (`Action.isCrossCheck`): its status,
/// and when it was collected, the groups EC2 reports with stale rules. EC2 calls a rule stale when
/// it references a group across a peering (or transit gateway) that is gone, or a deleted group.
public struct StaleGroupReport: Hashable, Sendable {
    public var scope: Scope
    public var vpcId: String
    public var status: CollectionStatus
    /// Nil unless `status` is collected: an empty list is EC2 saying "none stale".
    public var groups: [StaleSecurityGroup]?

    public init(scope: Scope, vpcId: String, status: CollectionStatus, groups: [StaleSecurityGroup]?) {
        self.scope = scope
        self.vpcId = vpcId
        self.status = status
        self.groups = status.isCollected ? groups : nil
    }
}

extension Snapshot {
    /// The groups EC2's stale-group reports name: a batch keeps every reference of theirs
    /// (`ScopeResources.sharedPart(reportedStale:)`).
    public var groupIdsReportedStale: Set<String> {
        Set(staleGroupReports.flatMap { $0.groups ?? [] }.map(\.groupId))
    }
}

/// `<staleSecurityGroupSet><item>`: a group of the VPC and its stale rules, each holding only the
/// stale references (EC2 leaves out the rule's address ranges and prefix lists).
public struct StaleSecurityGroup: Hashable, Sendable {
    public var groupId: String
    public var groupName: String
    public var vpcId: String
    public var ingress: [StalePermission]
    public var egress: [StalePermission]

    public init(groupId: String, groupName: String = "", vpcId: String, ingress: [StalePermission] = [],
                egress: [StalePermission] = []) {
        self.groupId = groupId
        self.groupName = groupName
        self.vpcId = vpcId
        self.ingress = ingress
        self.egress = egress
    }
}

/// `<staleIpPermissions><item>` (or `…Egress`): a protocol and ports with the stale references.
public struct StalePermission: Hashable, Sendable {
    public var ipProtocol: String
    public var fromPort: Int?
    public var toPort: Int?
    public var groups: [StaleGroupReference]
    /// Documented as not applicable to stale rules; read (and checked) when present.
    public var prefixListIds: [String]
    public var ipRanges: [CIDR]

    public init(ipProtocol: String, fromPort: Int? = nil, toPort: Int? = nil, groups: [StaleGroupReference],
                prefixListIds: [String] = [], ipRanges: [CIDR] = []) {
        self.ipProtocol = ipProtocol
        self.fromPort = fromPort
        self.toPort = toPort
        self.groups = groups
        self.prefixListIds = prefixListIds
        self.ipRanges = ipRanges
    }

    /// The rule as a `Permission` naming only `reference`: what a revoke command takes.
    public func permission(referencing reference: StaleGroupReference) -> Permission {
        Permission(ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort, groups: [reference.groupReference])
    }
}

/// `<groups><item>` of a stale rule: the referenced group, with the peering EC2 names and its status.
public struct StaleGroupReference: Hashable, Sendable {
    public var groupId: String
    public var userId: String?
    public var vpcId: String?
    public var peeringId: String?
    /// The peering's status as EC2 reports it (`deleted`, `active` when the group itself is gone).
    public var peeringStatus: String?

    public init(groupId: String, userId: String? = nil, vpcId: String? = nil, peeringId: String? = nil,
                peeringStatus: String? = nil) {
        self.groupId = groupId
        self.userId = userId
        self.vpcId = vpcId
        self.peeringId = peeringId
        self.peeringStatus = peeringStatus
    }

    public var groupReference: GroupReference {
        GroupReference(groupId: groupId, userId: userId, vpcId: vpcId, peeringId: peeringId)
    }
}
