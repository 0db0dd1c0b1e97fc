import Foundation
import HubModel
import Testing
@testable import HubRules

/// Each rule declares what of the snapshot it reads (`RuleDescription.needs`), and a scan trusts it:
/// a `.scopeResources` rule runs on batches of scopes as they decode, a `.sharedFacts` one on the
/// shared facts alone (before the scopes' own resources are read), a `.sharedFactsAndGroupReferences`
/// one on a snapshot that kept of the scopes' own resources only `ScopeResources.sharedPart(reportedStale:)`.
/// Here every rule runs on every rule's example snapshot both ways, and must say exactly what it
/// says on the whole snapshot: a rule declared too small fails here rather than lose findings in a scan.
struct RuleLocalityTests {
    @Test(arguments: RuleRegistry.all.map { $0.description.id })
    func aRuleSaysTheSameOnThePartsItDeclares(ruleId: String) throws {
        let rule = try #require(RuleRegistry.rule(id: ruleId))
        let need = rule.description.needs
        var compared = 0
        for owner in RuleRegistry.all {
            for example in owner.description.triggeringExamples + owner.description.nonTriggeringExamples {
                let snapshot = example.snapshot()
                let configurations = owner.description.id == ruleId ? [ruleId: RuleConfiguration(parameters: example.parameters)] : [:]
                var whole = RuleRun(configurations: configurations, intent: example.intent, rules: [rule])
                whole.evaluate(snapshot) { _ in true }
                var parts = RuleRun(configurations: configurations, intent: example.intent, rules: [rule])
                switch need {
                case .scopeResources:
                    let shared = snapshot.keeping(ScopeResources(), part: .whole)
                    for scope in snapshot.scopes {
                        parts.evaluate(shared.with(snapshot.resources(in: scope), coverage: snapshot.coverage), scopes: [scope]) { _ in true }
                    }
                case .sharedFacts:
                    // Nor may it read the coverage of the scope resources: not settled when it runs.
                    var facts = snapshot.keeping(ScopeResources(), part: .factsAlone)
                    for scope in facts.scopes { for action in ScopeResources.actions { facts.coverage.set(.missing, scope: scope, action: action) } }
                    parts.evaluate(facts) { _ in true }
                case .sharedFactsAndGroupReferences, .wholeSnapshotForDeclaredPaths:
                    guard !example.intent.declaresPaths || need == .sharedFactsAndGroupReferences else { continue }
                    let kept = snapshot.resources.sharedPart(reportedStale: snapshot.groupIdsReportedStale)
                    parts.evaluate(snapshot.keeping(kept, part: .sharedFacts)) { _ in true }
                case .wholeSnapshot:
                    continue
                }
                let (expected, actual) = (whole.finished(), parts.finished())
                #expect(actual.findings == expected.findings, "\(ruleId) on '\(example.name)' (\(owner.description.id))")
                #expect(actual.notEvaluated == expected.notEvaluated, "\(ruleId) on '\(example.name)' (\(owner.description.id))")
                compared += 1
            }
        }
        if need != .wholeSnapshot { #expect(compared > 10, "\(ruleId) was compared on \(compared) examples only") }
    }

    /// A rule on the shared facts alone runs before the scope resources' coverage is settled: it may
    /// not need those calls (the engine would judge its scopes on a coverage still being counted).
    @Test(arguments: RuleRegistry.all.filter { $0.description.needs == .sharedFacts }.map { $0.description.id })
    func aRuleOnTheSharedFactsAloneNeedsNoScopeResource(ruleId: String) throws {
        let rule = try #require(RuleRegistry.rule(id: ruleId))
        #expect(Set(rule.description.inputs).isDisjoint(with: ScopeResources.actions),
                "\(ruleId) lists \(Set(rule.description.inputs).intersection(ScopeResources.actions).map(\.rawValue).sorted())")
    }

    /// The rules that read the reachability model need every resource when, and only when, the
    /// intent declares paths; the others never make a scan hold the whole snapshot.
    @Test func onlyDeclaredPathsMakeAScanHoldTheWholeSnapshot() {
        #expect(!RuleRun(intent: NetworkIntent()).needsWholeSnapshot)
        var hubs = NetworkIntent()
        hubs.hubs = [NetworkIntent.Hub(vpc: VpcSelector(vpcId: "vpc-hub"), spokes: [])]
        #expect(RuleRun(intent: hubs).needsWholeSnapshot)
        // Disabled, the rules that would read the model ask for nothing.
        let off = RuleConfiguration(enabled: false)
        #expect(!RuleRun(configurations: ["hub-spoke-connectivity": off, "isolation-breach": off, "reachability-intent": off],
                         intent: hubs).needsWholeSnapshot)
        // A rule that declares nothing gets the whole snapshot.
        #expect(RuleDescription(id: "x", title: "", category: "", rationale: "", cases: [], references: [], inputs: [],
                                triggeringExamples: [], nonTriggeringExamples: []).needs == .wholeSnapshot)
    }
}

extension Snapshot {
    /// This snapshot's shared facts with `resources` in place of its scope resources.
    func keeping(_ resources: ScopeResources, part: SnapshotPart) -> Snapshot {
        var snapshot = Snapshot(
            metadata: metadata, scopes: scopes, vpcs: vpcs, subnets: subnets, routeTables: routeTables, peerings: peerings,
            securityGroups: resources.securityGroups, flowLogs: resources.flowLogs, networkAcls: resources.networkAcls,
            endpoints: endpoints, prefixLists: prefixLists, interfaces: resources.interfaces, instances: resources.instances,
            transitGateways: transitGateways, transitGatewayAttachments: transitGatewayAttachments,
            transitGatewayRouteTables: transitGatewayRouteTables, staleGroupReports: staleGroupReports,
            coverage: coverage, problems: problems)
        snapshot.part = part
        return snapshot
    }

    var resources: ScopeResources {
        ScopeResources(securityGroups: securityGroups, networkAcls: networkAcls, interfaces: interfaces, instances: instances,
                       flowLogs: flowLogs)
    }

    func resources(in scope: Scope) -> ScopeResources {
        ScopeResources(securityGroups: securityGroups.filter { $0.scope == scope }, networkAcls: networkAcls.filter { $0.scope == scope },
                       interfaces: interfaces.filter { $0.scope == scope }, instances: instances.filter { $0.scope == scope },
                       flowLogs: flowLogs.filter { $0.scope == scope })
    }
}
