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

/// Which VPCs share a transit-gateway route table: those whose attachments propagate into it.
/// Every table that holds routes to two of them can route a range they share to only one.
struct TransitGatewaySegments {
    /// VPC id → the route tables its attachments propagate into (in force), each with the attachment.
    private(set) var propagations: [String: [(table: TransitGatewayRouteTable, attachment: TransitGatewayAttachment)]] = [:]
    /// VPC id → why its propagations are unknown (its gateway's owner view, or a table's propagations).
    private(set) var unknown: [String: TransitGatewayGap] = [:]
    /// The VPCs with an available attachment to some gateway.
    private(set) var attached: Set<String> = []

    init(_ snapshot: Snapshot) {
        // Table → the attachments propagating into it in force, made once per table: a hub's table
        // lists every spoke, and every spoke's attachment is looked up in it.
        var propagating: [String: Set<String>] = [:]
        func propagates(_ attachment: TransitGatewayAttachment, into table: TransitGatewayRouteTable, _ links: [TransitGatewayRouteTable.Link]) -> Bool {
            let key = "\(table.scope)/\(table.id)"
            if let known = propagating[key] { return known.contains(attachment.id) }
            let inForce = Set(links.filter(\.isInForce).map(\.attachmentId))
            propagating[key] = inForce
            return inForce.contains(attachment.id)
        }
        for attachment in snapshot.transitGatewayAttachments where attachment.kind == .vpc && attachment.isAvailable {
            let vpcId = attachment.resourceId
            attached.insert(vpcId)
            let gateway = snapshot.transitGateway(of: attachment)
            if let gap = snapshot.ownerViewGap(of: gateway) {
                unknown[vpcId] = unknown[vpcId] ?? gap
                continue
            }
            for table in snapshot.routeTables(ofTransitGateway: gateway.id).sorted(by: { $0.id < $1.id }) {
                guard let links = table.propagations else {
                    unknown[vpcId] = unknown[vpcId] ?? TransitGatewayGap(
                        detail: "\(table.label): GetTransitGatewayRouteTablePropagations \(table.propagationsStatus.summary)",
                        inputs: [.getTransitGatewayRouteTablePropagations], scope: table.scope)
                    continue
                }
                if propagates(attachment, into: table, links) {
                    propagations[vpcId, default: []].append((table, attachment))
                } else if let link = links.first(where: { $0.attachmentId == attachment.id && $0.isInTransition }) {
                    // `enabling`: the VPC may share the table by the time the report is read.
                    unknown[vpcId] = unknown[vpcId] ?? TransitGatewayGap(
                        detail: "\(table.label): the propagation of \(attachment.id) is \(link.state): whether it is in force cannot be told until it settles (collect again)",
                        inputs: [.getTransitGatewayRouteTablePropagations], scope: table.scope)
                }
            }
        }
    }

    /// The first route table (by id) both VPCs propagate into, with each one's attachment.
    func commonTable(_ a: String, _ b: String)
        -> (table: TransitGatewayRouteTable, a: TransitGatewayAttachment, b: TransitGatewayAttachment)? {
        let tablesOfB = propagations[b] ?? []
        for entry in (propagations[a] ?? []).sorted(by: { $0.table.id < $1.table.id }) {
            if let other = tablesOfB.first(where: { $0.table.id == entry.table.id && $0.table.scope == entry.table.scope }) {
                return (entry.table, entry.attachment, other.attachment)
            }
        }
        return nil
    }
}
