import HubModel

/// A route table's longest-prefix match for single addresses as hash lookups: one per prefix length
/// the table uses, longest first. A hub's table holds a route per spoke; scanning it for every pair
/// would dominate an organisation-wide query. Same answer as `RouteTable.resolve` on an expanded table.
struct RouteIndex: Sendable {
    /// Prefix lengths present, per family, longest first.
    private let lengths: [CIDR.Family: [Int]]
    private let routes: [CIDR: Route]

    init(_ table: RouteTable) {
        var best: [CIDR: Route] = [:]
        for route in table.routes {
            guard let cidr = route.cidr else { continue }
            // Same destination twice (a CIDR route and a prefix-list entry): AWS's priority, as
            // `RouteTable.resolve` applies it.
            if let known = best[cidr], !RouteTable.lowerPriority(known, route) { continue }
            best[cidr] = route
        }
        routes = best
        var lengths: [CIDR.Family: Set<Int>] = [:]
        for cidr in best.keys { lengths[cidr.family, default: []].insert(cidr.prefixLength) }
        self.lengths = lengths.mapValues { $0.sorted(by: >) }
    }

    func lookUp(_ address: CIDR) -> Route? {
        for length in lengths[address.family] ?? [] where length <= address.prefixLength {
            if let route = routes[CIDR(family: address.family, network: address.network, prefixLength: length)] { return route }
        }
        return nil
    }
}
