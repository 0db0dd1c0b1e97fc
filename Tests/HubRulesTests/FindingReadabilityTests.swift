import HubModel
import Testing
@testable import HubRules

/// Findings a reviewer can act on: related findings point at each other, a route's reported state
/// is explained, both accounts are named, route fixes are commands, counts agree with their nouns.
struct FindingReadabilityTests {
    static let organisation = [NetworkIntent.Account(id: "111111111111", name: "finance"),
                               NetworkIntent.Account(id: "222222222222", name: "marketing"),
                               NetworkIntent.Account(id: "333333333333", name: "developer")]

    static func finding(_ result: AuditResult, _ ruleCase: RuleCase) throws -> Finding {
        try #require(result.findings.first { $0.caseId == ruleCase.id })
    }

    // MARK: - Cross-references

    /// The developer spoke routes marketing's block through the finance hub: peering-routes sees a
    /// transitive route, isolation-breach a breach. Both findings are about one route.
    @Test func theSameRouteFlaggedByTwoRulesNamesTheOther() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-fin", "10.10.0.0/16")
        b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
        b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333")
        b.peering("pcx-fd", "vpc-fin", "vpc-dev")
        b.routeTable("rtb-fin", vpc: "vpc-fin", main: true, routes: ["10.30.0.0/16": "pcx-fd"])
        b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, routes: ["10.10.0.0/16": "pcx-fd", "10.20.0.0/16": "pcx-fd"])
        let result = RuleEngine.run(b.build(), intent: IsolationRule.intent, rules: [PeeringRoutesRule.self, IsolationRule.self])
        let beyond = try Self.finding(result, PeeringRoutesRule.routeBeyondPeer)
        let isolated = try Self.finding(result, IsolationRule.isolatedRoute)
        #expect(beyond.evidence.last == "see also isolation-breach/isolated-route (fingerprint \(isolated.fingerprint))")
        #expect(isolated.evidence.last == "see also peering-routes/route-beyond-peer (fingerprint \(beyond.fingerprint))")
    }

    /// Findings about different routes of the same table do not point at each other.
    @Test func findingsAboutDifferentRoutesDoNotCrossReference() {
        var b = ExampleSnapshot()
        b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
        b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333")
        b.vpc("vpc-fin", "10.10.0.0/16")
        b.peering("pcx-fd", "vpc-fin", "vpc-dev")
        // isolation flags 10.20.0.0/16 → tgw; peering-routes flags 10.99.0.0/16 → pcx-fd: two routes.
        b.routeTable("rtb-dev", vpc: "vpc-dev", main: true,
                     routes: ["10.10.0.0/16": "pcx-fd", "10.20.0.0/16": "tgw-1", "10.99.0.0/16": "pcx-fd"])
        let result = RuleEngine.run(b.build(), intent: IsolationRule.intent, rules: [PeeringRoutesRule.self, IsolationRule.self])
        #expect(result.findings.count == 2)
        #expect(!result.findings.flatMap(\.evidence).contains { $0.hasPrefix("see also") })
    }

    // MARK: - Route state and peering status

    @Test(arguments: [("pending-acceptance", "the route carries no traffic until the peering is active"),
                      ("deleted", "the route carries no traffic")])
    func anActiveRouteToAnInactivePeeringSaysWhyTheStatesDiffer(status: String, consequence: String) throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-a", "10.0.0.0/16")
        b.vpc("vpc-b", "10.1.0.0/16", account: "222222222222")
        b.peering("pcx-1", "vpc-a", "vpc-b", status: status)
        b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.1.0.0/16": "pcx-1"])
        let result = RuleEngine.run(b.build(), rules: [PeeringRoutesRule.self])
        let finding = try Self.finding(result, PeeringRoutesRule.routeToInactivePeering)
        #expect(finding.evidence.contains("route state active (as reported by EC2), but peering pcx-1 is \(status): \(consequence)"))
    }

    // MARK: - Both accounts

    @Test func aMissingReturnRouteAcrossAccountsNamesBoth() throws {
        let example = PeeringRoutesRuleExamples.triggering[0]
        let result = RuleEngine.run(example.snapshot(), intent: NetworkIntent(accounts: Self.organisation),
                                    rules: [PeeringRoutesRule.self])
        let finding = try Self.finding(result, PeeringRoutesRule.missingReturnRoute)
        #expect(finding.evidence.contains(
            "cross-account: route table rtb-spoke-main in 222222222222 (marketing), the paths from vpc-hub in 111111111111 (finance)"))
    }

    @Test func aRouteToAPendingCrossAccountPeeringNamesBothAccounts() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-a", "10.0.0.0/16")
        b.vpc("vpc-b", "10.1.0.0/16", account: "222222222222")
        b.peering("pcx-1", "vpc-a", "vpc-b", status: "pending-acceptance")
        b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.1.0.0/16": "pcx-1"])
        let result = RuleEngine.run(b.build(), intent: NetworkIntent(accounts: Self.organisation), rules: [PeeringRoutesRule.self])
        let finding = try Self.finding(result, PeeringRoutesRule.routeToInactivePeering)
        #expect(finding.evidence.contains("peering pcx-1 vpc-a in 111111111111 (finance) ↔ vpc-b in 222222222222 (marketing): pending-acceptance"))
        #expect(finding.remediation.hasSuffix("Run the command in account 222222222222 (marketing) to accept the peering; if the "
            + "peering is not wanted, the commented line deletes the route in account 111111111111 (finance) instead."))
        // The alternative is a shell comment: pasting the whole block runs one fix, never both.
        #expect(finding.fixCommands == [
            "aws ec2 accept-vpc-peering-connection --region us-east-1 --vpc-peering-connection-id pcx-1",
            "# or: aws ec2 delete-route --region us-east-1 --route-table-id rtb-a --destination-cidr-block 10.1.0.0/16"])
        #expect(finding.fixCommands.filter { !$0.hasPrefix("#") }.count == 1)
    }

    @Test func aPeeringWithAnUnknownAccountNamesBoth() throws {
        let example = PeeringAccountTrustRule.description.triggeringExamples[0]
        let result = RuleEngine.run(example.snapshot(), intent: example.intent, rules: [PeeringAccountTrustRule.self])
        let finding = try Self.finding(result, PeeringAccountTrustRule.unknownAccountPeering)
        #expect(finding.message.contains("connects vpc-fin in account 111111111111 (finance) with vpc-ext in account 999999999999,"))
    }

    @Test func overlappingVpcsInTwoAccountsNameBoth() throws {
        let example = OverlappingCidrsRule.description.triggeringExamples[0]
        let result = RuleEngine.run(example.snapshot(), intent: NetworkIntent(accounts: Self.organisation),
                                    rules: [OverlappingCidrsRule.self])
        let finding = try Self.finding(result, OverlappingCidrsRule.commonPeerOverlap)
        #expect(finding.message.contains("in us-east-1 of accounts 222222222222 (marketing) and 333333333333 (developer)"))
    }

    // MARK: - Route fixes

    @Test func aMissingReturnRouteGivesTheCreateRouteCommand() throws {
        let result = RuleEngine.run(PeeringRoutesRuleExamples.triggering[0].snapshot(), rules: [PeeringRoutesRule.self])
        let finding = try Self.finding(result, PeeringRoutesRule.missingReturnRoute)
        #expect(finding.remediation.hasSuffix("Run the command in account 222222222222."))
        #expect(finding.fixCommands == [
            "aws ec2 create-route --region us-east-1 --route-table-id rtb-spoke-main --destination-cidr-block 10.0.1.0/24 --vpc-peering-connection-id pcx-1"])
    }

    /// The return table already routes exactly that range elsewhere: create-route would fail.
    @Test func aReturnRouteThatExistsWithAnotherTargetIsReplaced() throws {
        let result = RuleEngine.run(PeeringRoutesRuleExamples.triggering[1].snapshot(), rules: [PeeringRoutesRule.self])
        let finding = try Self.finding(result, PeeringRoutesRule.missingReturnRoute)
        #expect(finding.fixCommands == [
            "aws ec2 replace-route --region us-east-1 --route-table-id rtb-b --destination-cidr-block 10.0.1.0/24 --vpc-peering-connection-id pcx-1"])
    }

    /// Two spokes share 10.1.0.0/16; the hub routes it to spoke B. The return route to spoke A
    /// would take that space from B: the fix says so and the overlap finding is cross-referenced.
    @Test func aReturnRouteIntoAnotherSpokesSpaceIsAConflict() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.vpc("vpc-a", "10.1.0.0/16", account: "222222222222")
        b.vpc("vpc-b", "10.1.0.0/16", account: "333333333333")
        b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
        b.subnet("subnet-a", vpc: "vpc-a", "10.1.1.0/24")
        b.subnet("subnet-b", vpc: "vpc-b", "10.1.2.0/24")
        b.peering("pcx-a", "vpc-hub", "vpc-a")
        b.peering("pcx-b", "vpc-hub", "vpc-b")
        b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "pcx-b"])
        b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.0.0.0/16": "pcx-a"])
        b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: ["10.0.0.0/16": "pcx-b"])
        let result = RuleEngine.run(b.build(), rules: [OverlappingCidrsRule.self, PeeringRoutesRule.self])
        let missing = try Self.finding(result, PeeringRoutesRule.missingReturnRoute)
        let overlap = try Self.finding(result, OverlappingCidrsRule.commonPeerOverlap)
        #expect(missing.resourceIds.prefix(2) == ["rtb-hub", "pcx-a"])
        // Commented out: pasted as it is, the block must not take the range from the other spoke.
        #expect(missing.fixCommands == ["# after re-addressing: aws ec2 create-route --region us-east-1 --route-table-id rtb-hub "
            + "--destination-cidr-block 10.1.1.0/24 --vpc-peering-connection-id pcx-a"])
        #expect(missing.remediation.contains("But 10.1.1.0/24 also lies in vpc-b 10.1.0.0/16, peered through pcx-b: the route would conflict"))
        #expect(missing.remediation.hasSuffix("The command is commented out until then."))
        #expect(missing.evidence.contains("see also overlapping-vpc-cidrs/common-peer-overlap (fingerprint \(overlap.fingerprint))"))
        #expect(overlap.evidence.contains("see also peering-routes/missing-return-route (fingerprint \(missing.fingerprint))"))
    }

    @Test func aTransitiveRouteGivesTheDeleteRouteCommand() throws {
        let result = RuleEngine.run(PeeringRoutesRuleExamples.triggering[2].snapshot(), rules: [PeeringRoutesRule.self])
        let finding = try Self.finding(result, PeeringRoutesRule.routeBeyondPeer)
        #expect(finding.remediation.hasSuffix("Run the command in account 111111111111."))
        #expect(finding.fixCommands == ["aws ec2 delete-route --region us-east-1 --route-table-id rtb-dev --destination-cidr-block 10.20.0.0/16"])
    }

    /// A default route through a peering was also how the table reached the peer: deleting it
    /// must come with the peer's own block.
    @Test func deletingADefaultRouteThroughAPeeringKeepsThePeerRouted() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-a", "10.0.0.0/16")
        b.vpc("vpc-b", "10.1.0.0/16")
        b.peering("pcx-1", "vpc-a", "vpc-b")
        b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["0.0.0.0/0": "pcx-1"])
        b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: ["10.0.0.0/16": "pcx-1"])
        let result = RuleEngine.run(b.build(), rules: [PeeringRoutesRule.self])
        let finding = try Self.finding(result, PeeringRoutesRule.routeBeyondPeer)
        #expect(finding.remediation.hasSuffix("Run the commands in account 111111111111."))
        #expect(finding.fixCommands == [
            "aws ec2 delete-route --region us-east-1 --route-table-id rtb-a --destination-cidr-block 0.0.0.0/0",
            "aws ec2 create-route --region us-east-1 --route-table-id rtb-a --destination-cidr-block 10.1.0.0/16 --vpc-peering-connection-id pcx-1"])
    }

    // MARK: - Counts

    /// Two paths, a limit of one: the summary counts one more path, in the singular.
    @Test func theEvidenceSummaryAgreesInNumber() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.vpc("vpc-spoke", "10.1.0.0/16")
        b.subnet("subnet-hub-1", vpc: "vpc-hub", "10.0.1.0/24")
        b.subnet("subnet-hub-2", vpc: "vpc-hub", "10.0.2.0/24")
        b.subnet("subnet-spoke", vpc: "vpc-spoke", "10.1.1.0/24")
        b.peering("pcx-1", "vpc-hub", "vpc-spoke")
        b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "pcx-1"])
        b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true)
        let result = RuleEngine.run(b.build(), configurations: ["peering-routes": RuleConfiguration(parameters: ["max_paths_in_evidence": .int(1)])],
                                    rules: [PeeringRoutesRule.self])
        let finding = try Self.finding(result, PeeringRoutesRule.missingReturnRoute)
        #expect(finding.evidence.contains("… and 1 more path"))
    }

    @Test func pluralAgreesWithTheCount() {
        #expect(Plural.count(1, "peering connection") == "1 peering connection")
        #expect(Plural.count(0, "peering connection") == "0 peering connections")
        #expect(Plural.count(2, "account/region pair") == "2 account/region pairs")
        #expect(Plural.count(1, "retry", "retries") == "1 retry")
        #expect(Plural.count(3, "retry", "retries") == "3 retries")
    }

    @Test func aFlowLogMessageCountsOneSubnetInTheSingular() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        b.subnet("subnet-a", vpc: "vpc-1", "10.0.1.0/24")
        b.subnet("subnet-b", vpc: "vpc-1", "10.0.2.0/24")
        b.flowLog("fl-a", resource: "subnet-a")
        let result = RuleEngine.run(b.build(), rules: [FlowLogsRule.self])
        let finding = try Self.finding(result, FlowLogsRule.partialSubnetCoverage)
        #expect(finding.message.contains("1 of its 2 subnets has no working one"))
    }
}

