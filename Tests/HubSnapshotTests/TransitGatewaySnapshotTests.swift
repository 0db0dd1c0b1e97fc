import HubSnapshot
import HubModel
import Testing

/// Transit gateways in a snapshot folder: each route table's three calls with their own status,
/// the owner's and the spokes' reports merged, and nothing assumed that was not collected.
@Suite struct TransitGatewaySnapshotTests {
    typealias Sample = TransitGatewaySampleTests
    static let spoke = Samples.acctB

    /// The owner's listing and the spokes table's three calls, as moto answered them.
    static func ownerFolder(withCallsOf tables: [String] = [Sample.spokesTable]) throws -> SnapshotFolder {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeTransitGateways.xml", as: "DescribeTransitGateways.xml")
        try folder.add(sample: "DescribeTransitGatewayRouteTables.xml", as: "DescribeTransitGatewayRouteTables.xml")
        for table in tables {
            for action in ["GetTransitGatewayRouteTableAssociations", "GetTransitGatewayRouteTablePropagations", "SearchTransitGatewayRoutes"] {
                try folder.add(sample: "\(action).xml", as: "\(action).\(table).xml")
            }
        }
        return folder
    }

    static func search(_ routes: String, more: Bool) -> String {
        "<SearchTransitGatewayRoutesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><routeSet>\(routes)</routeSet>"
            + "<additionalRoutesAvailable>\(more)</additionalRoutesAvailable></SearchTransitGatewayRoutesResponse>"
    }

    @Test func eachTableGetsItsOwnCallsAndStatuses() throws {
        let snapshot = try Self.ownerFolder().read()
        #expect(snapshot.problems == [])
        #expect(snapshot.transitGatewayRouteTables.count == 3)
        let spokes = try #require(snapshot.transitGatewayRouteTablesById[Sample.spokesTable])
        #expect(spokes.associations?.map(\.attachmentId) == [Sample.spoke1])
        #expect(spokes.propagations?.map(\.attachmentId) == [Sample.spoke2])
        #expect(spokes.routes?.map(\.destination) == [.cidr(cidr("10.21.0.0/16")), .cidr(cidr("10.99.0.0/16"))])
        #expect(spokes.routes?.map(\.state) == ["active", "blackhole"])
        #expect(spokes.routesTruncated == false)
        #expect(spokes.associationsStatus == .collected(files: ["123456789012/us-east-1/GetTransitGatewayRouteTableAssociations.\(Sample.spokesTable).xml"]))
        #expect(spokes.propagationsStatus.isCollected && spokes.routesStatus.isCollected)
        // The default table's calls were not made: unknown, never empty.
        let defaults = try #require(snapshot.transitGatewayRouteTablesById[Sample.defaultTable])
        #expect(defaults.associations == nil && defaults.propagations == nil && defaults.routes == nil)
        #expect([defaults.associationsStatus, defaults.propagationsStatus, defaults.routesStatus] == [.missing, .missing, .missing])
        // The action counts as collected in the scope (its files); each table says what it lacks.
        #expect(snapshot.coverage.status(Samples.hub, .searchTransitGatewayRoutes).isCollected)
    }

