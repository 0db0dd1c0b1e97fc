import HubModel

/// Builds the small snapshots of rule examples and tests in a few readable lines:
///
///     var b = ExampleSnapshot()
///     b.vpc("vpc-hub", "10.0.0.0/16")
///     b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
///     b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "pcx-1"])
///
/// Resources take their account and region from their VPC; every route table gets the VPC's
/// local routes, as in AWS.
public struct ExampleSnapshot: Sendable {
    public static let hubAccount = "111111111111"
    public static let region = "us-east-1"

    private var vpcs: [Vpc] = []
    private var subnets: [Subnet] = []
    private var tables: [RouteTable] = []
    private var peerings: [PeeringConnection] = []
    private var groups: [SecurityGroup] = []
    private var flowLogs: [FlowLog] = []
    private var prefixLists: [PrefixList] = []
    private var interfaces: [NetworkInterface] = []
    private var networkAcls: [NetworkAcl] = []
    private var instances: [Instance] = []
    private var endpoints: [VpcEndpoint] = []
    private var coverage: [(Scope, Action, CollectionStatus)] = []
    private var gateways: [TransitGateway] = []
    private var attachments: [TransitGatewayAttachment] = []
    private var gatewayTables: [GatewayTable] = []
    private var staleGroupReports: [StaleGroupReport] = []

    /// A transit-gateway route table as declared; its links are resolved in `build()`, when every
    /// attachment is known.
    private struct GatewayTable {
        var table: TransitGatewayRouteTable
        var associations: [String]?
        var propagations: [String]?
    }

    public init() {}

    private func scope(ofVpc id: String) -> Scope {
        vpcs.first { $0.id == id }?.scope ?? Scope(account: ExampleSnapshot.hubAccount, region: ExampleSnapshot.region)
    }

    private static func cidr(_ text: String) -> CIDR {
        guard let cidr = CIDR(text) else { preconditionFailure("bad CIDR in example: \(text)") }
        return cidr
    }

    /// A VPC; its DNS attributes collected as given (nil: the attribute's call missing).
    public mutating func vpc(_ id: String, _ blocks: String..., account: String = hubAccount, region: String = region,
                             isDefault: Bool = false, name: String? = nil, dnsSupport: Bool? = true, dnsHostnames: Bool? = true) {
        let cidrs = blocks.map(ExampleSnapshot.cidr)
        var vpc = Vpc(scope: Scope(account: account, region: region), id: id, ipv4: cidrs.filter { $0.family == .v4 },
                      ipv6: cidrs.filter { $0.family == .v6 }, isDefault: isDefault,
                      tags: Tags(name.map { ["Name": $0] } ?? [:]))
        vpc.dnsSupport = dnsSupport.map(VpcAttributeReading.collected) ?? VpcAttributeReading()
        vpc.dnsHostnames = dnsHostnames.map(VpcAttributeReading.collected) ?? VpcAttributeReading()
        vpcs.append(vpc)
    }

    /// A subnet; `az` its Availability Zone (`us-east-1a`), empty when the example does not care.
    public mutating func subnet(_ id: String, vpc: String, _ blocks: String..., az: String = "", name: String? = nil) {
        let cidrs = blocks.map(ExampleSnapshot.cidr)
        subnets.append(Subnet(scope: scope(ofVpc: vpc), id: id, vpcId: vpc, ipv4: cidrs.first { $0.family == .v4 },
                              ipv6: cidrs.filter { $0.family == .v6 }, availabilityZone: az,
                              tags: Tags(name.map { ["Name": $0] } ?? [:])))
    }

    /// `routes` maps a destination CIDR to a target id (`pcx-…`, `igw-…`, `tgw-…`).
    /// `prefixListRoutes` maps a prefix-list id to a target, as gateway endpoints and shared lists do.
    public mutating func routeTable(_ id: String, vpc: String, main: Bool = false, subnets: [String] = [],
                                    routes: KeyValuePairs<String, String> = [:], states: [String: String] = [:],
                                    prefixListRoutes: [String: String] = [:]) {
        let local = (vpcs.first { $0.id == vpc }?.blocks ?? []).map {
            Route(destination: .cidr($0), targetKind: .local, targetId: "local", origin: "CreateRouteTable")
        }
        let explicit = routes.map { destination, target in
            let kind: Route.TargetKind = target.hasPrefix("pcx-") ? .peering : target.hasPrefix("tgw-") ? .transitGateway
                : target.hasPrefix("nat-") ? .natGateway : .internetGateway
            return Route(destination: .cidr(ExampleSnapshot.cidr(destination)), targetKind: kind, targetId: target,
                         state: states[destination] ?? "active")
        }
        let lists = prefixListRoutes.sorted { $0.key < $1.key }.map { list, target in
            Route(destination: .prefixList(list), targetKind: target.hasPrefix("pcx-") ? .peering : .vpcEndpoint, targetId: target)
        }
        tables.append(RouteTable(scope: scope(ofVpc: vpc), id: id, vpcId: vpc, isMain: main, subnetIds: subnets,
                                 routes: local + explicit + lists))
    }

