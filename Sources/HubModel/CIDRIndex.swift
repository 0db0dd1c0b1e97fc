/// Values filed under address blocks, found by overlap in logarithmic time: a hub's route table or
/// its peer links hold one entry per spoke, and a rule that asks "what overlaps this range" for
/// every spoke would otherwise be quadratic in the organisation's size.
///
/// An entry overlaps a range when it contains the range or lies inside it (blocks never overlap
/// partly). The containing ones are found by probing each prefix length present, no longer than
/// the range's; the contained ones by binary search over the entries sorted by first address (then
/// prefix length). The same two halves answer a longest-prefix match (`longest(containing:)`) and
/// whether a range holds a more specific block (`hasBlock(inside:)`), which is what a route
/// table's lookups are made of (`RouteTableIndex`, `TransitGatewayRouting`).
public struct CIDRIndex<Value> {
    private struct Entry {
        var block: CIDR
        var order: Int
    }

    private let values: [Value]
    /// Exact block → entry orders (two entries may share a block).
    private let exact: [CIDR: [Int]]
    /// Per family: the prefix lengths present (shortest first), and the entries sorted by first
    /// address, then prefix length, then order.
    private let lengths: [CIDR.Family: [Int]]
    private let sorted: [CIDR.Family: [Entry]]

    public init(_ entries: [(CIDR, Value)]) {
        values = entries.map(\.1)
        var exact: [CIDR: [Int]] = [:]
        var lengths: [CIDR.Family: Set<Int>] = [:]
        var sorted: [CIDR.Family: [Entry]] = [:]
        for (order, (block, _)) in entries.enumerated() {
            exact[block, default: []].append(order)
            lengths[block.family, default: []].insert(block.prefixLength)
            sorted[block.family, default: []].append(Entry(block: block, order: order))
        }
        self.exact = exact
        self.lengths = lengths.mapValues { $0.sorted() }
        self.sorted = sorted.mapValues {
            $0.sorted { ($0.block.network, $0.block.prefixLength, $0.order) < ($1.block.network, $1.block.prefixLength, $1.order) }
        }
    }

    /// The values of the longest block that contains `range` (or equals it), in the order they were
    /// given (several when entries share that block); empty when no block contains it. One hash
    /// probe per prefix length present, longest first.
    public func longest(containing range: CIDR) -> [Value] {
        guard let present = lengths[range.family] else { return [] }
        for length in present.reversed() where length <= range.prefixLength {
            if let orders = exact[CIDR(family: range.family, network: range.network, prefixLength: length)] {
                return orders.map { values[$0] }
            }
        }
        return []
    }

    /// The values filed under exactly `block`, in the order they were given.
    public func values(at block: CIDR) -> [Value] {
        (exact[block] ?? []).map { values[$0] }
    }

    /// Whether some block lies strictly inside `range` (inside it, with a longer prefix): one binary
    /// search for the first entry after the range's own block in (address, length) order.
    public func hasBlock(inside range: CIDR) -> Bool {
        guard let entries = sorted[range.family] else { return false }
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            let block = entries[middle].block
            if (block.network, block.prefixLength) <= (range.network, range.prefixLength) { low = middle + 1 } else { high = middle }
        }
        // Past the range's own block and its containers: an entry that still starts within the range
        // starts at its first address with a longer prefix, or later (and so is longer too).
        return low < entries.count && entries[low].block.network <= range.last
    }

    /// The values whose block overlaps `range`, in the order they were given.
    public func overlapping(_ range: CIDR) -> [Value] {
        var orders: [Int] = []
        // Blocks that contain the range (or equal it): one probe per prefix length present.
        for length in lengths[range.family] ?? [] where length <= range.prefixLength {
            let container = CIDR(family: range.family, network: range.network, prefixLength: length)
            orders += exact[container] ?? []
        }
        // Blocks strictly inside the range: first addresses within it, longer prefixes.
        if let entries = sorted[range.family] {
            var low = 0, high = entries.count
            while low < high {
                let middle = (low + high) / 2
                if entries[middle].block.network < range.network { low = middle + 1 } else { high = middle }
            }
            let last = range.last
            var index = low
            while index < entries.count, entries[index].block.network <= last {
                if entries[index].block.prefixLength > range.prefixLength { orders.append(entries[index].order) }
                index += 1
            }
        }
        return orders.sorted().map { values[$0] }
    }
}

extension CIDRIndex: Sendable where Value: Sendable {}
