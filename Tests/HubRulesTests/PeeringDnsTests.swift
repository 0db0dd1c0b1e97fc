import HubModel
import Testing
@testable import HubRules

/// peering-dns: on the peerings the policy requires, each side's AllowDnsResolutionFromRemoteVpc
/// (set by that side's owner, letting the OTHER VPC resolve this side's hostnames privately) and
/// both VPCs' DNS attributes; what it cannot see it says, never passing it.
struct PeeringDnsTests {
    static let hubs = PeeringDnsRuleExamples.hubs
    static let hub = Scope(account: "111111111111", region: "us-east-1")
    static let spokeScope = Scope(account: "222222222222", region: "us-east-1")

    static func pair(requesterDns: Bool? = true, accepterDns: Bool? = true, hubSupport: Bool? = true, hubHostnames: Bool? = true,
                     spokeHostnames: Bool? = true) -> ExampleSnapshot {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16", dnsSupport: hubSupport, dnsHostnames: hubHostnames)
        b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222", dnsHostnames: spokeHostnames)
        b.peering("pcx-1", "vpc-hub", "vpc-spoke", requesterDns: requesterDns, accepterDns: accepterDns)
        return b
    }

    static func run(_ snapshot: Snapshot, intent: NetworkIntent = hubs, requiredFor: String? = nil) -> AuditResult {
        let configuration = RuleConfiguration(parameters: requiredFor.map { ["required_for": .string($0)] } ?? [:])
        return RuleEngine.run(snapshot, configurations: ["peering-dns": configuration], intent: intent, rules: [PeeringDnsRule.self])
    }

