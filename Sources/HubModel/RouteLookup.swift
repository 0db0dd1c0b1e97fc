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
    /// A pass over every route: a table looked up more than once is looked up through its index
    /// (`RouteTableIndex`, `ExpandedRouteTables.indexed`), which answers the same.
    public func resolve(_ range: CIDR) -> [(range: CIDR, route: Route?)] {
        let candidates = routes.filter { route in
            guard let cidr = route.cidr else { return false }
            return cidr.overlaps(range)
        }
        return RouteTable.resolve(range, among: candidates)
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
    /// Each table's lookup index, built when the table is first looked up.
    private var indexes: [String: RouteTableIndex] = [:]

    /// Up to this many routes a table is checked for prefix-list routes by a pass on every call.
    static let smallTable = 16

    public init(_ snapshot: Snapshot) { self.snapshot = snapshot }

    public mutating func callAsFunction(_ table: RouteTable) -> (table: RouteTable, unknown: [PrefixListGap]) {
        // Most tables are small and have no prefix-list route: nothing to expand, nothing worth a
        // hashed key. A large one (a hub's, asked for once per spoke) is looked at once and kept,
        // whether or not it needed expanding: a pass over it per call would be quadratic.
        if table.routes.count <= ExpandedRouteTables.smallTable {
            guard table.routes.contains(where: { $0.cidr == nil }) else { return (table, []) }
        }
        let key = "\(table.scope)/\(table.id)"
        if let known = cache[key] { return known }
        let expanded = table.expandingPrefixLists(in: snapshot)
        cache[key] = expanded
        return expanded
    }

    /// The lookup index of `table` expanded (`RouteTableIndex`: longest-prefix match and
    /// `resolve` without a pass over the routes), built once per table: a hub's table holds a route
    /// per spoke and is looked up for every one of them. `table` is a table of the snapshot or its
    /// expansion from this value (both give the same index): tables are told apart by scope and id.
    public mutating func indexed(_ table: RouteTable) -> RouteTableIndex {
        let key = "\(table.scope)/\(table.id)"
        if let known = indexes[key] { return known }
        let index = RouteTableIndex(self(table).table)
        indexes[key] = index
        return index
    }
}
