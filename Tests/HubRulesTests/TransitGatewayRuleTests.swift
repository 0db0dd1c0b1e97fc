import HubModel
import Testing
@testable import HubRules

/// The transit-gateway rules never pass what the snapshot does not show: a route table whose
/// routes were not collected, a gateway owned outside the snapshot, a scope without the listings.
struct TransitGatewayFailClosedTests {
    /// A hub (111111111111, owning tgw-1) and a spoke (222222222222) attached to it; the hub routes
    /// the spoke through the gateway and the spoke lacks the way back.
    static func oneWayHub(routes: KeyValuePairs<String, String>? = [:]) -> ExampleSnapshot {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
        b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
        b.subnet("subnet-spoke", vpc: "vpc-spoke", "10.1.1.0/24")
        b.transitGateway("tgw-1")
        b.tgwAttachment("tgw-attach-hub", gateway: "tgw-1", vpc: "vpc-hub", subnets: ["subnet-hub"])
        b.tgwAttachment("tgw-attach-spoke", gateway: "tgw-1", vpc: "vpc-spoke", subnets: ["subnet-spoke"])
        b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1", associations: ["tgw-attach-hub", "tgw-attach-spoke"],
                        propagations: ["tgw-attach-hub", "tgw-attach-spoke"], routes: routes)
        b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "tgw-1"])
        b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true)
        return b
    }

    @Test func theSameHubWithItsRoutesSearchedFlagsTheOneWayPath() {
        let result = RuleEngine.run(Self.oneWayHub().build(), rules: [TransitGatewayRoutesRule.self])
        #expect(result.findings.map(\.caseId) == ["one-way-path"])
        #expect(result.notEvaluated.isEmpty)
    }

    /// Without SearchTransitGatewayRoutes for the table the hub's attachment is associated with,
    /// the path cannot be traced: not evaluated in the gateway owner's scope, naming the call, and
    /// no finding either way.
    @Test func aTableWithoutItsRouteSearchIsNotEvaluated() {
        let result = RuleEngine.run(Self.oneWayHub(routes: nil).build(), rules: [TransitGatewayRoutesRule.self])
        #expect(result.findings.isEmpty)
        #expect(!result.notEvaluated.isEmpty)
        for entry in result.notEvaluated {
            #expect(entry.reason == .missingInput)
            #expect(entry.inputs == [.searchTransitGatewayRoutes])
            #expect(entry.scope == Scope(account: "111111111111", region: "us-east-1"))
            #expect(entry.detail.hasSuffix("tgw-rtb-1: SearchTransitGatewayRoutes missing"), "\(entry.detail)")
        }
        #expect(result.notEvaluated.contains { $0.resourceIds.contains("rtb-hub") })
    }

    /// The per-table calls are judged per table: a scope-wide status for them (the engine's coverage
    /// check) does not stop the rule where every table's own calls were collected.
    @Test func perTableCallsAreNotRequiredScopeWide() {
        var b = Self.oneWayHub()
        for action in Action.allCases where action.isPerTransitGatewayRouteTable {
            b.withoutCollection(action)
        }
        b.withoutCollection(.describeTransitGatewayRouteTables, account: "222222222222")
        let result = RuleEngine.run(b.build(), rules: [TransitGatewayRoutesRule.self])
        #expect(result.findings.map(\.caseId) == ["one-way-path"])
        #expect(result.notEvaluated.isEmpty, "\(result.notEvaluated.map(\.detail))")
        #expect(!TransitGatewayRoutesRule.description.scopeInputs.contains { $0.isPerTransitGatewayRouteTable })
    }

    /// A spoke attached to a gateway that account 999999999999 owns and shares: its route tables
    /// cannot be read, so the spoke's paths are "outside the snapshot" — not an input gap, not a pass.
    @Test func aGatewayOwnedOutsideTheSnapshotIsNotEvaluatedAsOutside() {
        var b = ExampleSnapshot()
        b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
        b.subnet("subnet-spoke", vpc: "vpc-spoke", "10.1.1.0/24")
        b.transitGateway("tgw-ext", owner: "999999999999", seenFrom: "222222222222", autoAcceptSharedAttachments: true)
        b.tgwAttachment("tgw-attach-spoke", gateway: "tgw-ext", vpc: "vpc-spoke", subnets: ["subnet-spoke"])
        b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true, routes: ["10.0.0.0/8": "tgw-ext"])
        let snapshot = b.build()
        let spokeScope = Scope(account: "222222222222", region: "us-east-1")
        for rule in [TransitGatewayRoutesRule.self, TransitGatewaySettingsRule.self] as [any Rule.Type] {
            let result = RuleEngine.run(snapshot, rules: [rule])
            #expect(result.findings.isEmpty, "\(rule.description.id): \(result.findings.map(\.message))")
            #expect(!result.notEvaluated.isEmpty, "\(rule.description.id) passed a gateway it cannot see")
            for entry in result.notEvaluated {
                #expect(entry.reason == .outsideSnapshot, "\(rule.description.id): \(entry.detail)")
                #expect(entry.scope == spokeScope)
                #expect(entry.detail.contains("999999999999"))
            }
        }
        let routes = RuleEngine.run(snapshot, rules: [TransitGatewayRoutesRule.self])
        #expect(routes.notEvaluated.contains { $0.resourceIds.contains("rtb-spoke") })
    }

    /// No gateway anywhere passes only where the gateways and attachments were listed.
    @Test(arguments: [TransitGatewayRoutesRule.self, TransitGatewaySettingsRule.self, OverlappingCidrsRule.self] as [any Rule.Type])
    func noGatewayPassesOnlyWhereTheListingsWereCollected(rule: any Rule.Type) {
        var b = ExampleSnapshot()
        b.vpc("vpc-a", "10.0.0.0/16")
        b.vpc("vpc-b", "10.1.0.0/16", account: "222222222222")
        b.withoutCollection(.describeTransitGateways, account: "222222222222")
        b.withoutCollection(.describeTransitGatewayAttachments, account: "222222222222",
                            status: .failed(code: "UnauthorizedOperation", message: "not allowed"))
        let result = RuleEngine.run(b.build(), rules: [rule])
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.count == 1)
        let entry = result.notEvaluated.first
        #expect(entry?.scope == Scope(account: "222222222222", region: "us-east-1"))
        #expect(entry?.reason == .missingInput)
        #expect(entry?.inputs == [.describeTransitGatewayAttachments, .describeTransitGateways])
    }

    /// Appliance mode needs the table's routes; auto-accept needs only the gateway: one missing
    /// search does not hide the other finding.
    @Test func settingsWithoutATableSearchStillJudgeTheGateway() {
        var b = ExampleSnapshot()
        b.vpc("vpc-inspection", "10.0.0.0/16")
        b.transitGateway("tgw-1", autoAcceptSharedAttachments: true)
        b.tgwAttachment("tgw-attach-inspection", gateway: "tgw-1", vpc: "vpc-inspection", applianceMode: false)
        b.tgwRouteTable("tgw-rtb-spokes", gateway: "tgw-1", routes: nil, routesStatus: .failed(code: "UnauthorizedOperation", message: ""))
        let result = RuleEngine.run(b.build(), rules: [TransitGatewaySettingsRule.self])
        #expect(result.findings.map(\.caseId) == ["auto-accept-shared-attachments"])
        #expect(result.notEvaluated.map(\.inputs) == [[.searchTransitGatewayRoutes]])
        #expect(result.notEvaluated.first?.detail
            == "the default routes of tgw-rtb-spokes cannot be checked: tgw-rtb-spokes: SearchTransitGatewayRoutes failed: UnauthorizedOperation")
    }
}

