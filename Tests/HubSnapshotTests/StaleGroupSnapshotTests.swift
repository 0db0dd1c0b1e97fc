import HubSnapshot
import HubModel
import Testing

/// Each VPC's DescribeStaleSecurityGroups call (`DescribeStaleSecurityGroups.<vpc-id>[.N].xml`, a
/// cross-check): attached to the snapshot per VPC with its status; a failure recorded in the
/// manifest is "not collected" for that VPC; a snapshot that never asked for it has no gap for it.
struct StaleGroupSnapshotTests {
    static let vpc = "vpc-971b4b75de8fa6c6f"
    static let otherVpc = "vpc-2086d7572d0828fc0"
    static let file = "DescribeStaleSecurityGroups.\(vpc).xml"

    static func manifest(actions: [String]? = nil, failures: String = "") -> String {
        let listed = actions.map { ", \"actions\": [" + $0.map { "\"\($0)\"" }.joined(separator: ", ") + "]" } ?? ""
        return """
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]}]\(listed),
             "failures": [\(failures)]}
            """
    }

    static let everyAction = Action.allCases.map(\.rawValue)

    @Test func aVpcsFileIsItsReportWithTheGroupsEC2Listed() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        try folder.add(sample: "DescribeStaleSecurityGroups.xml", as: Self.file)
        let snapshot = try folder.read()
        let report = try #require(snapshot.staleGroupReport(vpcId: Self.vpc, in: Samples.hub))
        #expect(report.status == .collected(files: ["123456789012/us-east-1/\(Self.file)"]))
        #expect(report.groups?.map(\.groupId) == ["sg-54393e55db5d96e6c", "sg-172d5fef3c6ee88e0"])
        #expect(snapshot.staleGroupReport(vpcId: Self.otherVpc, in: Samples.hub) == nil)
        #expect(snapshot.coverage.status(Samples.hub, .describeStaleSecurityGroups).isCollected)
        #expect(snapshot.problems.isEmpty)
    }

    /// moto answers HTTP 500 (an HTML page): the collector records the failure per VPC.
    @Test func aManifestFailureIsThatVpcsReportNotCollected() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        try folder.add(sample: "DescribeStaleSecurityGroups.xml", as: Self.file)
        try folder.writeManifest(Self.manifest(actions: Self.everyAction, failures: """
            {"account": "123456789012", "region": "us-east-1", "action": "DescribeStaleSecurityGroups.\(Self.otherVpc)",
             "code": "HTTP500", "message": "HTTP status 500 without an AWS error body", "http_status": 500}
            """))
        let snapshot = try folder.read()
        let failed = try #require(snapshot.staleGroupReport(vpcId: Self.otherVpc, in: Samples.hub))
        #expect(failed.status.failureCode == "HTTP500")
        #expect(failed.groups == nil)
        #expect(snapshot.staleGroupReport(vpcId: Self.vpc, in: Samples.hub)?.status.isCollected == true)
        #expect(snapshot.coverage.status(Samples.hub, .describeStaleSecurityGroups).failureCode == "HTTP500")
        #expect(snapshot.coverage.collectionGaps(in: Samples.hub).map(\.0).contains(.describeStaleSecurityGroups))
        #expect(snapshot.problems.isEmpty)
    }

    /// An older snapshot: its manifest lists the actions of its day, or it has no manifest at all.
    @Test(arguments: [true, false])
    func aSnapshotThatNeverAskedHasNoGapForIt(withManifest: Bool) throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        if withManifest {
            try folder.writeManifest(Self.manifest(actions: Self.everyAction.filter { $0 != "DescribeStaleSecurityGroups" }))
        }
        let snapshot = try folder.read()
        #expect(snapshot.staleGroupReports.isEmpty)
        #expect(snapshot.coverage.entries[Samples.hub]?[.describeStaleSecurityGroups] == nil)
        #expect(!snapshot.coverage.collectionGaps(in: Samples.hub).map(\.0).contains(.describeStaleSecurityGroups))
        // Still a gap for what it does hold nothing of, as before.
        #expect(snapshot.coverage.collectionGaps(in: Samples.hub).map(\.0).contains(.describeSubnets))
    }

    /// Asked for, and DescribeVpcs listed no VPC: nothing to miss.
    @Test func noVpcNoCallNoGap() throws {
        let folder = try SnapshotFolder()
        try folder.write("<DescribeVpcsResponse><vpcSet/></DescribeVpcsResponse>", as: "DescribeVpcs.xml")
        try folder.writeManifest(Self.manifest(actions: Self.everyAction))
        let snapshot = try folder.read()
        #expect(snapshot.coverage.status(Samples.hub, .describeStaleSecurityGroups) == .collected(files: []))
    }

    /// A file answers for the VPC its name names: a group of another VPC is an input problem.
    @Test func aGroupOfAnotherVpcIsAnInputProblemNamingTheFile() throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeStaleSecurityGroups.xml", as: "DescribeStaleSecurityGroups.\(Self.otherVpc).xml")
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == "123456789012/us-east-1/DescribeStaleSecurityGroups.\(Self.otherVpc).xml")
        #expect(problem.message == "lists 'sg-54393e55db5d96e6c' of 'vpc-971b4b75de8fa6c6f', but the file answers for \(Self.otherVpc)")
        #expect(snapshot.staleGroupReport(vpcId: Self.otherVpc, in: Samples.hub)?.status.unreadableFile != nil)
    }

    /// The VPC id names the file: one that is not `vpc-` and hex digits is not a response hubaudit reads.
    @Test(arguments: ["DescribeStaleSecurityGroups.xml", "DescribeStaleSecurityGroups.sg-0abc.xml",
                      "DescribeStaleSecurityGroups.vpc-HUB.xml", "DescribeStaleSecurityGroups.vpc-.xml"])
    func aFileWithoutAVpcIdIsSkipped(name: String) throws {
        let folder = try SnapshotFolder()
        try folder.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml")
        try folder.add(sample: "DescribeStaleSecurityGroups.xml", as: name)
        let snapshot = try folder.read()
        #expect(snapshot.metadata.skippedFiles == ["123456789012/us-east-1/\(name)"])
        #expect(snapshot.staleGroupReports.isEmpty)
    }

    @Test func layoutNamesAndChecksVpcIds() {
        #expect(SnapshotLayout.ResponseFile(Self.file) == SnapshotLayout.ResponseFile(action: .describeStaleSecurityGroups,
                                                                                       parameter: Self.vpc))
        #expect(SnapshotLayout.ResponseFile("DescribeStaleSecurityGroups.\(Self.vpc).2.xml")?.page == 2)
        #expect(SnapshotLayout.isResourceId(Self.vpc, of: .describeStaleSecurityGroups))
        #expect(!SnapshotLayout.isResourceId("vpc-../x", of: .describeStaleSecurityGroups))
        #expect(!SnapshotLayout.isResourceId("pl-0abc", of: .describeStaleSecurityGroups))
    }
}
