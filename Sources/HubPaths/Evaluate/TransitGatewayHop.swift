import HubModel

/// One transit gateway a request crossed: the attachment it entered by and the one it left by,
/// each as that gateway sees it (a peering attachment has one id and a record per side). The
/// return leg checks each gateway again, in reverse, from the attachment the request left by.
struct TransitSegment: Sendable {
    let gatewayId: String
    let entry: TransitGatewayAttachment
    let exit: TransitGatewayAttachment
}

extension ReachabilityModel {
    /// A gateway path through peered gateways longer than this is taken for a routing loop.
    static let maximumTransitSegments = 4

    /// The hops of a VPC route to `gatewayId`: the source VPC's attachment (available, with a subnet
    /// in the source subnet's zone), then per gateway the table associated with the attachment the
    /// packet entered by and the attachment its longest-prefix route leads to — the destination
    /// VPC's (with a subnet in the destination subnet's zone), or a peering attachment into the
    /// next gateway. The segments are returned only when the chain reaches the destination VPC;
    /// the chain ends at the first hop that drops the packet or cannot be judged (that hop stops
    /// the walk: what follows depends on what it could not tell).
    func transitGatewayHops(_ gatewayId: String, _ source: EndpointClass, _ destination: EndpointClass)
        -> (hops: [HopVerdict], segments: [TransitSegment]?) {
        let (entryHop, sourceAttachment) = transitGatewayEntryHop(gatewayId, source)
        var hops = [entryHop]
        guard var entry = sourceAttachment else { return (hops, nil) }
        var gateway = gatewayId
        var segments: [TransitSegment] = []
        while true {
            let (tableHop, route) = transitGatewayTableHop(entry: entry, address: destination.address, leg: .forward)
            hops.append(tableHop)
            guard let route else { return (hops, nil) }
            switch transitGatewayExit(route, from: gateway, entry: entry, destination: destination,
                                      crossed: segments.map(\.gatewayId) + [gateway]) {
            case .arrived(let exitHop, let exit):
                hops.append(exitHop)
                segments.append(TransitSegment(gatewayId: gateway, entry: entry, exit: exit))
                return (hops, segments)
            case .peered(let exitHop, let exit, let peerSide):
                hops.append(exitHop)
                segments.append(TransitSegment(gatewayId: gateway, entry: entry, exit: exit))
                gateway = peerSide.transitGatewayId
                entry = peerSide
            case .ended(let exitHop):
                hops.append(exitHop)
                return (hops, nil)
            }
        }
    }

    /// Replies enter the last gateway from the destination's subnet: only from a zone where the
    /// destination's attachment has a subnet ("resources in Availability Zones where there is no
    /// transit gateway attachment cannot reach the transit gateway"). nil when they can (the
    /// forward leg judged the same subnet and attachment, so the zone is known here).
    func returnTransitGatewayEntryHop(_ segments: [TransitSegment], _ destination: EndpointClass) -> HopVerdict? {
        guard let last = segments.last, case .notCovered(let zone, let zones) = zoneCheck(destination.subnetId, last.exit) else { return nil }
        var verdict = HopVerdict(.return, .transitGatewayAttachment, last.exit.scope, [last.exit.id, last.gatewayId])
        verdict.deny(.all, .transitGatewayZoneNotAttached,
                     "\(last.exit.label) has no subnet in \(zone), where \(destination.subnetId) lies (it has subnets in \(zones)): replies cannot enter \(last.gatewayId) from there")
        return verdict
    }

    /// The return leg inside the gateways: for each gateway the request crossed, last first, the
    /// table associated with the attachment the request left by must route the source's address
    /// back to the attachment the request entered by. (The destination subnet's route back to the
    /// gateway is the route hop before these.)
    func returnTransitGatewayHops(_ segments: [TransitSegment], _ source: EndpointClass) -> [HopVerdict] {
        segments.reversed().map { segment in
            transitGatewayTableHop(entry: segment.exit, address: source.address, leg: .return, backTo: segment.entry.id).0
        }
    }

