/// A set of integers held as sorted, disjoint, non-adjacent closed ranges: ports, ICMP type/code
/// pairs, protocol numbers. Small and exact, so every hop can say precisely what it admits.
public struct IntervalSet: Hashable, Sendable {
    public private(set) var ranges: [ClosedRange<Int>]

    public init() { ranges = [] }

    public init(_ ranges: [ClosedRange<Int>]) {
        self.ranges = []
        for range in ranges { formUnion(range) }
    }

    public init(_ range: ClosedRange<Int>) { ranges = [range] }

    public var isEmpty: Bool { ranges.isEmpty }

    public var count: Int { ranges.reduce(0) { $0 + $1.count } }

    public func contains(_ value: Int) -> Bool { ranges.contains { $0.contains(value) } }

    /// True when every value of `range` is in the set.
    public func covers(_ range: ClosedRange<Int>) -> Bool {
        ranges.contains { $0.lowerBound <= range.lowerBound && $0.upperBound >= range.upperBound }
    }

    public mutating func formUnion(_ range: ClosedRange<Int>) {
        var low = range.lowerBound, high = range.upperBound
        var kept: [ClosedRange<Int>] = []
        kept.reserveCapacity(ranges.count + 1)
        var inserted = false
        for existing in ranges {
            if existing.upperBound < low - 1 {
                kept.append(existing)
            } else if existing.lowerBound > high + 1 {
                if !inserted { kept.append(low...high); inserted = true }
                kept.append(existing)
            } else {
                low = min(low, existing.lowerBound)
                high = max(high, existing.upperBound)
            }
        }
        if !inserted { kept.append(low...high) }
        ranges = kept
    }

    public func union(_ other: IntervalSet) -> IntervalSet {
        if other.isEmpty { return self }
        if isEmpty { return other }
        var result = self
        for range in other.ranges { result.formUnion(range) }
        return result
    }

    public func intersection(_ other: IntervalSet) -> IntervalSet {
        var result: [ClosedRange<Int>] = []
        var i = 0, j = 0
        while i < ranges.count && j < other.ranges.count {
            let a = ranges[i], b = other.ranges[j]
            let low = max(a.lowerBound, b.lowerBound), high = min(a.upperBound, b.upperBound)
            if low <= high { result.append(low...high) }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        var set = IntervalSet()
        set.ranges = result
        return set
    }

    public func subtracting(_ other: IntervalSet) -> IntervalSet {
        if other.isEmpty || isEmpty { return self }
        var result: [ClosedRange<Int>] = []
        for range in ranges {
            var low = range.lowerBound
            let high = range.upperBound
            for cut in other.ranges where cut.upperBound >= low && cut.lowerBound <= high {
                if cut.lowerBound > low { result.append(low...(cut.lowerBound - 1)) }
                low = cut.upperBound + 1
                if low > high { break }
            }
            if low <= high { result.append(low...high) }
        }
        var set = IntervalSet()
        set.ranges = result
        return set
    }
}
