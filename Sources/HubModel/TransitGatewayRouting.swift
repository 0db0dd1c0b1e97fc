/// A fact about a transit gateway that the snapshot cannot give: its owner is outside the snapshot,
/// or a call that would tell was not collected. What needs it is "not evaluated", never passed.
public struct TransitGatewayGap: Hashable, Sendable {
    /// `tgw-rtb-0abc (spokes): SearchTransitGatewayRoutes missing`
    public var detail: String
    /// The calls that would have told; empty when the fact lies outside the snapshot.
    public var inputs: [Action]
    /// Where those calls are made: the gateway owner's scope.
    public var scope: Scope
    /// The gateway (or the attached VPC) belongs to an account the snapshot does not hold.
    public var isOutsideSnapshot: Bool

    public init(detail: String, inputs: [Action], scope: Scope, isOutsideSnapshot: Bool = false) {
        self.detail = detail
        self.inputs = inputs
        self.scope = scope
        self.isOutsideSnapshot = isOutsideSnapshot
    }
}

extension TransitGatewayGap {
    /// An association or propagation caught mid-change: collecting again once it settles tells.
    static func inTransition(_ link: TransitGatewayRouteTable.Link, of kind: String, in table: TransitGatewayRouteTable) -> TransitGatewayGap {
        let action: Action = kind == "association" ? .getTransitGatewayRouteTableAssociations : .getTransitGatewayRouteTablePropagations
        return TransitGatewayGap(detail: "\(table.label): the \(kind) of \(link.attachmentId) is \(link.state): whether it is in force cannot be told until it settles (collect again)",
                                 inputs: [action], scope: table.scope)
    }
}

/// The route table an attachment is associated with, as far as the snapshot can tell.
public enum TransitGatewayAssociation: Sendable {
    case table(TransitGatewayRouteTable)
    /// No table in force: the gateway drops what the attachment sends. The text says what was found.
    case none(String)
    case unknown(TransitGatewayGap)
}

extension Snapshot {
    /// The gateway's owner, or its region of that account (a cross-region peer), is not in the
    /// snapshot: its route tables cannot be read here.
    public func isOutsideSnapshot(_ gateway: TransitGateway) -> Bool { !scopeSet.contains(gateway.ownerScope) }

    /// The route tables of a gateway, by id.
    public func routeTables(ofTransitGateway gatewayId: String) -> [TransitGatewayRouteTable] {
        transitGatewayRouteTablesByGateway[gatewayId] ?? []
    }

    /// Why the owner's view of a gateway is not in the snapshot, or nil when it is: the owner is
    /// outside the snapshot, or its DescribeTransitGatewayRouteTables was not collected.
    public func ownerViewGap(of gateway: TransitGateway) -> TransitGatewayGap? {
        if isOutsideSnapshot(gateway) {
            let place = accounts.contains(gateway.ownerId) ? "account \(gateway.ownerId) in \(gateway.ownerScope.region), a region"
                : "account \(gateway.ownerId),"
            return TransitGatewayGap(detail: "\(gateway.id) is owned by \(place) outside the snapshot: its route tables cannot be read",
                                     inputs: [], scope: gateway.ownerScope, isOutsideSnapshot: true)
        }
        let status = coverage.status(gateway.ownerScope, .describeTransitGatewayRouteTables)
        guard status.isCollected else {
            return TransitGatewayGap(detail: "DescribeTransitGatewayRouteTables \(status.summary) in \(gateway.ownerScope)",
                                     inputs: [.describeTransitGatewayRouteTables], scope: gateway.ownerScope)
        }
        return nil
    }