    /// The source VPC's attachment to the gateway its route names.
    private func transitGatewayEntryHop(_ gatewayId: String, _ source: EndpointClass) -> (HopVerdict, TransitGatewayAttachment?) {
        let attachments = (snapshot.transitGatewayAttachmentsByVpc[source.vpcId] ?? []).filter { $0.transitGatewayId == gatewayId }
        guard let attachment = attachments.first(where: \.isAvailable) ?? attachments.first else {
            if let status = gap(source.scope, .describeTransitGatewayAttachments) {
                var verdict = HopVerdict.missing(.forward, .transitGatewayAttachment, source.scope, [gatewayId], .notCollected,
                                                 "DescribeTransitGatewayAttachments \(status.summary) in \(source.scope)",
                                                 inputs: [.describeTransitGatewayAttachments])
                verdict.stops = true
                return (verdict, nil)
            }
            var verdict = HopVerdict(.forward, .transitGatewayAttachment, source.scope, [gatewayId])
            let vpcId = source.vpcId
            verdict.deny(.all, .transitGatewayNotAttached,
                         "\(vpcId) has no attachment to \(gatewayId): its route sends the traffic to a gateway the VPC is not attached to")
            return (verdict, nil)
        }
        var verdict = HopVerdict(.forward, .transitGatewayAttachment, attachment.scope, [attachment.id, gatewayId])
        guard attachment.isAvailable else {
            verdict.deny(.all, .transitGatewayAttachmentNotAvailable,
                         "\(attachment.label) attaching \(attachment.resourceId) to \(gatewayId) is \(attachment.state), not available")
            return (verdict, nil)
        }
        switch zoneCheck(source.subnetId, attachment) {
        case .covered(let zone, let subnetId):
            verdict.admit(.all, "\(attachment.label) attaches \(attachment.resourceId) to \(gatewayId) (available); \(source.subnetId) lies in \(zone), where the attachment has \(subnetId)")
            return (verdict, attachment)
        case .notCovered(let zone, let zones):
            let subnetId = source.subnetId
            verdict.deny(.all, .transitGatewayZoneNotAttached,
                         "\(attachment.label) has no subnet in \(zone), where \(subnetId) lies (it has subnets in \(zones)): traffic cannot enter \(gatewayId) from there")
            return (verdict, nil)
        case .unknown(let detail, let inputs):
            verdict.cannotJudge(.all, .notCollected, detail, inputs: inputs)
            verdict.stops = true
            return (verdict, nil)
        }
    }

    /// The table associated with `entry` and its route for `address`; the route is returned when
    /// the table admits the packet (active, leading to some attachment — to `backTo` on the return
    /// leg, the attachment the request entered by).
    func transitGatewayTableHop(entry: TransitGatewayAttachment, address: CIDR, leg: Leg,
                                backTo expected: String? = nil) -> (HopVerdict, TransitGatewayRoute?) {
        let table: TransitGatewayRouteTable
        switch snapshot.associatedRouteTable(of: entry) {
        case .table(let associated): table = associated
        case .none(let finding):
            var verdict = HopVerdict(leg, .transitGatewayRouteTable, entry.scope, [entry.transitGatewayId, entry.id])
            verdict.deny(.all, .transitGatewayNoAssociation, "\(entry.label): \(finding): the gateway drops what the attachment sends")
            return (verdict, nil)
        case .unknown(let gap):
            return (unjudged(gap, leg: leg, resources: [entry.transitGatewayId, entry.id], about: "the table associated with \(entry.id)"), nil)
        }
        let routing = transitGatewayRoutings[table.id] ?? TransitGatewayRouting(table, in: snapshot)
        var verdict = HopVerdict(leg, .transitGatewayRouteTable, table.scope, [table.id, entry.id])
        let place = "\(table.label), associated with \(entry.id)"
        switch routing.lookUp(address) {
        case .unknown(let gap):
            return (unjudged(gap, leg: leg, resources: [table.id, entry.id], about: "\(place): the route for \(hostText(address))"), nil)
        case .noRoute:
            verdict.deny(.all, .noRouteToDestination, "\(place): no route for \(hostText(address))")
            return (verdict, nil)
        case .route(let route) where route.isBlackhole:
            verdict.deny(.all, .blackholeRoute, "\(place): \(route): a blackhole route drops \(hostText(address))")
            return (verdict, nil)
        case .route(let route) where route.attachmentIds.isEmpty:
            verdict.cannotJudge(.all, .notCollected, "\(place): \(route) names no attachment: where it leads cannot be told",
                                inputs: [.searchTransitGatewayRoutes])
            verdict.stops = true
            return (verdict, nil)
        case .route(let route):
            if let expected, !route.attachmentIds.contains(expected) {
                verdict.deny(.all, .returnRouteMismatch,
                             "\(place): \(route): replies to \(hostText(address)) go to \(route.attachmentIds.joined(separator: ", ")), not \(expected) the request entered by")
                return (verdict, nil)
            }
            verdict.admit(.all, "\(place): \(route)")
            return (verdict, route)
        }
    }

