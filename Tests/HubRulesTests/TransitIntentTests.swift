import HubModel
import HubPaths
@testable import HubRules
import Testing

/// The intent rules through a transit gateway (issue 12): isolation between spokes that share a
/// gateway, a spoke's connectivity to a hub it reaches through the gateway, reachability intents
/// that cross it. The segmented design is clean; a spoke propagating into the spokes table is the
/// breach, with the gateway's route as evidence.
@Suite struct TransitIsolationTests {
    func run(_ snapshot: Snapshot) -> AuditResult {
        RuleEngine.run(snapshot, intent: IsolationRule.intent, rules: [IsolationRule.self])
    }

    @Test func theSegmentedDesignKeepsTheSpokesApart() {
        let result = run(SegmentedHub().snapshot())
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.isEmpty)
    }

    @Test func aSpokePropagatingIntoTheSpokesTableBreaksIsolationOnPaper() throws {
        var hub = SegmentedHub()
        hub.spokesPropagations.append("tgw-attach-dev")
        let result = run(hub.snapshot())
        // Developer's space is routed to marketing's table; the way back is not: no path yet.
        #expect(result.findings.map(\.caseId) == ["isolated-route"])
        let finding = try #require(result.findings.first)
        #expect(finding.resourceIds == ["tgw-rtb-spokes", "tgw-attach-mkt", "vpc-mkt", "vpc-dev", "tgw-attach-dev"])
        #expect(finding.scope == Scope(account: "111111111111", region: "us-east-1"))
        #expect(finding.message == "transit gateway route table tgw-rtb-spokes, associated with vpc-mkt's attachment tgw-attach-mkt, sends 10.30.0.0/16, which belongs to vpc-dev (developer), to tgw-attach-dev (vpc-dev): isolation 'marketing-vs-developer' keeps them apart")
        #expect(finding.evidence.first == "tgw-rtb-spokes (spokes), associated with tgw-attach-mkt (vpc-mkt): 10.30.0.0/16 → tgw-attach-dev (propagated, active, from the propagation)")
        #expect(finding.evidence.contains("tgw-attach-dev (vpc-dev) propagates into tgw-rtb-spokes, with which tgw-attach-mkt of vpc-mkt is associated"))
        #expect(result.notEvaluated.isEmpty)
    }

    @Test func bothSpokesPropagatingIntoTheSpokesTableOpenAPathThroughTheGateway() throws {
        var hub = SegmentedHub()
        hub.spokesPropagations += ["tgw-attach-mkt", "tgw-attach-dev"]
        let result = run(hub.snapshot())
        #expect(result.findings.map(\.caseId).sorted() == ["isolated-path", "isolated-path", "isolated-route", "isolated-route"])
        let path = try #require(result.findings.first { $0.caseId == IsolationRule.isolatedPath.id && $0.scope.account == "222222222222" })
        #expect(path.resourceIds.prefix(2) == ["eni-mkt", "eni-dev"])
        #expect(path.resourceIds.contains("tgw-rtb-spokes"))
        #expect(path.evidence.contains("forward 5. transit gateway route table tgw-rtb-spokes, tgw-attach-mkt: tgw-rtb-spokes (spokes), associated with tgw-attach-mkt: 10.30.0.0/16 → tgw-attach-dev (propagated, active, from the propagation)"))
        #expect(path.evidence.contains { $0.hasPrefix("return ") && $0.contains("tgw-rtb-spokes (spokes), associated with tgw-attach-dev: 10.20.0.0/16 → tgw-attach-mkt") })
    }

    /// A VPC on both sides (selectors that overlap): the gateway route to it is not a breach for
    /// itself, but is for the next source associated with the same table. The routes of a table are
    /// worked out once for every source, so one passed over for the first source must stay pending.
    @Test func aRouteThatIsNoBreachForOneSourceIsForTheNextOnTheSameTable() throws {
        var hub = SegmentedHub()
        hub.spokesPropagations.append("tgw-attach-dev")
        let overlapping = NetworkIntent(isolation: [NetworkIntent.Isolation(
            name: "everyone-vs-developer", sideA: [VpcSelector(account: "222222222222"), VpcSelector(account: "333333333333")],
            sideB: [VpcSelector(account: "333333333333")])])
        let result = RuleEngine.run(hub.snapshot(), intent: overlapping, rules: [IsolationRule.self])
        // vpc-dev (first by id) is associated with tgw-rtb-spokes too, but its own space is no breach for it.
        let route = try #require(result.findings.first { $0.caseId == "isolated-route" && $0.resourceIds.first == "tgw-rtb-spokes" })
        #expect(route.resourceIds.prefix(3) == ["tgw-rtb-spokes", "tgw-attach-mkt", "vpc-mkt"])
        #expect(route.message.contains("sends 10.30.0.0/16, which belongs to vpc-dev (developer)"))
    }

    @Test func aGatewayOwnedOutsideTheSnapshotIsNotEvaluatedNeverClean() {
        var hub = SegmentedHub()
        hub.gatewayOwner = "999999999999"
        let result = run(hub.snapshot())
        #expect(result.notEvaluated.contains { $0.reason == .outsideSnapshot && $0.detail.contains("tgw-1 is owned by account 999999999999") })
        #expect(!result.notEvaluated.isEmpty)
        // The VPC routes to the gateway are still findings: where the gateway sends them cannot be read.
        #expect(result.findings.map(\.caseId) == ["isolated-route", "isolated-route"])
        #expect(result.findings.map { $0.resourceIds[0] }.sorted() == ["rtb-dev", "rtb-mkt"])
        #expect(result.findings.allSatisfy { $0.evidence.contains("where tgw-1 sends it cannot be read: tgw-1 is owned by account 999999999999, outside the snapshot: its route tables cannot be read") })
    }
}

