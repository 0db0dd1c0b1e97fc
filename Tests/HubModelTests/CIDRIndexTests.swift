import HubTestSupport
import Testing
@testable import HubModel

/// `CIDRIndex` finds by overlap what a pass over every entry finds, in the same order: random
/// blocks of both families, nested, equal and disjoint, against random ranges.
struct CIDRIndexTests {
    static func randomBlock(_ random: inout SplitMix64) -> CIDR {
        if random.next() % 4 == 0 {
            // IPv6 within a small space, so blocks nest and collide.
            let network = UInt128(0x2001_0db8) << 96 | UInt128(random.next() % 16) << 88
            return CIDR(family: .v6, network: network, prefixLength: 32 + Int(random.next() % 40))
        }
        let network = UInt128(10) << 24 | UInt128(random.next() % 0x1_0000) << 8
        return CIDR(family: .v4, network: network, prefixLength: 8 + Int(random.next() % 25))
    }

    @Test func overlapsAsAPassOverEveryEntry() {
        var random = SplitMix64(seed: 20261130)
        for round in 0..<200 {
            let blocks = (0..<Int(random.next() % 60)).map { _ in Self.randomBlock(&random) }
            let index = CIDRIndex(blocks.enumerated().map { ($0.element, $0.offset) })
            for _ in 0..<30 {
                let range = Self.randomBlock(&random)
                let scanned = blocks.enumerated().filter { $0.element.overlaps(range) }.map(\.offset)
                #expect(index.overlapping(range) == scanned, "round \(round), \(range): \(blocks)")
            }
        }
    }

    @Test func equalBlocksAreAllFound() {
        let block = CIDR("10.0.0.0/16")!
        let index = CIDRIndex([(block, "a"), (CIDR("10.1.0.0/16")!, "b"), (block, "c"), (CIDR("10.0.4.0/24")!, "d")])
        #expect(index.overlapping(CIDR("10.0.0.0/8")!) == ["a", "b", "c", "d"])
        #expect(index.overlapping(CIDR("10.0.4.0/22")!) == ["a", "c", "d"])
        #expect(index.overlapping(CIDR("10.2.0.0/16")!).isEmpty)
        #expect(index.overlapping(CIDR("::/0")!).isEmpty)
    }
}

/// A route table narrowed through its index keeps exactly the routes a pass over the table keeps,
/// in the table's order, for one block or several; and again from the index already built.
struct IndexedNarrowingTests {
    @Test func narrowsAsAPassOverEveryRoute() {
        var random = SplitMix64(seed: 20261201)
        let scope = Scope(account: "111111111111", region: "us-east-1")
        var tables = ExpandedRouteTables(Snapshot(metadata: SnapshotMetadata(path: "random"), scopes: [scope]))
        for round in 0..<100 {
            let routes = (0..<Int(random.next() % 50)).map { position in
                Route(destination: .cidr(CIDRIndexTests.randomBlock(&random)), targetKind: .peering, targetId: "pcx-\(position)")
            }
            let table = RouteTable(scope: scope, id: "rtb-\(round)", vpcId: "vpc-1", isMain: true, subnetIds: [], routes: routes)
            for _ in 0..<20 {
                let blocks = (0..<1 + Int(random.next() % 3)).map { _ in CIDRIndexTests.randomBlock(&random) }
                let expected = table.narrowed(to: blocks).routes.map(\.targetId)
                #expect(tables.narrowed(table, to: blocks).routes.map(\.targetId) == expected, "round \(round), \(blocks)")
            }
        }
    }

    /// A table not yet expanded (a prefix-list route) is narrowed by a pass, never from an index of
    /// another version of it.
    @Test func aTableWithPrefixListRoutesIsNarrowedByAPass() {
        let scope = Scope(account: "111111111111", region: "us-east-1")
        var tables = ExpandedRouteTables(Snapshot(metadata: SnapshotMetadata(path: "lists"), scopes: [scope]))
        let expanded = RouteTable(scope: scope, id: "rtb-1", vpcId: "vpc-1", isMain: true, subnetIds: [],
                                  routes: [Route(destination: .cidr(CIDR("10.1.0.0/16")!), targetKind: .peering, targetId: "pcx-a")])
        #expect(tables.narrowed(expanded, to: [CIDR("10.1.2.0/24")!]).routes.map(\.targetId) == ["pcx-a"])
        let raw = RouteTable(scope: scope, id: "rtb-1", vpcId: "vpc-1", isMain: true, subnetIds: [],
                             routes: [Route(destination: .prefixList("pl-1"), targetKind: .peering, targetId: "pcx-a"),
                                      Route(destination: .cidr(CIDR("10.2.0.0/16")!), targetKind: .peering, targetId: "pcx-b")])
        #expect(tables.narrowed(raw, to: [CIDR("10.2.2.0/24")!]).routes.map(\.targetId) == ["pcx-b"])
    }
}
