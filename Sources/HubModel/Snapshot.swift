/// What a snapshot says about itself: when it was taken, by what, and the accounts it names.
public struct SnapshotMetadata: Hashable, Sendable {
    public var path: String
    /// ISO 8601 time of collection, from the manifest; nil without one.
    public var takenAt: String?
    public var collector: String?
    /// Account id → display name.
    public var accountNames: [String: String]
    public var hasManifest: Bool
    /// Files in the store that are not a response hubaudit reads (listed in reports, never parsed).
    public var skippedFiles: [String]

    public init(path: String, takenAt: String? = nil, collector: String? = nil, accountNames: [String: String] = [:],
                hasManifest: Bool = false, skippedFiles: [String] = []) {
        self.skippedFiles = skippedFiles
        self.path = path
        self.takenAt = takenAt
        self.collector = collector
        self.accountNames = accountNames
        self.hasManifest = hasManifest
    }
}

/// Every resource of every account and region, plus what was collected and what was not.
/// Built once by the snapshot reader (or by tests), then only read: rules never modify it.
public struct Snapshot: Sendable {
    public var metadata: SnapshotMetadata
    public var scopes: [Scope]
    public var vpcs: [Vpc]
    public var subnets: [Subnet]
    public var routeTables: [RouteTable]
    public var peerings: [PeeringConnection]
    public var securityGroups: [SecurityGroup]
    public var flowLogs: [FlowLog]
    public var networkAcls: [NetworkAcl]
    public var endpoints: [VpcEndpoint]
    public var prefixLists: [PrefixList]
    public var interfaces: [NetworkInterface]
    public var instances: [Instance]
    public var transitGateways: [TransitGateway]
    public var transitGatewayAttachments: [TransitGatewayAttachment]
    public var transitGatewayRouteTables: [TransitGatewayRouteTable]
    /// Each VPC's DescribeStaleSecurityGroups call, where one was attempted (a cross-check).
    public var staleGroupReports: [StaleGroupReport]
    public var coverage: Coverage
    public var problems: [InputProblem]
    /// Whether every resource is here, or only part (a scan that reads scopes in batches).
    public var part = SnapshotPart.whole

    // Lookups the rules share, built once.
    public let vpcsById: [String: Vpc]
    /// Subnet id → its place in `subnets` (`subnet(id:)`): an index, not a second copy of every subnet.
    private let subnetIndexById: [String: Int]
    public let subnetsByVpc: [String: [Subnet]]
    public let routeTablesByVpc: [String: [RouteTable]]
    public let peeringsById: [String: PeeringConnection]
    public let peeringsByVpc: [String: [PeeringConnection]]
    public let transitGatewaysById: [String: TransitGateway]
    public let transitGatewayAttachmentsById: [String: TransitGatewayAttachment]
    /// VPC id → its attachments (a VPC can be attached to several gateways, one attachment each).
    public let transitGatewayAttachmentsByVpc: [String: [TransitGatewayAttachment]]
    public let transitGatewayRouteTablesById: [String: TransitGatewayRouteTable]
    private let staleGroupReportsByVpc: [StaleGroupReportKey: StaleGroupReport]
    /// Gateway id → its route tables, in snapshot order (`routeTables(ofTransitGateway:)`).
    let transitGatewayRouteTablesByGateway: [String: [TransitGatewayRouteTable]]
    /// Gateway id → which of its tables each attachment is associated with (`associatedRouteTable(of:)`).
    let transitGatewayAssociations: [String: TransitGatewayAssociationIndex]
    /// The accounts the snapshot holds: a gateway owned elsewhere is outside it.
    public let accounts: Set<String>
    /// The account/region scopes the snapshot holds: a gateway of a held account in another
    /// region (a cross-region peer) is outside it too.
    public let scopeSet: Set<Scope>
    /// Prefix lists are per account and region (AWS-managed ids repeat across regions).
    private let prefixListsByKey: [PrefixListKey: PrefixList]
    private let groupsInUse: Set<String>

