import HubSnapshot
import HubModel
import Testing

/// Each prefix list records how its own GetManagedPrefixListEntries call went: the action's
/// coverage is per account and region, and cannot say which list lacks its entries (issue 9, item 3).
struct PrefixListStatusTests {
    static let corp = "pl-97279db71a2e4555e"
    static let s3 = "pl-1543bac24d0376bee"

    @Test func aListWhoseEntriesFileIsAbsentIsMissingWhileAnotherIsCollected() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeManagedPrefixLists.xml", as: "DescribeManagedPrefixLists.xml")
        try folder.add(sample: "GetManagedPrefixListEntries.xml", as: "GetManagedPrefixListEntries.\(Self.corp).xml")
        let snapshot = try folder.read()
        #expect(snapshot.prefixList(Self.corp, in: Samples.hub)?.entriesStatus.isCollected == true)
        #expect(snapshot.prefixList(Self.s3, in: Samples.hub)?.entriesStatus == .missing)
    }

    @Test func anErrorBodyFailsThatListOnly() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeManagedPrefixLists.xml", as: "DescribeManagedPrefixLists.xml")
        try folder.add(sample: "Error-DescribeVpcs-InvalidVpcID.xml", as: "GetManagedPrefixListEntries.\(Self.corp).xml")
        try folder.add(sample: "GetManagedPrefixListEntries.xml", as: "GetManagedPrefixListEntries.\(Self.s3).xml")
        let snapshot = try folder.read()
        let corp = try #require(snapshot.prefixList(Self.corp, in: Samples.hub))
        #expect(corp.entriesStatus.failureCode == "InvalidVpcID.NotFound")
        #expect(corp.entries == nil)
        #expect(snapshot.prefixList(Self.s3, in: Samples.hub)?.entriesStatus.isCollected == true)
    }

    @Test func aManifestFailureFailsThatList() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeManagedPrefixLists.xml", as: "DescribeManagedPrefixLists.xml")
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]}],
             "failures": [{"account": "123456789012", "region": "us-east-1",
                           "action": "GetManagedPrefixListEntries.\(Self.corp)", "code": "InvalidPrefixListID.NotFound"}]}
            """)
        let snapshot = try folder.read()
        #expect(snapshot.prefixList(Self.corp, in: Samples.hub)?.entriesStatus.failureCode == "InvalidPrefixListID.NotFound")
        #expect(snapshot.prefixList(Self.s3, in: Samples.hub)?.entriesStatus == .missing)
    }

    @Test func anUnreadableEntriesFileMakesThatListUnreadable() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeManagedPrefixLists.xml", as: "DescribeManagedPrefixLists.xml")
        try folder.write("<GetManagedPrefixListEntriesResponse><entrySet><item><cidr>10.0.0", as: "GetManagedPrefixListEntries.\(Self.corp).xml")
        let snapshot = try folder.read()
        #expect(snapshot.prefixList(Self.corp, in: Samples.hub)?.entriesStatus.unreadableFile != nil)
    }
}