/// What `tgw-routes` flags beyond its examples.
struct TransitGatewayRoutesTests {
    /// A spoke sends all of 10/8 to the gateway; only the part the gateway blackholes is flagged.
    @Test func aWideVpcRouteIsFlaggedForTheBlackholedPartOnly() {
        var b = ExampleSnapshot()
        b.vpc("vpc-a", "10.1.0.0/16")
        b.subnet("subnet-a", vpc: "vpc-a", "10.1.1.0/24")
        b.transitGateway("tgw-1")
        b.tgwAttachment("tgw-attach-a", gateway: "tgw-1", vpc: "vpc-a", subnets: ["subnet-a"])
        b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1", associations: ["tgw-attach-a"], routes: ["10.9.0.0/16": "blackhole"])
        b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.0.0.0/8": "tgw-1", "10.9.5.0/24": "pcx-1"])
        let result = RuleEngine.run(b.build(), rules: [TransitGatewayRoutesRule.self])
        #expect(result.findings.map(\.caseId) == ["route-to-blackhole"])
        #expect(result.findings.first?.message
            == "route table rtb-a in vpc-a sends 10.9.0.0/16 to tgw-1, whose route table tgw-rtb-1 drops it (blackhole 10.9.0.0/16)")
    }

    /// The return route exists in the spoke, but through another gateway: still one-way through tgw-1.
    @Test func aReturnRouteThroughAnotherGatewayIsNoReturn() {
        var b = TransitGatewayFailClosedTests.oneWayHub()
        b.routeTable("rtb-spoke-app", vpc: "vpc-spoke", subnets: ["subnet-spoke"], routes: ["10.0.0.0/16": "tgw-other"])
        let result = RuleEngine.run(b.build(), rules: [TransitGatewayRoutesRule.self])
        let finding = result.findings.first { $0.caseId == "one-way-path" }
        #expect(finding?.resourceIds.first == "rtb-spoke-app")
        #expect(finding?.evidence.contains("return: subnet-spoke uses rtb-spoke-app: 10.0.1.0/24 matches 10.0.0.0/16 → tgw-other, not tgw-1") == true)
        #expect(finding?.fixCommands == ["aws ec2 create-route --region us-east-1 --route-table-id rtb-spoke-app "
            + "--destination-cidr-block 10.0.1.0/24 --transit-gateway-id tgw-1"])
    }
}