    private enum TransitExit {
        /// Into the destination's VPC.
        case arrived(HopVerdict, TransitGatewayAttachment)
        /// Over a peering attachment: the attachment as the gateway left sees it, and as the next does.
        case peered(HopVerdict, TransitGatewayAttachment, TransitGatewayAttachment)
        /// Dropped or not judged: the chain ends.
        case ended(HopVerdict)
    }

    /// Where the table's route leads: the destination VPC's attachment (available, covering the
    /// destination subnet's zone), or a peering attachment to a gateway of the snapshot.
    private func transitGatewayExit(_ route: TransitGatewayRoute, from gateway: String, entry: TransitGatewayAttachment,
                                    destination: EndpointClass, crossed: [String]) -> TransitExit {
        let attachments = route.attachmentIds.compactMap { snapshot.transitGatewayAttachmentsById[$0] }
        let targetId = attachments.first(where: { $0.resourceId == destination.vpcId })?.id ?? route.attachmentIds[0]
        var verdict = HopVerdict(.forward, .transitGatewayAttachment, entry.scope, [targetId, gateway])
        guard let target = exitRecord(targetId, of: gateway) else {
            let owner = snapshot.transitGatewaysById[gateway]?.ownerScope ?? entry.scope
            if let status = gap(owner, .describeTransitGatewayAttachments) {
                verdict.cannotJudge(.all, .notCollected, "DescribeTransitGatewayAttachments \(status.summary) in \(owner)",
                                    inputs: [.describeTransitGatewayAttachments])
                verdict.stops = true
                return .ended(verdict)
            }
            verdict.deny(.all, .transitGatewayAttachmentNotAvailable,
                         "\(route) leads to \(targetId), which no attachment listing of \(gateway) holds (deleted?)")
            return .ended(verdict)
        }
        verdict.scope = target.scope
        guard target.isAvailable else {
            verdict.deny(.all, .transitGatewayAttachmentNotAvailable,
                         "\(target.label) attaching \(target.resourceId) to \(gateway) is \(target.state), not available")
            return .ended(verdict)
        }
        if target.isPeering { return peeringExit(target, from: gateway, verdict: verdict, crossed: crossed) }
        guard target.kind == .vpc else {
            verdict.cannotJudge(.all, .leavesModelledNetwork,
                                "\(route): leaves the modelled network via \(target.label) (\(target.kind.rawValue) attachment)")
            verdict.stops = true
            return .ended(verdict)
        }
        let address = destination.address, vpcId = destination.vpcId, subnetId = destination.subnetId
        guard target.resourceId == vpcId else {
            // Another VPC may forward it on (an inspection or egress VPC sends it back through
            // the gateway): its forwarding is not modelled, so the path is not judged either way.
            verdict.cannotJudge(.all, .leavesModelledNetwork,
                                "\(route) leads to \(target.label), which attaches \(target.resourceId); \(hostText(address)) is in \(vpcId): whether \(target.resourceId) forwards it (an inspection or appliance VPC) is not modelled")
            verdict.stops = true
            return .ended(verdict)
        }
        switch zoneCheck(subnetId, target) {
        case .covered(let zone, let attachmentSubnet):
            verdict.admit(.all, "\(target.label) attaches \(vpcId) to \(gateway) (available); \(subnetId) lies in \(zone), where the attachment has \(attachmentSubnet)")
            return .arrived(verdict, target)
        case .notCovered(let zone, let zones):
            // AWS delivers through the attachment's subnet in another zone, and the VPC's local
            // route carries the packet on ("traffic can be routed to all subnets in the VPC"); the
            // replies are what cannot enter the gateway from there (`returnTransitGatewayEntryHop`).
            verdict.admit(.all, "\(target.label) attaches \(vpcId) to \(gateway) (available); it has no subnet in \(zone), where \(subnetId) lies: \(gateway) delivers through its subnets in \(zones), and the local route of \(vpcId) carries it on")
            return .arrived(verdict, target)
        case .unknown(let detail, let inputs):
            verdict.cannotJudge(.all, .notCollected, detail, inputs: inputs)
            verdict.stops = true
            return .ended(verdict)
        }
    }