extension FindingReadabilityTests {
    @Test func aSpokeNotPeeredWithItsHubNamesBothAccounts() throws {
        let example = HubSpokeConnectivityRule.description.triggeringExamples[0]
        var intent = example.intent
        intent.accounts = Self.organisation
        let result = RuleEngine.run(example.snapshot(), intent: intent, rules: [HubSpokeConnectivityRule.self])
        let finding = try Self.finding(result, HubSpokeConnectivityRule.spokeNotPeered)
        #expect(finding.evidence.contains("cross-account: spoke vpc-dev in 333333333333 (developer), hub vpc-fin in 111111111111 (finance)"))
    }

    /// An isolated route whose destination is an entry of a prefix list: the fix deletes the list's
    /// route (or removes the entry), and names the account.
    @Test func anIsolatedRouteGivesTheDeleteRouteCommand() throws {
        let example = IsolationRule.description.triggeringExamples[2]
        let result = RuleEngine.run(example.snapshot(), intent: example.intent, rules: [IsolationRule.self])
        let finding = try Self.finding(result, IsolationRule.isolatedRoute)
        #expect(finding.remediation.hasSuffix("Run the command in account 333333333333 (or remove 10.20.0.0/16 from prefix list pl-partners instead)."))
        #expect(finding.fixCommands == ["aws ec2 delete-route --region us-east-1 --route-table-id rtb-dev --destination-prefix-list-id pl-partners"])
        #expect(finding.evidence.contains("cross-account: route table rtb-dev in 333333333333, vpc-mkt in 222222222222"))
    }

    /// A rule's own description often says why it is there ("vendor access until March"): the
    /// evidence quotes it; the message stays the rule itself.
    @Test func aSecurityGroupRuleShowsItsDescriptionInTheEvidence() throws {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        let admin = Permission.tcp(22, from: "0.0.0.0/0")
            .withSources(ipv4Ranges: [SourceRange(cidr: CIDR("0.0.0.0/0")!, description: "vendor access until March")])
        b.securityGroup("sg-admin", vpc: "vpc-1", ingress: [admin])
        let result = RuleEngine.run(b.build(), rules: [BroadIngressRule.self])
        let finding = try Self.finding(result, BroadIngressRule.internetSensitivePort)
        #expect(finding.evidence.first?.hasSuffix("(rule description: \"vendor access until March\")") == true, "\(finding.evidence)")
        #expect(!finding.message.contains("vendor"))
    }
}
