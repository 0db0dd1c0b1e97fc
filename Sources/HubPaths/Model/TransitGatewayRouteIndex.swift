import HubModel

/// A transit-gateway table's routing as the reachability model holds it: a hub's table holds a
/// route per spoke, and an organisation-wide question looks it up for every pair, so the lookup is
/// `TransitGatewayRouting`'s own hash-indexed longest-prefix match (built once per table).
struct TransitGatewayRouteIndex: Sendable {
    let routing: TransitGatewayRouting

    init(_ routing: TransitGatewayRouting) { self.routing = routing }

    func lookUp(_ address: CIDR) -> TransitGatewayRouting.Lookup { routing.lookUp(address) }
}
