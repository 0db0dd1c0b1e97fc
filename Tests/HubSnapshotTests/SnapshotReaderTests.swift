import Foundation
import HubSnapshot
import HubModel
import Testing

/// Snapshot folders built from the reference samples: coverage, problems, pagination, manifest, merging.

@Suite struct SnapshotCoverageTests {
    static let vpcsFile = "123456789012/us-east-1/DescribeVpcs.xml"

    @Test func collectedAndMissing() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        let snapshot = try folder.read()
        #expect(snapshot.scopes == [Samples.hub])
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.coverage.status(Samples.hub, .describeVpcs) == .collected(files: [Self.vpcsFile]))
        #expect(snapshot.coverage.status(Samples.hub, .describeSubnets) == .missing)
        #expect(snapshot.coverage.status(Samples.hub, .describeInstances) == .missing)
        // Without DescribeManagedPrefixLists nobody knows whether entries were needed.
        #expect(snapshot.coverage.status(Samples.hub, .getManagedPrefixListEntries) == .missing)
        #expect(snapshot.vpcs.map(\.id) == ["vpc-054491aee76f0d1c3", "vpc-971b4b75de8fa6c6f", "vpc-2086d7572d0828fc0"])
        #expect(snapshot.vpcs.allSatisfy { $0.scope == Samples.hub })
        #expect(!snapshot.metadata.hasManifest)
        #expect(snapshot.metadata.takenAt == nil)
    }

    @Test func everyActionHasAStatusWithoutAManifest() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        let snapshot = try folder.read()
        let entries = try #require(snapshot.coverage.entries[Samples.hub])
        // Every action but the cross-checks, which a snapshot without a manifest never asked for.
        let read = Action.allCases.filter { !$0.isCrossCheck }
        #expect(entries.count == read.count)
        let gaps = snapshot.coverage.gaps(in: Samples.hub, needed: Action.allCases).map { $0.0 }
        #expect(gaps == Action.allCases.filter { $0 != .describeVpcs }.sorted())
        #expect(snapshot.coverage.collectionGaps(in: Samples.hub).map(\.0) == read.filter { $0 != .describeVpcs }.sorted())
    }

    @Test func ec2ErrorBodyMakesTheActionFailed() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        try folder.add(sample: "Error-DescribeSecurityGroups-InvalidGroup.xml", as: "DescribeSecurityGroups.xml")
        let snapshot = try folder.read()
        let expected = CollectionStatus.failed(code: "InvalidGroup.NotFound",
                                               message: "The security group '{'sg-0deadbeef0000000'}' does not exist")
        #expect(snapshot.coverage.status(Samples.hub, .describeSecurityGroups) == expected)
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.securityGroups.isEmpty)
        #expect(snapshot.vpcs.count == 3)
    }

    @Test func dryRunErrorOnVpcsDropsNothingElse() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "Error-DescribeVpcs-DryRun.xml", as: "DescribeVpcs.xml")
        try folder.add(sample: "DescribeSubnets.xml", as: "DescribeSubnets.xml")
        let snapshot = try folder.read()
        #expect(snapshot.coverage.status(Samples.hub, .describeVpcs).failureCode == "DryRunOperation")
        #expect(snapshot.vpcs.isEmpty)
        #expect(snapshot.subnets.count == 9)
    }

    @Test func malformedFileIsUnreadableAndAProblemWithItsLine() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        try folder.add(sample: "DescribeRouteTables.xml", as: "DescribeRouteTables.xml")
        try folder.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <DescribeSubnetsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
            <subnetSet><item><subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/24</cidrBlock></item>
            <item><subnetId>subnet-2</subnetId></subnetSet>
            </DescribeSubnetsResponse>
            """, as: "DescribeSubnets.xml")
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(snapshot.problems.count == 1)
        #expect(problem.file == "123456789012/us-east-1/DescribeSubnets.xml")
        #expect(problem.line == 4)
        #expect(!problem.message.isEmpty)
        let status = snapshot.coverage.status(Samples.hub, .describeSubnets)
        #expect(status == .unreadable(file: "123456789012/us-east-1/DescribeSubnets.xml", message: problem.message))
        // Nothing of the broken file is used, and the other files are read as usual.
        #expect(snapshot.subnets.isEmpty)
        #expect(snapshot.vpcs.count == 3)
        #expect(snapshot.routeTables.count == 5)
        #expect(snapshot.coverage.status(Samples.hub, .describeRouteTables).isCollected)
    }

    @Test func truncatedSampleIsAProblem() throws {
        let folder = try SnapshotFolder()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: try Samples.path("DescribeSecurityGroups.xml")))
        try folder.write(String(decoding: bytes.prefix(2000), as: UTF8.self), as: "DescribeSecurityGroups.xml")
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == "123456789012/us-east-1/DescribeSecurityGroups.xml")
        #expect(problem.line != nil)
        #expect(snapshot.coverage.status(Samples.hub, .describeSecurityGroups).unreadableFile == problem.file)
        #expect(snapshot.securityGroups.isEmpty)
    }

    @Test func bodyOfAnotherActionIsAProblem() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeSubnets.xml", as: "DescribeVpcs.xml")
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == Self.vpcsFile)
        #expect(problem.line == 1)
        #expect(problem.message.contains("DescribeSubnets"))
        #expect(problem.message.contains("DescribeVpcs"))
        #expect(snapshot.coverage.status(Samples.hub, .describeVpcs).unreadableFile == Self.vpcsFile)
        #expect(snapshot.coverage.status(Samples.hub, .describeSubnets) == .missing)
        #expect(snapshot.vpcs.isEmpty)
        #expect(snapshot.subnets.isEmpty)
    }

    @Test func responseOfAnUnreadActionIsAProblem() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "CreateVpc.xml", as: "DescribeVpcs.xml")
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == Self.vpcsFile)
        #expect(problem.message.contains("unexpected root element <CreateVpcResponse>"))
        #expect(snapshot.coverage.status(Samples.hub, .describeVpcs).unreadableFile == Self.vpcsFile)
    }

    @Test func htmlPageIsAProblemNotACrash() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeStaleSecurityGroups-moto-HTTP500.html", as: "DescribeSecurityGroups.xml")
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == "123456789012/us-east-1/DescribeSecurityGroups.xml")
        #expect(problem.line == 1)
    }

    @Test func filesThatAreNotResponsesAreSkippedAndListed() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        try folder.write("notes", as: "notes.txt")
        try folder.add(sample: "DescribeSecurityGroupRules.xml", as: "DescribeSecurityGroupRules.xml")
        try folder.write("x", as: ".DS_Store")
        try folder.write("<x/>", as: "GetManagedPrefixListEntries.xml")
        let snapshot = try folder.read()
        #expect(snapshot.metadata.skippedFiles.sorted() == ["123456789012/us-east-1/DescribeSecurityGroupRules.xml",
                                                            "123456789012/us-east-1/GetManagedPrefixListEntries.xml",
                                                            "123456789012/us-east-1/notes.txt"])
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.vpcs.count == 3)
    }

    @Test func prefixListEntriesAreAttachedToTheirList() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeManagedPrefixLists.xml", as: "DescribeManagedPrefixLists.xml")
        try folder.add(sample: "GetManagedPrefixListEntries.xml", as: "GetManagedPrefixListEntries.pl-97279db71a2e4555e.xml")
        let snapshot = try folder.read()
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.prefixLists.count == 7)
        let corp = try #require(snapshot.prefixList("pl-97279db71a2e4555e", in: Samples.hub))
        #expect(corp.entries == [cidr("192.168.0.0/24"), cidr("192.168.1.0/24")])
        #expect(snapshot.prefixList("pl-1543bac24d0376bee", in: Samples.hub)?.entries == nil)
        #expect(snapshot.coverage.status(Samples.hub, .getManagedPrefixListEntries)
                == .collected(files: ["123456789012/us-east-1/GetManagedPrefixListEntries.pl-97279db71a2e4555e.xml"]))
    }

    @Test func noPrefixListsMeansNoEntriesToMiss() throws {
        let folder = try SnapshotFolder()
        try folder.write("<DescribeManagedPrefixListsResponse><prefixListSet/></DescribeManagedPrefixListsResponse>",
                         as: "DescribeManagedPrefixLists.xml")
        let snapshot = try folder.read()
        #expect(snapshot.coverage.status(Samples.hub, .describeManagedPrefixLists).isCollected)
        #expect(snapshot.coverage.status(Samples.hub, .getManagedPrefixListEntries) == .collected(files: []))
    }

    @Test func notAFolderIsAnError() throws {
        #expect(throws: SnapshotReader.Failure.self) { try SnapshotReader.read("/nonexistent/hubaudit-snapshot") }
        let path = try Samples.path("DescribeVpcs.xml")
        #expect(throws: SnapshotReader.Failure.self) { try SnapshotReader.read(path) }
    }
}

@Suite struct SnapshotPaginationTests {
    static let page1 = "123456789012/us-east-1/DescribeInstances.1.xml"
    static let page2 = "123456789012/us-east-1/DescribeInstances.2.xml"

    @Test func bothPagesAreRead() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeInstances-page1.xml", as: "DescribeInstances.1.xml")
        try folder.add(sample: "DescribeInstances-page2.xml", as: "DescribeInstances.2.xml")
        let snapshot = try folder.read()
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.coverage.status(Samples.hub, .describeInstances) == .collected(files: [Self.page1, Self.page2]))
        #expect(snapshot.instances.count == 7)
        #expect(snapshot.instances.first?.id == "i-34c48ce8826e926b7")
        #expect(snapshot.instances.last?.id == "i-6215a20ff2773b331")
        #expect(snapshot.isInUse(groupId: "sg-31e66ed201d5c5faf"))
    }

    @Test func lonePageWithNextTokenWasCutShort() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeInstances-page1.xml", as: "DescribeInstances.1.xml")
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == Self.page1)
        #expect(problem.message.contains("cut short"))
        #expect(snapshot.coverage.status(Samples.hub, .describeInstances).unreadableFile == Self.page1)
        #expect(snapshot.instances.isEmpty)
    }

    @Test func unnumberedFileWithNextTokenWasCutShort() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeInstances-page1.xml", as: "DescribeInstances.xml")
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == "123456789012/us-east-1/DescribeInstances.xml")
        #expect(problem.message.contains("cut short"))
        #expect(snapshot.instances.isEmpty)
    }

    /// The last page of one call saved as page 1: it has no nextToken, yet a page 2 follows.
    @Test func pagesInTheWrongOrderDoNotBelongTogether() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeInstances-page2.xml", as: "DescribeInstances.1.xml")
        try folder.add(sample: "DescribeInstances-page1.xml", as: "DescribeInstances.2.xml")
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == "123456789012/us-east-1/DescribeInstances.1.xml")
        #expect(problem.message == "page 1 has no nextToken, yet page 2 exists: the pages do not belong together")
        #expect(snapshot.instances.isEmpty)
    }

    @Test func missingMiddlePageIsAProblem() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeInstances-page1.xml", as: "DescribeInstances.1.xml")
        try folder.add(sample: "DescribeInstances-page2.xml", as: "DescribeInstances.3.xml")
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.message.contains("page 2"))
        #expect(snapshot.instances.isEmpty)
        #expect(!snapshot.coverage.status(Samples.hub, .describeInstances).isCollected)
    }

    @Test func numberedAndUnnumberedTogetherIsAProblem() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeInstances.xml", as: "DescribeInstances.xml")
        try folder.add(sample: "DescribeInstances-page2.xml", as: "DescribeInstances.1.xml")
        let snapshot = try folder.read()
        #expect(snapshot.problems.count == 1)
        #expect(snapshot.instances.isEmpty)
    }

    /// Pages are read in numeric order (10 after 9), not in file-name order.
    @Test func moreThanNinePagesAreReadInOrder() throws {
        let folder = try SnapshotFolder()
        for page in 1...11 {
            let token = page < 11 ? "<nextToken>token-\(page)</nextToken>" : ""
            try folder.write("""
                <DescribeVpcsResponse><vpcSet><item><vpcId>vpc-\(page)</vpcId><cidrBlock>10.\(page).0.0/16</cidrBlock>\
                </item></vpcSet>\(token)</DescribeVpcsResponse>
                """, as: "DescribeVpcs.\(page).xml")
        }
        let snapshot = try folder.read()
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.vpcs.map(\.id) == (1...11).map { "vpc-\($0)" })
        let status = snapshot.coverage.status(Samples.hub, .describeVpcs)
        if case .collected(let files) = status {
            #expect(Set(files) == Set((1...11).map { "123456789012/us-east-1/DescribeVpcs.\($0).xml" }))
        } else {
            Issue.record("DescribeVpcs is \(status.summary)")
        }
    }

    @Test func manifestPageCountMustMatch() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeInstances-page1.xml", as: "DescribeInstances.1.xml")
        try folder.add(sample: "DescribeInstances-page2.xml", as: "DescribeInstances.2.xml")
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]}],
             "pages": {"123456789012/us-east-1/DescribeInstances": 3}}
            """)
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.message.contains("3 pages"))
        #expect(snapshot.instances.isEmpty)
    }

    @Test func manifestPageCountThatMatchesIsFine() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeInstances-page1.xml", as: "DescribeInstances.1.xml")
        try folder.add(sample: "DescribeInstances-page2.xml", as: "DescribeInstances.2.xml")
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]}],
             "pages": {"123456789012/us-east-1/DescribeInstances": 2}}
            """)
        let snapshot = try folder.read()
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.instances.count == 7)
    }
}

@Suite struct SnapshotManifestTests {
    static let euWest = Scope(account: "123456789012", region: "eu-west-1")

    static let manifest = """
        {
          "format": "hubaudit-snapshot/1",
          "taken_at": "2026-11-23T09:30:00Z",
          "collector": "hubaudit-collect 0.1 (test)",
          "accounts": [
            {"id": "123456789012", "name": "network-hub", "regions": ["us-east-1", "eu-west-1"]},
            {"id": "111111111111", "regions": ["us-east-1"]}
          ],
          "pages": {},
          "failures": [
            {"account": "123456789012", "region": "us-east-1", "action": "DescribeFlowLogs",
             "code": "UnauthorizedOperation", "message": "You are not authorized to perform this operation.",
             "http_status": 403},
            {"account": "123456789012", "region": "us-east-1", "action": "DescribeVpcs", "code": "RequestLimitExceeded"},
            {"account": "123456789012", "region": "us-east-1", "action": "DescribeTransitGateways", "code": "Ignored"}
          ],
          "a_later_key": {"ignored": true}
        }
        """

    @Test func metadataComesFromTheManifest() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeSubnets.xml", as: "DescribeSubnets.xml")
        try folder.writeManifest(Self.manifest)
        let snapshot = try folder.read()
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.metadata.hasManifest)
        #expect(snapshot.metadata.takenAt == "2026-11-23T09:30:00Z")
        #expect(snapshot.metadata.collector == "hubaudit-collect 0.1 (test)")
        #expect(snapshot.metadata.accountNames == ["123456789012": "network-hub"])
    }

    @Test func manifestFailuresMakeActionsFailed() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeSubnets.xml", as: "DescribeSubnets.xml")
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        try folder.writeManifest(Self.manifest)
        let snapshot = try folder.read()
        #expect(snapshot.coverage.status(Samples.hub, .describeFlowLogs)
                == .failed(code: "UnauthorizedOperation", message: "You are not authorized to perform this operation."))
        // A recorded failure wins over a file, and the file's data is not used.
        #expect(snapshot.coverage.status(Samples.hub, .describeVpcs) == .failed(code: "RequestLimitExceeded", message: ""))
        #expect(snapshot.vpcs.isEmpty)
        #expect(snapshot.coverage.status(Samples.hub, .describeSubnets).isCollected)
        #expect(snapshot.subnets.count == 9)
    }

    @Test func namedScopesWithoutFoldersAreMissingEverything() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeSubnets.xml", as: "DescribeSubnets.xml")
        try folder.writeManifest(Self.manifest)
        let snapshot = try folder.read()
        #expect(snapshot.scopes == [Samples.acctB, Self.euWest, Samples.hub])
        for scope in [Self.euWest, Samples.acctB] {
            let entries = try #require(snapshot.coverage.entries[scope])
            #expect(entries.count == Action.allCases.filter { !$0.isCrossCheck }.count)
            #expect(entries.values.allSatisfy { $0 == .missing })
        }
    }

    @Test func manifestActionsLimitWhatIsExpected() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]}],
             "actions": ["DescribeVpcs", "DescribeSubnets", "DescribeSomethingNew"]}
            """)
        let snapshot = try folder.read()
        let entries = try #require(snapshot.coverage.entries[Samples.hub])
        #expect(Set(entries.keys) == [.describeVpcs, .describeSubnets])
        #expect(entries[.describeSubnets] == .missing)
        #expect(entries[.describeVpcs] == .collected(files: [SnapshotCoverageTests.vpcsFile]))
    }

    /// A per-list call is named like its file (`GetManagedPrefixListEntries.pl-…`) and counts against the action.
    @Test func perListFailureFailsTheEntriesAction() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeManagedPrefixLists.xml", as: "DescribeManagedPrefixLists.xml")
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]}],
             "failures": [{"account": "123456789012", "region": "us-east-1",
                           "action": "GetManagedPrefixListEntries.pl-97279db71a2e4555e", "code": "InvalidPrefixListID.NotFound"}]}
            """)
        let snapshot = try folder.read()
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.coverage.status(Samples.hub, .getManagedPrefixListEntries).failureCode == "InvalidPrefixListID.NotFound")
        #expect(snapshot.coverage.status(Samples.hub, .describeManagedPrefixLists).isCollected)
        #expect(snapshot.prefixList("pl-97279db71a2e4555e", in: Samples.hub)?.entries == nil)
    }

    @Test func perListPageCountMustMatch() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeManagedPrefixLists.xml", as: "DescribeManagedPrefixLists.xml")
        try folder.add(sample: "GetManagedPrefixListEntries.xml", as: "GetManagedPrefixListEntries.pl-97279db71a2e4555e.1.xml")
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]}],
             "pages": {"123456789012/us-east-1/GetManagedPrefixListEntries.pl-97279db71a2e4555e": 2}}
            """)
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == "123456789012/us-east-1/GetManagedPrefixListEntries.pl-97279db71a2e4555e.1.xml")
        #expect(problem.message.contains("2 pages"))
        #expect(snapshot.coverage.status(Samples.hub, .getManagedPrefixListEntries).unreadableFile == problem.file)
    }

    @Test func perListPagesAreJoined() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeManagedPrefixLists.xml", as: "DescribeManagedPrefixLists.xml")
        try folder.write("""
            <GetManagedPrefixListEntriesResponse><entrySet><item><cidr>192.168.0.0/24</cidr></item></entrySet>\
            <nextToken>more</nextToken></GetManagedPrefixListEntriesResponse>
            """, as: "GetManagedPrefixListEntries.pl-97279db71a2e4555e.1.xml")
        try folder.write("""
            <GetManagedPrefixListEntriesResponse><entrySet><item><cidr>192.168.1.0/24</cidr></item></entrySet>\
            </GetManagedPrefixListEntriesResponse>
            """, as: "GetManagedPrefixListEntries.pl-97279db71a2e4555e.2.xml")
        let snapshot = try folder.read()
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.prefixList("pl-97279db71a2e4555e", in: Samples.hub)?.entries
                == [cidr("192.168.0.0/24"), cidr("192.168.1.0/24")])
    }

    @Test func unknownFormatIsAProblemAndIgnored() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/9", "taken_at": "x", "accounts": [{"id": "123456789012", "name": "n", "regions": ["eu-west-1"]}]}
            """)
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == "manifest.json")
        #expect(problem.message.contains("hubaudit-snapshot/9"))
        #expect(!snapshot.metadata.hasManifest)
        #expect(snapshot.metadata.takenAt == nil)
        #expect(snapshot.scopes == [Samples.hub])
        #expect(snapshot.vpcs.count == 3)
    }

    @Test(arguments: ["{not json", #"{"format": "hubaudit-snapshot/1"}"#,
                      #"{"format": "hubaudit-snapshot/1", "accounts": [{"id": 5, "regions": []}]}"#])
    func invalidManifestIsAProblem(json: String) throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        try folder.writeManifest(json)
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == "manifest.json")
        #expect(problem.message.hasPrefix("not a valid manifest"))
        #expect(!snapshot.metadata.hasManifest)
        #expect(snapshot.vpcs.count == 3)
    }
}

@Suite struct SnapshotPeeringMergeTests {
    static func folder(accepterSample: String) throws -> SnapshotFolder {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcPeeringConnections-xacct-requester.xml", as: "DescribeVpcPeeringConnections.xml")
        try folder.add(sample: accepterSample, as: "DescribeVpcPeeringConnections.xml", scope: Samples.acctB)
        return folder
    }

    @Test func crossAccountPeeringIsOneConnectionReportedByBoth() throws {
        let folder = try Self.folder(accepterSample: "DescribeVpcPeeringConnections-xacct-accepter.xml")
        let snapshot = try folder.read()
        #expect(snapshot.problems.isEmpty)
        // The requester also reports its same-account peering: two connections in all.
        #expect(snapshot.peerings.map(\.id) == ["pcx-9b736311533cbc470", "pcx-e75755643c71e3952"])
        let crossAccount = snapshot.peerings.filter { $0.id == "pcx-e75755643c71e3952" }
        #expect(crossAccount.count == 1)
        let peering = try #require(crossAccount.first)
        #expect(peering.reportedBy == [Samples.acctB, Samples.hub])
        #expect(peering.statusCode == "active")
        #expect(peering.requester.ownerId == "123456789012")
        #expect(peering.accepter.ownerId == "111111111111")
        #expect(peering.accepter.blocks == [cidr("10.3.0.0/16")])
        #expect(snapshot.peeringsById["pcx-9b736311533cbc470"]?.reportedBy == [Samples.hub])
        #expect(snapshot.livePeerings(of: "vpc-1c7c7dd53da4de65d").map(\.id) == ["pcx-e75755643c71e3952"])
        #expect(snapshot.livePeerings(of: "vpc-971b4b75de8fa6c6f").count == 2)
    }

    @Test func deletedOnOneSideIsDeleted() throws {
        let folder = try Self.folder(accepterSample: "DescribeVpcPeeringConnections-acctB-deleted.xml")
        let snapshot = try folder.read()
        let peering = try #require(snapshot.peeringsById["pcx-e75755643c71e3952"])
        #expect(snapshot.peerings.count == 2)
        #expect(peering.statusCode == "deleted")
        #expect(peering.statusMessage == "Deleted by 123456789012")
        #expect(peering.reportedBy == [Samples.acctB, Samples.hub])
        #expect(snapshot.livePeerings(of: "vpc-1c7c7dd53da4de65d").isEmpty)
    }

    @Test func pendingOnOneSideIsPending() throws {
        let folder = try Self.folder(accepterSample: "DescribeVpcPeeringConnections-acctB-pending.xml")
        let snapshot = try folder.read()
        let peering = try #require(snapshot.peeringsById["pcx-e75755643c71e3952"])
        #expect(peering.statusCode == "pending-acceptance")
        #expect(peering.statusMessage == "Pending Acceptance by 111111111111")
    }

    @Test func failedSideDoesNotReport() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcPeeringConnections-xacct-requester.xml", as: "DescribeVpcPeeringConnections.xml")
        try folder.add(sample: "Error-DescribeVpcs-DryRun.xml", as: "DescribeVpcPeeringConnections.xml", scope: Samples.acctB)
        let snapshot = try folder.read()
        let peering = try #require(snapshot.peeringsById["pcx-e75755643c71e3952"])
        #expect(peering.reportedBy == [Samples.hub])
        #expect(snapshot.coverage.status(Samples.acctB, .describeVpcPeeringConnections).failureCode == "DryRunOperation")
    }
}

@Suite struct ExampleSnapshotTests {
    static func read(_ name: String) throws -> Snapshot {
        let path = Samples.examples.appendingPathComponent(name).path
        try #require(FileManager.default.fileExists(atPath: path), "example \(path) does not exist")
        return try SnapshotReader.read(path)
    }

    @Test(arguments: ["finance-hub", "peering-pair"])
    func examplesReadCleanlyWithFullCoverage(name: String) throws {
        let snapshot = try Self.read(name)
        #expect(snapshot.problems == [])
        #expect(snapshot.metadata.hasManifest)
        #expect(snapshot.metadata.skippedFiles == [])
        #expect(!snapshot.scopes.isEmpty)
        // Every action the manifest attempted was collected; one it did not attempt (the transit-gateway
        // calls, in an example recorded before them) is missing, never assumed.
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf:
            Samples.examples.appendingPathComponent(name).appendingPathComponent(SnapshotLayout.manifestName)))
        let attempted = manifest.actions?.compactMap(Action.init(rawValue:)) ?? Action.allCases
        for scope in snapshot.scopes {
            // Except the cross-check moto answers with HTTP 500 (DescribeStaleSecurityGroups): recorded as failed.
            let gaps = snapshot.coverage.gaps(in: scope, needed: attempted.filter { !$0.isCrossCheck })
            #expect(gaps.isEmpty, "\(scope): \(gaps.map { "\($0.0.rawValue) \($0.1.summary)" })")
            for action in Action.allCases where !attempted.contains(action) {
                #expect(snapshot.coverage.status(scope, action) == .missing)
            }
        }
        // Every prefix list had its entries collected.
        #expect(snapshot.prefixLists.allSatisfy { $0.entries != nil })
    }

    @Test func financeHubFacts() throws {
        let snapshot = try Self.read("finance-hub")
        #expect(snapshot.scopes.map(\.account) == ["111111111111", "222222222222", "333333333333"])
        #expect(snapshot.metadata.accountNames == ["111111111111": "finance", "222222222222": "marketing",
                                                   "333333333333": "developer"])
        #expect(snapshot.metadata.takenAt?.hasPrefix("2026-") == true)
        // Seven, and marketing-archive, built last for the peering checks.
        #expect(snapshot.vpcs.count == 8)
        #expect(snapshot.peerings.count == 6)
        let pending = snapshot.peerings.filter { $0.statusCode == "pending-acceptance" }
        #expect(pending.map(\.id) == ["pcx-2b38661691cc6f2ee"])
        let active = snapshot.peerings.filter(\.isActive)
        #expect(active.count == 4)
        #expect(snapshot.peerings.filter { $0.statusCode == "deleted" }.count == 1)

        let finance = try #require(snapshot.vpcs.first { $0.tags.name == "finance" })
        #expect(finance.id == "vpc-ef359c86558accdd3")
        #expect(finance.ipv4 == [cidr("10.10.0.0/16")])
        #expect(finance.scope.account == "111111111111")
        let logs = snapshot.flowLogs.filter { $0.resourceId == finance.id }
        #expect(logs.map(\.trafficType) == ["ALL"])
        #expect(logs.first?.isActive == true)
        // The finance VPC is the hub of four active peerings (one of them unused: marketing-archive).
        #expect(snapshot.livePeerings(of: finance.id).count == 4)
    }

    @Test func financeHubPendingPeeringIsReportedByBothSides() throws {
        let snapshot = try Self.read("finance-hub")
        let pending = try #require(snapshot.peeringsById["pcx-2b38661691cc6f2ee"])
        #expect(pending.requester.ownerId == "222222222222")
        #expect(pending.requester.vpcId == "vpc-0009fa12850f36573")
        #expect(pending.accepter.ownerId == "333333333333")
        #expect(pending.accepter.vpcId == "vpc-08fa0c3cde61054a2")
        #expect(pending.reportedBy.map(\.account) == ["222222222222", "333333333333"])
        let toMarketing = try #require(snapshot.peeringsById["pcx-c52319df5537f408f"])
        #expect(toMarketing.reportedBy.map(\.account) == ["111111111111", "222222222222"])
    }

    @Test func peeringPairFacts() throws {
        let snapshot = try Self.read("peering-pair")
        #expect(snapshot.metadata.accountNames == ["444444444444": "requester", "555555555555": "accepter"])
        #expect(snapshot.vpcs.map(\.id).sorted() == ["vpc-1b6eff065884b617c", "vpc-e9ad253834ac0e455"])
        let peering = try #require(snapshot.peerings.first)
        #expect(snapshot.peerings.count == 1)
        #expect(peering.id == "pcx-38b316a231175297d")
        #expect(peering.statusCode == "active")
        #expect(peering.reportedBy.map(\.account) == ["444444444444", "555555555555"])
        #expect(peering.requester.blocks == [cidr("10.0.0.0/16")])
        #expect(peering.accepter.blocks == [cidr("172.16.0.0/16")])
        #expect(snapshot.flowLogs.map(\.trafficType) == ["ALL", "ALL"])
    }
}

/// Regressions found while reviewing the reader.
struct SnapshotReaderRegressionTests {
    /// A region whose calls all failed has no folder; it must still be audited (as not evaluated).
    @Test func aRegionNamedOnlyByAFailureIsAScope() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]}],
             "actions": ["DescribeVpcs"],
             "failures": [{"account": "123456789012", "region": "ap-south-1", "action": "DescribeVpcs", "code": "OptInRequired"}]}
            """)
        let snapshot = try folder.read()
        let optIn = Scope(account: "123456789012", region: "ap-south-1")
        #expect(snapshot.scopes.contains(optIn))
        #expect(snapshot.coverage.status(optIn, .describeVpcs) == .failed(code: "OptInRequired", message: ""))
    }

    /// `DescribeInstances.01.xml` is not a page name: it is skipped, not taken for page 1.
    @Test func zeroPaddedPageNumbersAreNotPages() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeInstances-page1.xml", as: "DescribeInstances.1.xml")
        try folder.add(sample: "DescribeInstances-page2.xml", as: "DescribeInstances.2.xml")
        try folder.add(sample: "DescribeInstances-page2.xml", as: "DescribeInstances.01.xml")
        let snapshot = try folder.read()
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.metadata.skippedFiles == ["123456789012/us-east-1/DescribeInstances.01.xml"])
    }
}

/// An item repeated on the next page (the listing changed while it was paged) is one resource.
struct DuplicateAcrossPagesTests {
    static func page(_ token: String?) -> String {
        """
        <DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
        <securityGroupInfo><item><groupId>sg-dup</groupId><groupName>twice</groupName><vpcId>vpc-1</vpcId>
        <ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort>
        <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissions></item></securityGroupInfo>
        \(token.map { "<nextToken>\($0)</nextToken>" } ?? "")</DescribeSecurityGroupsResponse>
        """
    }

    @Test func aSecurityGroupOnTwoPagesIsOneGroup() throws {
        let folder = try SnapshotFolder()
        try folder.write(Self.page("t1"), as: "DescribeSecurityGroups.1.xml")
        try folder.write(Self.page(nil), as: "DescribeSecurityGroups.2.xml")
        let snapshot = try folder.read()
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.securityGroups.map(\.id) == ["sg-dup"])
    }
}
