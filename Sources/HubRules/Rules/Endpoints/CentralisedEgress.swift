import HubModel

/// Whether a default route to a transit gateway reaches the internet: the centralised-egress
/// design, where spokes send 0.0.0.0/0 to the gateway and an egress VPC's NAT gateways carry it
/// out. Such instances reach Session Manager's public endpoints and need no interface endpoints.
/// Followed one step as the gateway does: the VPC's attachment, the table associated with it, that
/// table's default route, and the route tables of the egress attachment's subnets.
enum CentralisedEgress {
    enum Verdict {
        /// The gateway sends the default route to a VPC whose attachment subnets route it to an
        /// internet, NAT or egress-only gateway.
        case reachesInternet
        /// Where it ends, for the evidence of an isolated instance.
        case isolated(String)
        /// Part of the way is not in the snapshot.
        case unknown(TransitGatewayGap)
    }

    static func follow(_ route: Route, to destination: CIDR, from vpcId: String, _ lookups: EndpointLookups,
                       gatewayTables: inout TransitGatewayTables, isInternetRoute: (Route) -> Bool) -> Verdict {
        let snapshot = lookups.snapshot
        let gatewayId = route.targetId
        guard let attachment = snapshot.transitGatewayAttachmentsByVpc[vpcId]?
                .first(where: { $0.transitGatewayId == gatewayId && $0.isAvailable }) else {
            return .isolated("its default route \(destination) → \(gatewayId) leads nowhere: the VPC has no available attachment to that gateway")
        }
        let table: TransitGatewayRouteTable
        switch snapshot.associatedRouteTable(of: attachment) {
        case .table(let associated): table = associated
        case .none(let why): return .isolated("its default route \(destination) → \(gatewayId) ends at \(attachment.id): \(why)")
        case .unknown(let gap): return .unknown(gap)
        }
        // A lookup of the whole default block matches only a route for exactly that block.
        switch gatewayTables.routing(table).lookUp(destination) {
        case .unknown(let gap):
            return .unknown(gap)
        case .noRoute:
            return .isolated("\(table.label), associated with \(attachment.id), has no \(destination) route")
        case .route(let egress) where egress.isBlackhole:
            return .isolated("\(table.label), associated with \(attachment.id), blackholes \(destination)")
        case .route(let egress):
            return egressVerdict(egress, table: table, lookups, isInternetRoute: isInternetRoute)
        }
    }

    /// The attachments the gateway's default route leads to: one whose subnets route to the
    /// internet is the egress VPC.
    private static func egressVerdict(_ egress: TransitGatewayRoute, table: TransitGatewayRouteTable, _ lookups: EndpointLookups,
                                      isInternetRoute: (Route) -> Bool) -> Verdict {
        let snapshot = lookups.snapshot
        for attachmentId in egress.attachmentIds {
            guard let attachment = snapshot.transitGatewayAttachmentsById[attachmentId], attachment.kind == .vpc else { continue }
            let subnets = attachment.subnetIds.compactMap { lookups.snapshot.subnet(id: $0) }
            if subnets.contains(where: { subnet in snapshot.routeTable(forSubnet: subnet)?.routes.contains(where: isInternetRoute) ?? false }) {
                return .reachesInternet
            }
        }
        return .isolated("\(table.label) sends \(egress.destination) to \(egress.attachmentIds.joined(separator: ", ")), "
                         + "whose subnets' route tables have no route to an internet, NAT or egress-only gateway")
    }
}
