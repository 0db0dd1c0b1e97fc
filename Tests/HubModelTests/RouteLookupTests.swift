import Testing
@testable import HubModel

struct RouteLookupTests {
    let scope = Scope(account: "111111111111", region: "us-east-1")

    func table(_ routes: [(String, String)]) -> RouteTable {
        RouteTable(scope: scope, id: "rtb-1", vpcId: "vpc-1", isMain: true, routes: routes.map { destination, target in
            Route(destination: .cidr(CIDR(destination)!), targetKind: target == "local" ? .local : .peering, targetId: target)
        })
    }

    @Test func theLongestPrefixWins() {
        let routes = table([("10.0.0.0/16", "local"), ("10.1.0.0/16", "pcx-1"), ("10.0.0.0/8", "pcx-2")])
        let parts = routes.resolve(CIDR("10.1.4.0/24")!)
        #expect(parts.count == 1)
        #expect(parts.first?.route?.targetId == "pcx-1")
    }

    @Test func aMoreSpecificRouteSplitsTheRange() {
        let routes = table([("10.1.0.0/16", "pcx-1"), ("10.1.128.0/17", "pcx-2")])
        let parts = routes.resolve(CIDR("10.1.0.0/16")!)
        #expect(parts.map(\.range.description) == ["10.1.0.0/17", "10.1.128.0/17"])
        #expect(parts.map { $0.route?.targetId } == ["pcx-1", "pcx-2"])
    }

    @Test func theIndexResolvesAsTheWholeTableDoes() {
        // A hub table: one route per spoke, a default route, and a more specific one inside a spoke.
        var routes = (0..<200).map { ("10.\($0).0.0/16", "pcx-\($0)") }
        routes += [("0.0.0.0/0", "igw-1"), ("10.7.8.0/24", "pcx-x"), ("10.7.0.0/8", "pcx-wide")]
        let whole = table(routes)
        let index = RouteTableIndex(whole)
        for range in ["10.7.0.0/16", "10.7.8.0/24", "10.7.8.128/25", "10.7.0.0/20", "10.7.255.255/32", "10.9.1.0/24"] {
            let cidr = CIDR(range)!
            #expect(index.resolve(cidr).map { "\($0.range) \($0.route?.targetId ?? "-")" }
                    == whole.resolve(cidr).map { "\($0.range) \($0.route?.targetId ?? "-")" })
        }
    }

    @Test func uncoveredSpaceHasNoRoute() {
        let routes = table([("10.1.0.0/24", "pcx-1")])
        let parts = routes.resolve(CIDR("10.1.0.0/23")!)
        #expect(parts.map(\.range.description) == ["10.1.0.0/24", "10.1.1.0/24"])
        #expect(parts[1].route == nil)
    }

    @Test func thePartsCoverTheRangeExactlyAndInOrder() {
        let routes = table([("10.0.0.0/8", "pcx-1"), ("10.1.0.0/16", "pcx-2"), ("10.1.2.0/24", "pcx-3")])
        let parts = routes.resolve(CIDR("10.0.0.0/8")!)
        for (a, b) in zip(parts, parts.dropFirst()) { #expect(a.range.last + 1 == b.range.network) }
        #expect(parts.first?.range.network == CIDR("10.0.0.0/8")!.network)
        #expect(parts.last?.range.last == CIDR("10.0.0.0/8")!.last)
        let targets = Dictionary(parts.map { ($0.range.description, $0.route?.targetId) }, uniquingKeysWith: { a, _ in a })
        #expect(targets["10.1.2.0/24"] == "pcx-3")
        #expect(targets["10.1.0.0/23"] == "pcx-2")
        #expect(targets["10.0.0.0/16"] == "pcx-1")
        #expect(targets["10.128.0.0/9"] == "pcx-1")
    }

    @Test func theMainTableServesSubnetsWithoutAnExplicitAssociation() {
        let vpc = Vpc(scope: scope, id: "vpc-1", ipv4: [CIDR("10.0.0.0/16")!])
        let a = Subnet(scope: scope, id: "subnet-a", vpcId: "vpc-1", ipv4: CIDR("10.0.1.0/24"))
        let b = Subnet(scope: scope, id: "subnet-b", vpcId: "vpc-1", ipv4: CIDR("10.0.2.0/24"))
        let main = RouteTable(scope: scope, id: "rtb-main", vpcId: "vpc-1", isMain: true, routes: [])
        let custom = RouteTable(scope: scope, id: "rtb-custom", vpcId: "vpc-1", subnetIds: ["subnet-a"], routes: [])
        let snapshot = Snapshot(metadata: SnapshotMetadata(path: "t"), vpcs: [vpc], subnets: [a, b], routeTables: [main, custom])
        #expect(snapshot.routeTable(forSubnet: a)?.id == "rtb-custom")
        #expect(snapshot.routeTable(forSubnet: b)?.id == "rtb-main")
        #expect(snapshot.subnets(using: main).map(\.id) == ["subnet-b"])
        #expect(snapshot.subnets(using: custom).map(\.id) == ["subnet-a"])
    }
}
