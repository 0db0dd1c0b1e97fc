import HubModel

/// How the policy configures one rule.
public struct RuleConfiguration: Sendable {
    public var enabled: Bool
    /// Case id → severity, for cases the policy re-levels.
    public var severities: [String: Severity]
    public var parameters: [String: ParameterValue]

    public init(enabled: Bool = true, severities: [String: Severity] = [:], parameters: [String: ParameterValue] = [:]) {
        self.enabled = enabled
        self.severities = severities
        self.parameters = parameters
    }
}

/// The outcome of running the rules on a snapshot, sorted for byte-identical reports.
public struct AuditResult: Sendable {
    public var findings: [Finding]
    public var notEvaluated: [NotEvaluated]
    /// The ids of the rules that ran (enabled), in registry order.
    public var rulesRun: [String]
    public var rulesDisabled: [String]
}

public enum RuleEngine {
    /// Runs every enabled rule. Where a rule's inputs are incomplete for an account and region it
    /// is not run there, and a "not evaluated" entry says which inputs were missing and why.
    public static func run(_ snapshot: Snapshot, configurations: [String: RuleConfiguration] = [:],
                           intent: NetworkIntent = NetworkIntent(), rules: [any Rule.Type] = RuleRegistry.all) -> AuditResult {
        var jobs: [RuleJob] = []
        var disabled: [String] = []
        for rule in rules {
            let configuration = configurations[rule.description.id] ?? RuleConfiguration()
            if configuration.enabled { jobs.append(RuleJob(rule: rule, configuration: configuration)) }
            else { disabled.append(rule.description.id) }
        }
        // Rules only read the snapshot: they run side by side, and their results are sorted below.
        let outputs: [RuleResults] = jobs.concurrentMap { job in
            evaluate(job.rule, snapshot: snapshot, configuration: job.configuration, intent: intent)
        }
        var findings: [Finding] = []
        var notEvaluated: [NotEvaluated] = []
        for output in outputs {
            findings += output.findings
            notEvaluated += output.notEvaluated
        }
        findings.sort { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            return (a.ruleId, a.scope, a.fingerprint) < (b.ruleId, b.scope, b.fingerprint)
        }
        notEvaluated = Array(Set(notEvaluated)).sorted {
            ($0.ruleId, $0.scope, $0.resourceIds.joined(separator: ","), $0.detail) < ($1.ruleId, $1.scope, $1.resourceIds.joined(separator: ","), $1.detail)
        }
        return AuditResult(findings: findings, notEvaluated: notEvaluated, rulesRun: jobs.map { $0.rule.description.id },
                           rulesDisabled: disabled)
    }

    private struct RuleJob: Sendable {
        let rule: any Rule.Type
        let configuration: RuleConfiguration
    }

    private struct RuleResults: Sendable {
        var findings: [Finding] = []
        var notEvaluated: [NotEvaluated] = []
    }

    /// One rule over the scopes whose inputs it has; the others are "not evaluated".
    private static func evaluate(_ ruleType: any Rule.Type, snapshot: Snapshot, configuration: RuleConfiguration,
                                 intent: NetworkIntent) -> RuleResults {
        var findings: [Finding] = []
        var notEvaluated: [NotEvaluated] = []
        let description = ruleType.description
        var evaluable = Set<Scope>()
        for scope in snapshot.scopes {
            let gaps = snapshot.coverage.gaps(in: scope, needed: description.scopeInputs)
            if gaps.isEmpty {
                evaluable.insert(scope)
            } else {
                let detail = gaps.map { "\($0.0.rawValue) \($0.1.summary)" }.joined(separator: "; ")
                notEvaluated.append(NotEvaluated(ruleId: description.id, scope: scope, reason: .missingInput, detail: detail,
                                                 inputs: gaps.map(\.0)))
            }
        }
        let context = RuleContext(snapshot: snapshot,
                                  parameters: ParameterValues(specs: description.parameters, overrides: configuration.parameters),
                                  intent: intent, evaluable: evaluable)
        var output = RuleOutput(ruleId: description.id)
        ruleType.init().evaluate(context, into: &output)
        notEvaluated += output.notEvaluated
        for draft in output.findings {
            guard let ruleCase = description.ruleCase(draft.caseId) else {
                preconditionFailure("\(description.id) raised undeclared case \(draft.caseId)")
            }
            let severity = draft.severity ?? (configuration.severities[draft.caseId] ?? ruleCase.severity).lowered(by: draft.lowered)
            findings.append(Finding(
                ruleId: description.id, caseId: draft.caseId, severity: severity, scope: draft.scope,
                resourceIds: draft.resourceIds, message: draft.message, evidence: draft.evidence,
                remediation: ruleCase.remediation,
                fingerprint: Fingerprint.of([description.id, draft.caseId, draft.scope.description, draft.key])))
        }
        return RuleResults(findings: findings, notEvaluated: notEvaluated)
    }
}

/// A finding's identity: FNV-1a (64 bit) over its stable parts. Not a security hash — it only
/// has to be the same from run to run and distinct across the findings of an organisation.
public enum Fingerprint {
    public static func of(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
