import Foundation
import HubSnapshot
import HubModel
import Testing

/// Issue 9: a response that parses but cannot be complete (an empty `<DescribeSecurityGroupsResponse/>`,
/// a list under the wrong element) is an input problem, not "no security groups": EC2 gives every
/// VPC a default security group, a main route table and a default network ACL, and lists the VPC of
/// every subnet.
@Suite struct PlausibilityTests {
    static let vpcs = """
        <DescribeVpcsResponse><vpcSet>
        <item><vpcId>vpc-1</vpcId><ownerId>123456789012</ownerId><state>available</state><cidrBlock>10.0.0.0/16</cidrBlock></item>
        <item><vpcId>vpc-shared</vpcId><ownerId>999999999999</ownerId><state>available</state><cidrBlock>10.1.0.0/16</cidrBlock></item>
        </vpcSet></DescribeVpcsResponse>
        """
    static let groups = """
        <DescribeSecurityGroupsResponse><securityGroupInfo>
        <item><groupId>sg-d</groupId><groupName>default</groupName><vpcId>vpc-1</vpcId><ownerId>123456789012</ownerId></item>
        <item><groupId>sg-web</groupId><groupName>web</groupName><vpcId>vpc-1</vpcId><ownerId>123456789012</ownerId>
        <ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort>
        <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissions></item>
        </securityGroupInfo></DescribeSecurityGroupsResponse>
        """
    static let tables = """
        <DescribeRouteTablesResponse><routeTableSet><item><routeTableId>rtb-1</routeTableId><vpcId>vpc-1</vpcId>
        <associationSet><item><main>true</main></item></associationSet></item></routeTableSet></DescribeRouteTablesResponse>
        """
    static let acls = """
        <DescribeNetworkAclsResponse><networkAclSet><item><networkAclId>acl-1</networkAclId><vpcId>vpc-1</vpcId>
        <default>true</default></item></networkAclSet></DescribeNetworkAclsResponse>
        """
    static let subnets = """
        <DescribeSubnetsResponse><subnetSet>
        <item><subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId><cidrBlock>10.0.1.0/24</cidrBlock></item>
        <item><subnetId>subnet-s</subnetId><vpcId>vpc-shared</vpcId><cidrBlock>10.1.1.0/24</cidrBlock></item>
        </subnetSet></DescribeSubnetsResponse>
        """

    /// A complete account: every guarantee holds (the shared VPC's defaults belong to its owner).
    static func folder(replacing name: String? = nil, with text: String? = nil) throws -> SnapshotFolder {
        let folder = try SnapshotFolder()
        let files = ["DescribeVpcs.xml": vpcs, "DescribeSecurityGroups.xml": groups, "DescribeRouteTables.xml": tables,
                     "DescribeNetworkAcls.xml": acls, "DescribeSubnets.xml": subnets]
        for (file, body) in files { try folder.write(file == name ? text ?? "" : body, as: file) }
        return folder
    }

    @Test func aCompleteAccountIsPlausible() throws {
        let snapshot = try Self.folder().read()
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.securityGroups.count == 2)
    }

    @Test(arguments: ["<DescribeSecurityGroupsResponse/>",
                      // The list under another element: parsed, and nothing in it is read.
                      Self.groups.replacingOccurrences(of: "securityGroupInfo", with: "securityGroupSet")])
    func anEmptySecurityGroupListIsImplausible(body: String) throws {
        let snapshot = try Self.folder(replacing: "DescribeSecurityGroups.xml", with: body).read()
        let problem = try #require(snapshot.problems.first)
        #expect(snapshot.problems.count == 1)
        #expect(problem.file == "123456789012/us-east-1/DescribeSecurityGroups.xml")
        #expect(problem.message.contains("vpc-1"))
        #expect(problem.message.contains("default security group"))
        #expect(problem.message.contains("DescribeSecurityGroups response looks incomplete"))
        #expect(!problem.message.contains("vpc-shared"))
        #expect(snapshot.coverage.status(Samples.hub, .describeSecurityGroups).unreadableFile == problem.file)
        #expect(snapshot.coverage.status(Samples.hub, .describeVpcs).isCollected)
    }

    /// The default group present but another group lost: not detectable, and not claimed to be.
    /// What is detectable drops the action's data: a partial list is not judged.
    @Test func anImplausibleListsDataIsDropped() throws {
        let noDefault = Self.groups.replacingOccurrences(of: "<groupName>default</groupName>", with: "<groupName>other</groupName>")
        let snapshot = try Self.folder(replacing: "DescribeSecurityGroups.xml", with: noDefault).read()
        #expect(snapshot.securityGroups.isEmpty)
        #expect(snapshot.problems.count == 1)
    }

    @Test func aMissingMainRouteTableIsImplausible() throws {
        let snapshot = try Self.folder(replacing: "DescribeRouteTables.xml",
                                       with: "<DescribeRouteTablesResponse><routeTableSet/></DescribeRouteTablesResponse>").read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.message.contains("VPC vpc-1 lacks a main route table"))
        #expect(snapshot.coverage.status(Samples.hub, .describeRouteTables).unreadableFile == problem.file)
    }

    @Test func aMissingDefaultNetworkAclIsImplausible() throws {
        let snapshot = try Self.folder(replacing: "DescribeNetworkAcls.xml",
                                       with: Self.acls.replacingOccurrences(of: "<default>true", with: "<default>false")).read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.message.contains("VPC vpc-1 lacks a default network ACL"))
        #expect(snapshot.coverage.status(Samples.hub, .describeNetworkAcls).unreadableFile == problem.file)
    }

    @Test func aSubnetOfAnUnlistedVpcMakesTheVpcListImplausible() throws {
        let snapshot = try Self.folder(replacing: "DescribeVpcs.xml",
                                       with: "<DescribeVpcsResponse><vpcSet/></DescribeVpcsResponse>").read()
        let problem = try #require(snapshot.problems.first)
        #expect(snapshot.problems.count == 1)
        #expect(problem.file == "123456789012/us-east-1/DescribeVpcs.xml")
        #expect(problem.message.contains("subnets subnet-1, subnet-s belong to VPCs vpc-1, vpc-shared"))
        #expect(snapshot.coverage.status(Samples.hub, .describeVpcs).unreadableFile == problem.file)
    }

    /// Only where the actions involved were collected: no security-group file, nothing to judge.
    @Test func nothingIsCheckedAgainstAnActionNotCollected() throws {
        let folder = try SnapshotFolder()
        try folder.write(Self.vpcs, as: "DescribeVpcs.xml")
        let snapshot = try folder.read()
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.coverage.status(Samples.hub, .describeSecurityGroups) == .missing)
    }

    /// The recorded examples (moto) hold every default EC2 creates.
    @Test(arguments: ["finance-hub", "peering-pair", "nightly/2026-11-22T020000Z", "nightly/2026-11-23T020000Z"])
    func theExamplesArePlausible(name: String) throws {
        let snapshot = try SnapshotReader.read(Samples.examples.appendingPathComponent(name).path)
        #expect(snapshot.problems.isEmpty)
    }
}