    /// The table an attachment is associated with. The owner's GetTransitGatewayRouteTableAssociations
    /// decide (moto reports the default table in every attachment's own `association`, whatever the
    /// real one); when the owner's view is missing, the attachment's own report, else unknown.
    public func associatedRouteTable(of attachment: TransitGatewayAttachment) -> TransitGatewayAssociation {
        let gateway = transitGatewaysById[attachment.transitGatewayId]
            ?? TransitGateway(scope: Scope(account: attachment.transitGatewayOwnerId, region: attachment.scope.region),
                              id: attachment.transitGatewayId, ownerId: attachment.transitGatewayOwnerId)
        let tables = routeTables(ofTransitGateway: gateway.id)
        if let gap = ownerViewGap(of: gateway) {
            return associationFromAttachment(attachment, tables: tables) ?? .unknown(gap)
        }
        // The tables in order: the first whose associations are unknown, or that has the attachment
        // associated, decides (looked up in the index built with the snapshot: a hub's table lists
        // every spoke, and every spoke's attachment is asked for).
        let index = transitGatewayAssociations[gateway.id]
        let associated = index?.firstTableAssociating[attachment.id]
        if let unknown = index?.firstTableWithoutAssociations, associated.map({ unknown < $0 }) ?? true {
            let table = tables[unknown]
            let gap = TransitGatewayGap(detail: "\(table.label): GetTransitGatewayRouteTableAssociations \(table.associationsStatus.summary)",
                                        inputs: [.getTransitGatewayRouteTableAssociations], scope: table.scope)
            return associationFromAttachment(attachment, tables: tables) ?? .unknown(gap)
        }
        if let associated { return .table(tables[associated]) }
        // Mid-change (associating, disassociating), the attachment may be routed by the time the
        // report is read: not a drop. Searched only for an attachment with no association in force.
        for table in tables {
            if let link = table.associations?.first(where: { $0.attachmentId == attachment.id && $0.isInTransition }) {
                return .unknown(TransitGatewayGap.inTransition(link, of: "association", in: table))
            }
        }
        return .none("no route table of \(gateway.id) has \(attachment.id) associated")
    }

    private func associationFromAttachment(_ attachment: TransitGatewayAttachment,
                                           tables: [TransitGatewayRouteTable]) -> TransitGatewayAssociation? {
        guard let association = attachment.association, association.isAssociated,
              let table = tables.first(where: { $0.id == association.routeTableId }) else { return nil }
        return .table(table)
    }
}

/// One gateway's route tables (in snapshot order) as `associatedRouteTable(of:)` reads them: the
/// position of the first table whose associations were not collected, and for each attachment the
/// position of the first table that has it associated in force.
struct TransitGatewayAssociationIndex: Sendable {
    let firstTableWithoutAssociations: Int?
    let firstTableAssociating: [String: Int]

    init(_ tables: [TransitGatewayRouteTable]) {
        var firstWithout: Int?
        var associating: [String: Int] = [:]
        for (position, table) in tables.enumerated() {
            guard let associations = table.associations else {
                firstWithout = firstWithout ?? position
                continue
            }
            for link in associations where link.isInForce && associating[link.attachmentId] == nil {
                associating[link.attachmentId] = position
            }
        }
        firstTableWithoutAssociations = firstWithout
        firstTableAssociating = associating
    }
}

/// A propagation AWS does not install: another attachment already propagates the identical CIDR
/// into the table, and the first propagated stays.
public struct ShadowedPropagation: Hashable, Sendable {
    public var cidr: CIDR
    public var loser: String
    public var winner: String
}

/// A transit-gateway route table as the gateway routes with it: the routes the owner's search
/// returned, prefix-list routes expanded to their entries, and the propagated routes computed from
/// the table's propagations and the attached VPCs' blocks (moto's search leaves propagated routes
/// out, and on AWS a search over 1,000 routes is cut short). What cannot be known is a gap, and a
/// lookup in a table with a gap is unknown: never a guess that a route is there or not.
public struct TransitGatewayRouting: Sendable {
    public let table: TransitGatewayRouteTable
    /// CIDR routes only, reported and computed.
    public let routes: [TransitGatewayRoute]
    public let gaps: [TransitGatewayGap]
    public let shadowed: [ShadowedPropagation]
    /// `routes`' positions by destination, as `lookUp` and `routes(overlapping:)` read them: a
    /// lookup is a few hash probes and a search, not a pass over a hub's 1,000 routes.
    private let blocks: CIDRIndex<Int>

    public enum Lookup: Sendable {
        case route(TransitGatewayRoute)
        case noRoute
        case unknown(TransitGatewayGap)
    }

