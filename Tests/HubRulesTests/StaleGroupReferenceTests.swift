import HubModel
import Testing
@testable import HubRules

/// stale-security-group-reference: a reference across a peering that is no longer active, or to a
/// group that is gone from an account whose groups were read; outside the snapshot it is never a finding.
struct StaleGroupReferenceTests {
    static func run(_ snapshot: Snapshot) -> AuditResult { RuleEngine.run(snapshot, rules: [StaleGroupReferenceRule.self]) }

    static func https(from groupId: String, account: String? = nil, peering: String? = nil) -> Permission {
        StaleGroupReferenceRuleExamples.https(from: groupId, account: account, peering: peering)
    }

    @Test(arguments: ["deleted", "rejected", "expired", "pending-acceptance", "failed"])
    func aPeeringThatIsNotActiveMakesTheReferenceStale(status: String) throws {
        let result = Self.run(StaleGroupReferenceRuleExamples.pair(
            peeringStatus: status, appIngress: [Self.https(from: "sg-clients", account: "222222222222", peering: "pcx-1")]))
        let finding = try #require(result.findings.first)
        #expect(result.findings.count == 1)
        #expect(finding.caseId == "reference-across-inactive-peering")
        #expect(finding.severity == .medium)
        #expect(finding.resourceIds == ["sg-app", "vpc-hub", "sg-clients", "pcx-1"])
        #expect(finding.message == "ingress rule of sg-app references sg-clients in vpc-spoke, but peering pcx-1 is \(status)")
        #expect(finding.evidence.contains("sg-app (sg-app) in vpc-hub: ingress tcp 443 from sg-clients (account 222222222222, across pcx-1)"))
        #expect(finding.evidence.contains("peering pcx-1 vpc-hub in 111111111111 ↔ vpc-spoke in 222222222222: \(status)"))
        #expect(finding.fixCommands == ["aws ec2 revoke-security-group-ingress --region us-east-1 --group-id sg-app --ip-permissions "
            + "'[{\"IpProtocol\":\"tcp\",\"FromPort\":443,\"ToPort\":443,\"UserIdGroupPairs\":[{\"GroupId\":\"sg-clients\",\"UserId\":\"222222222222\"}]}]'"])
    }

    /// Only the stale source is revoked: the rule's CIDR and its live reference stay.
    @Test func theFixRevokesOnlyTheStaleSourceOfAMixedRuleAndEgressIsJudgedToo() throws {
        let https = Self.https(from: "sg-clients", account: "222222222222", peering: "pcx-1")
        let mixed = https.withSources(ipv4Ranges: [SourceRange(cidr: CIDR("10.9.0.0/16")!)],
                                      groups: Array(https.groups) + [GroupReference(groupId: "sg-app")])
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
        b.peering("pcx-1", "vpc-hub", "vpc-spoke", status: "deleted")
        b.securityGroup("sg-clients", vpc: "vpc-spoke", ingress: [])
        b.securityGroup("sg-app", vpc: "vpc-hub", ingress: [], egress: [mixed])
        let finding = try #require(Self.run(b.build()).findings.first)
        #expect(finding.message == "egress rule of sg-app references sg-clients in vpc-spoke, but peering pcx-1 is deleted")
        #expect(finding.fixCommands == ["aws ec2 revoke-security-group-egress --region us-east-1 --group-id sg-app --ip-permissions "
            + "'[{\"IpProtocol\":\"tcp\",\"FromPort\":443,\"ToPort\":443,\"UserIdGroupPairs\":[{\"GroupId\":\"sg-clients\",\"UserId\":\"222222222222\"}]}]'"])
    }

    /// An active peering beside a deleted one between the same VPCs: the reference works.
    @Test func anyActivePeeringBetweenTheVpcsKeepsTheReference() {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.vpc("vpc-spoke", "10.1.0.0/16")
        b.peering("pcx-old", "vpc-hub", "vpc-spoke", status: "deleted")
        b.peering("pcx-new", "vpc-spoke", "vpc-hub")
        b.securityGroup("sg-clients", vpc: "vpc-spoke", ingress: [])
        b.securityGroup("sg-app", vpc: "vpc-hub", ingress: [Self.https(from: "sg-clients")])
        #expect(Self.run(b.build()).findings.isEmpty)
    }

    @Test func aGroupGoneFromAnAccountWhoseGroupsWereReadIsAFinding() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.securityGroup("sg-app", vpc: "vpc-hub", ingress: [Self.https(from: "sg-deleted")])
        let result = Self.run(b.build())
        let finding = try #require(result.findings.first)
        #expect(finding.caseId == "referenced-group-not-found")
        #expect(finding.message == "ingress rule of sg-app references sg-deleted, which no longer exists in 111111111111")
        #expect(finding.evidence.contains("no security group sg-deleted in the groups of 111111111111 in us-east-1 (DescribeSecurityGroups read)"))
        #expect(result.notEvaluated.isEmpty)
    }

    /// The owner's account is not in the snapshot: its groups are unknown, so no finding, and the
    /// report says why (a caveat, not a missing input).
    @Test func aGroupOfAnAccountOutsideTheSnapshotIsNotEvaluatedNeverAFinding() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.securityGroup("sg-app", vpc: "vpc-hub", ingress: [Self.https(from: "sg-partner", account: "444455556666", peering: "pcx-x")])
        let result = Self.run(b.build())
        #expect(result.findings.isEmpty)
        let entry = try #require(result.notEvaluated.first)
        #expect(entry.reason == .outsideSnapshot)
        #expect(entry.resourceIds == ["sg-app", "sg-partner"])
        #expect(entry.detail == "whether sg-partner, referenced by sg-app, still exists cannot be judged: account 444455556666 in "
            + "us-east-1 is outside the snapshot")
    }

    /// The owner is in the snapshot, but its groups were not read: not evaluated, naming the call.
    @Test func aGroupOfAnAccountWhoseGroupsWereNotReadIsNotEvaluated() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
        b.securityGroup("sg-app", vpc: "vpc-hub", ingress: [Self.https(from: "sg-unseen", account: "222222222222")])
        b.withoutCollection(.describeSecurityGroups, account: "222222222222")
        let result = Self.run(b.build())
        #expect(result.findings.isEmpty)
        let entry = try #require(result.notEvaluated.first { $0.resourceIds == ["sg-app", "sg-unseen"] })
        #expect(entry.reason == .missingInput)
        #expect(entry.inputs == [.describeSecurityGroups])
        #expect(entry.scope.account == "222222222222")
    }

    /// The referencing group's own peerings were not read: the rule does not judge it at all.
    @Test func aGroupWhosePeeringsWereNotReadIsNotJudged() {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.vpc("vpc-spoke", "10.1.0.0/16")
        b.securityGroup("sg-clients", vpc: "vpc-spoke", ingress: [])
        b.securityGroup("sg-app", vpc: "vpc-hub", ingress: [Self.https(from: "sg-clients")])
        b.withoutCollection(.describeVpcPeeringConnections)
        let result = Self.run(b.build())
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.contains { $0.inputs.contains(.describeVpcPeeringConnections) })
    }

    /// Both VPCs on one transit gateway: a reference through it may be valid; not this rule's call.
    @Test func vpcsSharingATransitGatewayAreLeftAlone() {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.vpc("vpc-spoke", "10.1.0.0/16")
        b.transitGateway("tgw-1")
        b.tgwAttachment("tgw-attach-hub", gateway: "tgw-1", vpc: "vpc-hub")
        b.tgwAttachment("tgw-attach-spoke", gateway: "tgw-1", vpc: "vpc-spoke")
        b.securityGroup("sg-clients", vpc: "vpc-spoke", ingress: [])
        b.securityGroup("sg-app", vpc: "vpc-hub", ingress: [Self.https(from: "sg-clients")])
        #expect(Self.run(b.build()).findings.isEmpty)
    }
}
