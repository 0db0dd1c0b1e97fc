import HubModel
import HubXML

/// The transit-gateway item shapes (element names: botocore's EC2 model and the bodies recorded
/// from moto under Tests/Fixtures/samples). An option or flag that is neither of its two wire values
/// is an error, never a silent "off": auto-accept and the default association decide findings.
extension Decode {
    /// `<transitGatewaySet><item>` of DescribeTransitGateways.
    static func transitGateway(_ item: Item, _ ctx: DecodeContext) throws -> TransitGateway {
        let options = item.child(.options)
        func option(_ element: XMLName, default value: Bool) throws -> Bool {
            guard let options else { return value }
            return try ctx.switchValue(options, element) ?? value
        }
        func tableId(_ element: XMLName) -> String? {
            options?.value(element).flatMap { $0.isEmpty ? nil : $0 }
        }
        // Absent options take AWS's defaults for a new gateway.
        let parsed = TransitGateway.Options(
            autoAcceptSharedAttachments: try option(.autoAcceptSharedAttachments, default: false),
            defaultRouteTableAssociation: try option(.defaultRouteTableAssociation, default: true),
            associationDefaultRouteTableId: tableId(.associationDefaultRouteTableId),
            defaultRouteTablePropagation: try option(.defaultRouteTablePropagation, default: true),
            propagationDefaultRouteTableId: tableId(.propagationDefaultRouteTableId),
            dnsSupport: try option(.dnsSupport, default: true))
        return TransitGateway(scope: ctx.scope, id: try ctx.required(item, .transitGatewayId),
                              ownerId: try ctx.required(item, .ownerId), state: item.value(.state) ?? "available",
                              options: parsed, tags: tags(item))
    }

    /// `<transitGatewayAttachments><item>` of DescribeTransitGatewayAttachments: what every kind shares.
    static func transitGatewayAttachment(_ item: Item, _ ctx: DecodeContext) throws -> TransitGatewayAttachment {
        var association: TransitGatewayAttachment.Association?
        if let element = item.child(.association), let table = element.value(.transitGatewayRouteTableId), !table.isEmpty {
            association = .init(routeTableId: table, state: try ctx.required(element, .state))
        }
        let type = item.value(.resourceType) ?? ""
        return TransitGatewayAttachment(
            scope: ctx.scope, id: try ctx.required(item, .transitGatewayAttachmentId),
            transitGatewayId: try ctx.required(item, .transitGatewayId),
            transitGatewayOwnerId: nonEmpty(item.value(.transitGatewayOwnerId)),
            resourceOwnerId: nonEmpty(item.value(.resourceOwnerId)),
            kind: TransitGatewayAttachment.Kind(rawValue: type) ?? .other, resourceId: item.value(.resourceId) ?? "",
            state: try ctx.required(item, .state), association: association,
            creationTime: nonEmpty(item.value(.creationTime)), tags: tags(item))
    }

    /// `<transitGatewayVpcAttachments><item>` of DescribeTransitGatewayVpcAttachments: the subnets
    /// and appliance mode, joined into the attachment by id. nil for an item without a VPC (moto
    /// lists its peering attachments here too).
    static func transitGatewayVpcAttachment(_ item: Item, _ ctx: DecodeContext) throws -> TransitGatewayAttachment? {
        guard let vpcId = nonEmpty(item.value(.vpcId)) else { return nil }
        var applianceMode: Bool?
        var ipv6Support: Bool?
        if let options = item.child(.options) {
            applianceMode = try ctx.switchValue(options, .applianceModeSupport)
            ipv6Support = try ctx.switchValue(options, .ipv6Support)
        }
        return TransitGatewayAttachment(
            scope: ctx.scope, id: try ctx.required(item, .transitGatewayAttachmentId),
            transitGatewayId: try ctx.required(item, .transitGatewayId), resourceOwnerId: nonEmpty(item.value(.vpcOwnerId)),
            kind: .vpc, resourceId: vpcId, state: item.value(.state) ?? "", subnetIds: item.strings(.subnetIds),
            applianceModeSupport: applianceMode, ipv6Support: ipv6Support, creationTime: nonEmpty(item.value(.creationTime)),
            tags: tags(item))
    }

    /// `<transitGatewayPeeringAttachments><item>`: both gateways of a peering. nil for an item with
    /// neither side (moto lists VPC attachments here too).
    static func transitGatewayPeering(_ item: Item, _ ctx: DecodeContext) throws -> TransitGatewayPeering? {
        guard item.child(.requesterTgwInfo) != nil || item.child(.accepterTgwInfo) != nil else { return nil }
        func side(_ name: XMLName) throws -> TransitGatewayPeering.Side {
            guard let info = item.child(name) else { throw ctx.error(item, "peering attachment without \(name)") }
            return .init(transitGatewayId: try ctx.required(info, .transitGatewayId), ownerId: nonEmpty(info.value(.ownerId)),
                         region: nonEmpty(info.value(.region)))
        }
        return TransitGatewayPeering(attachmentId: try ctx.required(item, .transitGatewayAttachmentId),
                                     requester: try side(.requesterTgwInfo), accepter: try side(.accepterTgwInfo))
    }