    /// A peering between two VPCs of the example; an unknown VPC id makes an external peer in
    /// account `peerAccount` with the given blocks.
    /// `requesterDns` / `accepterDns`: each side's AllowDnsResolutionFromRemoteVpc (nil: not reported).
    public mutating func peering(_ id: String, _ requester: String, _ accepter: String, status: String = "active",
                                 peerAccount: String = "999999999999", peerBlocks: [String] = [],
                                 requesterDns: Bool? = nil, accepterDns: Bool? = nil) {
        func side(_ vpcId: String) -> PeeringConnection.Side {
            if let vpc = vpcs.first(where: { $0.id == vpcId }) {
                return .init(ownerId: vpc.ownerId, vpcId: vpc.id, region: vpc.scope.region, blocks: vpc.blocks)
            }
            return .init(ownerId: peerAccount, vpcId: vpcId, region: ExampleSnapshot.region,
                         blocks: peerBlocks.map(ExampleSnapshot.cidr))
        }
        var sides = (side(requester), side(accepter))
        sides.0.allowsDnsResolutionFromRemoteVpc = requesterDns
        sides.1.allowsDnsResolutionFromRemoteVpc = accepterDns
        let reporters = [sides.0, sides.1].map(\.scope).filter { scope in vpcs.contains { $0.scope == scope } }
        peerings.append(PeeringConnection(id: id, statusCode: status, requester: sides.0, accepter: sides.1,
                                          reportedBy: Array(Set(reporters)).sorted()))
    }

    public mutating func securityGroup(_ id: String, vpc: String, name: String? = nil, ingress: [Permission],
                                       egress: [Permission] = [], inUse: Bool = true) {
        let scope = scope(ofVpc: vpc)
        groups.append(SecurityGroup(scope: scope, id: id, name: name ?? id, vpcId: vpc, ingress: ingress, egress: egress))
        if inUse {
            interfaces.append(NetworkInterface(scope: scope, id: "eni-\(id.dropFirst(3))", vpcId: vpc,
                                               subnetId: subnets.first { $0.vpcId == vpc }?.id ?? "", groupIds: [id]))
        }
    }

    /// An ENI in the VPC (marks the VPC as in use), optionally with groups.
    public mutating func networkInterface(_ id: String, vpc: String, groups: [String] = []) {
        interfaces.append(NetworkInterface(scope: scope(ofVpc: vpc), id: id, vpcId: vpc,
                                           subnetId: subnets.first { $0.vpcId == vpc }?.id ?? "", groupIds: groups))
    }

    /// An interface with private addresses (`10.0.1.5`, `2001:db8::5`) in a subnet, optionally
    /// attached to an instance of the example (`instance(…)` lists it then).
    public mutating func interface(_ id: String, subnet: String, addresses: [String], groups: [String],
                                   instance: String? = nil, name: String? = nil) {
        guard let home = subnets.first(where: { $0.id == subnet }) else { preconditionFailure("unknown subnet in example: \(subnet)") }
        let blocks = addresses.map { ExampleSnapshot.cidr($0.contains(":") ? "\($0)/128" : "\($0)/32") }
        interfaces.append(NetworkInterface(scope: home.scope, id: id, vpcId: home.vpcId, subnetId: subnet, groupIds: groups,
                                           addresses: blocks, instanceId: instance, tags: Tags(name.map { ["Name": $0] } ?? [:])))
    }

