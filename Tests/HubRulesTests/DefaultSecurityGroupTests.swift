import HubModel
import Testing
@testable import HubRules

/// default-security-group: any rule on a VPC's default group, one level lower when nothing uses
/// it, and revoke commands that are safe to paste only then.
struct DefaultSecurityGroupTests {
    static func scan(inUse: Bool, groupId: String = "sg-def", withoutInterfaces: Bool = false) -> AuditResult {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        b.subnet("subnet-1", vpc: "vpc-1", "10.0.1.0/24")
        let selfReference = Permission.allTraffic(from: groupId)
            .withSources(groups: [GroupReference(groupId: groupId, userId: ExampleSnapshot.hubAccount)])
        b.securityGroup(groupId, vpc: "vpc-1", name: "default", ingress: [selfReference], egress: [.allTraffic(from: "0.0.0.0/0", "::/0")],
                        inUse: inUse)
        if withoutInterfaces { b.withoutCollection(.describeNetworkInterfaces) }
        return RuleEngine.run(b.build(), rules: [DefaultSecurityGroupRule.self])
    }

    @Test func aGroupInUseIsMediumAndItsRevokesWaitForItsUsersToMove() throws {
        let finding = try #require(Self.scan(inUse: true).findings.first)
        #expect(finding.severity == .medium)
        #expect(finding.message == "default security group sg-def of vpc-1 has 2 rules (1 inbound, 1 outbound)")
        #expect(finding.evidence == ["ingress all traffic from sg-def (this group)", "egress all traffic to 0.0.0.0/0, ::/0",
                                     "used by 1 resource: eni-def"])
        #expect(finding.fixCommands.count == 2)
        #expect(finding.fixCommands.allSatisfy { $0.hasPrefix("# once nothing uses sg-def: aws ec2 revoke-security-group-") })
        #expect(finding.remediation.hasSuffix("Once the resources that use sg-def have groups of their own, run the commented commands in "
            + "account 111111111111."))
    }

    @Test func anUnusedGroupIsLowAndItsRevokesAreCommandsThatMatchEachRuleExactly() throws {
        let finding = try #require(Self.scan(inUse: false).findings.first)
        #expect(finding.severity == .low)
        #expect(finding.evidence.last == "no network interface uses sg-def: one severity lower")
        #expect(finding.fixCommands == [
            "aws ec2 revoke-security-group-ingress --region us-east-1 --group-id sg-def --ip-permissions "
                + "'[{\"IpProtocol\":\"-1\",\"UserIdGroupPairs\":[{\"GroupId\":\"sg-def\"}]}]'",
            "aws ec2 revoke-security-group-egress --region us-east-1 --group-id sg-def --ip-permissions "
                + "'[{\"IpProtocol\":\"-1\",\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}],\"Ipv6Ranges\":[{\"CidrIpv6\":\"::/0\"}]}]'",
        ])
        #expect(finding.remediation.hasSuffix("Run the commands in account 111111111111."))
    }

    /// Without DescribeNetworkInterfaces nothing says the group is unused: it keeps its severity.
    @Test func unknownUsageCountsAsInUse() throws {
        let finding = try #require(Self.scan(inUse: false, withoutInterfaces: true).findings.first)
        #expect(finding.severity == .medium)
        #expect(finding.evidence.last == "usage unknown (DescribeNetworkInterfaces not collected): treated as in use")
    }

    /// The ids in the JSON argument come from the snapshot: a quote cannot end the shell word.
    @Test func aHostileGroupIdStaysInsideTheQuotedPermissions() throws {
        let finding = try #require(Self.scan(inUse: false, groupId: "sg-x'$(touch pwned)'").findings.first)
        let ingress = try #require(finding.fixCommands.first)
        #expect(ingress.hasSuffix("--ip-permissions '[{\"IpProtocol\":\"-1\",\"UserIdGroupPairs\":[{\"GroupId\":\"sg-x'\\''$(touch pwned)'\\''\"}]}]'"))
    }

    @Test func otherGroupsAndAnEmptyDefaultGroupAreLeftAlone() {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        b.securityGroup("sg-def", vpc: "vpc-1", name: "default", ingress: [])
        b.securityGroup("sg-open", vpc: "vpc-1", name: "default-web", ingress: [.allTraffic(from: "0.0.0.0/0")])
        #expect(RuleEngine.run(b.build(), rules: [DefaultSecurityGroupRule.self]).findings.isEmpty)
    }

    @Test func withoutDescribeSecurityGroupsTheRuleIsNotEvaluated() {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        b.withoutCollection(.describeSecurityGroups)
        let result = RuleEngine.run(b.build(), rules: [DefaultSecurityGroupRule.self])
        #expect(result.notEvaluated.map(\.detail) == ["DescribeSecurityGroups missing"])
    }
}
