import HubSnapshot
import HubModel
import Testing

/// The eight transit-gateway responses, as moto 5.2.1 answered them (capture_moto.py, `tgw`
/// scenario: Tests/Fixtures/samples/README.md), and hostile variants of each shape.
@Suite struct TransitGatewaySampleTests {
    static let hub = "tgw-9d63769e449053ba7"
    static let peer = "tgw-0b662f490e63c86c4"
    static let spoke1 = "tgw-attach-6d3dd3f8a145d7691"
    static let spoke2 = "tgw-attach-10f4a40d536170979"
    static let peering = "tgw-attach-a49ed4bf51b0d2620"
    static let defaultTable = "tgw-rtb-4545bffb624c4838b"
    static let spokesTable = "tgw-rtb-d3c0df41d9e912055"

    @Test func gatewaysWithTheirOptions() throws {
        let response = try Samples.read("DescribeTransitGateways.xml")
        #expect(response.action == .describeTransitGateways)
        #expect(response.transitGateways.map(\.id) == [Self.hub, Self.peer])
        let hub = response.transitGateways[0]
        #expect(hub.ownerId == "123456789012")
        #expect(hub.state == "available")
        #expect(hub.tags.name == "hub-tgw")
        #expect(hub.options == TransitGateway.Options(
            autoAcceptSharedAttachments: true, defaultRouteTableAssociation: false,
            associationDefaultRouteTableId: Self.defaultTable, defaultRouteTablePropagation: true,
            propagationDefaultRouteTableId: Self.defaultTable, dnsSupport: true))
        #expect(response.transitGateways[1].options.autoAcceptSharedAttachments == false)
        #expect(response.transitGateways[1].options.defaultRouteTableAssociation == true)
    }

    @Test func attachmentsOfEveryKind() throws {
        let response = try Samples.read("DescribeTransitGatewayAttachments-tgw.xml")
        let attachments = response.transitGatewayAttachments
        #expect(attachments.map(\.id) == [Self.spoke1, Self.spoke2, Self.peering])
        #expect(attachments.map(\.kind) == [.vpc, .vpc, .peering])
        #expect(attachments[0].resourceId == "vpc-7de6d75d213496dd7")
        #expect(attachments[0].transitGatewayId == Self.hub)
        #expect(attachments[0].transitGatewayOwnerId == "123456789012")
        #expect(attachments[0].resourceOwnerId == "123456789012")
        #expect(attachments[0].association == .init(routeTableId: Self.defaultTable, state: "associated"))
        #expect(attachments[0].creationTime == "2026-11-30T10:30:48.000Z")
        #expect(attachments[0].tags.name == "spoke-1")
        #expect(attachments[2].state == "pendingAcceptance")
        #expect(attachments[2].association == nil)
        #expect(attachments[2].resourceId == Self.peer)
        // The first capture's listing (two VPC attachments) reads too.
        #expect(try Samples.read("DescribeTransitGatewayAttachments.xml").transitGatewayAttachments.count == 2)
    }

    /// moto lists the peering attachment among the VPC attachments (without a VPC): left out.
    @Test func vpcAttachmentsWithSubnetsAndApplianceMode() throws {
        let response = try Samples.read("DescribeTransitGatewayVpcAttachments.xml")
        let attachments = response.transitGatewayVpcAttachments
        #expect(attachments.map(\.id) == [Self.spoke1, Self.spoke2])
        #expect(attachments.map(\.subnetIds) == [["subnet-693527c1150610853"], ["subnet-b915364201ea55384"]])
        #expect(attachments.map(\.applianceModeSupport) == [true, false])
        #expect(attachments.map(\.ipv6Support) == [false, false])
        #expect(attachments.map(\.resourceId) == ["vpc-7de6d75d213496dd7", "vpc-a667204368f80b442"])
        #expect(attachments[0].resourceOwnerId == "123456789012")
    }

    /// moto lists the VPC attachments among the peerings (without either side): left out.
    @Test func peeringAttachmentsWithBothSides() throws {
        let response = try Samples.read("DescribeTransitGatewayPeeringAttachments.xml")
        let peering = try #require(response.transitGatewayPeerings.first)
        #expect(response.transitGatewayPeerings.count == 1)
        #expect(peering.attachmentId == Self.peering)
        #expect(peering.requester.transitGatewayId == Self.hub)
        #expect(peering.accepter.transitGatewayId == Self.peer)
        #expect(peering.accepter.ownerId == "123456789012")
        #expect(peering.accepter.region == "us-east-1")
        #expect(peering.peer(of: Self.hub).transitGatewayId == Self.peer)
        #expect(peering.peer(of: Self.peer).transitGatewayId == Self.hub)
    }

    @Test func routeTablesStartWithoutTheirPerTableData() throws {
        let response = try Samples.read("DescribeTransitGatewayRouteTables.xml")
        let tables = response.transitGatewayRouteTables
        #expect(tables.map(\.id) == [Self.defaultTable, "tgw-rtb-7b932e0917c4ac2c4", Self.spokesTable])
        #expect(tables.map(\.isDefaultAssociationTable) == [true, true, false])
        #expect(tables.map(\.isDefaultPropagationTable) == [true, true, false])
        #expect(tables[2].transitGatewayId == Self.hub)
        #expect(tables[2].tags.name == "spokes")
        #expect(tables.allSatisfy { $0.associations == nil && $0.propagations == nil && $0.routes == nil })
        #expect(tables.allSatisfy { $0.routesStatus == .missing })
    }

    @Test func associationsAndPropagations() throws {
        let associations = try Samples.read("GetTransitGatewayRouteTableAssociations.xml").transitGatewayRouteTableLinks
        #expect(associations == [.init(attachmentId: Self.spoke1, resourceId: "vpc-7de6d75d213496dd7", resourceType: "vpc",
                                       state: "associated")])
        let propagations = try Samples.read("GetTransitGatewayRouteTablePropagations.xml").transitGatewayRouteTableLinks
        #expect(propagations == [.init(attachmentId: Self.spoke2, resourceId: "vpc-a667204368f80b442", resourceType: "vpc",
                                       state: "enabled")])
    }

    /// moto returns static routes with an empty `transitGatewayAttachments`.
    @Test func searchedRoutes() throws {
        let response = try Samples.read("SearchTransitGatewayRoutes.xml")
        #expect(response.action == .searchTransitGatewayRoutes)
        #expect(response.transitGatewayRoutes == [
            TransitGatewayRoute(destination: .cidr(cidr("10.21.0.0/16")), origin: .static, state: "active", attachmentIds: []),
            TransitGatewayRoute(destination: .cidr(cidr("10.99.0.0/16")), origin: .static, state: "blackhole", attachmentIds: []),
        ])
        #expect(response.additionalRoutesAvailable == false)
    }
}

