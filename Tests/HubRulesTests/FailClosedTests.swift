import HubModel
import Testing
@testable import HubRules

/// A compliance tool must never pass what it did not see.
struct FailClosedTests {
    /// A VPC without flow logs, in an account whose DescribeFlowLogs failed: no finding can be
    /// made either way, so the rule reports "not evaluated" there — and still judges the others.
    @Test func aFailedInputGivesNotEvaluatedForThatScopeOnly() {
        var b = ExampleSnapshot()
        b.vpc("vpc-seen", "10.0.0.0/16")
        b.vpc("vpc-unseen", "10.1.0.0/16", account: "222222222222")
        b.withoutCollection(.describeFlowLogs, account: "222222222222",
                            status: .failed(code: "UnauthorizedOperation", message: "not allowed"))
        let result = RuleEngine.run(b.build(), rules: [FlowLogsRule.self])
        #expect(result.findings.map(\.resourceIds.first) == ["vpc-seen"])
        #expect(result.notEvaluated.count == 1)
        let entry = result.notEvaluated.first
        #expect(entry?.scope.account == "222222222222")
        #expect(entry?.reason == .missingInput)
        #expect(entry?.detail == "DescribeFlowLogs failed: UnauthorizedOperation (not allowed)")
    }

    @Test func aMissingInputOnThePeerSideStopsTheReturnRouteCheck() {
        var b = ExampleSnapshot()
        b.vpc("vpc-a", "10.0.0.0/16")
        b.vpc("vpc-b", "10.1.0.0/16", account: "222222222222")
        b.subnet("subnet-a", vpc: "vpc-a", "10.0.1.0/24")
        b.subnet("subnet-b", vpc: "vpc-b", "10.1.1.0/24")
        b.peering("pcx-1", "vpc-a", "vpc-b")
        b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.1.0.0/16": "pcx-1"])
        b.routeTable("rtb-b", vpc: "vpc-b", main: true)
        b.withoutCollection(.describeRouteTables, account: "222222222222")
        let result = RuleEngine.run(b.build(), rules: [PeeringRoutesRule.self])
        #expect(result.findings.isEmpty)
        let details = result.notEvaluated.map(\.detail)
        #expect(details.contains("DescribeRouteTables missing"))
        #expect(details.contains("return routes of vpc-b cannot be checked: its account and region lack inputs"))
    }

