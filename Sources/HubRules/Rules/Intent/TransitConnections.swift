import HubModel

/// What the intent rules need of the transit gateways: which VPC pairs a gateway connects (both
/// attached to one gateway, or to two gateways joined by a peering attachment), and what the table
/// a VPC's attachment is associated with routes. Built once per rule evaluation; the routing of a
/// table is worked out once, on first use.
struct TransitConnections {
    let snapshot: Snapshot
    /// VPC id → the gateways its available attachments join.
    private let gatewaysByVpc: [String: Set<String>]
    /// Gateway → the gateways an available peering attachment joins it to.
    private let peers: [String: Set<String>]
    private let routings: RoutingCache

    /// What the table associated with a VPC's attachment says, as far as the snapshot tells.
    enum Association {
        case table(TransitGatewayAttachment, TransitGatewayRouting)
        /// No table in force: the gateway drops what the attachment sends.
        case none
        case unknown(TransitGatewayAttachment?, TransitGatewayGap)
    }

    init(_ snapshot: Snapshot) {
        self.snapshot = snapshot
        var byVpc: [String: Set<String>] = [:]
        for (vpcId, attachments) in snapshot.transitGatewayAttachmentsByVpc {
            for attachment in attachments where attachment.isAvailable { byVpc[vpcId, default: []].insert(attachment.transitGatewayId) }
        }
        gatewaysByVpc = byVpc
        var peers: [String: Set<String>] = [:]
        for attachment in snapshot.transitGatewayAttachments where attachment.isPeering && attachment.isAvailable {
            guard let peer = attachment.peerTransitGatewayId, peer != attachment.transitGatewayId else { continue }
            peers[attachment.transitGatewayId, default: []].insert(peer)
            peers[peer, default: []].insert(attachment.transitGatewayId)
        }
        self.peers = peers
        routings = RoutingCache(snapshot)
    }

    /// The gateway that joins the two VPCs (the first by id), directly or through one peering of gateways.
    func gateway(joining a: String, _ b: String) -> String? {
        let fromA = gatewaysByVpc[a] ?? [], fromB = gatewaysByVpc[b] ?? []
        if let shared = fromA.intersection(fromB).sorted().first { return shared }
        return fromA.sorted().first { !(peers[$0] ?? []).isDisjoint(with: fromB) }
    }

    /// The tables associated with the VPC's available attachments, one entry per attachment (by id).
    func associations(of vpcId: String) -> [Association] {
        let attachments = (snapshot.transitGatewayAttachmentsByVpc[vpcId] ?? []).filter(\.isAvailable).sorted { $0.id < $1.id }
        return attachments.map(association)
    }

    /// What the VPC's attachment to `gatewayId` forwards: nil when the snapshot tells everything
    /// there is (the table and its routes are known, or the VPC has no available attachment there
    /// and the attachment listing was read); the gap otherwise.
    func gap(routing vpc: Vpc, through gatewayId: String) -> TransitGatewayGap? {
        let attached = (snapshot.transitGatewayAttachmentsByVpc[vpc.id] ?? []).filter { $0.transitGatewayId == gatewayId && $0.isAvailable }
        guard let attachment = attached.first else {
            let status = snapshot.coverage.status(vpc.scope, .describeTransitGatewayAttachments)
            return status.isCollected ? nil
                : TransitGatewayGap(detail: "DescribeTransitGatewayAttachments \(status.summary) in \(vpc.scope)",
                                    inputs: [.describeTransitGatewayAttachments], scope: vpc.scope)
        }
        switch association(attachment) {
        case .table(_, let routing): return routing.gaps.first
        case .none: return nil
        case .unknown(_, let gap): return gap
        }
    }

    private func association(_ attachment: TransitGatewayAttachment) -> Association {
        switch snapshot.associatedRouteTable(of: attachment) {
        case .table(let table): return .table(attachment, routings.routing(table))
        case .none: return .none
        case .unknown(let gap): return .unknown(attachment, gap)
        }
    }

    /// One routing per table, made on first use: a spokes table serves every spoke.
    private final class RoutingCache {
        let snapshot: Snapshot
        var routings: [String: TransitGatewayRouting] = [:]
        init(_ snapshot: Snapshot) { self.snapshot = snapshot }

        func routing(_ table: TransitGatewayRouteTable) -> TransitGatewayRouting {
            if let known = routings[table.id] { return known }
            let routing = TransitGatewayRouting(table, in: snapshot)
            routings[table.id] = routing
            return routing
        }
    }
}

extension RuleOutput {
    /// A transit-gateway fact the snapshot cannot give, as not evaluated: outside the snapshot when
    /// the gateway belongs to an account it does not hold, else the missing calls.
    mutating func cannotEvaluate(_ gap: TransitGatewayGap, resources: [String], _ what: String) {
        cannotEvaluate(gap.scope, resources: resources, reason: gap.isOutsideSnapshot ? .outsideSnapshot : .missingInput,
                       inputs: gap.inputs, "\(what): \(gap.detail)")
    }
}