    /// An instance whose interfaces are those of the example attached to it (`interface(…, instance:)`).
    public mutating func instance(_ id: String, subnet: String, name: String? = nil, state: String = "running") {
        guard let home = subnets.first(where: { $0.id == subnet }) else { preconditionFailure("unknown subnet in example: \(subnet)") }
        let attached = interfaces.filter { $0.instanceId == id }
        instances.append(Instance(scope: home.scope, id: id, vpcId: home.vpcId, subnetId: subnet,
                                  groupIds: Array(Set(attached.flatMap(\.groupIds))).sorted(), state: state,
                                  interfaceIds: attached.map(\.id), tags: Tags(name.map { ["Name": $0] } ?? [:])))
    }

    /// An interface endpoint of `service` (`ssm`) in the VPC's region: `com.amazonaws.<region>.<service>`.
    public mutating func endpoint(_ id: String, vpc: String, service: String, subnets: [String], groups: [String],
                                  state: String = "available", privateDns: Bool? = true) {
        let scope = scope(ofVpc: vpc)
        endpoints.append(VpcEndpoint(scope: scope, id: id, type: "Interface", vpcId: vpc,
                                     serviceName: "com.amazonaws.\(scope.region).\(service)", state: state,
                                     subnetIds: subnets, groupIds: groups, privateDnsEnabled: privateDns))
    }

    /// A network ACL for the subnets, entries as given (`NetworkAcl.Entry.allowAll(egress:)` and friends).
    public mutating func networkAcl(_ id: String, vpc: String, subnets: [String], entries: [NetworkAcl.Entry], isDefault: Bool = false) {
        networkAcls.append(NetworkAcl(scope: scope(ofVpc: vpc), id: id, vpcId: vpc, isDefault: isDefault, subnetIds: subnets,
                                      entries: entries))
    }

    /// A prefix list visible in the VPC's account and region, owned by that account unless `owner`
    /// says otherwise (`AWS` for an AWS-managed list). `entries: nil` with `entriesStatus` tells how
    /// its GetManagedPrefixListEntries call went (missing by default).
    public mutating func prefixList(_ id: String, vpcScopeOf vpc: String, name: String, entries: [String]?,
                                    owner: String? = nil, family: String = "IPv4", entriesStatus: CollectionStatus? = nil) {
        let scope = scope(ofVpc: vpc)
        prefixLists.append(PrefixList(scope: scope, id: id, name: name, addressFamily: family, ownerId: owner ?? scope.account,
                                      entries: entries?.map(ExampleSnapshot.cidr), entriesStatus: entriesStatus))
    }

    /// A flow log on a VPC, subnet or ENI (the scope is the resource's VPC's).
    public mutating func flowLog(_ id: String, resource: String, traffic: String = "ALL", status: String = "ACTIVE",
                                 delivery: String = "SUCCESS", deliveryError: String? = nil) {
        let vpcId = subnets.first { $0.id == resource }?.vpcId ?? resource
        flowLogs.append(FlowLog(scope: scope(ofVpc: vpcId), id: id, resourceId: resource, trafficType: traffic,
                                status: status, deliveryStatus: delivery, deliveryError: deliveryError))
    }

    /// A transit gateway owned by `owner`, in the example's region. Its owner's account and region
    /// is a scope of the snapshot (it holds the route tables), unless `seenFrom` names the account
    /// that reports it instead: a gateway shared with that account by an owner outside the snapshot.
    /// `defaultAssociation` / `defaultPropagation`: the default route table, when that option is enabled.
    public mutating func transitGateway(_ id: String, owner: String = hubAccount, seenFrom: String? = nil,
                                        autoAcceptSharedAttachments: Bool = false, defaultAssociation: String? = nil,
                                        defaultPropagation: String? = nil, name: String? = nil) {
        let options = TransitGateway.Options(
            autoAcceptSharedAttachments: autoAcceptSharedAttachments, defaultRouteTableAssociation: defaultAssociation != nil,
            associationDefaultRouteTableId: defaultAssociation, defaultRouteTablePropagation: defaultPropagation != nil,
            propagationDefaultRouteTableId: defaultPropagation)
        gateways.append(TransitGateway(scope: Scope(account: seenFrom ?? owner, region: ExampleSnapshot.region), id: id, ownerId: owner,
                                       options: options, tags: Tags(name.map { ["Name": $0] } ?? [:])))
    }

