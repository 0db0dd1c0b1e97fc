/// A route table's longest-prefix match and `resolve`, from an index of its CIDR routes built once:
/// a hub's table holds a route per spoke and is looked up for every one of them, which a pass over
/// its routes per lookup would make quadratic in the organisation's size.
///
/// Same answers as `RouteTable.resolve` (the pass, kept as the reference: RouteTableIndexTests
/// compares them on random tables) in O(log n + L) per range decided, L the prefix lengths present:
/// the longest block containing a range by one hash probe per length, and whether a more specific
/// route splits it by a binary search (`CIDRIndex`). Only CIDR destinations take part, as in
/// `RouteTable.resolve`: index a table from `expandingPrefixLists(in:)`.
public struct RouteTableIndex: Sendable {
    public let table: RouteTable
    /// The CIDR routes' positions in `table.routes`, by destination.
    private let blocks: CIDRIndex<Int>

    public init(_ table: RouteTable) {
        self.table = table
        // A plain loop reading only the destination: closures over `Route` crashed the 6.3.1
        // optimiser under -sanitize=address.
        var entries: [(CIDR, Int)] = []
        for position in table.routes.indices {
            if case .cidr(let cidr) = table.routes[position].destination { entries.append((cidr, position)) }
        }
        blocks = CIDRIndex(entries)
    }

    /// The route that carries all of `range` (an address, or a block no more specific route
    /// splits): the longest prefix containing it, and for one prefix AWS's priority
    /// (`RouteTable.lowerPriority`), the first listed among equals — what `RouteTable.resolve` picks.
    public func lookUp(_ range: CIDR) -> Route? {
        var best: Route?
        // Positions come in table order, as `max(by:)` in the pass meets them.
        for position in blocks.longest(containing: range) {
            let route = table.routes[position]
            if let known = best, !RouteTable.lowerPriority(known, route) { continue }
            best = route
        }
        return best
    }

    /// The table's own routes (not entries of a prefix list) for exactly `block`, in table order:
    /// whether a fix must `replace-route` rather than `create-route`, or already routes a block.
    public func ownRoutes(exactly block: CIDR) -> [Route] {
        var found: [Route] = []
        for position in blocks.values(at: block) where table.routes[position].viaPrefixList == nil { found.append(table.routes[position]) }
        return found
    }

    /// Which route carries each part of `range` (`RouteTable.resolve`): a more specific route
    /// inside a part splits it in halves, each decided on its own; parts no route covers come back
    /// with a nil route. O(k · w · (log n + L)) for k routes inside the range, w the address bits.
    public func resolve(_ range: CIDR) -> [(range: CIDR, route: Route?)] {
        var parts: [(range: CIDR, route: Route?)] = []
        split(range, into: &parts)
        return parts
    }

    private func split(_ range: CIDR, into parts: inout [(range: CIDR, route: Route?)]) {
        if blocks.hasBlock(inside: range), let (low, high) = range.halves() {
            split(low, into: &parts)
            split(high, into: &parts)
            return
        }
        parts.append((range, lookUp(range)))
    }
}
