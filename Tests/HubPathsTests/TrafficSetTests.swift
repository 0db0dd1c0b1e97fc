import HubPaths
import Testing

/// The set algebra every hop relies on, against plain integer sets; and the traffic texts.
@Suite struct TrafficSetTests {
    /// A deterministic generator: the same sets every run.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func set() -> (IntervalSet, Set<Int>) {
            var ranges: [ClosedRange<Int>] = []
            for _ in 0..<next(4) {
                let low = next(40)
                ranges.append(low...(low + next(8)))
            }
            return (IntervalSet(ranges), Set(ranges.flatMap { Array($0) }))
        }
    }

    func values(_ set: IntervalSet) -> Set<Int> { Set(set.ranges.flatMap { Array($0) }) }

    @Test func operationsAgreeWithIntegerSets() {
        var generator = Generator(state: 42)
        for _ in 0..<2000 {
            let (a, plainA) = generator.set(), (b, plainB) = generator.set()
            #expect(values(a.union(b)) == plainA.union(plainB))
            #expect(values(a.intersection(b)) == plainA.intersection(plainB))
            #expect(values(a.subtracting(b)) == plainA.subtracting(plainB))
            #expect(a.union(b).isEmpty == plainA.union(plainB).isEmpty)
            // Normalised: equal sets are equal values, ranges never touch.
            #expect((a.union(b) == b.union(a)))
            let ranges = a.union(b).ranges
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound + 1 < $1.lowerBound })
        }
    }

    @Test func specsAndTexts() {
        #expect(TrafficSpec.parse("tcp/5432") == .tcp(5432...5432))
        #expect(TrafficSpec.parse("tcp/8000-8080")?.description == "tcp 8000-8080")
        #expect(TrafficSpec.parse("udp")?.description == "udp all ports")
        #expect(TrafficSpec.parse("icmp/8")?.description == "icmp echo-request (8)")
        #expect(TrafficSpec.parse("icmp/3/4")?.description == "icmp type 3 code 4")
        #expect(TrafficSpec.parse("47")?.description == "protocol 47")
        #expect(TrafficSpec.parse("all") == .all)
        #expect(TrafficSet.all.subtracting(.tcp(5432...5432)).description
                == "tcp 0-5431, 5433-65535; udp all ports; icmp all types; icmpv6 all types; every other protocol")
        for bad in ["tcp/http", "tcp/70000", "tcp/9-1", "icmp/300", "proto/x", "", "tcp/1/2"] { #expect(TrafficSpec.parse(bad) == nil) }
    }

    @Test func permissionsReadAsAwsMeansThem() {
        #expect(TrafficSet.permission(protocol: "-1", from: nil, to: nil) == .all)
        #expect(TrafficSet.permission(protocol: "tcp", from: -1, to: -1) == .tcp(0...65535))
        #expect(TrafficSet.permission(protocol: "icmp", from: 8, to: -1) == .icmp(type: 8, code: nil))
        #expect(TrafficSet.permission(protocol: "58", from: 128, to: 0) == .icmp(type: 128, code: 0, v6: true))
        #expect(TrafficSet.permission(protocol: "6", from: 22, to: 22) == .tcp(22...22))
        #expect(TrafficSet.permission(protocol: "gre", from: nil, to: nil) == nil)
    }
}