/// Hostile and edge bodies of the transit-gateway shapes: a value hubaudit cannot read is an error
/// naming the file and line, never a default.
@Suite struct TransitGatewayDecoderEdgeTests {
    static let name = "123456789012/us-east-1/x.xml"

    static func read(_ action: String, _ inner: String) throws -> DecodedResponse {
        let body = "<?xml version=\"1.0\"?>\n<\(action)Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n\(inner)\n</\(action)Response>"
        return try ResponseReader.read(bytes: Array(body.utf8), name: name, scope: Samples.hub)
    }

    static func problem(_ action: String, _ inner: String) -> InputProblem? {
        #expect(throws: InputProblem.self) { try read(action, inner) }
    }

    /// AWS's shape (botocore): routes name their attachments; a prefix-list destination; propagated.
    @Test func awsRoutesWithAttachmentsAndPrefixLists() throws {
        let response = try Self.read("SearchTransitGatewayRoutes", """
            <routeSet><item><destinationCidrBlock>10.1.0.0/16</destinationCidrBlock><transitGatewayAttachments><item>
            <resourceId>vpc-1</resourceId><transitGatewayAttachmentId>tgw-attach-1</transitGatewayAttachmentId>
            <resourceType>vpc</resourceType></item></transitGatewayAttachments><type>propagated</type><state>active</state></item>
            <item><prefixListId>pl-0a1b</prefixListId><transitGatewayAttachments><item><transitGatewayAttachmentId>tgw-attach-2</transitGatewayAttachmentId>
            </item></transitGatewayAttachments><type>static</type><state>active</state></item></routeSet>
            <additionalRoutesAvailable>true</additionalRoutesAvailable>
            """)
        #expect(response.transitGatewayRoutes == [
            TransitGatewayRoute(destination: .cidr(cidr("10.1.0.0/16")), origin: .propagated, attachmentIds: ["tgw-attach-1"]),
            TransitGatewayRoute(destination: .prefixList("pl-0a1b"), origin: .static, attachmentIds: ["tgw-attach-2"]),
        ])
        #expect(response.additionalRoutesAvailable)
    }

    @Test func aBadRouteCidrIsAnErrorWithItsLine() throws {
        let error = try #require(Self.problem("SearchTransitGatewayRoutes", """
            <routeSet><item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><type>static</type><state>active</state></item>
            <item><destinationCidrBlock>10.300.0.0/16</destinationCidrBlock><type>static</type><state>active</state></item></routeSet>
            """))
        #expect(error.file == Self.name)
        #expect(error.line == 4)
        #expect(error.message.contains("invalid CIDR"))
    }

    @Test(arguments: [
        ("<routeSet><item><type>static</type><state>active</state></item></routeSet>", "without a destination"),
        ("<routeSet><item><destinationCidrBlock>10.0.0.0/8</destinationCidrBlock><type>bgp</type><state>active</state></item></routeSet>",
         "unknown type 'bgp'"),
        ("<routeSet><item><destinationCidrBlock>10.0.0.0/8</destinationCidrBlock><state>active</state></item></routeSet>", "without type"),
        ("<routeSet><item><destinationCidrBlock>10.0.0.0/8</destinationCidrBlock><type>static</type></item></routeSet>", "without state"),
        ("<additionalRoutesAvailable>maybe</additionalRoutesAvailable>", "invalid additionalRoutesAvailable 'maybe'"),
    ])
    func unreadableRoutes(inner: String, message: String) throws {
        let error = try #require(Self.problem("SearchTransitGatewayRoutes", inner))
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test(arguments: [
        ("DescribeTransitGateways", "<transitGatewaySet><item><ownerId>123456789012</ownerId></item></transitGatewaySet>",
         "without transitGatewayId"),
        ("DescribeTransitGateways", "<transitGatewaySet><item><transitGatewayId>tgw-1</transitGatewayId><ownerId>123456789012</ownerId>"
            + "<options><autoAcceptSharedAttachments>yes</autoAcceptSharedAttachments></options></item></transitGatewaySet>",
         "invalid autoAcceptSharedAttachments 'yes'"),
        ("DescribeTransitGatewayAttachments", "<transitGatewayAttachments><item><transitGatewayId>tgw-1</transitGatewayId>"
            + "<state>available</state></item></transitGatewayAttachments>", "without transitGatewayAttachmentId"),
        ("DescribeTransitGatewayAttachments", "<transitGatewayAttachments><item><transitGatewayAttachmentId>tgw-attach-1"
            + "</transitGatewayAttachmentId><state>available</state></item></transitGatewayAttachments>", "without transitGatewayId"),
        ("DescribeTransitGatewayVpcAttachments", "<transitGatewayVpcAttachments><item><transitGatewayAttachmentId>tgw-attach-1"
            + "</transitGatewayAttachmentId><transitGatewayId>tgw-1</transitGatewayId><vpcId>vpc-1</vpcId>"
            + "<options><applianceModeSupport>on</applianceModeSupport></options></item></transitGatewayVpcAttachments>",
         "invalid applianceModeSupport 'on'"),
        ("DescribeTransitGatewayPeeringAttachments", "<transitGatewayPeeringAttachments><item><transitGatewayAttachmentId>tgw-attach-1"
            + "</transitGatewayAttachmentId><requesterTgwInfo><transitGatewayId>tgw-1</transitGatewayId></requesterTgwInfo>"
            + "</item></transitGatewayPeeringAttachments>", "without accepterTgwInfo"),
        ("DescribeTransitGatewayRouteTables", "<transitGatewayRouteTables><item><transitGatewayRouteTableId>tgw-rtb-1"
            + "</transitGatewayRouteTableId><transitGatewayId>tgw-1</transitGatewayId>"
            + "<defaultAssociationRouteTable>1</defaultAssociationRouteTable></item></transitGatewayRouteTables>",
         "invalid defaultAssociationRouteTable '1'"),
        ("GetTransitGatewayRouteTableAssociations", "<associations><item><resourceId>vpc-1</resourceId><state>associated</state>"
            + "</item></associations>", "without transitGatewayAttachmentId"),
        ("GetTransitGatewayRouteTablePropagations", "<transitGatewayRouteTablePropagations><item><transitGatewayAttachmentId>"
            + "tgw-attach-1</transitGatewayAttachmentId></item></transitGatewayRouteTablePropagations>", "without state"),
    ])
    func unreadableItems(action: String, inner: String, message: String) throws {
        let error = try #require(Self.problem(action, inner))
        #expect(error.file == Self.name)
        #expect(error.line == 3)
        #expect(error.message.contains(message), "\(error.message)")
    }
}

/// A prefix-list reference the search reports entry by entry keeps its list: AWS ranks it below a
/// static route of the same CIDR ("Route evaluation order").
@Suite struct TransitGatewayPrefixListRouteDecodingTests {
    @Test func aCidrRouteWithItsPrefixListKeepsTheList() throws {
        let response = try TransitGatewayDecoderEdgeTests.read("SearchTransitGatewayRoutes", """
            <routeSet><item><destinationCidrBlock>10.1.0.0/16</destinationCidrBlock><prefixListId>pl-0a1b</prefixListId>
            <transitGatewayAttachments><item><transitGatewayAttachmentId>tgw-attach-2</transitGatewayAttachmentId></item>
            </transitGatewayAttachments><type>static</type><state>active</state></item></routeSet>
            """)
        let route = try #require(response.transitGatewayRoutes.first)
        #expect(route.cidr == CIDR("10.1.0.0/16"))
        #expect(route.prefixListId == "pl-0a1b")
        #expect(route.preference == 1)
    }
}