    /// `<transitGatewayRouteTables><item>`: associations, propagations and routes come from the
    /// per-table calls (attached by the reader), so they start unknown.
    static func transitGatewayRouteTable(_ item: Item, _ ctx: DecodeContext) throws -> TransitGatewayRouteTable {
        TransitGatewayRouteTable(
            scope: ctx.scope, id: try ctx.required(item, .transitGatewayRouteTableId),
            transitGatewayId: try ctx.required(item, .transitGatewayId), state: item.value(.state) ?? "available",
            isDefaultAssociationTable: try ctx.boolean(item, .defaultAssociationRouteTable) ?? false,
            isDefaultPropagationTable: try ctx.boolean(item, .defaultPropagationRouteTable) ?? false,
            associations: nil, propagations: nil, routes: nil, tags: tags(item))
    }

    /// An item of GetTransitGatewayRouteTableAssociations or …Propagations (the same shape).
    static func transitGatewayRouteTableLink(_ item: Item, _ ctx: DecodeContext) throws -> TransitGatewayRouteTable.Link {
        TransitGatewayRouteTable.Link(attachmentId: try ctx.required(item, .transitGatewayAttachmentId),
                                      resourceId: item.value(.resourceId) ?? "", resourceType: item.value(.resourceType) ?? "",
                                      state: try ctx.required(item, .state))
    }

    /// `<routeSet><item>` of SearchTransitGatewayRoutes. An unknown type is an error: a route
    /// hubaudit cannot place must not be read as static or propagated.
    static func transitGatewayRoute(_ item: Item, _ ctx: DecodeContext) throws -> TransitGatewayRoute {
        let destination: Route.Destination
        if let cidr = try ctx.cidr(item, .destinationCidrBlock) {
            destination = .cidr(cidr)
        } else if let list = nonEmpty(item.value(.prefixListId)) {
            destination = .prefixList(list)
        } else {
            throw ctx.error(item, "transit gateway route without a destination")
        }
        let type = try ctx.required(item, .type)
        guard let origin = TransitGatewayRoute.Origin(rawValue: type) else {
            throw ctx.error(item, "transit gateway route of unknown type \(quotedForMessage(type))")
        }
        var attachmentIds: [String] = []
        for attachment in item.items(.transitGatewayAttachments) {
            if let id = nonEmpty(attachment.value(.transitGatewayAttachmentId)) { attachmentIds.append(id) }
        }
        // A prefix-list reference may be reported entry by entry (a CIDR and its list): it keeps
        // the list, which ranks it below a static route of the same CIDR.
        return TransitGatewayRoute(destination: destination, origin: origin, state: try ctx.required(item, .state),
                                   attachmentIds: attachmentIds, prefixListId: nonEmpty(item.value(.prefixListId)))
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}

/// Both gateways of a peering attachment (DescribeTransitGatewayPeeringAttachments), joined into the
/// attachment of the same id: the peer is the side that is not the attachment's own gateway.
public struct TransitGatewayPeering: Hashable, Sendable {
    public struct Side: Hashable, Sendable {
        public var transitGatewayId: String
        public var ownerId: String?
        public var region: String?
    }

    public var attachmentId: String
    public var requester: Side
    public var accepter: Side

    /// The other side, seen from `transitGatewayId`.
    public func peer(of transitGatewayId: String) -> Side {
        requester.transitGatewayId == transitGatewayId ? accepter : requester
    }
}

extension DecodeContext {
    /// An `enable`/`disable` option; nil when absent or empty, an error for anything else.
    func switchValue(_ node: ItemElement, _ element: XMLName) throws -> Bool? {
        guard let child = node.child(element) else { return nil }
        if child.textEquals("enable") { return true }
        if child.textEquals("disable") { return false }
        if child.text.isEmpty { return nil }
        throw error(child, "invalid \(element) \(quotedForMessage(child.text)) (expected enable or disable)")
    }

    /// A `true`/`false` flag; nil when absent or empty, an error for anything else.
    func boolean(_ node: ItemElement, _ element: XMLName) throws -> Bool? {
        guard let child = node.child(element) else { return nil }
        if child.textEquals("true") { return true }
        if child.textEquals("false") { return false }
        if child.text.isEmpty { return nil }
        throw error(child, "invalid \(element) \(quotedForMessage(child.text)) (expected true or false)")
    }
}