/// `overlapping-vpc-cidrs` through transit-gateway route tables.
struct TransitGatewayOverlapTests {
    /// Two spokes with the same block propagate into the hub's table. The one attached later loses
    /// the route (AWS keeps the first propagated): here spoke-a, although its id sorts first.
    @Test func theLaterPropagationOfAnIdenticalBlockIsNamedAsTheLoser() {
        var b = ExampleSnapshot()
        b.vpc("vpc-spoke-a", "10.1.0.0/16", account: "222222222222")
        b.vpc("vpc-spoke-b", "10.1.0.0/16", account: "333333333333")
        b.transitGateway("tgw-1")
        b.tgwAttachment("tgw-attach-a", gateway: "tgw-1", vpc: "vpc-spoke-a", created: "2026-05-01T00:00:00.000Z")
        b.tgwAttachment("tgw-attach-b", gateway: "tgw-1", vpc: "vpc-spoke-b", created: "2026-02-01T00:00:00.000Z")
        b.tgwRouteTable("tgw-rtb-hub", gateway: "tgw-1", propagations: ["tgw-attach-a", "tgw-attach-b"])
        let result = RuleEngine.run(b.build(), rules: [OverlappingCidrsRule.self])
        #expect(result.findings.map(\.caseId) == ["transit-gateway-overlap"])
        let finding = result.findings.first
        #expect(finding?.message.hasSuffix("both propagate into transit-gateway route table tgw-rtb-hub of tgw-1, which routes the common "
            + "range to only one of them: vpc-spoke-a loses, its 10.1.0.0/16 is not propagated (AWS keeps the first propagated)") == true,
            "\(finding?.message ?? "")")
        #expect(finding?.evidence.contains { $0.hasPrefix("tgw-rtb-hub: 10.1.0.0/16 is propagated by tgw-attach-b (vpc-spoke-b) and "
            + "tgw-attach-a (vpc-spoke-a)") && $0.hasSuffix("so tgw-attach-a loses") } == true)
        #expect(result.notEvaluated.isEmpty)
    }

    /// Default VPCs overlap by design: those attached to nothing are skipped; two that propagate
    /// into one gateway table are connected, and flagged.
    @Test func onlyDefaultVpcsConnectedThroughAGatewayAreFlagged() {
        var b = ExampleSnapshot()
        b.vpc("vpc-default-1", "172.31.0.0/16", isDefault: true)
        b.vpc("vpc-default-2", "172.31.0.0/16", account: "222222222222", isDefault: true)
        b.vpc("vpc-default-3", "172.31.0.0/16", account: "333333333333", isDefault: true)
        b.vpc("vpc-default-4", "172.31.0.0/16", account: "444444444444", isDefault: true)
        b.transitGateway("tgw-1")
        b.tgwAttachment("tgw-attach-3", gateway: "tgw-1", vpc: "vpc-default-3")
        b.tgwAttachment("tgw-attach-4", gateway: "tgw-1", vpc: "vpc-default-4")
        b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1", associations: ["tgw-attach-3", "tgw-attach-4"],
                        propagations: ["tgw-attach-3", "tgw-attach-4"])
        let result = RuleEngine.run(b.build(), rules: [OverlappingCidrsRule.self])
        #expect(result.findings.map(\.resourceIds) == [["vpc-default-3", "vpc-default-4"]])
        #expect(result.findings.map(\.caseId) == ["transit-gateway-overlap"])
        #expect(result.notEvaluated.isEmpty)
    }

    /// Without a table's propagations, two attached VPCs may share it: the overlap is reported as
    /// far as known (no peering), and the unknown connection is not evaluated.
    @Test func unknownPropagationsAreNotEvaluated() {
        var b = ExampleSnapshot()
        b.vpc("vpc-a", "10.1.0.0/16", account: "222222222222")
        b.vpc("vpc-b", "10.1.0.0/16", account: "333333333333")
        b.transitGateway("tgw-1")
        b.tgwAttachment("tgw-attach-a", gateway: "tgw-1", vpc: "vpc-a")
        b.tgwAttachment("tgw-attach-b", gateway: "tgw-1", vpc: "vpc-b")
        b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1", propagations: nil)
        let result = RuleEngine.run(b.build(), rules: [OverlappingCidrsRule.self])
        #expect(result.findings.map(\.caseId) == ["unconnected-overlap"])
        #expect(Set(result.notEvaluated.map(\.inputs)) == [[.getTransitGatewayRouteTablePropagations]])
        #expect(result.notEvaluated.allSatisfy { $0.scope == Scope(account: "111111111111", region: "us-east-1") })
    }
}