@Suite struct TransitHubSpokeTests {
    static let intent = HubSpokeConnectivityRule.intent

    func run(_ snapshot: Snapshot) -> AuditResult {
        RuleEngine.run(snapshot, intent: Self.intent, rules: [HubSpokeConnectivityRule.self])
    }

    @Test func spokesAttachedToTheHubsGatewayAreConnected() {
        let result = run(SegmentedHub().snapshot())
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.isEmpty)
    }

    @Test func aSpokeWhoseAttachmentHasNoAssociationIsNotRouted() throws {
        var hub = SegmentedHub()
        hub.spokesAssociations = ["tgw-attach-dev"]
        let result = run(hub.snapshot())
        #expect(result.findings.map(\.caseId) == ["spoke-not-routed"])
        let finding = try #require(result.findings.first)
        #expect(finding.resourceIds == ["vpc-mkt", "vpc-fin", "tgw-1"])
        #expect(finding.message == "spoke vpc-mkt (marketing) and hub vpc-fin (finance) are attached to tgw-1 but not routed both ways")
        #expect(finding.evidence.first == "tgw-attach-mkt is associated with no route table of tgw-1: the gateway drops what vpc-mkt sends")
    }

    @Test func aHubTableWithoutTheSpokesRouteBackIsNotRouted() throws {
        var hub = SegmentedHub()
        hub.hubPropagations = ["tgw-attach-dev"]
        let result = run(hub.snapshot())
        let finding = try #require(result.findings.first)
        #expect(result.findings.map(\.caseId) == ["spoke-not-routed"])
        #expect(finding.evidence.first == "tgw-rtb-hub (hub), associated with tgw-attach-fin of vpc-fin, has no route for 10.20.0.0/16 (vpc-mkt)")
    }

    @Test func aHubThatAdmitsNothingIsNotReachableThroughTheGateway() throws {
        var hub = SegmentedHub()
        hub.hubIngress = []
        let result = run(hub.snapshot())
        #expect(result.findings.map(\.caseId) == ["spoke-not-reachable", "spoke-not-reachable"])
        let finding = try #require(result.findings.first)
        #expect(finding.message.hasPrefix("spoke vpc-mkt (marketing) is attached and routed with hub vpc-fin (finance) through tgw-1, but none of all gets from"))
        #expect(finding.message.hasSuffix("is blocked at sg-fin (security groups, ingress): SG_NO_MATCHING_RULE"))
    }
}

@Suite struct TransitReachabilityIntentTests {
    func run(_ snapshot: Snapshot, from: String, to: String, expect: ReachabilityIntent.Expectation) -> AuditResult {
        let intent = ReachabilityIntent(name: "i", from: EndpointSelector(vpc: from), to: EndpointSelector(vpc: to), ports: ["tcp/443"],
                                        traffic: .tcp(443...443), expect: expect)
        return RuleEngine.run(snapshot, intent: NetworkIntent(reachability: [intent]), rules: [ReachabilityIntentRule.self])
    }

    @Test func intentsAreJudgedThroughTheGateway() throws {
        let segmented = SegmentedHub().snapshot()
        #expect(run(segmented, from: "marketing", to: "finance", expect: .reachable).findings.isEmpty)
        #expect(run(segmented, from: "marketing", to: "developer", expect: .unreachable).findings.isEmpty)
        let missing = try #require(run(segmented, from: "marketing", to: "developer", expect: .reachable).findings.first)
        #expect(missing.caseId == "missing-path")
        #expect(missing.message.hasSuffix("is blocked at tgw-rtb-spokes, tgw-attach-mkt (transit gateway route table): NO_ROUTE_TO_DESTINATION"))

        var breached = SegmentedHub()
        breached.spokesPropagations += ["tgw-attach-mkt", "tgw-attach-dev"]
        let unexpected = try #require(run(breached.snapshot(), from: "marketing", to: "developer", expect: .unreachable).findings.first)
        #expect(unexpected.caseId == "unexpected-path")
        #expect(unexpected.resourceIds.contains("tgw-rtb-spokes"))
    }

    @Test func aGatewayOwnedOutsideTheSnapshotLeavesTheIntentNotEvaluatedAsOutside() {
        var outside = SegmentedHub()
        outside.gatewayOwner = "999999999999"
        let result = run(outside.snapshot(), from: "marketing", to: "developer", expect: .unreachable)
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.count == 1)
        #expect(result.notEvaluated.allSatisfy { $0.reason == .outsideSnapshot && $0.inputs.isEmpty }, "\(result.notEvaluated.map { "\($0.reason) \($0.inputs) \($0.detail)" })")
        #expect(result.notEvaluated.first?.detail.contains("OUTSIDE_SNAPSHOT") == true)
    }
}
