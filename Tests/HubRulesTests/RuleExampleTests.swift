import Foundation
import HubModel
import Testing
@testable import HubRules

/// Every rule's own examples, as declared in its description (the same ones `hubaudit rules` lists).
struct RuleExampleTests {
    static let triggering = RuleRegistry.all.flatMap { rule in rule.description.triggeringExamples.map { (rule.description.id, $0) } }
    static let nonTriggering = RuleRegistry.all.flatMap { rule in rule.description.nonTriggeringExamples.map { (rule.description.id, $0) } }

    static func run(_ ruleId: String, _ example: RuleExample) -> AuditResult {
        let rule = RuleRegistry.rule(id: ruleId)!
        return RuleEngine.run(example.snapshot(), configurations: [ruleId: RuleConfiguration(parameters: example.parameters)],
                              intent: example.intent, rules: [rule])
    }

    @Test(arguments: triggering)
    func triggeringExampleFlagsItsResources(ruleId: String, example: RuleExample) {
        let result = Self.run(ruleId, example)
        #expect(!result.findings.isEmpty, "\(ruleId): '\(example.name)' flagged nothing")
        let flagged = Set(result.findings.flatMap(\.resourceIds))
        for id in example.flags {
            #expect(flagged.contains(id), "\(ruleId): '\(example.name)' did not flag \(id); findings: \(result.findings.map(\.message))")
        }
        let declared = Set(RuleRegistry.rule(id: ruleId)!.description.cases.map(\.id))
        for finding in result.findings {
            #expect(declared.contains(finding.caseId), "\(ruleId) flagged \(finding.caseId), which its description does not list")
            #expect(!finding.evidence.isEmpty, "\(ruleId): finding without evidence: \(finding.message)")
            #expect(!finding.remediation.isEmpty)
        }
        #expect(result.notEvaluated.isEmpty, "\(ruleId): '\(example.name)': \(result.notEvaluated.map(\.detail))")
    }

    @Test(arguments: nonTriggering)
    func nonTriggeringExampleFlagsNothing(ruleId: String, example: RuleExample) {
        let result = Self.run(ruleId, example)
        #expect(result.findings.isEmpty, "\(ruleId): '\(example.name)' flagged \(result.findings.map(\.message))")
        #expect(result.notEvaluated.isEmpty, "\(ruleId): '\(example.name)': \(result.notEvaluated.map(\.detail))")
    }

    @Test func identifiersAreUnique() {
        let ids = RuleRegistry.all.map { $0.description.id }
        #expect(Set(ids).count == ids.count)
        for rule in RuleRegistry.all {
            let cases = rule.description.cases.map(\.id)
            #expect(Set(cases).count == cases.count, "\(rule.description.id) declares a case id twice")
        }
    }

    /// The description documents exactly the parameters the rule decodes (same names, kinds and
    /// defaults), so the policy loader checks what the rule reads.
    @Test(arguments: RuleRegistry.all.map { $0.description.id })
    func describedParametersAreTheDecodedOnes(ruleId: String) {
        func specs<R: Rule>(_ rule: R.Type) -> [ParameterSpec] { R.Parameters.specs }
        let rule = RuleRegistry.rule(id: ruleId)!
        let decoded = specs(rule).map { "\($0.name) \($0.kind) \($0.defaultValue)" }
        #expect(rule.description.parameters.map { "\($0.name) \($0.kind) \($0.defaultValue)" } == decoded)
    }

    /// A policy value is decoded into the rule's typed parameters; without one, the default.
    @Test func policyParameterReachesTheRule() {
        let decoded = PeeringRoutesRule.Parameters(ParameterValues(specs: PeeringRoutesRule.Parameters.specs,
                                                                   overrides: ["max_paths_in_evidence": .int(3)]))
        #expect(decoded.maxPathsInEvidence == 3)
        #expect(PeeringRoutesRule.Parameters(ParameterValues(specs: PeeringRoutesRule.Parameters.specs)).maxPathsInEvidence == 20)
    }

    /// The Markdown topology marks peerings by a property the rule declares, not by a rule id
    /// written into the report writer.
    @Test func onlyRoutingRulesMarkPeeringsOnTheTopology() {
        let marking = RuleRegistry.all.filter { $0.description.marksPeeringsOnTopology }.map { $0.description.id }
        #expect(marking == [PeeringRoutesRule.description.id])
    }

    @Test(arguments: RuleRegistry.all.map { $0.description.id })
    func ruleDescriptionIsComplete(ruleId: String) {
        let description = RuleRegistry.rule(id: ruleId)!.description
        #expect(description.triggeringExamples.count > 0)
        #expect(description.nonTriggeringExamples.count > 0)
        #expect(description.inputs.count > 0)
        #expect(description.references.count > 0)
        #expect(description.cases.count > 0)
        let unnamed = description.triggeringExamples.filter { $0.flags.isEmpty }.map(\.name)
        #expect(unnamed == [], "triggering examples must name what they flag")
    }

    /// Registration is one explicit list: a rule file left out of it would never run.
    @Test func everyRuleFileIsRegistered() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let rulesFolder = root.appendingPathComponent("Sources/HubRules/Rules")
        let files = try FileManager.default.subpathsOfDirectory(atPath: rulesFolder.path).filter { $0.hasSuffix("Rule.swift") }
        let registered = Set(RuleRegistry.all.map { String(describing: $0) })
        #expect(files.count == registered.count)
        for file in files {
            let typeName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            #expect(registered.contains(typeName), "\(file) is not in RuleRegistry.all")
        }
    }
}