    @Test func aPerTableFileWithABadIdIsSkipped() throws {
        let folder = try Self.ownerFolder(withCallsOf: [])
        try folder.add(sample: "SearchTransitGatewayRoutes.xml", as: "SearchTransitGatewayRoutes.tgw-rtb-D3C0DF41D9E912055.xml")
        try folder.add(sample: "SearchTransitGatewayRoutes.xml", as: "SearchTransitGatewayRoutes.xml")
        let snapshot = try folder.read()
        #expect(snapshot.metadata.skippedFiles == ["123456789012/us-east-1/SearchTransitGatewayRoutes.tgw-rtb-D3C0DF41D9E912055.xml",
                                                   "123456789012/us-east-1/SearchTransitGatewayRoutes.xml"])
        #expect(snapshot.transitGatewayRouteTables.allSatisfy { $0.routes == nil && $0.routesStatus == .missing })
        #expect(snapshot.coverage.status(Samples.hub, .searchTransitGatewayRoutes) == .missing)
    }

    /// More routes than one search returns: the table's routes are incomplete, and say so.
    @Test func aTruncatedSearchMarksTheTable() throws {
        let folder = try Self.ownerFolder(withCallsOf: [])
        try folder.write(Self.search("<item><destinationCidrBlock>10.1.0.0/16</destinationCidrBlock><type>static</type>"
                                     + "<state>active</state></item>", more: true),
                         as: "SearchTransitGatewayRoutes.\(Sample.spokesTable).xml")
        try folder.write(Self.search("", more: false), as: "SearchTransitGatewayRoutes.\(Sample.defaultTable).xml")
        let snapshot = try folder.read()
        #expect(snapshot.transitGatewayRouteTablesById[Sample.spokesTable]?.routesTruncated == true)
        #expect(snapshot.transitGatewayRouteTablesById[Sample.spokesTable]?.routes?.count == 1)
        #expect(snapshot.transitGatewayRouteTablesById[Sample.defaultTable]?.routesTruncated == false)
        #expect(snapshot.transitGatewayRouteTablesById[Sample.defaultTable]?.routes == [])
    }

    /// A search followed by NextToken (botocore pages it): only the last page says whether routes remain.
    @Test func aPagedSearchIsCompleteWhenItsLastPageSaysSo() throws {
        let folder = try Self.ownerFolder(withCallsOf: [])
        let route = "<item><destinationCidrBlock>10.1.0.0/16</destinationCidrBlock><type>static</type><state>active</state></item>"
        try folder.write(Self.search(route, more: true).replacingOccurrences(of: "</SearchTransitGatewayRoutesResponse>",
                                                                              with: "<nextToken>t</nextToken></SearchTransitGatewayRoutesResponse>"),
                         as: "SearchTransitGatewayRoutes.\(Sample.spokesTable).1.xml")
        try folder.write(Self.search(route.replacingOccurrences(of: "10.1.", with: "10.2."), more: false),
                         as: "SearchTransitGatewayRoutes.\(Sample.spokesTable).2.xml")
        let snapshot = try folder.read()
        let table = try #require(snapshot.transitGatewayRouteTablesById[Sample.spokesTable])
        #expect(table.routes?.map(\.destination) == [.cidr(cidr("10.1.0.0/16")), .cidr(cidr("10.2.0.0/16"))])
        #expect(table.routesTruncated == false)
    }

    @Test func aFailedCallFailsThatTableOnly() throws {
        let folder = try Self.ownerFolder(withCallsOf: [Sample.defaultTable])
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]}],
             "failures": [{"account": "123456789012", "region": "us-east-1",
                           "action": "SearchTransitGatewayRoutes.\(Sample.spokesTable)", "code": "InternalError"}]}
            """)
        let snapshot = try folder.read()
        let spokes = try #require(snapshot.transitGatewayRouteTablesById[Sample.spokesTable])
        #expect(spokes.routesStatus.failureCode == "InternalError")
        #expect(spokes.routes == nil)
        let defaults = try #require(snapshot.transitGatewayRouteTablesById[Sample.defaultTable])
        #expect(defaults.routesStatus.isCollected)
        #expect(defaults.routes?.count == 2)
        #expect(snapshot.coverage.status(Samples.hub, .searchTransitGatewayRoutes).failureCode == "InternalError")
    }

    /// The manifest's `pages` name a table's call as its files do: a page count that the files do
    /// not match makes that table's call unreadable.
    @Test func theManifestPagesOfOneTablesCall() throws {
        let folder = try Self.ownerFolder(withCallsOf: [Sample.spokesTable, Sample.defaultTable])
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]}],
             "pages": {"123456789012/us-east-1/GetTransitGatewayRouteTablePropagations.\(Sample.spokesTable)": 2}}
            """)
        let snapshot = try folder.read()
        let file = "123456789012/us-east-1/GetTransitGatewayRouteTablePropagations.\(Sample.spokesTable).xml"
        #expect(snapshot.problems.map(\.file) == [file])
        #expect(snapshot.problems.first?.message.contains("the manifest records 2 pages") == true)
        #expect(snapshot.transitGatewayRouteTablesById[Sample.spokesTable]?.propagationsStatus.unreadableFile == file)
        #expect(snapshot.transitGatewayRouteTablesById[Sample.defaultTable]?.propagationsStatus.isCollected == true)
    }

    @Test func anUnreadablePerTableFileMakesThatTableUnreadable() throws {
        let folder = try Self.ownerFolder(withCallsOf: [Sample.defaultTable])
        try folder.write("<GetTransitGatewayRouteTableAssociationsResponse><associations><item>",
                         as: "GetTransitGatewayRouteTableAssociations.\(Sample.spokesTable).xml")
        let snapshot = try folder.read()
        #expect(snapshot.transitGatewayRouteTablesById[Sample.spokesTable]?.associationsStatus.unreadableFile
            == "123456789012/us-east-1/GetTransitGatewayRouteTableAssociations.\(Sample.spokesTable).xml")
        #expect(snapshot.transitGatewayRouteTablesById[Sample.defaultTable]?.associations?.count == 1)
    }

    /// A scope whose route-table listing holds no table needs no per-table call; one whose listing
    /// was not collected (a manifest from before transit gateways) has them missing, never settled.
    @Test func perTableCallsSettleOnlyWhereTheListingIsEmpty() throws {
        let folder = try SnapshotFolder()
        try folder.write("<DescribeTransitGatewayRouteTablesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                         + "<transitGatewayRouteTables/></DescribeTransitGatewayRouteTablesResponse>",
                         as: "DescribeTransitGatewayRouteTables.xml", scope: Self.spoke)
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]},
             {"id": "111111111111", "regions": ["us-east-1"]}],
             "actions": ["DescribeVpcs", "DescribeTransitGatewayRouteTables", "GetTransitGatewayRouteTableAssociations",
                         "GetTransitGatewayRouteTablePropagations", "SearchTransitGatewayRoutes"]}
            """)
        let snapshot = try folder.read()
        for action in Action.allCases where action.isPerTransitGatewayRouteTable {
            #expect(snapshot.coverage.status(Self.spoke, action) == .collected(files: []))
            #expect(snapshot.coverage.status(Samples.hub, action) == .missing)
        }
        #expect(snapshot.coverage.status(Samples.hub, .describeTransitGateways) == .missing)
    }

    /// The spoke (listed first: its account sorts first) and the owner report the same gateway
    /// and attachment: one of each, the owner's report kept, the spoke's details joined in.
    @Test func ownerAndSpokeReportsMerge() throws {
        let folder = try Self.ownerFolder()
        try folder.add(sample: "DescribeTransitGatewayAttachments-tgw.xml", as: "DescribeTransitGatewayAttachments.xml")
        try folder.add(sample: "DescribeTransitGatewayPeeringAttachments.xml", as: "DescribeTransitGatewayPeeringAttachments.xml")
        let ns = "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\""
        try folder.write("""
            <DescribeTransitGatewaysResponse \(ns)><transitGatewaySet><item><transitGatewayId>\(Sample.hub)</transitGatewayId>
            <state>available</state><ownerId>123456789012</ownerId><options><autoAcceptSharedAttachments>disable</autoAcceptSharedAttachments>
            </options></item></transitGatewaySet></DescribeTransitGatewaysResponse>
            """, as: "DescribeTransitGateways.xml", scope: Self.spoke)
        try folder.write("""
            <DescribeTransitGatewayAttachmentsResponse \(ns)><transitGatewayAttachments><item>
            <transitGatewayAttachmentId>\(Sample.spoke1)</transitGatewayAttachmentId><transitGatewayId>\(Sample.hub)</transitGatewayId>
            <transitGatewayOwnerId>123456789012</transitGatewayOwnerId><resourceOwnerId>111111111111</resourceOwnerId>
            <resourceType>vpc</resourceType><resourceId>vpc-7de6d75d213496dd7</resourceId><state>available</state>
            <tagSet><item><key>team</key><value>spoke</value></item></tagSet></item></transitGatewayAttachments>
            </DescribeTransitGatewayAttachmentsResponse>
            """, as: "DescribeTransitGatewayAttachments.xml", scope: Self.spoke)
        try folder.write("""
            <DescribeTransitGatewayVpcAttachmentsResponse \(ns)><transitGatewayVpcAttachments><item>
            <transitGatewayAttachmentId>\(Sample.spoke1)</transitGatewayAttachmentId><transitGatewayId>\(Sample.hub)</transitGatewayId>
            <vpcId>vpc-7de6d75d213496dd7</vpcId><vpcOwnerId>111111111111</vpcOwnerId><state>available</state>
            <subnetIds><item>subnet-a</item><item>subnet-b</item></subnetIds><options><applianceModeSupport>enable</applianceModeSupport>
            <ipv6Support>enable</ipv6Support></options></item></transitGatewayVpcAttachments></DescribeTransitGatewayVpcAttachmentsResponse>
            """, as: "DescribeTransitGatewayVpcAttachments.xml", scope: Self.spoke)
        let snapshot = try folder.read()
        #expect(snapshot.problems == [])

        #expect(snapshot.transitGateways.map(\.id) == [Sample.hub, Sample.peer])
        let hub = try #require(snapshot.transitGatewaysById[Sample.hub])
        #expect(hub.scope == Samples.hub)
        #expect(hub.options.autoAcceptSharedAttachments == true)
        #expect(hub.reportedBy == [Self.spoke, Samples.hub])
        #expect(snapshot.transitGatewaysById[Sample.peer]?.reportedBy == [Samples.hub])

        #expect(snapshot.transitGatewayAttachments.map(\.id) == [Sample.spoke1, Sample.spoke2, Sample.peering])
        let attachment = try #require(snapshot.transitGatewayAttachmentsById[Sample.spoke1])
        #expect(attachment.scope == Samples.hub)
        #expect(attachment.reportedBy == [Self.spoke, Samples.hub])
        #expect(attachment.association?.routeTableId == Sample.defaultTable)
        #expect(attachment.subnetIds == ["subnet-a", "subnet-b"])
        #expect(attachment.applianceModeSupport == true)
        #expect(attachment.ipv6Support == true)
        #expect(attachment.tags.name == "spoke-1" && attachment.tags["team"] == "spoke")
        #expect(snapshot.transitGatewayAttachmentsByVpc["vpc-7de6d75d213496dd7"]?.map(\.id) == [Sample.spoke1])
        // No VPC-attachment listing reached this one: its details are unknown, not "off".
        #expect(snapshot.transitGatewayAttachmentsById[Sample.spoke2]?.applianceModeSupport == nil)

        let peering = try #require(snapshot.transitGatewayAttachmentsById[Sample.peering])
        #expect(peering.peerTransitGatewayId == Sample.peer)
        #expect(peering.peerAccountId == "123456789012")
        #expect(peering.peerRegion == "us-east-1")
    }

    /// A gateway the account owns names a default route table its own listing lacks: the listing
    /// looks incomplete, so its tables are dropped and the action is unreadable there.
    @Test func aMissingDefaultRouteTableIsImplausible() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeTransitGateways.xml", as: "DescribeTransitGateways.xml")
        try folder.write("""
            <DescribeTransitGatewayRouteTablesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><transitGatewayRouteTables><item>
            <transitGatewayRouteTableId>\(Sample.spokesTable)</transitGatewayRouteTableId><transitGatewayId>\(Sample.hub)</transitGatewayId>
            </item></transitGatewayRouteTables></DescribeTransitGatewayRouteTablesResponse>
            """, as: "DescribeTransitGatewayRouteTables.xml")
        let snapshot = try folder.read()
        let file = "123456789012/us-east-1/DescribeTransitGatewayRouteTables.xml"
        #expect(snapshot.problems.map(\.file) == [file])
        #expect(snapshot.problems.first?.message.contains("route tables \(Sample.defaultTable), tgw-rtb-7b932e0917c4ac2c4") == true)
        #expect(snapshot.coverage.status(Samples.hub, .describeTransitGatewayRouteTables).unreadableFile == file)
        #expect(snapshot.transitGatewayRouteTables.isEmpty)
    }
}