    /// A VPC attachment to a gateway of the example, in the VPC's account and region; `subnets`:
    /// one per Availability Zone it serves. Its `association` is the table that lists it (`tgwRouteTable`).
    public mutating func tgwAttachment(_ id: String, gateway: String, vpc: String, subnets: [String] = [],
                                       applianceMode: Bool? = false, ipv6Support: Bool? = false, state: String = "available",
                                       created: String? = nil, name: String? = nil) {
        let owner = gateways.first { $0.id == gateway }?.ownerId ?? ExampleSnapshot.hubAccount
        let home = scope(ofVpc: vpc)
        attachments.append(TransitGatewayAttachment(
            scope: home, id: id, transitGatewayId: gateway, transitGatewayOwnerId: owner, resourceOwnerId: home.account,
            kind: .vpc, resourceId: vpc, state: state, subnetIds: subnets, applianceModeSupport: applianceMode,
            ipv6Support: ipv6Support, creationTime: created, tags: Tags(name.map { ["Name": $0] } ?? [:])))
    }

    /// A route table of a gateway of the example, in the gateway owner's account: the attachments
    /// associated with it and propagating into it, and its static routes (`"10.9.0.0/16":
    /// "tgw-attach-…"`, `"blackhole"`, or `""`: active without an attachment, as moto reports static
    /// routes). nil for any of the three: its per-table call was not
    /// collected (`…Status` says how it went; missing by default).
    public mutating func tgwRouteTable(_ id: String, gateway: String, associations: [String]? = [], propagations: [String]? = [],
                                       routes: KeyValuePairs<String, String>? = [:], routesStatus: CollectionStatus? = nil,
                                       associationsStatus: CollectionStatus? = nil, propagationsStatus: CollectionStatus? = nil,
                                       name: String? = nil) {
        let gatewayScope = gateways.first { $0.id == gateway }.map(\.ownerScope)
            ?? Scope(account: ExampleSnapshot.hubAccount, region: ExampleSnapshot.region)
        let staticRoutes = routes.map { routes in
            routes.map { destination, target in
                target == "blackhole"
                    ? TransitGatewayRoute(destination: .cidr(ExampleSnapshot.cidr(destination)), state: "blackhole", attachmentIds: [])
                    : TransitGatewayRoute(destination: .cidr(ExampleSnapshot.cidr(destination)), attachmentIds: target.isEmpty ? [] : [target])
            }
        }
        let isDefault = gateways.first { $0.id == gateway }?.options
        let table = TransitGatewayRouteTable(
            scope: gatewayScope, id: id, transitGatewayId: gateway,
            isDefaultAssociationTable: isDefault?.associationDefaultRouteTableId == id,
            isDefaultPropagationTable: isDefault?.propagationDefaultRouteTableId == id,
            associations: nil, associationsStatus: associations == nil ? associationsStatus ?? .missing : .collected(files: []),
            propagations: nil, propagationsStatus: propagations == nil ? propagationsStatus ?? .missing : .collected(files: []),
            routes: staticRoutes, routesStatus: staticRoutes == nil ? routesStatus ?? .missing : nil,
            tags: Tags(name.map { ["Name": $0] } ?? [:]))
        gatewayTables.append(GatewayTable(table: table, associations: associations, propagations: propagations))
    }

    /// EC2's DescribeStaleSecurityGroups call of a VPC (made in the VPC's account and region): its
    /// status, and the groups it reported stale when collected.
    public mutating func staleGroupReport(vpc: String, status: CollectionStatus = .collected(files: []),
                                          groups: [StaleSecurityGroup] = []) {
        staleGroupReports.append(StaleGroupReport(scope: scope(ofVpc: vpc), vpcId: vpc, status: status, groups: groups))
    }

    /// Marks an action as not collected (or failed) for an account and region.
    public mutating func withoutCollection(_ action: Action, account: String = hubAccount, region: String = region,
                                           status: CollectionStatus = .missing) {
        coverage.append((Scope(account: account, region: region), action, status))
    }

    public func build() -> Snapshot {
        // A gateway's owner holds its route tables: its account and region is a scope, VPCs or not.
        let owners = gateways.filter { $0.scope.account == $0.ownerId }.map(\.scope)
        let scopes = Array(Set(vpcs.map(\.scope) + owners)).sorted()
        var complete = Coverage.complete(scopes)
        for (scope, action, status) in coverage { complete.set(status, scope: scope, action: action) }
        let (attachments, routeTables) = resolvedGatewayTables()
        return Snapshot(metadata: SnapshotMetadata(path: "example"), scopes: scopes, vpcs: vpcs, subnets: subnets,
                        routeTables: tables, peerings: peerings, securityGroups: groups, flowLogs: flowLogs,
                        networkAcls: networkAcls, endpoints: endpoints, prefixLists: prefixLists, interfaces: interfaces, instances: instances,
                        transitGateways: gateways, transitGatewayAttachments: attachments,
                        transitGatewayRouteTables: routeTables, staleGroupReports: staleGroupReports, coverage: complete)
    }

