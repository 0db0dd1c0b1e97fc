import HubModel

/// A transit-gateway table's longest-prefix match as hash lookups, one per prefix length, longest
/// first: a hub's table holds a route per spoke, and an organisation-wide question looks it up for
/// every pair. Same answer as `TransitGatewayRouting.lookUp`: for one prefix the route AWS prefers wins
/// (`TransitGatewayRouting.outranks`), otherwise the first listed stays; a table with a gap answers unknown.
struct TransitGatewayRouteIndex: Sendable {
    let routing: TransitGatewayRouting
    private let lengths: [CIDR.Family: [Int]]
    private let routes: [CIDR: TransitGatewayRoute]

    init(_ routing: TransitGatewayRouting) {
        self.routing = routing
        var best: [CIDR: TransitGatewayRoute] = [:]
        for route in routing.routes {
            guard let cidr = route.cidr else { continue }
            if let known = best[cidr], !TransitGatewayRouting.outranks(route, known) { continue }
            best[cidr] = route
        }
        routes = best
        var lengths: [CIDR.Family: Set<Int>] = [:]
        for cidr in best.keys { lengths[cidr.family, default: []].insert(cidr.prefixLength) }
        self.lengths = lengths.mapValues { $0.sorted(by: >) }
    }

    func lookUp(_ address: CIDR) -> TransitGatewayRouting.Lookup {
        if let gap = routing.gaps.first { return .unknown(gap) }
        for length in lengths[address.family] ?? [] where length <= address.prefixLength {
            if let route = routes[CIDR(family: address.family, network: address.network, prefixLength: length)] { return .route(route) }
        }
        return .noRoute
    }
}
