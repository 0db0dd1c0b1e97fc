/// A set of integers held as sorted, disjoint, non-adjacent closed ranges: ports, ICMP type/code
/// pairs, protocol numbers. Small and exact, so every hop can say precisely what it admits.
///
/// Nearly every set a hop meets is empty or one range ("tcp 5432", "all ports"): that case is held
/// inline, without an array, because an organisation-wide query makes millions of these sets.
public struct IntervalSet: Hashable, Sendable {
    /// The one range when `many` is nil (empty when low > high); unused (0, -1) otherwise.
    private var low: Int32
    private var high: Int32
    /// Two ranges or more, normalised.
    private var many: [ClosedRange<Int>]?

    public init() { (low, high, many) = (0, -1, nil) }

    public init(_ range: ClosedRange<Int>) {
        (low, high, many) = (Int32(clamping: range.lowerBound), Int32(clamping: range.upperBound), nil)
    }

    public init(_ ranges: [ClosedRange<Int>]) {
        self.init()
        for range in ranges { formUnion(range) }
    }

    private init(normalised ranges: [ClosedRange<Int>]) {
        switch ranges.count {
        case 0: self.init()
        case 1: self.init(ranges[0])
        default:
            self.init()
            many = ranges
        }
    }

    public var ranges: [ClosedRange<Int>] {
        if let many { return many }
        return low <= high ? [Int(low)...Int(high)] : []
    }

    public var isEmpty: Bool { many == nil && low > high }

    public var count: Int { ranges.reduce(0) { $0 + $1.count } }

    public func contains(_ value: Int) -> Bool {
        if many == nil { return Int(low) <= value && value <= Int(high) }
        return ranges.contains { $0.contains(value) }
    }

    /// True when every value of `range` is in the set.
    public func covers(_ range: ClosedRange<Int>) -> Bool {
        if many == nil { return low <= high && Int(low) <= range.lowerBound && Int(high) >= range.upperBound }
        return ranges.contains { $0.lowerBound <= range.lowerBound && $0.upperBound >= range.upperBound }
    }

    public mutating func formUnion(_ range: ClosedRange<Int>) {
        if isEmpty {
            self = IntervalSet(range)
            return
        }
        var low = range.lowerBound, high = range.upperBound
        var kept: [ClosedRange<Int>] = []
        var inserted = false
        for existing in ranges {
            if existing.upperBound < low - 1 {
                kept.append(existing)
            } else if existing.lowerBound > high + 1 {
                if !inserted { kept.append(low...high); inserted = true }
                kept.append(existing)
            } else {
                low = Swift.min(low, existing.lowerBound)
                high = Swift.max(high, existing.upperBound)
            }
        }
        if !inserted { kept.append(low...high) }
        self = IntervalSet(normalised: kept)
    }

    public func union(_ other: IntervalSet) -> IntervalSet {
        if other.isEmpty || self == other { return self }
        if isEmpty { return other }
        // Two single ranges that touch: one range, no array.
        if many == nil, other.many == nil, Int(other.low) <= Int(high) + 1, Int(low) <= Int(other.high) + 1 {
            return IntervalSet(Int(Swift.min(low, other.low))...Int(Swift.max(high, other.high)))
        }
        var result = self
        for range in other.ranges { result.formUnion(range) }
        return result
    }

    public func intersection(_ other: IntervalSet) -> IntervalSet {
        if isEmpty || other.isEmpty { return IntervalSet() }
        if many == nil, other.many == nil {
            let a = Swift.max(low, other.low), b = Swift.min(high, other.high)
            return a <= b ? IntervalSet(Int(a)...Int(b)) : IntervalSet()
        }
        let mine = ranges, theirs = other.ranges
        var result: [ClosedRange<Int>] = []
        var i = 0, j = 0
        while i < mine.count && j < theirs.count {
            let a = mine[i], b = theirs[j]
            let low = Swift.max(a.lowerBound, b.lowerBound), high = Swift.min(a.upperBound, b.upperBound)
            if low <= high { result.append(low...high) }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        return IntervalSet(normalised: result)
    }

    public func subtracting(_ other: IntervalSet) -> IntervalSet {
        if other.isEmpty || isEmpty { return self }
        if many == nil, other.many == nil {
            if other.high < low || other.low > high { return self }
            let left = other.low > low ? Int(low)...Int(other.low - 1) : nil
            let right = other.high < high ? Int(other.high + 1)...Int(high) : nil
            switch (left, right) {
            case (nil, nil): return IntervalSet()
            case (let left?, nil): return IntervalSet(left)
            case (nil, let right?): return IntervalSet(right)
            case (let left?, let right?): return IntervalSet(normalised: [left, right])
            }
        }
        var result: [ClosedRange<Int>] = []
        let cuts = other.ranges
        for range in ranges {
            var low = range.lowerBound
            let high = range.upperBound
            for cut in cuts where cut.upperBound >= low && cut.lowerBound <= high {
                if cut.lowerBound > low { result.append(low...(cut.lowerBound - 1)) }
                low = cut.upperBound + 1
                if low > high { break }
            }
            if low <= high { result.append(low...high) }
        }
        return IntervalSet(normalised: result)
    }
}
