import HubSnapshot
import Testing

/// The names a snapshot and a store are made of (`SnapshotLayout`).
@Suite struct SnapshotLayoutTests {
    @Test(arguments: ["123456789012", "000000000000"])
    func accountIds(id: String) { #expect(SnapshotLayout.isAccountId(id)) }

    @Test(arguments: ["12345678901", "1234567890123", "12345678901a", "../../../etc", "", "１２３４５６７８９０１２"])
    func notAccountIds(id: String) { #expect(!SnapshotLayout.isAccountId(id)) }

    @Test(arguments: ["us-east-1", "eu-central-2", "ap-southeast-4", "us-gov-west-1", "cn-northwest-1", "us-isob-east-1",
                      "il-central-1", "mx-central-1"])
    func regions(name: String) { #expect(SnapshotLayout.isRegion(name)) }

    @Test(arguments: ["..", "ssh", "us-east", "US-EAST-1", "us-east-1a", "u-east-1", "us--1", "us-east-123", "backup",
                      "../us-east-1", "us-east-1/.."])
    func notRegions(name: String) { #expect(!SnapshotLayout.isRegion(name)) }

    @Test func responseFileNamesRoundTrip() throws {
        for name in ["DescribeVpcs.xml", "DescribeInstances.2.xml", "GetManagedPrefixListEntries.pl-0abc.xml",
                     "GetManagedPrefixListEntries.pl-0abc.3.xml"] {
            #expect(try #require(SnapshotLayout.ResponseFile(name)).name == name)
        }
        #expect(SnapshotLayout.ResponseFile("GetManagedPrefixListEntries.pl-0abc.3.xml")?.call == "GetManagedPrefixListEntries.pl-0abc")
        for name in ["DescribeVpcs.01.xml", "DescribeVpcs.0.xml", "DescribeVpcs", "GetManagedPrefixListEntries.xml", "Other.xml"] {
            #expect(SnapshotLayout.ResponseFile(name) == nil, "\(name)")
        }
    }

    /// A transit-gateway route table's calls are named like a prefix list's: the id is checked
    /// (`tgw-rtb-` and lowercase hex), and only the per-table actions carry one.
    @Test func perRouteTableFileNames() throws {
        for name in ["SearchTransitGatewayRoutes.tgw-rtb-0abc.xml", "GetTransitGatewayRouteTableAssociations.tgw-rtb-0abc.2.xml",
                     "GetTransitGatewayRouteTablePropagations.tgw-rtb-0abc.xml", "DescribeTransitGatewayRouteTables.3.xml"] {
            #expect(try #require(SnapshotLayout.ResponseFile(name)).name == name)
        }
        #expect(SnapshotLayout.ResponseFile("SearchTransitGatewayRoutes.tgw-rtb-0abc.xml")?.parameter == "tgw-rtb-0abc")
        #expect(SnapshotLayout.ResponseFile("GetTransitGatewayRouteTablePropagations.tgw-rtb-0abc.2.xml")?.call
            == "GetTransitGatewayRouteTablePropagations.tgw-rtb-0abc")
        for name in ["SearchTransitGatewayRoutes.xml", "SearchTransitGatewayRoutes.tgw-rtb-0ABC.xml", "SearchTransitGatewayRoutes.tgw-rtb-.xml",
                     "SearchTransitGatewayRoutes.pl-0abc.xml", "GetManagedPrefixListEntries.tgw-rtb-0abc.xml",
                     "DescribeTransitGatewayRouteTables.tgw-rtb-0abc.xml", "GetTransitGatewayRouteTableAssociations.tgw-0abc.xml"] {
            #expect(SnapshotLayout.ResponseFile(name) == nil, "\(name)")
        }
        #expect(SnapshotLayout.isTransitGatewayRouteTableId("tgw-rtb-0123456789abcdef0"))
        #expect(!SnapshotLayout.isTransitGatewayRouteTableId("tgw-rtb-../x"))
    }

    @Test func storeStampsOrderByTimeThenNumber() throws {
        let names = ["2026-11-23T020000Z-10", "2026-11-22T020000Z", "2026-11-23T020000Z-2", "2026-11-23T020000Z"]
        let stamps = try names.map { try #require(SnapshotLayout.StoreStamp($0)) }
        #expect(stamps.sorted().map(\.time) == ["2026-11-22T020000Z", "2026-11-23T020000Z", "2026-11-23T020000Z", "2026-11-23T020000Z"])
        #expect(stamps.sorted().map(\.sequence) == [1, 1, 2, 10])
    }

    @Test(arguments: ["lost+found", "latest", "2026-11-23", "2026-11-23T020000Z-1", "2026-11-23T020000Z-02", "2026-11-23T020000Z-x",
                      "2026-13-23T020000Z", "2026-11-23T250000Z", "111111111111", "2026-11-23T02:00:00Z"])
    func notStoreStamps(name: String) { #expect(SnapshotLayout.StoreStamp(name) == nil) }
}
