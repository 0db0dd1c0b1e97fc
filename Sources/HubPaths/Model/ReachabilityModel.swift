import HubModel

/// Everything the engine looks up, built once per snapshot: the subnet → route table (prefix lists
/// expanded) and subnet → network ACL maps, the groups, the interfaces as endpoint members, and the
/// subnets whose addresses some CIDR splits. Immutable after `init`: queries may run side by side.
public struct ReachabilityModel: Sendable {
    public let snapshot: Snapshot
    public let subnetsById: [String: Subnet]
    public let groupsById: [String: SecurityGroup]
    public let interfacesById: [String: NetworkInterface]
    public let instancesById: [String: Instance]
    /// Every private address of every interface, as endpoint members, sorted.
    public let members: [EndpointMember]
    let tablesBySubnet: [String: ExpandedTable]
    let aclsBySubnet: [String: CompiledAcl]
    /// Group id → the members whose interface carries it (what a group reference matches).
    let membersByGroup: [String: [EndpointMember]]
    let membersBySubnet: [String: [EndpointMember]]
    /// Subnets where a more specific CIDR (route, ACL entry, rule source, prefix-list entry) lies
    /// inside a subnet block: their addresses are classed one by one.
    let splitSubnets: Set<String>
    /// The scopes where some call was not collected: everywhere else every hop's input is there.
    let scopesWithGaps: Set<Scope>
    /// Each transit-gateway route table as the gateway routes with it (prefix lists expanded,
    /// propagated routes computed), by table id: built once, as a VPC table's index is.
    let transitGatewayRoutings: [String: TransitGatewayRouting]

    struct ExpandedTable: Sendable {
        let table: RouteTable
        let unknown: [PrefixListGap]
        let index: RouteTableIndex
    }

    /// One rule with its traffic worked out once (protocol names parsed, ports read). A class: the
    /// hot loop walks references, not copies of a permission's arrays.
    final class CompiledRule: Sendable {
        let traffic: TrafficSet?
        let permission: Permission
        /// The source (or destination) blocks alone: matched without copying their texts.
        let v4: [CIDR]
        let v6: [CIDR]
        let hasReferences: Bool
        init(_ permission: Permission) {
            self.permission = permission
            traffic = TrafficSet.permission(protocol: permission.ipProtocol, from: permission.fromPort, to: permission.toPort)
            v4 = permission.ipv4Ranges.cidrs
            v6 = permission.ipv6Ranges.cidrs
            hasReferences = !permission.prefixListIds.isEmpty || !permission.groups.isEmpty
        }
    }

    final class CompiledGroup: Sendable {
        let group: SecurityGroup
        let ingress: [CompiledRule]
        let egress: [CompiledRule]

        init(_ group: SecurityGroup) {
            self.group = group
            ingress = group.ingress.map(CompiledRule.init)
            egress = group.egress.map(CompiledRule.init)
        }
    }
    let compiledGroups: [String: CompiledGroup]

    /// A network ACL's entries per direction, in rule-number order, each with its traffic.
    final class CompiledAcl: Sendable {
        let acl: NetworkAcl
        let outbound: [(entry: NetworkAcl.Entry, traffic: TrafficSet?)]
        let inbound: [(entry: NetworkAcl.Entry, traffic: TrafficSet?)]
        /// Per direction: every entry matches any address (0.0.0.0/0, ::/0), so the verdict does not
        /// depend on the peer — the common default ACL, judged once per query instead of once per pair.
        let outboundIsUniform: Bool
        let inboundIsUniform: Bool

        init(_ acl: NetworkAcl) {
            self.acl = acl
            func compile(_ egress: Bool) -> [(entry: NetworkAcl.Entry, traffic: TrafficSet?)] {
                acl.entries.filter { $0.egress == egress }.sorted { $0.ruleNumber < $1.ruleNumber }.map { entry in
                    let icmp = entry.ipProtocol == "1" || entry.ipProtocol == "58"
                    return (entry, TrafficSet.permission(protocol: entry.ipProtocol, from: icmp ? entry.icmpType : entry.portRange?.lowerBound,
                                                         to: icmp ? entry.icmpCode : entry.portRange?.upperBound))
                }
            }
            outbound = compile(true)
            inbound = compile(false)
            outboundIsUniform = outbound.allSatisfy { $0.entry.cidr?.isAny == true }
            inboundIsUniform = inbound.allSatisfy { $0.entry.cidr?.isAny == true }
        }
    }