    /// The route tables with their links naming each attachment's resource, and each attachment's
    /// own `association`: the table that lists it, as AWS reports it.
    private func resolvedGatewayTables() -> ([TransitGatewayAttachment], [TransitGatewayRouteTable]) {
        func links(_ ids: [String]?, state: String) -> [TransitGatewayRouteTable.Link]? {
            ids?.map { id in
                let attachment = attachments.first { $0.id == id }
                return TransitGatewayRouteTable.Link(attachmentId: id, resourceId: attachment?.resourceId ?? "",
                                                     resourceType: (attachment?.kind ?? .vpc).rawValue, state: state)
            }
        }
        let routeTables = gatewayTables.map { declared in
            var table = declared.table
            table.associations = links(declared.associations, state: "associated")
            table.propagations = links(declared.propagations, state: "enabled")
            return table
        }
        let resolved = attachments.map { attachment in
            var copy = attachment
            copy.association = gatewayTables.first { $0.associations?.contains(attachment.id) == true }
                .map { TransitGatewayAttachment.Association(routeTableId: $0.table.id) }
            return copy
        }
        return (resolved, routeTables)
    }
}

extension NetworkAcl.Entry {
    /// `rule 100 allow all traffic` for 0.0.0.0/0 and `rule 32767 deny` (AWS's default pair), one direction.
    public static func defaults(egress: Bool) -> [NetworkAcl.Entry] {
        [NetworkAcl.Entry(ruleNumber: 100, ipProtocol: "-1", allow: true, egress: egress, cidr: CIDR("0.0.0.0/0")),
         NetworkAcl.Entry(ruleNumber: 32767, ipProtocol: "-1", allow: false, egress: egress, cidr: CIDR("0.0.0.0/0"))]
    }

    /// One entry: `protocol` as EC2 numbers it (`6` tcp, `17` udp, `1` icmp, `-1` all).
    public static func rule(_ number: Int, _ ipProtocol: String, _ ports: ClosedRange<Int>? = nil, allow: Bool, egress: Bool,
                            _ cidr: String, icmpType: Int? = nil) -> NetworkAcl.Entry {
        NetworkAcl.Entry(ruleNumber: number, ipProtocol: ipProtocol, allow: allow, egress: egress, cidr: CIDR(cidr),
                         portRange: ports, icmpType: icmpType, icmpCode: icmpType == nil ? nil : -1)
    }
}

extension Permission {
    /// `Permission.tcp(22, from: "0.0.0.0/0")` — the common shape of examples.
    public static func tcp(_ ports: ClosedRange<Int>, from sources: String...) -> Permission {
        make("tcp", ports, sources)
    }

    public static func tcp(_ port: Int, from sources: String...) -> Permission { make("tcp", port...port, sources) }

    public static func allTraffic(from sources: String...) -> Permission { make("-1", nil, sources) }

    public static func icmp(from sources: String...) -> Permission {
        make("icmp", -1...(-1), sources)
    }

    private static func make(_ ipProtocol: String, _ ports: ClosedRange<Int>?, _ sources: [String]) -> Permission {
        var ipv4Ranges: [SourceRange] = [], ipv6Ranges: [SourceRange] = [], prefixListIds: [String] = []
        var groups: [GroupReference] = []
        for source in sources {
            if source.hasPrefix("pl-") { prefixListIds.append(source) }
            else if source.hasPrefix("sg-") { groups.append(GroupReference(groupId: source)) }
            else if let cidr = CIDR(source) {
                if cidr.family == .v4 { ipv4Ranges.append(SourceRange(cidr: cidr, text: source)) }
                else { ipv6Ranges.append(SourceRange(cidr: cidr, text: source)) }
            }
        }
        return Permission(ipProtocol: ipProtocol, fromPort: ports?.lowerBound, toPort: ports?.upperBound, ipv4Ranges: ipv4Ranges,
                          ipv6Ranges: ipv6Ranges, prefixListIds: prefixListIds, groups: groups)
    }
}