    public init(_ table: TransitGatewayRouteTable, in snapshot: Snapshot) {
        self.table = table
        var gaps: [TransitGatewayGap] = []
        var routes: [TransitGatewayRoute] = []
        if let reported = table.routes {
            if table.routesTruncated {
                gaps.append(TransitGatewayGap(
                    detail: "\(table.label): SearchTransitGatewayRoutes returned its 1,000-route limit (AdditionalRoutesAvailable): the rest of the table is unknown",
                    inputs: [.searchTransitGatewayRoutes], scope: table.scope))
            }
            for route in reported {
                // AWS names the attachment of every active route; moto leaves static routes' out.
                // Where such a route leads is unknown, so the table is too: never a guess.
                if !route.isBlackhole && route.attachmentIds.isEmpty {
                    gaps.append(TransitGatewayGap(
                        detail: "\(table.label): SearchTransitGatewayRoutes reported \(route.destination) as active without an attachment",
                        inputs: [.searchTransitGatewayRoutes], scope: table.scope))
                }
                guard case .prefixList(let id) = route.destination else {
                    routes.append(route)
                    continue
                }
                switch snapshot.prefixListEntries(id, in: table.scope) {
                case .known(_, let entries):
                    for entry in entries {
                        var copy = route
                        copy.destination = .cidr(entry)
                        routes.append(copy)
                    }
                case .unknown(let gap):
                    gaps.append(TransitGatewayGap(detail: "\(table.label) routes prefix list \(id): \(gap.detail)",
                                                  inputs: gap.isOutsideSnapshot ? [] : [gap.action], scope: table.scope,
                                                  isOutsideSnapshot: gap.isOutsideSnapshot))
                }
            }
        } else {
            gaps.append(TransitGatewayGap(detail: "\(table.label): SearchTransitGatewayRoutes \(table.routesStatus.summary)",
                                          inputs: [.searchTransitGatewayRoutes], scope: table.scope))
        }
        var shadowed: [ShadowedPropagation] = []
        if let propagations = table.propagations {
            let computed = TransitGatewayRouting.propagatedRoutes(propagations, reported: routes, table: table, in: snapshot)
            routes += computed.routes
            gaps += computed.gaps
            shadowed = computed.shadowed
        } else {
            gaps.append(TransitGatewayGap(detail: "\(table.label): GetTransitGatewayRouteTablePropagations \(table.propagationsStatus.summary)",
                                          inputs: [.getTransitGatewayRouteTablePropagations], scope: table.scope))
        }
        self.routes = routes
        self.gaps = gaps
        self.shadowed = shadowed
        var entries: [(CIDR, Int)] = []
        for position in routes.indices {
            if case .cidr(let cidr) = routes[position].destination { entries.append((cidr, position)) }
        }
        blocks = CIDRIndex(entries)
    }

    /// Where the table sends `address`: the longest prefix; for the same prefix a static route wins
    /// over a propagated one (AWS's transit-gateway route priority). A blackhole route is returned
    /// as the route it is: it drops the traffic.
    public func lookUp(_ address: CIDR) -> Lookup {
        if let gap = gaps.first { return .unknown(gap) }
        var best: TransitGatewayRoute?
        for position in blocks.longest(containing: address) {
            // For one prefix the first listed stays, unless a static route comes after a propagated one.
            if let known = best, !TransitGatewayRouting.outranks(routes[position], known) { continue }
            best = routes[position]
        }
        guard let best else { return .noRoute }
        return .route(best)
    }

    /// The CIDR routes whose destination overlaps `range` (contains it or lies inside it), in the
    /// order of `routes`: a search, not a pass over every route.
    public func routes(overlapping range: CIDR) -> [TransitGatewayRoute] {
        // A plain loop: closures over route values crashed the 6.3.1 optimiser in HubModel.
        var found: [TransitGatewayRoute] = []
        for position in blocks.overlapping(range) { found.append(routes[position]) }
        return found
    }

    /// `a` is preferred over `b`: longer prefix, then static over prefix-list reference over
    /// propagated (`TransitGatewayRoute.preference`).
    public static func outranks(_ a: TransitGatewayRoute, _ b: TransitGatewayRoute) -> Bool {
        let (lengthA, lengthB) = (a.cidr!.prefixLength, b.cidr!.prefixLength)
        if lengthA != lengthB { return lengthA > lengthB }
        return a.preference < b.preference
    }

