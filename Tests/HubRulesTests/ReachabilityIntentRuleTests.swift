import HubModel
import HubPaths
@testable import HubRules
import Testing

/// Rule `reachability-intent` beyond its examples: fail closed on missing input, the intent's own
/// severity, selectors by environment and tag, stable fingerprints.
@Suite struct ReachabilityIntentRuleTests {
    func run(_ snapshot: Snapshot, _ intents: [ReachabilityIntent], accounts: [NetworkIntent.Account] = []) -> AuditResult {
        RuleEngine.run(snapshot, intent: NetworkIntent(accounts: accounts, reachability: intents), rules: [ReachabilityIntentRule.self])
    }

    func intent(_ expect: ReachabilityIntent.Expectation, from: EndpointSelector = EndpointSelector(vpc: "alpha"),
                to: EndpointSelector = EndpointSelector(vpc: "beta"), severity: Severity? = nil) -> ReachabilityIntent {
        ReachabilityIntent(name: "i", from: from, to: to, ports: ["tcp/5432"], traffic: .tcp(5432...5432), expect: expect, severity: severity)
    }

    @Test func aclsNotCollectedMakeTheIntentNotEvaluatedNeverAPass() {
        var snapshot = ReachabilityIntentRule.peeredPair(ingress: [.tcp(5432, from: "10.0.0.0/16")])
        snapshot.coverage.set(.missing, scope: Scope(account: "222222222222", region: "us-east-1"), action: .describeNetworkAcls)
        let result = run(snapshot, [intent(.unreachable)])
        #expect(result.findings.isEmpty)
        let gaps = result.notEvaluated.filter { $0.reason == .missingInput && $0.inputs == [.describeNetworkAcls] && $0.resourceIds.contains("eni-a") }
        #expect(gaps.count == 1)
        #expect(gaps.first?.detail.contains("NOT_COLLECTED: DescribeNetworkAcls missing in 222222222222/us-east-1") == true)
    }

    @Test func theIntentsSeverityWins() {
        let snapshot = ReachabilityIntentRule.peeredPair(ingress: [.tcp(5432, from: "10.0.0.0/16")])
        #expect(run(snapshot, [intent(.unreachable)]).findings.map(\.severity) == [.high])
        #expect(run(snapshot, [intent(.unreachable, severity: .critical)]).findings.map(\.severity) == [.critical])
    }

    @Test func selectorsByEnvironmentAndTag() {
        let snapshot = ReachabilityIntentRule.peeredPair(ingress: [.tcp(5432, from: "10.0.0.0/16")])
        let accounts = [NetworkIntent.Account(id: "111111111111", name: "alpha-account", environment: "dev"),
                        NetworkIntent.Account(id: "222222222222", environment: "prod")]
        let byEnvironment = intent(.unreachable, from: EndpointSelector(environment: "dev"), to: EndpointSelector(environment: "prod"))
        #expect(run(snapshot, [byEnvironment], accounts: accounts).findings.map(\.caseId) == ["unexpected-path"])
        let byName = intent(.unreachable, from: EndpointSelector(account: "alpha-account"), to: EndpointSelector(cidr: CIDR("10.1.0.0/16")))
        #expect(run(snapshot, [byName], accounts: accounts).findings.map(\.caseId) == ["unexpected-path"])
        let byTag = intent(.unreachable, from: EndpointSelector(tag: ("Name", "alpha")), to: EndpointSelector(vpc: "vpc-b"))
        #expect(run(snapshot, [byTag]).findings.map(\.caseId) == ["unexpected-path"])
        let noMatch = intent(.unreachable, from: EndpointSelector(tag: ("Name", "gamma")))
        #expect(run(snapshot, [noMatch]).findings.map(\.caseId) == ["selector-matches-nothing"])
    }

    @Test func theFindingCarriesThePathAndAStableFingerprint() {
        let snapshot = ReachabilityIntentRule.peeredPair(ingress: [.tcp(5432, from: "10.0.0.0/16")])
        let first = run(snapshot, [intent(.unreachable)]).findings
        #expect(first.count == 1)
        #expect(first[0].resourceIds.prefix(2) == ["eni-a", "eni-b"])
        #expect(first[0].evidence.contains("forward 6. security groups, ingress sg-b: sg-b (sg-b) ingress: tcp 5432 from 10.0.0.0/16"))
        #expect(first[0].evidence.contains("return 8. route table rtb-b: rtb-b: 10.0.0.0/16 → pcx-ab (active)"))
        #expect(run(snapshot, [intent(.unreachable)]).findings.map(\.fingerprint) == first.map(\.fingerprint))
    }

    /// An intent keeps only the pairs that decide it (those that break it or could not be judged):
    /// over a whole organisation the others were most of the memory. It still counts every pair.
    @Test func anOutcomeKeepsTheDecidingPairsAndCountsThemAll() {
        let snapshot = ReachabilityIntentRule.peeredPair(ingress: [.tcp(5432, from: "10.0.0.0/16")])
        let everywhere = EndpointSelector(cidr: CIDR("10.0.0.0/8")!)
        // alpha → beta reaches tcp 5432; beta → alpha is blocked (sg-a admits nothing).
        let intents = [intent(.unreachable, from: everywhere, to: everywhere), intent(.reachable, from: everywhere, to: everywhere)]
        let outcomes = IntentOutcome.judge(intents, model: ReachabilityModel(snapshot), organization: NetworkIntent(reachability: intents),
                                           options: PathOptions())
        for outcome in outcomes {
            #expect(outcome.status == .fails)
            #expect(outcome.pairCount == 2)
            #expect(outcome.answer?.pairs.count == 1)
            #expect(outcome.failingPairs.count == 1)
        }
        #expect(outcomes[0].failingPairs.first?.source.members.first?.interfaceId == "eni-a")
        #expect(outcomes[1].failingPairs.first?.source.members.first?.interfaceId == "eni-b")
    }

    @Test func withoutIntentsTheRuleIsNotConfigured() {
        let result = RuleEngine.run(ReachabilityIntentRule.peeredPair(ingress: []), rules: [ReachabilityIntentRule.self])
        #expect(result.notEvaluated.map(\.reason) == [.notConfigured])
    }
}
