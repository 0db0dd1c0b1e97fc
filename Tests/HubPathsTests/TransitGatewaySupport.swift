import HubModel
import HubPaths
import HubRules
import Testing

/// The classic segmented transit-gateway hub: the network account owns tgw-1; the hub and two
/// spokes attach to it; the spokes associate with `tgw-rtb-spokes`, into which only the hub
/// propagates, and the hub with `tgw-rtb-hub`, into which both spokes propagate. Routes are left to
/// be computed from the propagations (moto reports none):
///
///     vpc-hub 10.0.0.0/16 (111111111111)  subnet-hub 10.0.1.0/24 us-east-1a  eni-hub 10.0.1.10  sg-hub: ingress all from 10.0.0.0/8
///     vpc-a   10.1.0.0/16 (222222222222)  subnet-a   10.1.1.0/24 us-east-1a  eni-a   10.1.1.10  sg-a: ingress all from 10.0.0.0/8
///     vpc-b   10.2.0.0/16 (333333333333)  subnet-b   10.2.1.0/24 us-east-1a  eni-b   10.2.1.10  sg-b: ingress all from 10.0.0.0/8
///     every VPC table: 10.0.0.0/8 → tgw-1; attachments tgw-attach-hub/-a/-b, one subnet each (the endpoint's)
///
/// Each test changes one thing through the fields and checks the answer.
struct TransitWorld {
    static let network = "111111111111"
    var spokeRoutes: KeyValuePairs<String, String> = ["10.0.0.0/8": "tgw-1"]
    var hubRoutes: KeyValuePairs<String, String> = ["10.0.0.0/8": "tgw-1"]
    var gatewayOwner = TransitWorld.network
    var attachments: [TransitGatewayAttachment] = [
        TransitWorld.attachment("tgw-attach-hub", vpc: "vpc-hub", owner: TransitWorld.network, subnets: ["subnet-hub"]),
        TransitWorld.attachment("tgw-attach-a", vpc: "vpc-a", owner: "222222222222", subnets: ["subnet-a"]),
        TransitWorld.attachment("tgw-attach-b", vpc: "vpc-b", owner: "333333333333", subnets: ["subnet-b"]),
    ]
    var tables: [TransitGatewayRouteTable] = [
        TransitWorld.table("tgw-rtb-spokes", name: "spokes", associated: ["tgw-attach-a", "tgw-attach-b"], propagating: ["tgw-attach-hub"]),
        TransitWorld.table("tgw-rtb-hub", name: "hub", associated: ["tgw-attach-hub"], propagating: ["tgw-attach-a", "tgw-attach-b"]),
    ]
    var zones = ["subnet-hub": "us-east-1a", "subnet-a": "us-east-1a", "subnet-b": "us-east-1a", "subnet-a2": "us-east-1b"]
    var extra: (inout ExampleSnapshot) -> Void = { _ in }
    /// Gateways besides tgw-1.
    var otherGateways: [TransitGateway] = []

    static func attachment(_ id: String, vpc: String, owner: String, subnets: [String], state: String = "available",
                           gateway: String = "tgw-1") -> TransitGatewayAttachment {
        TransitGatewayAttachment(scope: Scope(account: network, region: ExampleSnapshot.region), id: id, transitGatewayId: gateway,
                                 transitGatewayOwnerId: network, resourceOwnerId: owner, kind: .vpc, resourceId: vpc, state: state,
                                 subnetIds: subnets)
    }

    static func table(_ id: String, name: String, associated: [String], propagating: [String],
                      routes: [TransitGatewayRoute]? = [], gateway: String = "tgw-1", owner: String = network) -> TransitGatewayRouteTable {
        TransitGatewayRouteTable(scope: Scope(account: owner, region: ExampleSnapshot.region), id: id, transitGatewayId: gateway,
                                 associations: associated.map { .init(attachmentId: $0, state: "associated") },
                                 propagations: propagating.map { .init(attachmentId: $0, state: "enabled") },
                                 routes: routes, tags: Tags(["Name": name]))
    }

    static func route(_ cidr: String, to attachments: [String], origin: TransitGatewayRoute.Origin = .static,
                      state: String = "active") -> TransitGatewayRoute {
        TransitGatewayRoute(destination: .cidr(CIDR(cidr)!), origin: origin, state: state, attachmentIds: attachments)
    }