    public init(_ snapshot: Snapshot) {
        self.snapshot = snapshot
        subnetsById = Dictionary(snapshot.subnets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        groupsById = Dictionary(snapshot.securityGroups.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        compiledGroups = groupsById.mapValues(CompiledGroup.init)
        interfacesById = Dictionary(snapshot.interfaces.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        instancesById = Dictionary(snapshot.instances.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        var expanded: [String: ExpandedTable] = [:]
        var tables: [String: ExpandedTable] = [:]
        for subnet in snapshot.subnets {
            guard let table = snapshot.routeTable(forSubnet: subnet) else { continue }
            let key = "\(table.scope)/\(table.id)"
            if expanded[key] == nil {
                let (full, unknown) = table.expandingPrefixLists(in: snapshot)
                expanded[key] = ExpandedTable(table: full, unknown: unknown, index: RouteTableIndex(full))
            }
            tables[subnet.id] = expanded[key]
        }
        tablesBySubnet = tables

        var acls: [String: CompiledAcl] = [:]
        for acl in snapshot.networkAcls {
            let compiled = CompiledAcl(acl)
            for subnetId in acl.subnetIds where acls[subnetId] == nil { acls[subnetId] = compiled }
        }
        aclsBySubnet = acls

        var members: [EndpointMember] = []
        let instanceNames = Dictionary(snapshot.instances.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for interface in snapshot.interfaces {
            let instance = interface.instanceId.flatMap { instanceNames[$0] }
            for address in interface.addresses {
                let host = address.family == .v4 ? String(address.description.dropLast(3)) : String(address.description.dropLast(4))
                let owner = instance.map { "\($0.label) " } ?? ""
                members.append(EndpointMember(scope: interface.scope, vpcId: interface.vpcId, subnetId: interface.subnetId,
                                              interfaceId: interface.id, instanceId: interface.instanceId, address: address,
                                              groupIds: interface.groupIds.sorted(), label: "\(owner)\(interface.id) \(host)"))
            }
        }
        self.members = members.sorted()
        var byGroup: [String: [EndpointMember]] = [:]
        for member in self.members {
            for group in member.groupIds ?? [] { byGroup[group, default: []].append(member) }
        }
        membersByGroup = byGroup
        membersBySubnet = Dictionary(grouping: self.members, by: \.subnetId)
        var routings: [String: TransitGatewayRouting] = [:]
        for table in snapshot.transitGatewayRouteTables where routings[table.id] == nil {
            routings[table.id] = TransitGatewayRouting(table, in: snapshot)
        }
        transitGatewayRoutings = routings
        splitSubnets = ReachabilityModel.splitSubnets(snapshot, tables: Array(expanded.values),
                                                      transitGatewayRoutes: routings.values.flatMap(\.routes))
        // A scope the coverage does not list has every call missing: it counts as a scope with gaps.
        let complete = Set(snapshot.coverage.scopes.filter { scope in Action.allCases.allSatisfy { snapshot.coverage.status(scope, $0).isCollected } })
        scopesWithGaps = Set(snapshot.scopes + snapshot.coverage.scopes + snapshot.vpcs.map(\.scope)).subtracting(complete)
    }

    /// The subnets some CIDR of the model cuts into parts (a /32 rule source inside a /24 subnet, a
    /// transit-gateway route for part of a subnet).
    private static func splitSubnets(_ snapshot: Snapshot, tables: [ExpandedTable],
                                     transitGatewayRoutes: [TransitGatewayRoute]) -> Set<String> {
        var cidrs = Set<CIDR>()
        for acl in snapshot.networkAcls { for entry in acl.entries { if let cidr = entry.cidr { cidrs.insert(cidr) } } }
        for group in snapshot.securityGroups {
            for cidr in group.rules.rangeBlocks { cidrs.insert(cidr) }
        }
        for list in snapshot.prefixLists { for entry in list.entries ?? [] { cidrs.insert(entry) } }
        for table in tables { for route in table.table.routes { if let cidr = route.cidr { cidrs.insert(cidr) } } }
        for route in transitGatewayRoutes { if let cidr = route.cidr { cidrs.insert(cidr) } }
        let sorted = cidrs.sorted()
        var split = Set<String>()
        for subnet in snapshot.subnets {
            for block in subnet.blocks where isSplit(block, sorted) { split.insert(subnet.id) }
        }
        return split
    }

    /// Whether a CIDR strictly more specific than `block` lies inside it (binary search over the
    /// sorted CIDRs: those inside the block are contiguous from its network address on).
    private static func isSplit(_ block: CIDR, _ sorted: [CIDR]) -> Bool {
        var low = 0, high = sorted.count
        let start = CIDR(family: block.family, network: block.network, prefixLength: 0)
        while low < high {
            let mid = (low + high) / 2
            if (sorted[mid].family, sorted[mid].network) < (start.family, start.network) { low = mid + 1 } else { high = mid }
        }
        var index = low
        while index < sorted.count, sorted[index].family == block.family, sorted[index].network <= block.last {
            if sorted[index].prefixLength > block.prefixLength { return true }
            index += 1
        }
        return false
    }

    /// The members as classes the engine evaluates once each.
    public func classes(of members: [EndpointMember]) -> [EndpointClass] {
        EndpointClass.classes(of: members, splitting: splitSubnets)
    }

    /// The status of a call for a scope, when it is not collected; nil when it is.
    func gap(_ scope: Scope, _ action: Action) -> CollectionStatus? {
        guard scopesWithGaps.contains(scope) else { return nil }
        let status = snapshot.coverage.status(scope, action)
        return status.isCollected ? nil : status
    }

    public func vpc(_ id: String) -> Vpc? { snapshot.vpcsById[id] }
}
