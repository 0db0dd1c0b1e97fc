import HubTestSupport
import Testing
@testable import HubModel

/// `RouteTableIndex` answers as the pass over every route (`RouteTable.resolve`, the reference) on
/// random tables: nested, equal and disjoint blocks of both families, /0 and host routes, prefix-list
/// routes expanded (an entry equal to a CIDR route, two lists with the same entry), looked up for
/// addresses and for ranges that more specific routes split.
struct RouteTableIndexTests {
    let scope = Scope(account: "111111111111", region: "us-east-1")

    @Test func resolveAndLookUpAnswerAsThePassOverEveryRoute() {
        var random = SplitMix64(seed: 20261203)
        for round in 0..<300 {
            let (snapshot, raw) = randomTable(round: round, &random)
            let (table, unknown) = raw.expandingPrefixLists(in: snapshot)
            #expect(unknown.isEmpty)
            let index = RouteTableIndex(table)
            var cached = ExpandedRouteTables(snapshot)
            // Small tables by a pass, large ones (past 16 routes) through the cache: the same expansion, twice.
            for _ in 0..<2 { #expect(cached(raw).table.routes == table.routes, "round \(round)") }
            for _ in 0..<40 {
                let range = CIDRIndexLookupTests.randomRange(&random)
                let expected = Self.describe(table.resolve(range))
                #expect(Self.describe(index.resolve(range)) == expected, "round \(round), \(range): \(table.routes)")
                // Through the cache, from the table as the snapshot holds it (prefix lists unexpanded).
                #expect(Self.describe(cached.indexed(raw).resolve(range)) == expected, "round \(round), \(range)")
                // A fix's create-route or replace-route (AWSCommand.route).
                #expect(index.ownRoutes(exactly: range) == table.routes.filter { $0.viaPrefixList == nil && $0.cidr == range },
                        "round \(round), \(range)")
                // An address, or a range nothing splits, is one part: the longest-prefix match.
                let parts = table.resolve(range)
                if parts.count == 1 {
                    #expect(Self.describe([(range, index.lookUp(range))]) == expected, "round \(round), \(range)")
                }
            }
        }
    }

    @Test func theHubTableOfTheBenchmarkResolvesAsThePass() {
        // One route per spoke /24, covering routes, a default route and a route inside a spoke.
        var routes = (0..<2_000).map { spoke in
            Route(destination: .cidr(CIDR(family: .v4, network: UInt128(0x0A00_0000 | spoke << 8), prefixLength: 24)),
                  targetKind: .peering, targetId: "pcx-\(spoke)")
        }
        for (cidr, target) in [("0.0.0.0/0", "igw-1"), ("10.0.0.0/8", "tgw-1"), ("10.0.0.0/16", "local"), ("10.0.7.128/25", "pcx-x"),
                               ("10.0.7.0/24", "pcx-dup")] {
            routes.append(Route(destination: .cidr(CIDR(cidr)!), targetKind: .peering, targetId: target))
        }
        let table = RouteTable(scope: scope, id: "rtb-hub", vpcId: "vpc-hub", isMain: true, routes: routes)
        let index = RouteTableIndex(table)
        for range in ["10.0.7.0/24", "10.0.7.200/32", "10.0.0.0/16", "10.0.0.0/20", "10.7.0.0/24", "0.0.0.0/0", "192.168.0.1/32", "::/0"] {
            #expect(Self.describe(index.resolve(CIDR(range)!)) == Self.describe(table.resolve(CIDR(range)!)), "\(range)")
        }
        #expect(index.lookUp(CIDR("10.0.7.9/32")!)?.targetId == "pcx-7")
        #expect(index.lookUp(CIDR("10.0.7.129/32")!)?.targetId == "pcx-x")
        #expect(index.lookUp(CIDR("10.9.0.1/32")!)?.targetId == "tgw-1")
        #expect(index.lookUp(CIDR("2001:db8::1/128")!) == nil)
    }

    /// A table drawn from a small pool of blocks so routes nest and repeat; about one in three with
    /// prefix-list routes whose lists share entries with each other and with the CIDR routes.
    private func randomTable(round: Int, _ random: inout SplitMix64) -> (Snapshot, RouteTable) {
        var routes: [Route] = []
        var lists: [PrefixList] = []
        for position in 0..<Int(random.next() % 50) {
            let block: CIDR
            switch random.next() % 20 {
            case 0: block = CIDR(family: .v4, network: 0, prefixLength: 0)
            case 1: block = CIDR.anyIPv6
            case 2: block = CIDRIndexLookupTests.randomRange(&random)
            default: block = CIDRIndexTests.randomBlock(&random)
            }
            routes.append(Route(destination: .cidr(block), targetKind: .peering, targetId: "pcx-\(position)"))
        }
        if round % 3 == 0 {
            let pool = routes.compactMap(\.cidr) + (0..<6).map { _ in CIDRIndexTests.randomBlock(&random) }
            for list in 0..<1 + Int(random.next() % 3) {
                let entries = (0..<Int(random.next() % 6)).map { _ in pool[Int(random.next() % UInt64(pool.count))] }
                let id = "pl-\(list)"
                lists.append(PrefixList(scope: scope, id: id, name: id, ownerId: scope.account, entries: entries))
                let at = routes.isEmpty ? 0 : Int(random.next() % UInt64(routes.count + 1))
                routes.insert(Route(destination: .prefixList(id), targetKind: .peering, targetId: "pcx-list-\(list)"), at: at)
            }
        }
        let table = RouteTable(scope: scope, id: "rtb-\(round)", vpcId: "vpc-1", isMain: true, routes: routes)
        return (Snapshot(metadata: SnapshotMetadata(path: "random"), scopes: [scope], routeTables: [table], prefixLists: lists), table)
    }

    static func describe(_ parts: [(range: CIDR, route: Route?)]) -> [String] {
        parts.map { "\($0.range) \($0.route?.targetId ?? "-") \($0.route?.viaPrefixList ?? "")" }
    }
}
