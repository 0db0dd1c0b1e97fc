import HubTestSupport
import Testing
@testable import HubModel

/// The transit-gateway lookups answer from indexes built once (a hub's table holds a route and an
/// association per spoke): on random tables they must give what a pass over every route or every
/// table gives, as the lookups did before they were indexed.
struct TransitGatewayIndexTests {
    let owner = Scope(account: "111111111111", region: "us-east-1")

    // MARK: - Longest-prefix match

    @Test func theIndexedLookUpAnswersAsAPassOverEveryRoute() {
        var random = SplitMix64(seed: 20261130)
        for round in 0..<300 {
            let table = TransitGatewayRouteTable(scope: owner, id: "tgw-rtb-\(round)", transitGatewayId: "tgw-1",
                                                 associations: [], propagations: [], routes: randomRoutes(&random))
            let snapshot = Snapshot(metadata: SnapshotMetadata(path: "random"), scopes: [owner],
                                    transitGateways: [TransitGateway(scope: owner, id: "tgw-1")], transitGatewayRouteTables: [table])
            let routing = TransitGatewayRouting(table, in: snapshot)
            #expect(routing.gaps.isEmpty)
            for _ in 0..<40 {
                let address = randomAddress(&random)
                let indexed = describe(routing.lookUp(address))
                let scanned = describe(Self.lookUpByScan(address, in: routing.routes))
                #expect(indexed == scanned, "round \(round), \(address): \(routing.routes)")
                let overlapping = routing.routes.filter { $0.cidr?.overlaps(address) == true }
                #expect(routing.routes(overlapping: address) == overlapping, "round \(round), \(address): \(routing.routes)")
            }
        }
    }

    /// Routes drawn from a small pool of networks and prefix lengths, so that they nest, repeat
    /// (the same prefix static and propagated, twice propagated) and include blackholes and IPv6.
    private func randomRoutes(_ random: inout SplitMix64) -> [TransitGatewayRoute] {
        (0..<Int.random(in: 0...40, using: &random)).map { index in
            let cidr = Int.random(in: 0..<8, using: &random) == 0
                ? CIDR(family: .v6, network: UInt128(0x2001_0db8) << 96 | UInt128(Int.random(in: 0..<4, using: &random)) << 88,
                       prefixLength: [32, 40, 48].randomElement(using: &random)!)
                : CIDR(family: .v4, network: UInt128(randomIPv4(&random)), prefixLength: [0, 8, 12, 16, 20, 24, 28, 32].randomElement(using: &random)!)
            let blackhole = Int.random(in: 0..<6, using: &random) == 0
            return TransitGatewayRoute(destination: .cidr(cidr), origin: Bool.random(using: &random) ? .static : .propagated,
                                       state: blackhole ? "blackhole" : "active", attachmentIds: blackhole ? [] : ["tgw-attach-\(index)"])
        }
    }

    private func randomAddress(_ random: inout SplitMix64) -> CIDR {
        if Int.random(in: 0..<8, using: &random) == 0 {
            return CIDR(family: .v6, network: UInt128(0x2001_0db8) << 96 | UInt128(random.next()) << 32,
                        prefixLength: [48, 56, 64, 128].randomElement(using: &random)!)
        }
        return CIDR(family: .v4, network: UInt128(randomIPv4(&random)), prefixLength: [16, 24, 28, 32].randomElement(using: &random)!)
    }

    /// 10.0-3.0-3.x: few enough networks that routes and addresses meet.
    private func randomIPv4(_ random: inout SplitMix64) -> UInt32 {
        0x0A00_0000 | UInt32(Int.random(in: 0..<4, using: &random)) << 16 | UInt32(Int.random(in: 0..<4, using: &random)) << 8
            | UInt32(Int.random(in: 0..<256, using: &random))
    }

    /// The reference: every route that contains the address, the longest prefix, for one prefix a
    /// static route over a propagated one, otherwise the first listed.
    static func lookUpByScan(_ address: CIDR, in routes: [TransitGatewayRoute]) -> TransitGatewayRouting.Lookup {
        var best: TransitGatewayRoute?
        for route in routes {
            guard let cidr = route.cidr, cidr.contains(address) else { continue }
            guard let current = best, let currentCidr = current.cidr else { best = route; continue }
            if cidr.prefixLength > currentCidr.prefixLength
                || (cidr.prefixLength == currentCidr.prefixLength && route.origin == .static && current.origin == .propagated) {
                best = route
            }
        }
        return best.map(TransitGatewayRouting.Lookup.route) ?? .noRoute
    }