    /// The routes enabled propagations install. A VPC attachment propagates its VPC's blocks; when
    /// the search already reported propagated routes to the attachment (AWS does), those stand.
    /// Of two attachments propagating an identical CIDR, the one propagated first keeps it: the
    /// snapshot has no propagation times, so the earlier attachment (creation time, then id) is
    /// taken as first, and the other is listed as shadowed.
    static func propagatedRoutes(_ propagations: [TransitGatewayRouteTable.Link], reported: [TransitGatewayRoute],
                                 table: TransitGatewayRouteTable, in snapshot: Snapshot)
        -> (routes: [TransitGatewayRoute], gaps: [TransitGatewayGap], shadowed: [ShadowedPropagation]) {
        let reportedTargets = Set(reported.filter { $0.origin == .propagated }.flatMap(\.attachmentIds))
        var owners: [CIDR: String] = [:]
        for route in reported where route.origin == .propagated {
            if let cidr = route.cidr, let first = route.attachmentIds.first { owners[cidr] = owners[cidr] ?? first }
        }
        var routes: [TransitGatewayRoute] = []
        var gaps: [TransitGatewayGap] = []
        var shadowed: [ShadowedPropagation] = []
        for link in propagations where link.isInTransition {
            gaps.append(TransitGatewayGap.inTransition(link, of: "propagation", in: table))
        }
        let enabled = propagations.filter(\.isInForce).sorted { a, b in
            let (timeA, timeB) = (snapshot.transitGatewayAttachmentsById[a.attachmentId]?.creationTime ?? "",
                                  snapshot.transitGatewayAttachmentsById[b.attachmentId]?.creationTime ?? "")
            return (timeA, a.attachmentId) < (timeB, b.attachmentId)
        }
        for propagation in enabled where !reportedTargets.contains(propagation.attachmentId) {
            guard propagation.resourceType == TransitGatewayAttachment.Kind.vpc.rawValue else {
                // VPN, Direct Connect and Connect propagate what BGP learns: only the search can say.
                // A complete search that lists none means none; a missing one is already a gap.
                continue
            }
            // An attachment being deleted, rejected or not yet available has no routes in the table
            // (AWS withdraws them): it neither reaches its VPC nor shadows another's identical CIDR.
            if let attachment = snapshot.transitGatewayAttachmentsById[propagation.attachmentId], !attachment.propagatesRoutes { continue }
            let vpcId = snapshot.transitGatewayAttachmentsById[propagation.attachmentId]?.resourceId ?? propagation.resourceId
            guard let vpc = snapshot.vpcsById[vpcId] else {
                let outside = snapshot.transitGatewayAttachmentsById[propagation.attachmentId].map {
                    !snapshot.scopeSet.contains(Scope(account: $0.resourceOwnerId, region: table.scope.region))
                } ?? true
                gaps.append(TransitGatewayGap(
                    detail: "\(table.label): \(propagation.attachmentId) propagates \(vpcId), whose blocks the snapshot does not hold",
                    inputs: outside ? [] : [.describeVpcs], scope: table.scope, isOutsideSnapshot: outside))
                continue
            }
            // A VPC's IPv6 blocks propagate only through an attachment with IPv6 support.
            let attachment = snapshot.transitGatewayAttachmentsById[propagation.attachmentId]
            var blocks = vpc.ipv4
            switch attachment?.ipv6Support {
            case true?: blocks += vpc.ipv6
            case false?: break
            case nil where !vpc.ipv6.isEmpty:
                gaps.append(TransitGatewayGap(
                    detail: "\(table.label): whether \(propagation.attachmentId) propagates the IPv6 blocks of \(vpc.id) depends on its IPv6 support, which no VPC-attachment listing gave",
                    inputs: [.describeTransitGatewayVpcAttachments], scope: table.scope))
            case nil: break
            }
            for block in blocks {
                if let winner = owners[block] {
                    if winner != propagation.attachmentId {
                        shadowed.append(ShadowedPropagation(cidr: block, loser: propagation.attachmentId, winner: winner))
                    }
                    continue
                }
                owners[block] = propagation.attachmentId
                routes.append(TransitGatewayRoute(destination: .cidr(block), origin: .propagated, state: "active",
                                                  attachmentIds: [propagation.attachmentId], isComputed: true))
            }
        }
        return (routes, gaps, shadowed)
    }
}
