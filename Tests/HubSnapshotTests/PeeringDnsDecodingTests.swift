import Foundation
import HubSnapshot
import HubModel
import HubXML
import Testing

/// The facts rule `peering-dns` reads: each peering side's `allowDnsResolutionFromRemoteVpc`, and
/// DescribeVpcAttribute's `enableDnsSupport` / `enableDnsHostnames` per VPC (samples recorded from
/// moto, `capture_moto.py OUTDIR dns`), decoded strictly and attached per VPC with their status.
@Suite struct PeeringDnsDecodingTests {
    static let requesterVpc = "vpc-e5c36fc2124ac995f"
    static let accepterVpc = "vpc-003a5b29f563b20e9"

    private func decode(_ body: String, name: String = "a/b/body.xml") throws -> DecodedResponse {
        try ResponseReader.read(bytes: Array(body.utf8), name: name, scope: Samples.hub)
    }

    private func decodeError(_ body: String, name: String = "a/b/body.xml") -> InputProblem? {
        #expect(throws: InputProblem.self) { try decode(body, name: name) }
    }

    private func peering(requesterOptions: String, accepterOptions: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <DescribeVpcPeeringConnectionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
        <vpcPeeringConnectionSet><item><vpcPeeringConnectionId>pcx-1</vpcPeeringConnectionId>
        <requesterVpcInfo><ownerId>123456789012</ownerId><vpcId>vpc-1</vpcId>
        \(requesterOptions)
        </requesterVpcInfo>
        <accepterVpcInfo><ownerId>111111111111</ownerId><vpcId>vpc-2</vpcId>\(accepterOptions)</accepterVpcInfo>
        <status><code>active</code><message>Active</message></status></item></vpcPeeringConnectionSet>
        </DescribeVpcPeeringConnectionsResponse>
        """
    }

    private func attribute(_ inner: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <DescribeVpcAttributeResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
        <requestId>r-1</requestId>
        \(inner)
        </DescribeVpcAttributeResponse>
        """
    }

    @Test func mosPeeringOptionsPerSide() throws {
        let response = try Samples.read("DescribeVpcPeeringConnections-dns.xml")
        let peering = try #require(response.peerings.first)
        #expect(peering.requester.vpcId == Self.requesterVpc)
        #expect(peering.requester.allowsDnsResolutionFromRemoteVpc == true)
        #expect(peering.accepter.allowsDnsResolutionFromRemoteVpc == false)
    }

    /// Strictly true/false; no `peeringOptions` (a pending peering, the other owner's side) is nil;
    /// anything else names the file and line.
    @Test func peeringOptionIsStrict() throws {
        let option = { (value: String) in "<peeringOptions><allowDnsResolutionFromRemoteVpc>\(value)</allowDnsResolutionFromRemoteVpc></peeringOptions>" }
        #expect(try decode(peering(requesterOptions: option("true"))).peerings.first?.requester.allowsDnsResolutionFromRemoteVpc == true)
        #expect(try decode(peering(requesterOptions: option("false"))).peerings.first?.requester.allowsDnsResolutionFromRemoteVpc == false)
        let absent = try decode(peering(requesterOptions: ""))
        #expect(absent.peerings.first?.requester.allowsDnsResolutionFromRemoteVpc == nil)
        #expect(absent.peerings.first?.accepter.allowsDnsResolutionFromRemoteVpc == nil)
        #expect(try decode(peering(requesterOptions: "<peeringOptions/>")).peerings.first?.requester.allowsDnsResolutionFromRemoteVpc == nil)
        let error = try #require(decodeError(peering(requesterOptions: option("yes")), name: "a/b/DescribeVpcPeeringConnections.xml"))
        #expect(error.file == "a/b/DescribeVpcPeeringConnections.xml")
        #expect(error.line == 5)
        #expect(error.message.contains("allowDnsResolutionFromRemoteVpc"))
    }

    @Test func mosVpcAttributes() throws {
        let expected: [(String, String, VpcAttribute, Bool)] = [
            ("DescribeVpcAttribute-requester-enableDnsSupport.xml", Self.requesterVpc, .enableDnsSupport, true),
            ("DescribeVpcAttribute-requester-enableDnsHostnames.xml", Self.requesterVpc, .enableDnsHostnames, true),
            ("DescribeVpcAttribute-accepter-enableDnsSupport.xml", Self.accepterVpc, .enableDnsSupport, true),
            ("DescribeVpcAttribute-accepter-enableDnsHostnames.xml", Self.accepterVpc, .enableDnsHostnames, false),
        ]
        for (file, vpc, attribute, value) in expected {
            let response = try Samples.read(file)
            #expect(response.action == .describeVpcAttribute)
            #expect(response.vpcAttribute == VpcAttributeAnswer(vpcId: vpc, attribute: attribute, value: value), "\(file)")
        }
    }

