import HubModel
import HubPaths
@testable import HubRules
import Testing

/// The transit-gateway rules checked against the Transit Gateway guide's routing: a route counts
/// only where the table uses it (longest prefix, then AWS's order among routes of one prefix).
@Suite struct TransitGatewaySemanticsRuleTests {
    static func blackhole(_ cidr: String) -> TransitGatewayRoute {
        TransitGatewayRoute(destination: .cidr(CIDR(cidr)!), state: "blackhole", attachmentIds: [])
    }

    /// The spokes send everything private to finance (a summary route), and blackhole each other's
    /// ranges: the summary never carries a spoke's traffic to the other spoke, and the isolation holds.
    @Test func aSummaryRouteShadowedByBlackholesForTheOtherSideDoesNotBreakIsolation() {
        var hub = SegmentedHub()
        hub.spokesRoutes = [TransitGatewayRoute(destination: .cidr(CIDR("10.0.0.0/8")!), attachmentIds: ["tgw-attach-fin"]),
                            Self.blackhole("10.20.0.0/16"), Self.blackhole("10.30.0.0/16")]
        let result = RuleEngine.run(hub.snapshot(), intent: IsolationRule.intent, rules: [IsolationRule.self])
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.isEmpty)
    }

    /// Without the blackhole for developer's range, the summary does send it to finance: still a finding.
    @Test func aSummaryRouteThatWinsForPartOfTheOtherSideStillBreaksIsolation() throws {
        var hub = SegmentedHub()
        hub.spokesRoutes = [TransitGatewayRoute(destination: .cidr(CIDR("10.0.0.0/8")!), attachmentIds: ["tgw-attach-fin"]),
                            Self.blackhole("10.20.0.0/16"), Self.blackhole("10.30.0.0/17")]
        let result = RuleEngine.run(hub.snapshot(), intent: IsolationRule.intent, rules: [IsolationRule.self])
        let finding = try #require(result.findings.first { $0.caseId == IsolationRule.isolatedRoute.id })
        #expect(finding.message.contains("sends 10.0.0.0/8, which belongs to vpc-dev (developer), to tgw-attach-fin"))
        // Deleting the summary would cut finance off too: the fix blackholes developer's share instead.
        #expect(finding.remediation.hasSuffix("10.0.0.0/8 is a summary that serves more than vpc-dev: add a blackhole static route for 10.30.0.0/16 to tgw-rtb-spokes in account 111111111111 (create-transit-gateway-route --blackhole), or narrow the summary."))
    }
}

/// A propagation caught `enabling` may connect two overlapping VPCs by the time the report is read.
@Suite struct TransitGatewayTransitionRuleTests {
    @Test func anOverlapThroughAPropagationStillEnablingIsNotEvaluated() {
        var b = ExampleSnapshot()
        b.vpc("vpc-a", "10.1.0.0/16", account: "222222222222")
        b.vpc("vpc-b", "10.1.0.0/16", account: "333333333333")
        b.transitGateway("tgw-1")
        b.tgwAttachment("tgw-attach-a", gateway: "tgw-1", vpc: "vpc-a")
        b.tgwAttachment("tgw-attach-b", gateway: "tgw-1", vpc: "vpc-b")
        b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1", propagations: ["tgw-attach-a", "tgw-attach-b"])
        let built = b.build()
        var tables = built.transitGatewayRouteTables
        tables[0].propagations?[1].state = "enabling"
        // A snapshot indexes its tables when made: the changed table goes into a new one.
        let snapshot = Snapshot(metadata: built.metadata, scopes: built.scopes, vpcs: built.vpcs,
                                transitGateways: built.transitGateways, transitGatewayAttachments: built.transitGatewayAttachments,
                                transitGatewayRouteTables: tables, coverage: built.coverage)
        let result = RuleEngine.run(snapshot, rules: [OverlappingCidrsRule.self])
        #expect(result.findings.map(\.caseId) == ["unconnected-overlap"])
        #expect(result.notEvaluated.contains { $0.detail.contains("the propagation of tgw-attach-b is enabling") })
    }
}