    /// The accepter (the spoke) keeps its option off: the hub's instances resolve the spoke's
    /// hostnames publicly. The finding is the spoke owner's to fix, with its side's command.
    @Test func theSideWhoseOptionIsOffIsFlaggedInItsOwnersAccount() throws {
        let result = Self.run(Self.pair(accepterDns: false).build())
        #expect(result.notEvaluated.isEmpty)
        let finding = try #require(result.findings.first)
        #expect(result.findings.count == 1)
        #expect(finding.caseId == "remote-dns-resolution-disabled")
        #expect(finding.severity == .medium)
        #expect(finding.scope == Self.spokeScope)
        #expect(finding.resourceIds == ["pcx-1", "vpc-spoke", "vpc-hub"])
        #expect(finding.message == "the accepter side of peering pcx-1 (vpc-spoke) does not allow DNS resolution from vpc-hub: instances "
            + "in vpc-hub resolve the public DNS hostnames of vpc-spoke's instances to public addresses")
        #expect(finding.evidence.contains("requester vpc-hub (owner 111111111111): allowDnsResolutionFromRemoteVpc true"))
        #expect(finding.evidence.contains("accepter vpc-spoke (owner 222222222222): allowDnsResolutionFromRemoteVpc false"))
        #expect(finding.evidence.contains("required_for: hub-spoke (hub vpc-hub, spoke vpc-spoke)"))
        #expect(finding.fixCommands == ["aws ec2 modify-vpc-peering-connection-options --region us-east-1 --vpc-peering-connection-id pcx-1 "
            + "--accepter-peering-connection-options AllowDnsResolutionFromRemoteVpc=true"])
        #expect(finding.remediation.hasSuffix("Run the command in account 222222222222."))

        let requester = try #require(Self.run(Self.pair(requesterDns: false).build()).findings.first)
        #expect(requester.scope == Self.hub)
        #expect(requester.fixCommands.first?.contains("--requester-peering-connection-options AllowDnsResolutionFromRemoteVpc=true") == true)
    }

    /// A VPC with an attribute off on two required peerings: one finding, both peerings named; the
    /// command quotes the JSON value as one shell word.
    @Test func anAttributeOffIsOneFindingPerVpcNamingEveryPeering() throws {
        var b = Self.pair(hubHostnames: false)
        b.vpc("vpc-dev", "10.2.0.0/16", account: "333333333333")
        b.peering("pcx-2", "vpc-hub", "vpc-dev", requesterDns: true, accepterDns: true)
        let intent = NetworkIntent(hubs: [NetworkIntent.Hub(vpc: VpcSelector(vpcId: "vpc-hub"),
                                                            spokes: [VpcSelector(vpcId: "vpc-spoke"), VpcSelector(vpcId: "vpc-dev")])])
        let result = Self.run(b.build(), intent: intent)
        #expect(result.findings.map(\.caseId) == ["dns-hostnames-disabled"])
        let finding = try #require(result.findings.first)
        #expect(finding.resourceIds == ["vpc-hub", "pcx-1", "pcx-2"])
        #expect(finding.scope == Self.hub)
        #expect(finding.evidence.first == "vpc-hub in 111111111111: enableDnsSupport true, enableDnsHostnames false")
        #expect(finding.fixCommands == [#"aws ec2 modify-vpc-attribute --region us-east-1 --vpc-id vpc-hub --enable-dns-hostnames '{"Value":true}'"#])
        let support = try #require(Self.run(Self.pair(hubSupport: false).build()).findings.first)
        #expect(support.caseId == "dns-support-disabled")
        #expect(support.fixCommands.first?.hasSuffix(#"--enable-dns-support '{"Value":true}'"#) == true)
    }

    /// A hostile VPC id stays one shell word in the command.
    @Test func snapshotValuesAreQuotedInCommands() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-a;reboot", "10.0.0.0/16", dnsSupport: false)
        b.vpc("vpc-b", "10.1.0.0/16")
        b.peering("pcx-1 x", "vpc-a;reboot", "vpc-b", requesterDns: false, accepterDns: true)
        let result = Self.run(b.build(), requiredFor: "all")
        let commands = result.findings.flatMap(\.fixCommands)
        #expect(commands.contains("aws ec2 modify-vpc-attribute --region us-east-1 --vpc-id 'vpc-a;reboot' --enable-dns-support '{\"Value\":true}'"))
        #expect(commands.contains { $0.contains("--vpc-peering-connection-id 'pcx-1 x' ") })
    }

    /// The spoke's owner is not in the snapshot: its side (option, attributes) is outside the
    /// snapshot, never a finding; the hub's side is still judged.
    @Test func aSideOwnedOutsideTheSnapshotIsNotEvaluated() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.peering("pcx-p", "vpc-hub", "vpc-partner", peerBlocks: ["192.168.0.0/16"], requesterDns: false)
        let intent = NetworkIntent(hubs: [NetworkIntent.Hub(vpc: VpcSelector(vpcId: "vpc-hub"), spokes: [VpcSelector(vpcId: "vpc-partner")])])
        // The partner VPC is in no listing: required_for all reaches it, hub-spoke cannot select it.
        let result = Self.run(b.build(), intent: intent, requiredFor: "all")
        #expect(result.findings.map(\.caseId) == ["remote-dns-resolution-disabled"])
        #expect(result.findings.first?.resourceIds == ["pcx-p", "vpc-hub", "vpc-partner"])
        let outside = result.notEvaluated.filter { $0.reason == .outsideSnapshot }
        #expect(outside.map(\.resourceIds) == [["pcx-p", "vpc-partner"]])
        #expect(outside.first?.scope == Self.hub)
        #expect(outside.first?.detail.contains("999999999999") == true)
        #expect(result.notEvaluated.count == 1)
    }

    /// An option no report held, an attribute call missing or failed: not evaluated, naming the
    /// call; the gate treats them as gaps.
    @Test func unreportedOptionsAndUncollectedAttributesAreGaps() throws {
        let unreported = Self.run(Self.pair(accepterDns: nil).build())
        #expect(unreported.findings.isEmpty)
        let gap = try #require(unreported.notEvaluated.first)
        #expect(gap.reason == .missingInput)
        #expect(gap.inputs == [.describeVpcPeeringConnections])
        #expect(gap.scope == Self.spokeScope)
        #expect(gap.detail.contains("accepter side's peeringOptions"))

        let missing = Self.run(Self.pair(spokeHostnames: nil).build())
        #expect(missing.findings.isEmpty)
        #expect(missing.notEvaluated.map(\.reason) == [.missingInput])
        #expect(missing.notEvaluated.first?.inputs == [.describeVpcAttribute])
        #expect(missing.notEvaluated.first?.resourceIds == ["vpc-spoke", "pcx-1"])
        #expect(missing.notEvaluated.first?.detail.contains("DescribeVpcAttribute enableDnsHostnames missing") == true)
    }

    /// A snapshot whose collector never called DescribeVpcAttribute (its manifest omits it): the
    /// attributes are not attempted (VerdictTests: the run stays trusted) and the options,
    /// which the snapshot holds, are still judged.
    @Test func aSnapshotOlderThanTheRuleSaysNotAttempted() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16", dnsSupport: nil, dnsHostnames: nil)
        b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222", dnsSupport: nil, dnsHostnames: nil)
        b.peering("pcx-1", "vpc-hub", "vpc-spoke", requesterDns: true, accepterDns: false)
        var snapshot = b.build()
        snapshot.coverage.notAttempted = [.describeVpcAttribute]
        let result = Self.run(snapshot)
        #expect(result.findings.map(\.caseId) == ["remote-dns-resolution-disabled"])
        #expect(result.notEvaluated.count == 4)
        #expect(result.notEvaluated.allSatisfy { $0.reason == .notAttempted && $0.detail.contains("did not call DescribeVpcAttribute") })
    }

    /// Without hubs the default (hub-spoke) has nothing to check: not configured. `all` checks every
    /// active peering, hub intent or not.
    @Test func withoutHubsTheRuleIsNotConfiguredUnlessAllIsRequired() throws {
        let snapshot = Self.pair(accepterDns: false).build()
        let unconfigured = Self.run(snapshot, intent: NetworkIntent())
        #expect(unconfigured.findings.isEmpty)
        #expect(unconfigured.notEvaluated.map(\.reason) == [.notConfigured])
        #expect(unconfigured.notEvaluated.first?.detail.contains("required_for: all") == true)
        #expect(Self.run(snapshot, intent: NetworkIntent(), requiredFor: "all").findings.map(\.caseId) == ["remote-dns-resolution-disabled"])
    }
}
