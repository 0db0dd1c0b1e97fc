import HubModel
import Synchronization
import Testing

struct ConcurrentMapTests {
    @Test func resultsKeepTheInputOrderWhateverFinishesFirst() {
        let input = Array(0..<2_000)
        // Early elements take longest, so workers finish out of order.
        let output = input.concurrentMap { value -> String in
            var spin = 0
            for step in 0..<(2_000 - value) * 50 { spin &+= step }
            return "\(value)-\(spin & 1)"
        }
        #expect(output.map { Int($0.split(separator: "-")[0])! } == input)
    }

    @Test func everyElementIsTransformedExactlyOnce() {
        let calls = Atomic<Int>(0)
        let output = Array(repeating: 1, count: 10_000).concurrentMap { value -> Int in
            calls.wrappingAdd(1, ordering: .relaxed)
            return value + 1
        }
        #expect(calls.load(ordering: .relaxed) == 10_000)
        #expect(output == Array(repeating: 2, count: 10_000))
        #expect([Int]().concurrentMap { $0 }.isEmpty)
    }
}
