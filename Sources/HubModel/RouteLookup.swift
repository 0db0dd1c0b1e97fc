extension RouteTable {
    /// This table as the VPC router sees it: each prefix-list route stands for one route per entry
    /// of its list (marked `viaPrefixList`), taking part in longest-prefix match like any other.
    /// The lists whose entries the snapshot lacks come back as gaps: while one concerns a range's
    /// family, no lookup of that range in this table is certain (an unknown entry may be more
    /// specific than any route known), so the caller reports "not evaluated" rather than guess.
    public func expandingPrefixLists(in snapshot: Snapshot) -> (table: RouteTable, unknown: [PrefixListGap]) {
        guard routes.contains(where: { $0.cidr == nil }) else { return (self, []) }
        var expanded: [Route] = []
        var unknown: [PrefixListGap] = []
        for route in routes {
            guard case .prefixList(let id) = route.destination else {
                expanded.append(route)
                continue
            }
            switch snapshot.prefixListEntries(id, in: scope) {
            case .known(_, let entries):
                for entry in entries {
                    var copy = route
                    copy.destination = .cidr(entry)
                    copy.viaPrefixList = id
                    expanded.append(copy)
                }
            case .unknown(let gap):
                if !unknown.contains(gap) { unknown.append(gap) }
            }
        }
        return (RouteTable(scope: scope, id: id, vpcId: vpcId, isMain: isMain, subnetIds: subnetIds, routes: expanded, tags: tags),
                unknown)
    }

    /// Which route carries each part of `range`, by longest-prefix match — the way the VPC router
    /// decides. A more specific route inside the range splits it, so a /16 can be half through a
    /// peering and half elsewhere. Parts no route covers come back with a nil route.
    /// Only CIDR destinations take part: call it on a table from `expandingPrefixLists(in:)`, whose
    /// prefix-list routes are CIDR routes per entry (on a table not expanded they are ignored).
    public func resolve(_ range: CIDR) -> [(range: CIDR, route: Route?)] {
        let candidates = routes.filter { route in
            guard let cidr = route.cidr else { return false }
            return cidr.overlaps(range)
        }
        return RouteTable.resolve(range, among: candidates)
    }

    /// The table with only the routes that overlap one of `blocks`: it resolves every range inside
    /// those blocks exactly as the whole table does, faster when the table is large (a hub's, with
    /// one route per spoke).
    public func narrowed(to blocks: [CIDR]) -> RouteTable {
        // A plain loop: `var copy = self; copy.routes = routes.filter { … }` crashed the 6.3.1
        // optimiser (CopyPropagation) under -sanitize=address.
        var kept: [Route] = []
        for index in routes.indices {
            // Only the destination is read; a route is copied (retaining its strings) only when kept.
            guard case .cidr(let cidr) = routes[index].destination, blocks.contains(where: { $0.overlaps(cidr) }) else { continue }
            kept.append(routes[index])
        }
        return RouteTable(scope: scope, id: id, vpcId: vpcId, isMain: isMain, subnetIds: subnetIds, routes: kept, tags: tags)
    }

    private static func resolve(_ range: CIDR, among routes: [Route]) -> [(range: CIDR, route: Route?)] {
        // A route strictly inside the range: split and decide each half on its own.
        if routes.contains(where: { $0.cidr!.prefixLength > range.prefixLength }), let (low, high) = range.halves() {
            let lowRoutes = routes.filter { $0.cidr!.overlaps(low) }
            let highRoutes = routes.filter { $0.cidr!.overlaps(high) }
            return resolve(low, among: lowRoutes) + resolve(high, among: highRoutes)
        }
        let best = routes.filter { $0.cidr!.contains(range) }.max(by: RouteTable.lowerPriority)
        return [(range, best)]
    }

    /// Route priority, from AWS's "How route priority works"
    /// (https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html): the longest
    /// prefix wins; for the same prefix, a static route (local, peering, gateway: every CIDR route
    /// here) wins over a prefix-list route, which wins over a propagated one. Propagated routes are
    /// not told apart in the snapshot (DescribeRouteTables' origin is kept but not ranked here).
    /// Two prefix lists with the same entry to different targets: AWS picks one and keeps it, without
    /// saying which; the list with the smaller id is taken here, a guess the evidence makes visible
    /// (the route line names the list).
    public static func lowerPriority(_ a: Route, _ b: Route) -> Bool {
        let (lengthA, lengthB) = (a.cidr!.prefixLength, b.cidr!.prefixLength)
        if lengthA != lengthB { return lengthA < lengthB }
        switch (a.viaPrefixList, b.viaPrefixList) {
        case (nil, nil): return false
        case (nil, _?): return false
        case (_?, nil): return true
        case (let listA?, let listB?): return listA > listB
        }
    }
}

/// Each route table of a snapshot expanded once (`expandingPrefixLists(in:)`), for a rule that
/// looks up the same tables many times: a hub's table serves every spoke's return path.
public struct ExpandedRouteTables {
    private let snapshot: Snapshot
    private var cache: [String: (table: RouteTable, unknown: [PrefixListGap])] = [:]
    /// Each table's CIDR routes by block (route positions), for `narrowed(_:to:)`.
    private var indexes: [String: (routeCount: Int, index: CIDRIndex<Int>)] = [:]

    public init(_ snapshot: Snapshot) { self.snapshot = snapshot }

    public mutating func callAsFunction(_ table: RouteTable) -> (table: RouteTable, unknown: [PrefixListGap]) {
        // Most tables have no prefix-list route: nothing to expand, nothing worth a hashed key.
        guard table.routes.contains(where: { $0.cidr == nil }) else { return (table, []) }
        let key = "\(table.scope)/\(table.id)"
        if let known = cache[key] { return known }
        let expanded = table.expandingPrefixLists(in: snapshot)
        cache[key] = expanded
        return expanded
    }

    /// `table.narrowed(to: blocks)`, from an index of the table's routes built once: a hub's table
    /// holds a route per spoke and is narrowed for every one of them, which a pass over its routes
    /// each time would make quadratic. `table` must be one this value returned (expanded): tables
    /// are told apart by scope and id, as in a snapshot. One that still holds prefix-list routes when
    /// its index is first built is narrowed by a pass instead.
    public mutating func narrowed(_ table: RouteTable, to blocks: [CIDR]) -> RouteTable {
        let key = "\(table.scope)/\(table.id)"
        let index: CIDRIndex<Int>
        if let known = indexes[key], known.routeCount == table.routes.count {
            index = known.index
        } else {
            // Plain loops over the positions, reading only the destination: closures over `Route`
            // here crashed the 6.3.1 optimiser under -sanitize=address (as in `narrowed(to:)`).
            var entries: [(CIDR, Int)] = []
            for position in table.routes.indices {
                switch table.routes[position].destination {
                case .cidr(let cidr): entries.append((cidr, position))
                case .prefixList: return table.narrowed(to: blocks)
                }
            }
            index = CIDRIndex(entries)
            indexes[key] = (table.routes.count, index)
        }
        let kept = blocks.count == 1 ? index.overlapping(blocks[0]) : Array(Set(blocks.flatMap(index.overlapping))).sorted()
        return RouteTable(scope: table.scope, id: table.id, vpcId: table.vpcId, isMain: table.isMain, subnetIds: table.subnetIds,
                          routes: kept.map { table.routes[$0] }, tags: table.tags)
    }
}
