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