    /// A peering attachment: the packet continues in the peer gateway, in the table associated with
    /// the peering attachment there — when the peer gateway's owner is in the snapshot.
    private func peeringExit(_ attachment: TransitGatewayAttachment, from gateway: String, verdict: HopVerdict,
                             crossed: [String]) -> TransitExit {
        var verdict = verdict
        let peerId = attachment.transitGatewayId == gateway ? attachment.peerTransitGatewayId : attachment.transitGatewayId
        guard let peerId else {
            verdict.cannotJudge(.all, .notCollected, "\(attachment.label) peers \(gateway) with a gateway no listing names",
                                inputs: [.describeTransitGatewayPeeringAttachments])
            verdict.stops = true
            return .ended(verdict)
        }
        guard !crossed.contains(peerId), crossed.count < ReachabilityModel.maximumTransitSegments else {
            verdict.deny(.all, .cannotRoute, "\(attachment.label) leads back to \(peerId), which the packet already crossed: a routing loop")
            return .ended(verdict)
        }
        let peerGateway = snapshot.transitGatewaysById[peerId]
        let owner = peerGateway?.ownerId ?? attachment.peerAccountId ?? ""
        let region = peerGateway?.scope.region ?? attachment.peerRegion ?? attachment.scope.region
        // A peer in a region the snapshot does not hold is outside it, as a peer account is.
        guard snapshot.scopeSet.contains(Scope(account: owner, region: region)) else {
            let whose = owner.isEmpty ? "an account the snapshot does not name,"
                : snapshot.accounts.contains(owner) ? "account \(owner) in \(region), a region" : "account \(owner),"
            verdict.cannotJudge(.all, .outsideSnapshot,
                                "\(attachment.label) leads to \(peerId), owned by \(whose) outside the snapshot: its route tables cannot be read")
            verdict.stops = true
            return .ended(verdict)
        }
        let peerSide = exitRecord(attachment.id, of: peerId) ?? mirrored(attachment, from: gateway, onto: peerId, owner: owner, region: region)
        verdict.admit(.all, "\(attachment.label) peers \(gateway) with \(peerId) (account \(owner), \(region)), available")
        return .peered(verdict, attachment, peerSide)
    }

