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

/// The two lookups a route table's index is made of, against passes over every entry: the
/// longest block containing a range (every entry of it, in the order given), and whether some block
/// lies strictly inside a range.
struct CIDRIndexLookupTests {
    @Test func theLongestContainingBlockIsTheOneAPassFinds() {
        var random = SplitMix64(seed: 20261202)
        for round in 0..<200 {
            var blocks = (0..<Int(random.next() % 60)).map { _ in CIDRIndexTests.randomBlock(&random) }
            if random.next() % 3 == 0 { blocks.append(CIDR(family: .v4, network: 0, prefixLength: 0)) }
            if random.next() % 5 == 0 { blocks.append(CIDR.anyIPv6) }
            let index = CIDRIndex(blocks.enumerated().map { ($0.element, $0.offset) })
            for _ in 0..<30 {
                let range = Self.randomRange(&random)
                let containing = blocks.enumerated().filter { $0.element.contains(range) }
                let longest = containing.map(\.element.prefixLength).max()
                let expected = containing.filter { $0.element.prefixLength == longest }.map(\.offset)
                #expect(index.longest(containing: range) == expected, "round \(round), \(range): \(blocks)")
                let inside = blocks.contains { range.contains($0) && $0.prefixLength > range.prefixLength }
                #expect(index.hasBlock(inside: range) == inside, "round \(round), \(range): \(blocks)")
            }
        }
    }

    /// A block from the same pool, or a single address (/32, /128) inside it.
    static func randomRange(_ random: inout SplitMix64) -> CIDR {
        let block = CIDRIndexTests.randomBlock(&random)
        guard random.next() % 3 == 0 else { return block }
        let host = UInt128(random.next()) & ~CIDR.mask(family: block.family, prefixLength: block.prefixLength) & CIDR.familyMask(block.family)
        return CIDR(family: block.family, network: block.network | host, prefixLength: block.family.bits)
    }
}
