import HubModel

/// Each transit-gateway route table's routing (`TransitGatewayRouting`) built once per rule run:
/// every spoke's VPC route to a hub gateway is looked up in the same few tables.
struct TransitGatewayTables {
    private let snapshot: Snapshot
    private var routings: [String: TransitGatewayRouting] = [:]

    init(_ snapshot: Snapshot) { self.snapshot = snapshot }

    mutating func routing(_ table: TransitGatewayRouteTable) -> TransitGatewayRouting {
        let key = "\(table.scope)/\(table.id)"
        if let known = routings[key] { return known }
        let routing = TransitGatewayRouting(table, in: snapshot)
        routings[key] = routing
        return routing
    }
}

extension Snapshot {
    /// The gateway an attachment names, or a stand-in with its id and owner when no account of the
    /// snapshot described it (as `associatedRouteTable(of:)` does).
    func transitGateway(of attachment: TransitGatewayAttachment) -> TransitGateway {
        transitGatewaysById[attachment.transitGatewayId]
            ?? TransitGateway(scope: Scope(account: attachment.transitGatewayOwnerId, region: attachment.scope.region),
                              id: attachment.transitGatewayId, ownerId: attachment.transitGatewayOwnerId)
    }
}