    @Test func aPeerOutsideTheSnapshotIsSaidSoAndItsBlocksStillBoundTheRoute() {
        var b = ExampleSnapshot()
        b.vpc("vpc-a", "10.0.0.0/16")
        b.subnet("subnet-a", vpc: "vpc-a", "10.0.1.0/24")
        b.peering("pcx-vendor", "vpc-a", "vpc-vendor", peerAccount: "444455556666", peerBlocks: ["192.168.0.0/16"])
        b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["192.168.0.0/16": "pcx-vendor", "172.16.0.0/12": "pcx-vendor"])
        let result = RuleEngine.run(b.build(), rules: [PeeringRoutesRule.self])
        #expect(result.findings.map(\.caseId) == ["route-beyond-peer"])
        #expect(result.findings.first?.message.contains("172.16.0.0/12") == true)
        #expect(result.notEvaluated.allSatisfy { $0.reason == .outsideSnapshot })
        #expect(result.notEvaluated.map(\.detail) == ["return routes of vpc-vendor in account 444455556666 (outside the snapshot) cannot be checked"])
    }

    @Test func aPrefixListWithoutEntriesIsNotEvaluatedRatherThanPassed() {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        b.prefixList("pl-unknown", vpcScopeOf: "vpc-1", name: "shared", entries: nil)
        b.securityGroup("sg-1", vpc: "vpc-1", ingress: [.tcp(22, from: "pl-unknown")])
        let result = RuleEngine.run(b.build(), rules: [BroadIngressRule.self])
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.map(\.resourceIds) == [["sg-1", "pl-unknown"]])
    }

    @Test func severitiesComeFromThePolicyAndDisabledRulesDoNotRun() {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        b.securityGroup("sg-1", vpc: "vpc-1", ingress: [.tcp(22, from: "0.0.0.0/0")])
        b.securityGroup("sg-2", vpc: "vpc-1", ingress: [.tcp(22, from: "0.0.0.0/0")], inUse: false)
        let configurations = [
            "sg-broad-ingress": RuleConfiguration(severities: ["internet-sensitive-port": .critical]),
            "vpc-flow-logs": RuleConfiguration(enabled: false),
        ]
        let result = RuleEngine.run(b.build(), configurations: configurations)
        let severities = Dictionary(uniqueKeysWithValues: result.findings.filter { $0.ruleId == "sg-broad-ingress" }
            .map { ($0.resourceIds[0], $0.severity) })
        #expect(severities["sg-1"] == .critical)
        #expect(severities["sg-2"] == .high) // unused: one level lower than configured
        #expect(result.rulesDisabled == ["vpc-flow-logs"])
        #expect(!result.findings.contains { $0.ruleId == "vpc-flow-logs" })
    }

    @Test func fingerprintsIgnoreOrderAndDifferAcrossResources() {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        b.vpc("vpc-2", "10.1.0.0/16")
        let forward = RuleEngine.run(b.build(), rules: [FlowLogsRule.self]).findings
        var c = ExampleSnapshot()
        c.vpc("vpc-2", "10.1.0.0/16")
        c.vpc("vpc-1", "10.0.0.0/16")
        let backward = RuleEngine.run(c.build(), rules: [FlowLogsRule.self]).findings
        #expect(forward.map(\.fingerprint) == backward.map(\.fingerprint))
        #expect(Set(forward.map(\.fingerprint)).count == 2)
    }

    @Test func aPrefixListRouteWithoutEntriesIsNotEvaluatedRatherThanPassed() {
        var b = ExampleSnapshot()
        b.vpc("vpc-a", "10.0.0.0/16")
        b.vpc("vpc-b", "10.1.0.0/16")
        b.prefixList("pl-shared", vpcScopeOf: "vpc-a", name: "shared", entries: nil)
        b.peering("pcx-1", "vpc-a", "vpc-b")
        b.routeTable("rtb-a", vpc: "vpc-a", main: true, prefixListRoutes: ["pl-shared": "pcx-1"])
        let result = RuleEngine.run(b.build(), rules: [PeeringRoutesRule.self])
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.map(\.resourceIds) == [["rtb-a", "pcx-1", "pl-shared"]])
    }
}

/// `vpc-flow-logs` names the real cause when subnet-level logs cover only some subnets (item 7).
struct FlowLogCoverageTests {
    @Test func partialSubnetCoverageIsNotReportedAsInactive() {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        b.subnet("subnet-a", vpc: "vpc-1", "10.0.1.0/24")
        b.subnet("subnet-b", vpc: "vpc-1", "10.0.2.0/24")
        b.subnet("subnet-c", vpc: "vpc-1", "10.0.3.0/24")
        b.flowLog("fl-a", resource: "subnet-a")
        let result = RuleEngine.run(b.build(), rules: [FlowLogsRule.self])
        #expect(result.findings.map(\.caseId) == ["partial-subnet-coverage"])
        let finding = result.findings.first
        #expect(finding?.message.contains("none is ACTIVE") == false)
        #expect(finding?.message.contains("2 of its 3 subnets") == true)
        #expect(finding?.resourceIds.contains("subnet-b") == true)
        #expect(finding?.resourceIds.contains("subnet-c") == true)
        #expect(finding?.resourceIds.contains("subnet-a") == false)
        #expect(finding?.evidence.contains("subnets without a working flow log: subnet-b, subnet-c") == true)
    }

    @Test func logsThatAreAllInactiveAreStillInactive() {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        b.subnet("subnet-a", vpc: "vpc-1", "10.0.1.0/24")
        b.flowLog("fl-a", resource: "vpc-1", status: "DELETING")
        let result = RuleEngine.run(b.build(), rules: [FlowLogsRule.self])
        #expect(result.findings.map(\.caseId) == ["inactive-flow-log"])
    }
}

/// Intent rules without intent have nothing to check: "not configured", never silently evaluated (item 8).
struct NotConfiguredTests {
    @Test(arguments: ["hub-spoke-connectivity", "isolation-breach", "peering-account-trust"])
    func anIntentRuleWithoutIntentSaysSo(ruleId: String) {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        let result = RuleEngine.run(b.build(), rules: [RuleRegistry.rule(id: ruleId)!])
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.map(\.reason) == [.notConfigured])
        #expect(result.notEvaluated.first?.scope == NotEvaluated.everywhere)
    }
}
