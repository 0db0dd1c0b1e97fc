import HubSnapshot
import HubModel
import Testing

/// DescribeStaleSecurityGroups: the hand-built sample (botocore's `StaleSecurityGroup` shape; moto
/// 5.2.1 lacks the call: Tests/Fixtures/samples/README.md) and hostile variants. A value hubaudit
/// cannot read is an error naming the file and line, never a default.
@Suite struct StaleGroupDecodingTests {
    static let vpc = "vpc-971b4b75de8fa6c6f"

    @Test func theSampleWithIngressEgressAndPeeringStatus() throws {
        let response = try Samples.read("DescribeStaleSecurityGroups.xml")
        #expect(response.action == .describeStaleSecurityGroups)
        #expect(response.staleSecurityGroups.map(\.groupId) == ["sg-54393e55db5d96e6c", "sg-172d5fef3c6ee88e0"])
        let web = response.staleSecurityGroups[0]
        #expect(web.groupName == "web")
        #expect(web.vpcId == Self.vpc)
        #expect(web.ingress == [
            StalePermission(ipProtocol: "tcp", fromPort: 443, toPort: 443, groups: [
                StaleGroupReference(groupId: "sg-02009c307a113b2cd", userId: "111111111111", vpcId: "vpc-1c7c7dd53da4de65d",
                                    peeringId: "pcx-e75755643c71e3952", peeringStatus: "deleted"),
            ]),
            StalePermission(ipProtocol: "-1", groups: [StaleGroupReference(groupId: "sg-0b5e1f3a9c7d24e68", userId: "123456789012")]),
        ])
        #expect(web.egress == [
            StalePermission(ipProtocol: "tcp", fromPort: 5432, toPort: 5432, groups: [
                StaleGroupReference(groupId: "sg-0d3c6a1e5b9f47a02", userId: "111111111111", vpcId: "vpc-1c7c7dd53da4de65d",
                                    peeringId: "pcx-9b736311533cbc470", peeringStatus: "active"),
            ]),
        ])
        let app = response.staleSecurityGroups[1]
        #expect(app.groupName == "app")
        #expect(app.ingress.map(\.ipProtocol) == ["icmp"])
        #expect(app.ingress.map(\.fromPort) == [-1])
        #expect(app.egress.isEmpty)
    }

    /// EC2 answers "nothing stale" with an empty (or absent) set, and pages with nextToken.
    @Test func anEmptySetAndAPageToken() throws {
        let empty = try TransitGatewayDecoderEdgeTests.read("DescribeStaleSecurityGroups", "<staleSecurityGroupSet/>")
        #expect(empty.action == .describeStaleSecurityGroups)
        #expect(empty.staleSecurityGroups.isEmpty)
        let paged = try TransitGatewayDecoderEdgeTests.read("DescribeStaleSecurityGroups", """
            <staleSecurityGroupSet><item><groupId>sg-1</groupId><vpcId>vpc-1</vpcId></item></staleSecurityGroupSet><nextToken>abc</nextToken>
            """)
        #expect(paged.staleSecurityGroups == [StaleSecurityGroup(groupId: "sg-1", vpcId: "vpc-1")])
        #expect(paged.nextToken == "abc")
    }

    /// Documented as not applicable to stale rules, but in the shape: plain strings, read and checked.
    @Test func ipRangesAndPrefixListIdsAreListsOfStrings() throws {
        let response = try TransitGatewayDecoderEdgeTests.read("DescribeStaleSecurityGroups", """
            <staleSecurityGroupSet><item><groupId>sg-1</groupId><vpcId>vpc-1</vpcId><staleIpPermissions><item>
            <ipProtocol>6</ipProtocol><fromPort>22</fromPort><toPort>22</toPort><ipRanges><item>10.0.0.0/16</item></ipRanges>
            <prefixListIds><item>pl-0a1b</item></prefixListIds><groups><item><groupId>sg-2</groupId></item></groups>
            </item></staleIpPermissions></item></staleSecurityGroupSet>
            """)
        let permission = try #require(response.staleSecurityGroups.first?.ingress.first)
        #expect(permission.ipRanges == [CIDR("10.0.0.0/16")!])
        #expect(permission.prefixListIds == ["pl-0a1b"])
        #expect(permission.groups == [StaleGroupReference(groupId: "sg-2")])
    }

    static func item(_ permission: String, group: String = "<groupId>sg-1</groupId><vpcId>vpc-1</vpcId>") -> String {
        "<staleSecurityGroupSet><item>\(group)<staleIpPermissions><item>\(permission)</item></staleIpPermissions></item>"
            + "</staleSecurityGroupSet>"
    }

    static let pair = "<groups><item><groupId>sg-2</groupId></item></groups>"

    @Test(arguments: [
        ("<staleSecurityGroupSet><item><vpcId>vpc-1</vpcId></item></staleSecurityGroupSet>", "without groupId"),
        ("<staleSecurityGroupSet><item><groupId>sg-1</groupId></item></staleSecurityGroupSet>", "without vpcId"),
        (item(pair), "stale rule without ipProtocol"),
        (item("<ipProtocol></ipProtocol>" + pair), "stale rule without ipProtocol"),
        (item("<ipProtocol>tcp</ipProtocol>"), "stale rule without a referenced group"),
        (item("<ipProtocol>tcp</ipProtocol><groups><item><userId>111111111111</userId></item></groups>"), "without groupId"),
        (item("<ipProtocol>tcp</ipProtocol><fromPort>twenty</fromPort>" + pair), "invalid fromPort 'twenty'"),
        (item("<ipProtocol>tcp</ipProtocol><toPort>70000</toPort>" + pair), "invalid toPort '70000'"),
        (item("<ipProtocol>tcp</ipProtocol><ipRanges><item>10.0.0.0/33</item></ipRanges>" + pair), "invalid CIDR '10.0.0.0/33' in ipRanges"),
        (item("<ipProtocol>tcp</ipProtocol><ipRanges><item><cidrIp>10.0.0.0/8</cidrIp></item></ipRanges>" + pair),
         "ipRanges member without a value"),
        (item("<ipProtocol>tcp</ipProtocol><prefixListIds><item/></prefixListIds>" + pair), "prefixListIds member without a value"),
    ])
    func unreadableStaleGroups(inner: String, message: String) throws {
        let error = try #require(TransitGatewayDecoderEdgeTests.problem("DescribeStaleSecurityGroups", inner))
        #expect(error.file == TransitGatewayDecoderEdgeTests.name)
        #expect(error.line == 3)
        #expect(error.message.contains(message), "\(error.message)")
    }
}