    /// A value that is not exactly true/false, a bare attribute, no value, no VPC, two values: each
    /// an input problem naming the file (and the line where there is one).
    @Test func vpcAttributeIsStrict() throws {
        let bad = try #require(decodeError(attribute("<vpcId>vpc-1</vpcId>\n<enableDnsSupport><value>TRUE</value></enableDnsSupport>")))
        #expect(bad.file == "a/b/body.xml")
        #expect(bad.line == 5)
        #expect(bad.message.contains("invalid enableDnsSupport value"))
        let bare = try #require(decodeError(attribute("<vpcId>vpc-1</vpcId><enableDnsHostnames>true</enableDnsHostnames>")))
        #expect(bare.message.contains("enableDnsHostnames without <value>"))
        let none = try #require(decodeError(attribute("<vpcId>vpc-1</vpcId>")))
        #expect(none.message.contains("without enableDnsSupport or enableDnsHostnames"))
        let noVpc = try #require(decodeError(attribute("<enableDnsSupport><value>true</value></enableDnsSupport>")))
        #expect(noVpc.message.contains("without vpcId"))
        let two = try #require(decodeError(attribute(
            "<vpcId>vpc-1</vpcId><enableDnsSupport><value>true</value></enableDnsSupport><enableDnsHostnames><value>true</value></enableDnsHostnames>")))
        #expect(two.message.contains("more than one value"))
    }

    /// The cross-account view: each owner sees (and sets) its own side's option; the merged
    /// peering takes each side's value from its owner's report, even when the other account's
    /// report (listed first) says otherwise.
    @Test func mergedPeeringTakesEachSideFromItsOwner() throws {
        let folder = try SnapshotFolder()
        let requesterView = peering(
            requesterOptions: "<peeringOptions><allowDnsResolutionFromRemoteVpc>true</allowDnsResolutionFromRemoteVpc></peeringOptions>",
            accepterOptions: "<peeringOptions><allowDnsResolutionFromRemoteVpc>true</allowDnsResolutionFromRemoteVpc></peeringOptions>")
        // The accepter's owner also shows a (stale) requester value: the requester's owner is right.
        let accepterView = peering(
            requesterOptions: "<peeringOptions><allowDnsResolutionFromRemoteVpc>false</allowDnsResolutionFromRemoteVpc></peeringOptions>",
            accepterOptions: "<peeringOptions><allowDnsResolutionFromRemoteVpc>false</allowDnsResolutionFromRemoteVpc></peeringOptions>")
        // 111111111111 (the accepter's owner) sorts before 123456789012: its report is merged first.
        try folder.write(requesterView, as: "DescribeVpcPeeringConnections.xml", scope: Samples.hub)
        try folder.write(accepterView, as: "DescribeVpcPeeringConnections.xml", scope: Samples.acctB)
        let merged = try #require(try folder.read().peerings.first)
        #expect(merged.requester.allowsDnsResolutionFromRemoteVpc == true)
        #expect(merged.accepter.allowsDnsResolutionFromRemoteVpc == false)
    }

    // MARK: - Snapshot files

    private func vpcs(_ ids: [String]) -> String {
        """
        <DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><vpcSet>
        \(ids.map { "<item><vpcId>\($0)</vpcId><cidrBlock>10.0.0.0/16</cidrBlock><ownerId>123456789012</ownerId></item>" }.joined())
        </vpcSet></DescribeVpcsResponse>
        """
    }

    private func answer(_ vpc: String, _ attribute: VpcAttribute, _ value: Bool) -> String {
        self.attribute("<vpcId>\(vpc)</vpcId><\(attribute.rawValue)><value>\(value)</value></\(attribute.rawValue)>")
    }

    /// `DescribeVpcAttribute.<vpc-id>.<attribute>.xml` per VPC and attribute: the values land on
    /// their VPC with a collected status; a VPC whose file is absent is missing (that VPC only),
    /// and the manifest lists the action as attempted.
    @Test func attributeFilesAttachPerVpc() throws {
        let folder = try SnapshotFolder()
        try folder.write(vpcs(["vpc-0a", "vpc-0b"]), as: "DescribeVpcs.xml")
        try folder.write(answer("vpc-0a", .enableDnsSupport, true), as: "DescribeVpcAttribute.vpc-0a.enableDnsSupport.xml")
        try folder.write(answer("vpc-0a", .enableDnsHostnames, false), as: "DescribeVpcAttribute.vpc-0a.enableDnsHostnames.xml")
        try folder.write(answer("vpc-0b", .enableDnsSupport, true), as: "DescribeVpcAttribute.vpc-0b.enableDnsSupport.xml")
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]}],
             "actions": ["DescribeVpcs", "DescribeVpcAttribute"]}
            """)
        let snapshot = try folder.read()
        #expect(snapshot.problems.isEmpty)
        let byId = Dictionary(uniqueKeysWithValues: snapshot.vpcs.map { ($0.id, $0) })
        let a = try #require(byId["vpc-0a"]), b = try #require(byId["vpc-0b"])
        #expect(a.dnsSupport.value == true && a.dnsSupport.status.isCollected)
        #expect(a.dnsHostnames.value == false && a.dnsHostnames.status.isCollected)
        #expect(b.dnsSupport.value == true)
        #expect(b.dnsHostnames.status == .missing)
        #expect(b.dnsHostnames.value == nil)
        #expect(snapshot.coverage.notAttempted.isEmpty == false)
        #expect(!snapshot.coverage.notAttempted.contains(.describeVpcAttribute))
        #expect(snapshot.metadata.skippedFiles.isEmpty)
    }

    /// A file answering another VPC or attribute than its name says is an input problem, and that
    /// VPC's attribute is unreadable; a manifest failure fails that one call.
    @Test func mismatchedOrFailedAttributeFiles() throws {
        let folder = try SnapshotFolder()
        try folder.write(vpcs(["vpc-0a", "vpc-0b"]), as: "DescribeVpcs.xml")
        try folder.write(answer("vpc-0b", .enableDnsSupport, true), as: "DescribeVpcAttribute.vpc-0a.enableDnsSupport.xml")
        try folder.write(answer("vpc-0a", .enableDnsSupport, false), as: "DescribeVpcAttribute.vpc-0a.enableDnsHostnames.xml")
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]}],
             "actions": ["DescribeVpcs", "DescribeVpcAttribute"],
             "failures": [{"account": "123456789012", "region": "us-east-1", "action": "DescribeVpcAttribute.vpc-0b.enableDnsSupport",
                           "code": "UnauthorizedOperation", "message": "denied"}]}
            """)
        let snapshot = try folder.read()
        let files = snapshot.problems.map(\.file)
        #expect(files == ["123456789012/us-east-1/DescribeVpcAttribute.vpc-0a.enableDnsHostnames.xml",
                          "123456789012/us-east-1/DescribeVpcAttribute.vpc-0a.enableDnsSupport.xml"])
        #expect(snapshot.problems.allSatisfy { $0.message.contains("but its name says") })
        let byId = Dictionary(uniqueKeysWithValues: snapshot.vpcs.map { ($0.id, $0) })
        #expect(byId["vpc-0a"]?.dnsSupport.status.unreadableFile == "123456789012/us-east-1/DescribeVpcAttribute.vpc-0a.enableDnsSupport.xml")
        #expect(byId["vpc-0a"]?.dnsSupport.value == nil)
        #expect(byId["vpc-0b"]?.dnsSupport.status.failureCode == "UnauthorizedOperation")
    }

    /// A snapshot whose collector never attempted the action: the coverage says so; a scope whose
    /// DescribeVpcs lists no VPC needs no attribute call.
    @Test func notAttemptedAndNoVpcs() throws {
        let folder = try SnapshotFolder()
        try folder.write(vpcs(["vpc-0a"]), as: "DescribeVpcs.xml")
        try folder.write(vpcs([]), as: "DescribeVpcs.xml", scope: Samples.acctB)
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]},
             {"id": "111111111111", "regions": ["us-east-1"]}], "actions": ["DescribeVpcs"]}
            """)
        let old = try folder.read()
        #expect(old.coverage.notAttempted.contains(.describeVpcAttribute))
        #expect(old.vpcs.first?.dnsSupport.status == .missing)
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]},
             {"id": "111111111111", "regions": ["us-east-1"]}], "actions": ["DescribeVpcs", "DescribeVpcAttribute"]}
            """)
        let fresh = try folder.read()
        #expect(fresh.coverage.status(Samples.acctB, .describeVpcAttribute).isCollected)
        #expect(!fresh.coverage.status(Samples.hub, .describeVpcAttribute).isCollected)
    }

    /// The file names: VPC id then attribute; anything else is not a response hubaudit reads.
    @Test func attributeFileNames() {
        let file = SnapshotLayout.ResponseFile("DescribeVpcAttribute.vpc-0abc.enableDnsHostnames.xml")
        #expect(file?.action == .describeVpcAttribute)
        #expect(file?.parameter == "vpc-0abc.enableDnsHostnames")
        #expect(file?.call == "DescribeVpcAttribute.vpc-0abc.enableDnsHostnames")
        #expect(SnapshotLayout.ResponseFile("DescribeVpcAttribute.vpc-0abc.enableDnsSupport.2.xml")?.page == 2)
        for bad in ["DescribeVpcAttribute.xml", "DescribeVpcAttribute.vpc-0abc.xml", "DescribeVpcAttribute.vpc-0abc.enableDns.xml",
                    "DescribeVpcAttribute.vpc-0ABC.enableDnsSupport.xml", "DescribeVpcAttribute.enableDnsSupport.vpc-0abc.xml",
                    "DescribeVpcAttribute.vpc-..enableDnsSupport.xml"] {
            #expect(SnapshotLayout.ResponseFile(bad) == nil, "\(bad)")
        }
    }
}
