import HubPolicy
import HubRules

/// `hubaudit rules`: every rule as its description declares it — the same text the tests run.
public enum RulesListing {
    public static func render() -> String {
        var out: [String] = []
        for rule in RuleRegistry.all {
            let d = rule.description
            out.append("\(d.id) — \(d.title) [\(d.category), up to \(d.defaultSeverity)]")
            out.append("  \(d.rationale)")
            out.append("  needs: " + d.inputs.filter { !$0.isCrossCheck }.map(\.rawValue).joined(separator: ", "))
            let crossChecks = d.inputs.filter(\.isCrossCheck)
            if !crossChecks.isEmpty {
                out.append("  compares with, where collected (never needed): " + crossChecks.map(\.rawValue).joined(separator: ", "))
            }
            out.append("  cases:")
            for ruleCase in d.cases { out.append("    \(ruleCase.id) (\(ruleCase.severity)): \(ruleCase.summary)") }
            if !d.parameters.isEmpty {
                out.append("  parameters:")
                for parameter in d.parameters {
                    out.append("    \(parameter.name) (\(parameter.kind.rawValue), default \(parameter.defaultValue)): \(parameter.summary)")
                }
            }
            out.append("  flags:")
            for example in d.triggeringExamples { out.append("    + \(example.name)") }
            out.append("  does not flag:")
            for example in d.nonTriggeringExamples { out.append("    - \(example.name)") }
            out.append("  controls: " + (d.controls.isEmpty ? "none" : d.controls.map(\.label).joined(separator: ", ")))
            out.append("  references: " + d.references.joined(separator: "; "))
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    public static func policyTemplate() -> String { PolicyTemplate.render() }
}
