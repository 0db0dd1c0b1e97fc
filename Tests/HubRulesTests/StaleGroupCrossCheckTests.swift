import HubModel
import Testing
@testable import HubRules

/// stale-security-group-reference compared with EC2's DescribeStaleSecurityGroups where that was
/// read for the rule's VPC: agreement, disagreement either way, and nothing changed where it was not.
struct StaleGroupCrossCheckTests {
    static func run(_ snapshot: Snapshot) -> AuditResult { StaleGroupReferenceTests.run(snapshot) }

    static let clientsAcrossPcx1 = StaleGroupReferenceRuleExamples.https(from: "sg-clients", account: "222222222222",
                                                                          vpc: "vpc-spoke", peering: "pcx-1")

    /// EC2's report of vpc-hub: sg-app's ingress tcp 443 from `reference`.
    static func report(_ reference: StaleGroupReference, ipProtocol: String = "tcp", port: Int? = 443) -> [StaleSecurityGroup] {
        [StaleSecurityGroup(groupId: "sg-app", groupName: "sg-app", vpcId: "vpc-hub", ingress: [
            StalePermission(ipProtocol: ipProtocol, fromPort: port, toPort: port, groups: [reference]),
        ])]
    }

    static let clientsReported = StaleGroupReference(groupId: "sg-clients", userId: "222222222222", vpcId: "vpc-spoke",
                                                     peeringId: "pcx-1", peeringStatus: "deleted")

    /// The hub and spoke of the rule's examples, sg-app admitting sg-clients across pcx-1.
    static func pair(peering: String = "deleted", _ configure: (inout ExampleSnapshot) -> Void = { _ in }) -> Snapshot {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
        b.peering("pcx-1", "vpc-hub", "vpc-spoke", status: peering)
        b.securityGroup("sg-clients", vpc: "vpc-spoke", ingress: [])
        b.securityGroup("sg-app", vpc: "vpc-hub", ingress: [Self.clientsAcrossPcx1])
        configure(&b)
        return b.build()
    }

    @Test func bothFindItTheFindingSaysEC2Agrees() throws {
        let alone = try #require(Self.run(Self.pair()).findings.first)
        let result = Self.run(Self.pair { $0.staleGroupReport(vpc: "vpc-hub", groups: Self.report(Self.clientsReported)) })
        #expect(result.findings.count == 1)
        let finding = try #require(result.findings.first)
        #expect(finding.caseId == "reference-across-inactive-peering")
        #expect(finding.evidence.last == "agreement: DescribeStaleSecurityGroups for vpc-hub also reports it stale (peering status deleted)")
        #expect(finding.evidence.dropLast() == alone.evidence[...])
        #expect(finding.message == alone.message)
        // The same finding as without the cross-check: waivers and baselines keep matching it.
        #expect(finding.fingerprint == alone.fingerprint)
    }

    /// EC2 writes the protocol as a number, the snapshot by name: still the same rule.
    @Test func protocolSpellingsMatch() throws {
        let result = Self.run(Self.pair {
            $0.staleGroupReport(vpc: "vpc-hub", groups: Self.report(Self.clientsReported, ipProtocol: "6"))
        })
        #expect(result.findings.map(\.caseId) == ["reference-across-inactive-peering"])
        #expect(result.findings.first?.evidence.last?.hasPrefix("agreement:") == true)
    }

    @Test func onlyTheSnapshotFindsItTheFindingStaysAndNamesTheDisagreement() throws {
        let alone = try #require(Self.run(Self.pair()).findings.first)
        let result = Self.run(Self.pair { $0.staleGroupReport(vpc: "vpc-hub", groups: []) })
        let finding = try #require(result.findings.first)
        #expect(result.findings.count == 1)
        #expect(finding.caseId == "reference-across-inactive-peering")
        #expect(finding.severity == .medium)
        #expect(finding.message == alone.message + "; DescribeStaleSecurityGroups does not report it")
        #expect(finding.evidence.last?.hasPrefix("disagreement: DescribeStaleSecurityGroups for vpc-hub does not report it stale") == true)
        #expect(finding.fingerprint == alone.fingerprint)
    }