    /// The record of an attachment as `gateway` sees it: a peering attachment has one id and a
    /// record per gateway; when only the other side's was listed, it is mirrored.
    private func exitRecord(_ id: String, of gateway: String) -> TransitGatewayAttachment? {
        if let record = snapshot.transitGatewayAttachmentsById[id], record.transitGatewayId == gateway { return record }
        if let record = snapshot.transitGatewayAttachments.first(where: { $0.id == id && $0.transitGatewayId == gateway }) { return record }
        guard let other = snapshot.transitGatewayAttachmentsById[id] else { return nil }
        guard other.isPeering else { return other }
        guard other.peerTransitGatewayId == gateway else { return nil }
        let owner = snapshot.transitGatewaysById[gateway]?.ownerId ?? other.peerAccountId ?? other.transitGatewayOwnerId
        let region = snapshot.transitGatewaysById[gateway]?.scope.region ?? other.peerRegion ?? other.scope.region
        return mirrored(other, from: other.transitGatewayId, onto: gateway, owner: owner, region: region)
    }

    /// A peering attachment as the gateway on its other side sees it: same id and state, the two
    /// gateways swapped. Its association there is read from that gateway's tables.
    private func mirrored(_ attachment: TransitGatewayAttachment, from gateway: String, onto peer: String, owner: String,
                          region: String) -> TransitGatewayAttachment {
        TransitGatewayAttachment(
            scope: Scope(account: owner, region: region), id: attachment.id, transitGatewayId: peer, transitGatewayOwnerId: owner,
            resourceOwnerId: attachment.transitGatewayOwnerId, kind: attachment.kind, resourceId: gateway, state: attachment.state,
            peerTransitGatewayId: gateway, peerAccountId: attachment.transitGatewayOwnerId, peerRegion: attachment.scope.region,
            tags: attachment.tags)
    }

    /// A fact about a gateway the snapshot cannot give: outside the snapshot (no inputs), or a call
    /// not collected (its inputs). The walk stops: what follows depends on it.
    private func unjudged(_ gap: TransitGatewayGap, leg: Leg, resources: [String], about: String) -> HopVerdict {
        var verdict = HopVerdict.missing(leg, .transitGatewayRouteTable, gap.scope, resources,
                                         gap.isOutsideSnapshot ? .outsideSnapshot : .notCollected,
                                         "\(about) cannot be told: \(gap.detail)", inputs: gap.inputs)
        verdict.stops = true
        return verdict
    }

    enum ZoneCheck {
        case covered(zone: String, attachmentSubnet: String)
        case notCovered(zone: String, zones: String)
        case unknown(String, [Action])
    }

    /// Whether the attachment has a subnet in the Availability Zone of `subnetId`: a transit gateway
    /// takes traffic only from the zones where its attachment has a subnet.
    func zoneCheck(_ subnetId: String, _ attachment: TransitGatewayAttachment) -> ZoneCheck {
        guard let subnet = subnetsById[subnetId], !subnet.availabilityZone.isEmpty else {
            return .unknown("the Availability Zone of \(subnetId) is not known: whether \(attachment.id) serves it cannot be told",
                            [.describeSubnets])
        }
        guard !attachment.subnetIds.isEmpty else {
            return .unknown("the subnets of \(attachment.id) are not known: whether it serves \(subnet.availabilityZone) cannot be told",
                            [.describeTransitGatewayVpcAttachments])
        }
        var zones = Set<String>()
        var unknown: [String] = []
        for id in attachment.subnetIds {
            guard let attached = subnetsById[id], !attached.availabilityZone.isEmpty else {
                unknown.append(id)
                continue
            }
            if attached.availabilityZone == subnet.availabilityZone {
                return .covered(zone: subnet.availabilityZone, attachmentSubnet: id)
            }
            zones.insert(attached.availabilityZone)
        }
        guard unknown.isEmpty else {
            return .unknown("the Availability Zone of \(unknown.joined(separator: ", ")) (subnets of \(attachment.id)) is not known: whether it serves \(subnet.availabilityZone) cannot be told",
                            [.describeSubnets])
        }
        return .notCovered(zone: subnet.availabilityZone, zones: zones.sorted().joined(separator: ", "))
    }
}
