import HubModel
import Testing
@testable import HubRules

/// unused-peering: an active peering with no route through it on either side; what it cannot see
/// it says, and it never passes a side whose route tables were not read.
struct UnusedPeeringTests {
    static func pair(hubRoutes: KeyValuePairs<String, String> = [:], spokeRoutes: KeyValuePairs<String, String> = [:],
                     hubPrefixLists: [String: String] = [:]) -> ExampleSnapshot {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
        b.peering("pcx-1", "vpc-hub", "vpc-spoke")
        b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: hubRoutes, prefixListRoutes: hubPrefixLists)
        b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true, routes: spokeRoutes)
        return b
    }

    static func run(_ b: ExampleSnapshot) -> AuditResult { RuleEngine.run(b.build(), rules: [UnusedPeeringRule.self]) }

    @Test func aPeeringWithoutRoutesIsLowWithBothSidesInTheEvidence() throws {
        let result = Self.run(Self.pair())
        let finding = try #require(result.findings.first)
        #expect(finding.severity == .low)
        #expect(finding.scope == Scope(account: "111111111111", region: "us-east-1"))
        #expect(finding.message == "peering pcx-1 between vpc-hub and vpc-spoke is active, but no route table of either VPC routes through it")
        #expect(finding.evidence.contains("vpc-spoke in 222222222222: no route through pcx-1 in its 1 route table (rtb-spoke)"))
        #expect(finding.evidence.contains("cross-account: vpc-hub in 111111111111, vpc-spoke in 222222222222"))
        #expect(finding.fixCommands == ["aws ec2 delete-vpc-peering-connection --region us-east-1 --vpc-peering-connection-id pcx-1"])
        #expect(result.notEvaluated.isEmpty)
    }

    @Test func aRouteOnEitherSideIsUseWhateverItsDestination() {
        #expect(Self.run(Self.pair(spokeRoutes: ["10.0.0.0/16": "pcx-1"])).findings.isEmpty)
        #expect(Self.run(Self.pair(hubPrefixLists: ["pl-spoke": "pcx-1"])).findings.isEmpty)
    }

    /// The spoke's route tables were not read: it may route through the peering, so no finding —
    /// "not evaluated", naming the peering and the missing call.
    @Test func aSideWhoseRouteTablesWereNotReadIsNotEvaluatedNeverPassedOrFlagged() throws {
        var b = Self.pair()
        b.withoutCollection(.describeRouteTables, account: "222222222222")
        let result = Self.run(b)
        #expect(result.findings.isEmpty)
        let entry = try #require(result.notEvaluated.first { $0.resourceIds == ["pcx-1", "vpc-spoke"] })
        #expect(entry.reason == .missingInput)
        #expect(entry.inputs == [.describeRouteTables])
        #expect(entry.detail == "whether pcx-1 is used cannot be judged: the route tables of vpc-spoke were not read "
            + "(DescribeRouteTables missing)")
    }

    /// A route seen on the side that was read settles it, even when the other side was not read.
    @Test func aRouteOnTheReadSideSettlesItDespiteTheOtherSidesGap() {
        var b = Self.pair(hubRoutes: ["10.1.0.0/16": "pcx-1"])
        b.withoutCollection(.describeRouteTables, account: "222222222222")
        let result = Self.run(b)
        #expect(result.findings.isEmpty)
        #expect(!result.notEvaluated.contains { $0.resourceIds.contains("pcx-1") })
    }

    @Test func aPeerOutsideTheSnapshotIsJudgedFromTheSideSeenAndSaidSo() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.peering("pcx-partner", "vpc-partner", "vpc-hub", peerAccount: "444455556666", peerBlocks: ["192.168.0.0/16"])
        b.routeTable("rtb-hub", vpc: "vpc-hub", main: true)
        let finding = try #require(Self.run(b).findings.first)
        #expect(finding.scope.account == "111111111111")
        #expect(finding.message == "peering pcx-partner between vpc-partner and vpc-hub is active, but no route table of vpc-hub routes "
            + "through it (vpc-partner is outside the snapshot)")
        #expect(finding.evidence.contains { $0.hasPrefix("vpc-partner in 444455556666 is outside the snapshot: its route tables are unknown") })
        #expect(finding.fixCommands == ["aws ec2 delete-vpc-peering-connection --region us-east-1 --vpc-peering-connection-id pcx-partner"])
    }

    @Test func peeringsThatAreNotActiveAreLeftToPeeringRoutes() {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.vpc("vpc-old", "10.9.0.0/16")
        b.peering("pcx-gone", "vpc-hub", "vpc-old", status: "deleted")
        b.peering("pcx-asked", "vpc-hub", "vpc-old", status: "pending-acceptance")
        b.routeTable("rtb-hub", vpc: "vpc-hub", main: true)
        #expect(Self.run(b).findings.isEmpty)
    }

    /// Deleting a peering makes group references across it stale: the command waits for them.
    @Test func aGroupReferenceAcrossThePeeringTurnsTheDeleteIntoAComment() throws {
        var b = Self.pair()
        let reference = Permission.allTraffic()
            .withSources(groups: [GroupReference(groupId: "sg-spoke-app", userId: "222222222222", vpcId: "vpc-spoke", peeringId: "pcx-1")])
        b.securityGroup("sg-hub-db", vpc: "vpc-hub", ingress: [reference])
        let finding = try #require(Self.run(b).findings.first)
        #expect(finding.evidence.contains("security group sg-hub-db references a group across pcx-1: it goes stale when the peering is deleted"))
        #expect(finding.fixCommands == ["# once no security group references a group across it: aws ec2 delete-vpc-peering-connection "
            + "--region us-east-1 --vpc-peering-connection-id pcx-1"])
    }
}