    /// EC2 reports a reference stale that the snapshot shows reachable across an active peering.
    @Test func onlyEC2FindsItAFindingOfItsOwnCaseSaysWhatTheSnapshotShowed() throws {
        let result = Self.run(Self.pair(peering: "active") {
            $0.staleGroupReport(vpc: "vpc-hub", groups: Self.report(Self.clientsReported))
        })
        let finding = try #require(result.findings.first)
        #expect(result.findings.count == 1)
        #expect(finding.caseId == "reported-stale-reference")
        #expect(finding.severity == .medium)
        #expect(finding.resourceIds == ["sg-app", "vpc-hub", "sg-clients", "pcx-1"])
        #expect(finding.message == "ingress rule of sg-app references sg-clients, which DescribeStaleSecurityGroups reports stale "
            + "(peering pcx-1 deleted), but the snapshot does not show why")
        #expect(finding.evidence == [
            "DescribeStaleSecurityGroups for vpc-hub in 111111111111: sg-app (sg-app): ingress tcp 443 from sg-clients "
                + "(account 222222222222, across pcx-1) (peering status deleted)",
            "disagreement: the snapshot does not show it stale: the snapshot shows sg-clients (sg-clients) in vpc-spoke, and "
                + "peering pcx-1 vpc-hub in 111111111111 ↔ vpc-spoke in 222222222222 is active",
        ])
        #expect(finding.fixCommands == ["aws ec2 revoke-security-group-ingress --region us-east-1 --group-id sg-app --ip-permissions "
            + "'[{\"IpProtocol\":\"tcp\",\"FromPort\":443,\"ToPort\":443,\"UserIdGroupPairs\":[{\"GroupId\":\"sg-clients\",\"UserId\":\"222222222222\"}]}]'"])
    }

    /// The partner's account is outside the snapshot: not judged from the snapshot, but EC2 knows.
    @Test func aReferenceOutsideTheSnapshotThatEC2ReportsIsAFindingNotAGap() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.securityGroup("sg-app", vpc: "vpc-hub", ingress: [
            StaleGroupReferenceRuleExamples.https(from: "sg-partner", account: "444455556666", peering: "pcx-x"),
        ])
        b.staleGroupReport(vpc: "vpc-hub", groups: Self.report(
            StaleGroupReference(groupId: "sg-partner", userId: "444455556666", peeringId: "pcx-x", peeringStatus: "deleted")))
        let result = Self.run(b.build())
        #expect(result.notEvaluated.isEmpty)
        let finding = try #require(result.findings.first)
        #expect(finding.caseId == "reported-stale-reference")
        #expect(finding.evidence.last == "disagreement: the snapshot does not show it stale: the snapshot cannot judge it: account "
            + "444455556666 in us-east-1 is outside the snapshot")
    }

    /// EC2 names a group, or a rule, the snapshot's groups do not have (changed between the calls).
    @Test func aReportedGroupOrRuleTheSnapshotLacksIsStillReported() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.securityGroup("sg-app", vpc: "vpc-hub", ingress: [])
        b.staleGroupReport(vpc: "vpc-hub", groups: Self.report(Self.clientsReported) + [
            StaleSecurityGroup(groupId: "sg-gone", vpcId: "vpc-hub", egress: [
                StalePermission(ipProtocol: "-1", groups: [StaleGroupReference(groupId: "sg-old")]),
            ]),
        ])
        let findings = Self.run(b.build()).findings
        #expect(findings.map(\.caseId) == ["reported-stale-reference", "reported-stale-reference"])
        let why = findings.compactMap { $0.evidence.last }.sorted()
        #expect(why == [
            "disagreement: the snapshot does not show it stale: sg-gone is not among the snapshot's security groups",
            "disagreement: the snapshot does not show it stale: the snapshot's ingress rules of sg-app have no such reference",
        ])
    }

    /// Where the call was not collected (moto's refusal, a role without it) or never made, the rule
    /// says exactly what it said before the cross-check existed.
    @Test(arguments: [CollectionStatus.failed(code: "HTTP500", message: "HTTP status 500 without an AWS error body"), .missing])
    func aReportNotCollectedChangesNothing(status: CollectionStatus) throws {
        for peering in ["deleted", "active"] {
            let before = Self.run(Self.pair(peering: peering))
            let after = Self.run(Self.pair(peering: peering) {
                $0.staleGroupReport(vpc: "vpc-hub", status: status, groups: Self.report(Self.clientsReported))
            })
            #expect(after.findings == before.findings)
            #expect(after.notEvaluated == before.notEvaluated)
        }
    }

    /// A scope the rule does not evaluate (its groups were not read): EC2's report there is not judged either.
    @Test func aReportInAScopeNotEvaluatedIsLeftAlone() {
        let result = Self.run(Self.pair(peering: "active") {
            $0.staleGroupReport(vpc: "vpc-hub", groups: Self.report(Self.clientsReported))
            $0.withoutCollection(.describeVpcPeeringConnections)
        })
        #expect(result.findings.isEmpty)
    }

    /// The cross-check is declared among the rule's inputs but never required: no scope misses it.
    @Test func theCrossCheckIsNeverARequiredInput() {
        let description = StaleGroupReferenceRule.description
        #expect(description.inputs.contains(.describeStaleSecurityGroups))
        #expect(!description.scopeInputs.contains(.describeStaleSecurityGroups))
        let result = Self.run(Self.pair(peering: "active") { $0.withoutCollection(.describeStaleSecurityGroups) })
        #expect(result.notEvaluated.isEmpty)
    }
}