    func snapshot() -> Snapshot {
        var b = ExampleSnapshot()
        let open = NetworkAcl.Entry.defaults(egress: true) + NetworkAcl.Entry.defaults(egress: false)
        for (name, account, second) in [("hub", TransitWorld.network, "0"), ("a", "222222222222", "1"), ("b", "333333333333", "2")] {
            b.vpc("vpc-\(name)", "10.\(second).0.0/16", account: account, name: name)
            b.subnet("subnet-\(name)", vpc: "vpc-\(name)", "10.\(second).1.0/24")
            b.routeTable("rtb-\(name)", vpc: "vpc-\(name)", main: true, routes: name == "hub" ? hubRoutes : spokeRoutes)
            b.networkAcl("acl-\(name)", vpc: "vpc-\(name)", subnets: ["subnet-\(name)"], entries: open)
            b.securityGroup("sg-\(name)", vpc: "vpc-\(name)", ingress: [.allTraffic(from: "10.0.0.0/8")],
                            egress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
            b.interface("eni-\(name)", subnet: "subnet-\(name)", addresses: ["10.\(second).1.10"], groups: ["sg-\(name)"])
        }
        extra(&b)
        let gateway = TransitGateway(scope: Scope(account: gatewayOwner, region: ExampleSnapshot.region), id: "tgw-1",
                                     ownerId: gatewayOwner, tags: Tags(["Name": "hub-tgw"]))
        return b.build().withTransitGateways([gateway] + otherGateways, attachments: attachments, tables: tables, zones: zones)
    }

    /// A fourth VPC, vpc-c 10.3.0.0/16 (eni-c 10.3.1.10), attached to tgw-2 of the network account,
    /// which a peering attachment joins to tgw-1 (listed by tgw-1 only: tgw-2's side is mirrored):
    /// tgw-2's table sends 10.0.0.0/16 over the peering, tgw-1's table for the peering attachment
    /// has the hub propagated, and the hub's table a static route back to 10.3.0.0/16.
    static func peeredGateways() -> TransitWorld {
        var world = TransitWorld()
        world.extra = { b in
            b.vpc("vpc-c", "10.3.0.0/16", account: TransitWorld.network, name: "c")
            b.subnet("subnet-c", vpc: "vpc-c", "10.3.1.0/24")
            b.routeTable("rtb-c", vpc: "vpc-c", main: true, routes: ["10.0.0.0/8": "tgw-2"])
            b.networkAcl("acl-c", vpc: "vpc-c", subnets: ["subnet-c"],
                         entries: NetworkAcl.Entry.defaults(egress: true) + NetworkAcl.Entry.defaults(egress: false))
            b.securityGroup("sg-c", vpc: "vpc-c", ingress: [.allTraffic(from: "10.0.0.0/8")], egress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
            b.interface("eni-c", subnet: "subnet-c", addresses: ["10.3.1.10"], groups: ["sg-c"])
        }
        world.zones["subnet-c"] = "us-east-1a"
        world.otherGateways = [TransitGateway(scope: Scope(account: network, region: ExampleSnapshot.region), id: "tgw-2")]
        world.attachments.append(TransitWorld.attachment("tgw-attach-c", vpc: "vpc-c", owner: network, subnets: ["subnet-c"], gateway: "tgw-2"))
        world.attachments.append(TransitGatewayAttachment(
            scope: Scope(account: network, region: ExampleSnapshot.region), id: "tgw-attach-peer", transitGatewayId: "tgw-1",
            kind: .peering, resourceId: "tgw-2", peerTransitGatewayId: "tgw-2", peerAccountId: network, peerRegion: ExampleSnapshot.region))
        world.tables.edit("tgw-rtb-hub") { $0.routes = [TransitWorld.route("10.3.0.0/16", to: ["tgw-attach-peer"])] }
        world.tables.append(TransitWorld.table("tgw-rtb-peer", name: "peer", associated: ["tgw-attach-peer"], propagating: ["tgw-attach-hub"]))
        world.tables.append(TransitWorld.table("tgw-rtb-2", name: "two", associated: ["tgw-attach-c", "tgw-attach-peer"],
                                               propagating: ["tgw-attach-c"], routes: [TransitWorld.route("10.0.0.0/16", to: ["tgw-attach-peer"])],
                                               gateway: "tgw-2"))
        return world
    }

    /// `from` → `to` (interface ids) for `traffic`.
    func answer(_ traffic: TrafficSet = .tcp(443...443), from: String = "eni-a", to: String = "eni-hub") throws -> PairAnswer {
        let model = ReachabilityModel(snapshot())
        let source = try #require(model.classes(of: model.members.filter { $0.interfaceId == from }).first)
        let destination = try #require(model.classes(of: model.members.filter { $0.interfaceId == to }).first)
        return model.evaluate(from: source, to: destination, traffic: traffic)
    }
}

extension Snapshot {
    /// The snapshot with transit gateways, their attachments and route tables, and subnets placed in
    /// Availability Zones (`ExampleSnapshot` builds none of these).
    func withTransitGateways(_ gateways: [TransitGateway], attachments: [TransitGatewayAttachment],
                             tables: [TransitGatewayRouteTable], zones: [String: String]) -> Snapshot {
        let placed = subnets.map { subnet -> Subnet in
            var subnet = subnet
            if let zone = zones[subnet.id] { subnet.availabilityZone = zone }
            return subnet
        }
        return Snapshot(metadata: metadata, scopes: scopes, vpcs: vpcs, subnets: placed, routeTables: routeTables, peerings: peerings,
                        securityGroups: securityGroups, flowLogs: flowLogs, networkAcls: networkAcls, endpoints: endpoints,
                        prefixLists: prefixLists, interfaces: interfaces, instances: instances, transitGateways: gateways,
                        transitGatewayAttachments: attachments, transitGatewayRouteTables: tables, coverage: coverage,
                        problems: problems)
    }
}

extension Array where Element == TransitGatewayRouteTable {
    /// Changes the table with that id.
    mutating func edit(_ id: String, _ change: (inout TransitGatewayRouteTable) -> Void) {
        guard let index = firstIndex(where: { $0.id == id }) else { preconditionFailure("no table \(id)") }
        change(&self[index])
    }
}

extension Array where Element == TransitGatewayAttachment {
    mutating func edit(_ id: String, _ change: (inout TransitGatewayAttachment) -> Void) {
        guard let index = firstIndex(where: { $0.id == id }) else { preconditionFailure("no attachment \(id)") }
        change(&self[index])
    }
}

extension PairAnswer {
    /// The drop, gap or hop at `index`: a test failure, not a crash, when the answer has fewer.
    func block(_ index: Int) throws -> Blocked { try #require(blocked.indices.contains(index) ? blocked[index] : nil) }
    func gap(_ index: Int) throws -> Unjudged { try #require(unjudged.indices.contains(index) ? unjudged[index] : nil) }
    func hop(_ index: Int) throws -> Hop { try #require(hops.indices.contains(index) ? hops[index] : nil) }
}