    public init(metadata: SnapshotMetadata, scopes: [Scope]? = nil, vpcs: [Vpc] = [], subnets: [Subnet] = [],
                routeTables: [RouteTable] = [], peerings: [PeeringConnection] = [],
                securityGroups: [SecurityGroup] = [], flowLogs: [FlowLog] = [], networkAcls: [NetworkAcl] = [],
                endpoints: [VpcEndpoint] = [], prefixLists: [PrefixList] = [], interfaces: [NetworkInterface] = [],
                instances: [Instance] = [], transitGateways: [TransitGateway] = [],
                transitGatewayAttachments: [TransitGatewayAttachment] = [],
                transitGatewayRouteTables: [TransitGatewayRouteTable] = [],
                staleGroupReports: [StaleGroupReport] = [],
                coverage: Coverage? = nil, problems: [InputProblem] = []) {
        let allScopes = scopes ?? Array(Set(vpcs.map(\.scope))).sorted()
        self.metadata = metadata
        self.scopes = allScopes
        self.vpcs = vpcs
        self.subnets = subnets
        self.routeTables = routeTables
        self.peerings = peerings
        self.securityGroups = securityGroups
        self.flowLogs = flowLogs
        self.networkAcls = networkAcls
        self.endpoints = endpoints
        self.prefixLists = prefixLists
        self.interfaces = interfaces
        self.instances = instances
        self.transitGateways = transitGateways
        self.transitGatewayAttachments = transitGatewayAttachments
        self.transitGatewayRouteTables = transitGatewayRouteTables
        self.staleGroupReports = staleGroupReports
        self.coverage = coverage ?? .complete(allScopes)
        self.problems = problems

        vpcsById = Dictionary(vpcs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        subnetIndexById = Dictionary(subnets.indices.map { (subnets[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
        subnetsByVpc = Dictionary(grouping: subnets, by: \.vpcId)
        routeTablesByVpc = Dictionary(grouping: routeTables, by: \.vpcId)
        peeringsById = Dictionary(peerings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var byVpc: [String: [PeeringConnection]] = [:]
        for peering in peerings {
            byVpc[peering.requester.vpcId, default: []].append(peering)
            if peering.accepter.vpcId != peering.requester.vpcId {
                byVpc[peering.accepter.vpcId, default: []].append(peering)
            }
        }
        peeringsByVpc = byVpc
        prefixListsByKey = Dictionary(prefixLists.map { (PrefixListKey(scope: $0.scope, id: $0.id), $0) },
                                      uniquingKeysWith: { first, _ in first })
        transitGatewaysById = Dictionary(transitGateways.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        transitGatewayAttachmentsById = Dictionary(transitGatewayAttachments.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        transitGatewayAttachmentsByVpc = Dictionary(grouping: transitGatewayAttachments.filter { $0.kind == .vpc }, by: \.resourceId)
        staleGroupReportsByVpc = Dictionary(staleGroupReports.map { (StaleGroupReportKey(scope: $0.scope, vpcId: $0.vpcId), $0) },
                                            uniquingKeysWith: { first, _ in first })
        transitGatewayRouteTablesById = Dictionary(transitGatewayRouteTables.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        transitGatewayRouteTablesByGateway = Dictionary(grouping: transitGatewayRouteTables, by: \.transitGatewayId)
        transitGatewayAssociations = transitGatewayRouteTablesByGateway.mapValues(TransitGatewayAssociationIndex.init)
        accounts = Set(allScopes.map(\.account))
        scopeSet = Set(allScopes)
        groupsInUse = Self.groupsInUse(interfaces, instances)
    }

    /// These shared facts with one batch's `ScopeResources` and the coverage as it stands (or, at the
    /// end of a read, with what is kept of every scope's, the final coverage and problems): the
    /// lookups of the shared facts are reused (rebuilding them per batch would cost the whole
    /// organisation's VPCs, subnets and route tables every time), those of the resources built anew.
    public func with(_ resources: ScopeResources, coverage: Coverage, problems: [InputProblem]? = nil, part: SnapshotPart = .batch) -> Snapshot {
        Snapshot(sharing: self, resources, coverage: coverage, problems: problems ?? self.problems, part: part)
    }

    private init(sharing base: Snapshot, _ resources: ScopeResources, coverage: Coverage, problems: [InputProblem], part: SnapshotPart) {
        metadata = base.metadata
        scopes = base.scopes
        vpcs = base.vpcs
        subnets = base.subnets
        routeTables = base.routeTables
        peerings = base.peerings
        securityGroups = resources.securityGroups
        flowLogs = resources.flowLogs
        networkAcls = resources.networkAcls
        endpoints = base.endpoints
        prefixLists = base.prefixLists
        interfaces = resources.interfaces
        instances = resources.instances
        transitGateways = base.transitGateways
        transitGatewayAttachments = base.transitGatewayAttachments
        transitGatewayRouteTables = base.transitGatewayRouteTables
        staleGroupReports = base.staleGroupReports
        self.coverage = coverage
        self.problems = problems
        self.part = part
        vpcsById = base.vpcsById
        subnetIndexById = base.subnetIndexById
        subnetsByVpc = base.subnetsByVpc
        routeTablesByVpc = base.routeTablesByVpc
        peeringsById = base.peeringsById
        peeringsByVpc = base.peeringsByVpc
        transitGatewaysById = base.transitGatewaysById
        transitGatewayAttachmentsById = base.transitGatewayAttachmentsById
        transitGatewayAttachmentsByVpc = base.transitGatewayAttachmentsByVpc
        transitGatewayRouteTablesById = base.transitGatewayRouteTablesById
        staleGroupReportsByVpc = base.staleGroupReportsByVpc
        transitGatewayRouteTablesByGateway = base.transitGatewayRouteTablesByGateway
        transitGatewayAssociations = base.transitGatewayAssociations
        accounts = base.accounts
        scopeSet = base.scopeSet
        prefixListsByKey = base.prefixListsByKey
        groupsInUse = Self.groupsInUse(resources.interfaces, resources.instances)
    }

    private static func groupsInUse(_ interfaces: [NetworkInterface], _ instances: [Instance]) -> Set<String> {
        Set(interfaces.flatMap(\.groupIds) + instances.filter { $0.state != "terminated" }.flatMap(\.groupIds))
    }

    /// The subnet with this id (the first listed, if a listing repeated it).
    public func subnet(id: String) -> Subnet? {
        subnetIndexById[id].map { subnets[$0] }
    }

    /// The route table a subnet uses: its explicit association, else its VPC's main table.
    public func routeTable(forSubnet subnet: Subnet) -> RouteTable? {
        let tables = routeTablesByVpc[subnet.vpcId] ?? []
        return tables.first { $0.subnetIds.contains(subnet.id) } ?? tables.first(where: \.isMain)
    }

    /// The subnets that use a table: those associated with it, plus, for the main table, every
    /// subnet of the VPC that has no explicit association.
    public func subnets(using table: RouteTable) -> [Subnet] {
        let vpcSubnets = subnetsByVpc[table.vpcId] ?? []
        let tables = routeTablesByVpc[table.vpcId] ?? []
        return vpcSubnets.filter { subnet in
            if table.subnetIds.contains(subnet.id) { return true }
            return table.isMain && !tables.contains { $0.subnetIds.contains(subnet.id) }
        }
    }

    public func prefixList(_ id: String, in scope: Scope) -> PrefixList? {
        prefixListsByKey[PrefixListKey(scope: scope, id: id)]
    }

    /// The DescribeStaleSecurityGroups call of a VPC in the account and region that made it; nil
    /// when none was attempted.
    public func staleGroupReport(vpcId: String, in scope: Scope) -> StaleGroupReport? {
        staleGroupReportsByVpc[StaleGroupReportKey(scope: scope, vpcId: vpcId)]
    }

    /// Whether any network interface or live instance uses the group.
    public func isInUse(groupId: String) -> Bool { groupsInUse.contains(groupId) }

    /// The peerings of a VPC that are active or on their way (pending acceptance).
    public func livePeerings(of vpcId: String) -> [PeeringConnection] {
        (peeringsByVpc[vpcId] ?? []).filter(\.isLive)
    }
}

/// A prefix list's key: no string is built per lookup (the rules look lists up per permission and route).
private struct PrefixListKey: Hashable, Sendable {
    var scope: Scope
    var id: String
}

private struct StaleGroupReportKey: Hashable, Sendable {
    var scope: Scope
    var vpcId: String
}