    private func describe(_ lookup: TransitGatewayRouting.Lookup) -> String {
        switch lookup {
        case .route(let route): return "route \(route)"
        case .noRoute: return "no route"
        case .unknown(let gap): return "unknown \(gap.detail)"
        }
    }

    // MARK: - Associations

    @Test func theIndexedAssociationAnswersAsAPassOverEveryTable() {
        var random = SplitMix64(seed: 12)
        for round in 0..<300 {
            let gateways = ["tgw-1", "tgw-2"].map { TransitGateway(scope: owner, id: $0) }
            let attachments = (0..<6).map { index in
                var attachment = TransitGatewayAttachment(scope: owner, id: "tgw-attach-\(index)", transitGatewayId: gateways[index % 2].id,
                                                          resourceOwnerId: owner.account, resourceId: "vpc-\(index)")
                if Bool.random(using: &random) {
                    attachment.association = .init(routeTableId: "tgw-rtb-\(Int.random(in: 0..<6, using: &random))",
                                                   state: Bool.random(using: &random) ? "associated" : "disassociating")
                }
                return attachment
            }
            // Tables of both gateways interleaved, some without their associations call.
            let tables = (0..<Int.random(in: 0...5, using: &random)).map { index in
                TransitGatewayRouteTable(
                    scope: owner, id: "tgw-rtb-\(index)", transitGatewayId: gateways.randomElement(using: &random)!.id,
                    associations: Int.random(in: 0..<5, using: &random) == 0 ? nil : attachments.compactMap { attachment in
                        Int.random(in: 0..<3, using: &random) == 0
                            ? .init(attachmentId: attachment.id, state: ["associated", "associating", "disassociated"].randomElement(using: &random)!)
                            : nil
                    },
                    propagations: [], routes: [])
            }
            let snapshot = Snapshot(metadata: SnapshotMetadata(path: "random"), scopes: [owner], transitGateways: gateways,
                                    transitGatewayAttachments: attachments, transitGatewayRouteTables: tables)
            for attachment in attachments {
                #expect(describe(snapshot.associatedRouteTable(of: attachment)) == describe(Self.associationByScan(attachment, in: snapshot)),
                        "round \(round), \(attachment.id)")
            }
            for gateway in gateways {
                #expect(snapshot.routeTables(ofTransitGateway: gateway.id) == tables.filter { $0.transitGatewayId == gateway.id })
            }
        }
    }

    /// The reference: the gateway's tables in snapshot order; the first whose associations are
    /// unknown (then the attachment's own report, else unknown) or that has the attachment
    /// associated decides.
    static func associationByScan(_ attachment: TransitGatewayAttachment, in snapshot: Snapshot) -> TransitGatewayAssociation {
        let tables = snapshot.transitGatewayRouteTables.filter { $0.transitGatewayId == attachment.transitGatewayId }
        let own: TransitGatewayRouteTable? = attachment.association.flatMap { association in
            association.isAssociated ? tables.first { $0.id == association.routeTableId } : nil
        }
        var transition: TransitGatewayGap?
        for table in tables {
            guard let associations = table.associations else {
                return own.map(TransitGatewayAssociation.table) ?? .unknown(TransitGatewayGap(
                    detail: "\(table.label): GetTransitGatewayRouteTableAssociations \(table.associationsStatus.summary)",
                    inputs: [.getTransitGatewayRouteTableAssociations], scope: table.scope))
            }
            if associations.contains(where: { $0.attachmentId == attachment.id && $0.isInForce }) { return .table(table) }
            if transition == nil, let link = associations.first(where: { $0.attachmentId == attachment.id && $0.isInTransition }) {
                transition = TransitGatewayGap.inTransition(link, of: "association", in: table)
            }
        }
        if let transition { return .unknown(transition) }
        return .none("no route table of \(attachment.transitGatewayId) has \(attachment.id) associated")
    }

    private func describe(_ association: TransitGatewayAssociation) -> String {
        switch association {
        case .table(let table): return "table \(table.id)"
        case .none(let text): return "none: \(text)"
        case .unknown(let gap): return "unknown: \(gap.detail)"
        }
    }
}
