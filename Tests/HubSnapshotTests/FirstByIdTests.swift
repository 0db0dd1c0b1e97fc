@testable import HubSnapshot
import Testing

/// `firstById` returns the array itself when nothing repeats (no copy of a large organisation's
/// arrays) and otherwise the first of each id, in order: as a plain filter would.
struct FirstByIdTests {
    @Test func theFirstOfEachIdInOrder() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {  // SplitMix64: the same cases on every run
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        for _ in 0..<500 {
            let items = (0..<next(12)).map { index in (id: "id-\(next(8))", index: index) }
            var seen = Set<String>()
            let expected = items.filter { seen.insert($0.id).inserted }.map(\.index)
            #expect(SnapshotReader.firstById(items, \.id).map(\.index) == expected, "\(items.map(\.id))")
        }
        #expect(SnapshotReader.firstById(["a", "b", "a", "c", "b", "a"], { $0 }) == ["a", "b", "c"])
        #expect(SnapshotReader.firstById(["a", "a"], { $0 }) == ["a"])
        #expect(SnapshotReader.firstById([String](), { $0 }).isEmpty)
    }
}