/// A gateway table as moto reports it: an active static route that names no attachment.
struct TransitGatewayRouteWithoutAttachmentTests {
    @Test func anActiveRouteWithoutAnAttachmentMakesTheTableUnknown() {
        var b = TransitGatewayFailClosedTests.oneWayHub()
        b.tgwRouteTable("tgw-rtb-hub", gateway: "tgw-1", associations: [], routes: ["10.1.0.0/16": ""])
        let snapshot = b.build()
        let table = snapshot.transitGatewayRouteTablesById["tgw-rtb-hub"]!
        guard case .unknown(let gap) = TransitGatewayRouting(table, in: snapshot).lookUp(CIDR("10.1.1.0/24")!) else {
            Issue.record("an active route without an attachment was taken as known")
            return
        }
        #expect(gap.inputs == [.searchTransitGatewayRoutes])
        #expect(gap.detail == "tgw-rtb-hub: SearchTransitGatewayRoutes reported 10.1.0.0/16 as active without an attachment")
    }
}

/// The destination side of a path through a gateway decides the return leg: without its inputs,
/// no finding and no pass.
struct TransitGatewayDestinationSideTests {
    @Test func aDestinationWithoutItsRouteTablesIsNotEvaluated() {
        var b = TransitGatewayFailClosedTests.oneWayHub()
        b.withoutCollection(.describeRouteTables, account: "222222222222")
        let result = RuleEngine.run(b.build(), rules: [TransitGatewayRoutesRule.self])
        #expect(result.findings.isEmpty)
        let details = result.notEvaluated.map(\.detail)
        #expect(details.contains("DescribeRouteTables missing"))
        #expect(details.contains("return routes of vpc-spoke cannot be checked: its account and region lack inputs"))
    }

