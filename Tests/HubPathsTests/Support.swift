import HubModel
import HubPaths
import HubRules
import Testing

/// Two peered VPCs, each with one subnet, one interface, default ACLs and route tables that route
/// each other's block over the peering:
///
///     vpc-a 10.0.0.0/16 (111111111111)  subnet-a 10.0.1.0/24  eni-a 10.0.1.10  sg-a: egress all
///     vpc-b 10.1.0.0/16 (222222222222)  subnet-b 10.1.1.0/24  eni-b 10.1.1.20  sg-b: ingress tcp 5432 from 10.0.0.0/16
///     pcx-ab active; rtb-a 10.1.0.0/16 → pcx-ab; rtb-b 10.0.0.0/16 → pcx-ab
///
/// Each test changes one thing through `World`'s fields and checks the answer.
struct World {
    var peeringStatus = "active"
    var routesA: KeyValuePairs<String, String> = ["10.1.0.0/16": "pcx-ab"]
    var routesB: KeyValuePairs<String, String> = ["10.0.0.0/16": "pcx-ab"]
    var routeStatesA: [String: String] = [:]
    var egressA: [Permission] = [.allTraffic(from: "0.0.0.0/0")]
    var ingressB: [Permission] = [.tcp(5432, from: "10.0.0.0/16")]
    var aclA: [NetworkAcl.Entry] = NetworkAcl.Entry.defaults(egress: true) + NetworkAcl.Entry.defaults(egress: false)
    var aclB: [NetworkAcl.Entry] = NetworkAcl.Entry.defaults(egress: true) + NetworkAcl.Entry.defaults(egress: false)
    var extra: (inout ExampleSnapshot) -> Void = { _ in }

    func snapshot() -> Snapshot {
        var b = ExampleSnapshot()
        b.vpc("vpc-a", "10.0.0.0/16", account: "111111111111", name: "alpha")
        b.vpc("vpc-b", "10.1.0.0/16", account: "222222222222", name: "beta")
        b.subnet("subnet-a", vpc: "vpc-a", "10.0.1.0/24", name: "alpha-app")
        b.subnet("subnet-b", vpc: "vpc-b", "10.1.1.0/24", name: "beta-db")
        b.peering("pcx-ab", "vpc-a", "vpc-b", status: peeringStatus)
        b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: routesA, states: routeStatesA)
        b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: routesB)
        b.networkAcl("acl-a", vpc: "vpc-a", subnets: ["subnet-a"], entries: aclA)
        b.networkAcl("acl-b", vpc: "vpc-b", subnets: ["subnet-b"], entries: aclB)
        b.securityGroup("sg-a", vpc: "vpc-a", name: "app", ingress: [], egress: egressA, inUse: false)
        b.securityGroup("sg-b", vpc: "vpc-b", name: "db", ingress: ingressB, egress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
        b.interface("eni-a", subnet: "subnet-a", addresses: ["10.0.1.10"], groups: ["sg-a"], instance: "i-a")
        b.interface("eni-b", subnet: "subnet-b", addresses: ["10.1.1.20"], groups: ["sg-b"], instance: "i-b")
        b.instance("i-a", subnet: "subnet-a", name: "app-server")
        b.instance("i-b", subnet: "subnet-b", name: "db-server")
        extra(&b)
        return b.build()
    }

    /// eni-a → eni-b for `traffic`.
    func answer(_ traffic: TrafficSet = .tcp(5432...5432), from: String = "eni-a", to: String = "eni-b",
                options: PathOptions = PathOptions()) throws -> PairAnswer {
        let model = ReachabilityModel(snapshot())
        let source = try #require(model.classes(of: model.members.filter { $0.interfaceId == from }).first)
        let destination = try #require(model.classes(of: model.members.filter { $0.interfaceId == to }).first)
        return model.evaluate(from: source, to: destination, traffic: traffic, options: options)
    }
}

extension PairAnswer {
    var blockCodes: [BlockCode] { blocked.map(\.code) }
    var gapCodes: [GapCode] { unjudged.map(\.code) }
}
