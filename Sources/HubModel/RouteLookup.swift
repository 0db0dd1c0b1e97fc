extension RouteTable {
    /// Which route carries each part of `range`, by longest-prefix match — the way the VPC router
    /// decides. A more specific route inside the range splits it, so a /16 can be half through a
    /// peering and half elsewhere. Parts no route covers come back with a nil route.
    /// Prefix-list destinations are ignored: they hold AWS service ranges, not VPC addresses.
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
        let best = routes.filter { $0.cidr!.contains(range) }.max { $0.cidr!.prefixLength < $1.cidr!.prefixLength }
        return [(range, best)]
    }
}