    /// The gateway delivers to an attachment whose VPC belongs to an account outside the snapshot:
    /// its return routes are unknown, and said to be outside, not an input gap.
    @Test func aDestinationVpcOutsideTheSnapshotIsNotEvaluatedAsOutside() {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
        b.transitGateway("tgw-1")
        b.tgwAttachment("tgw-attach-hub", gateway: "tgw-1", vpc: "vpc-hub", subnets: ["subnet-hub"])
        b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1", associations: ["tgw-attach-hub", "tgw-attach-vendor"],
                        routes: ["10.7.0.0/16": "tgw-attach-vendor"])
        b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.7.0.0/16": "tgw-1"])
        var snapshot = b.build()
        snapshot.transitGatewayAttachments.append(TransitGatewayAttachment(
            scope: Scope(account: "111111111111", region: "us-east-1"), id: "tgw-attach-vendor", transitGatewayId: "tgw-1",
            resourceOwnerId: "444455556666", resourceId: "vpc-vendor"))
        snapshot = Snapshot(metadata: snapshot.metadata, scopes: snapshot.scopes, vpcs: snapshot.vpcs, subnets: snapshot.subnets,
                            routeTables: snapshot.routeTables, transitGateways: snapshot.transitGateways,
                            transitGatewayAttachments: snapshot.transitGatewayAttachments,
                            transitGatewayRouteTables: snapshot.transitGatewayRouteTables, coverage: snapshot.coverage)
        let result = RuleEngine.run(snapshot, rules: [TransitGatewayRoutesRule.self])
        #expect(result.findings.isEmpty)
        let outside = result.notEvaluated.filter { $0.resourceIds.contains("vpc-vendor") }
        #expect(outside.map(\.reason) == [.outsideSnapshot])
        #expect(outside.first?.detail
            == "the return leg of vpc-vendor through tgw-1 cannot be checked: account 444455556666 is outside the snapshot")
    }
}

extension TransitGatewayRoutesTests {
    /// Two VPC routes to the gateway: the blackholed range is sent by the more specific one, and
    /// only that one is flagged.
    @Test func theBlackholeIsChargedToTheRouteThatWins() {
        var b = ExampleSnapshot()
        b.vpc("vpc-a", "10.1.0.0/16")
        b.subnet("subnet-a", vpc: "vpc-a", "10.1.1.0/24")
        b.transitGateway("tgw-1")
        b.tgwAttachment("tgw-attach-a", gateway: "tgw-1", vpc: "vpc-a", subnets: ["subnet-a"])
        b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1", associations: ["tgw-attach-a"], routes: ["10.9.0.0/16": "blackhole"])
        b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.0.0.0/8": "tgw-1", "10.9.0.0/16": "tgw-1"])
        let result = RuleEngine.run(b.build(), rules: [TransitGatewayRoutesRule.self])
        #expect(result.findings.map(\.caseId) == ["route-to-blackhole"])
        #expect(result.findings.first?.evidence.first == "rtb-a in vpc-a: 10.9.0.0/16 → tgw-1 (active)")
    }
}
