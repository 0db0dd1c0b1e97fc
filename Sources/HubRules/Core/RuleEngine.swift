import HubModel
import HubPaths

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
    /// The reachability model and judged intents, when a rule built them: the reports reuse them
    /// rather than build and judge again.
    public var reachability: SharedReachabilityModel?

    public init(findings: [Finding], notEvaluated: [NotEvaluated], rulesRun: [String], rulesDisabled: [String],
                reachability: SharedReachabilityModel? = nil) {
        self.findings = findings
        self.notEvaluated = notEvaluated
        self.rulesRun = rulesRun
        self.rulesDisabled = rulesDisabled
        self.reachability = reachability
    }
}

public enum RuleEngine {
    /// Runs every enabled rule. Where a rule's inputs are incomplete for an account and region it
    /// is not run there, and a "not evaluated" entry says which inputs were missing and why.
    public static func run(_ snapshot: Snapshot, configurations: [String: RuleConfiguration] = [:],
                           intent: NetworkIntent = NetworkIntent(), rules: [any Rule.Type] = RuleRegistry.all) -> AuditResult {
        var run = RuleRun(configurations: configurations, intent: intent, rules: rules)
        run.evaluate(snapshot) { _ in true }
        return run.finished()
    }
}

/// The enabled rules of one audit, run over a snapshot whole or in parts, their results gathered
/// until `finished`. A scan that reads scopes in batches runs the `.scopeResources` rules on each
/// batch as it decodes (judging that batch's scopes) and the others once on the shared facts; the
/// findings, cross-references and order are those of one run over the whole snapshot.
public struct RuleRun: Sendable {
    private let jobs: [RuleJob]
    private let disabled: [String]
    private let intent: NetworkIntent
    private var raised: [RaisedFinding] = []
    private var notEvaluated: [NotEvaluated] = []
    private var reachability: SharedReachabilityModel?

    public init(configurations: [String: RuleConfiguration] = [:], intent: NetworkIntent = NetworkIntent(),
                rules: [any Rule.Type] = RuleRegistry.all) {
        var jobs: [RuleJob] = []
        var disabled: [String] = []
        for rule in rules {
            let configuration = configurations[rule.description.id] ?? RuleConfiguration()
            if configuration.enabled { jobs.append(RuleJob(rule: rule, configuration: configuration)) }
            else { disabled.append(rule.description.id) }
        }
        self.jobs = jobs
        self.disabled = disabled
        self.intent = intent
    }

    /// Whether some enabled rule reads, under this intent, more than a batch of scopes and the shared
    /// facts give it: then the snapshot must be read whole.
    public var needsWholeSnapshot: Bool {
        jobs.contains { $0.rule.description.needs.needsWholeSnapshot(under: intent) }
    }

    /// Runs the enabled rules whose need `selected` accepts over `snapshot`, judging `scopes` (all
    /// of the snapshot's when nil): each scope is judged by each rule in exactly one call.
    /// A rule is never run on less of the snapshot than it needs (a programming error, not an input's).
    public mutating func evaluate(_ snapshot: Snapshot, scopes: [Scope]? = nil, selected: (SnapshotNeed) -> Bool) {
        let chosen = jobs.filter { selected($0.rule.description.needs) }
        for job in chosen {
            let need = job.rule.description.needs
            switch snapshot.part {
            case .whole: break
            case .batch: precondition(need == .scopeResources, "\(job.rule.description.id) needs more than a batch of scopes")
            case .sharedFacts: precondition(need != .scopeResources && !need.needsWholeSnapshot(under: intent),
                                            "\(job.rule.description.id) needs scope resources the shared facts do not keep")
            case .factsAlone: precondition(need == .sharedFacts, "\(job.rule.description.id) needs more than the shared facts")
            }
        }
        // Rules only read the snapshot: they run side by side, and their results are sorted in `finished`.
        let shared = SharedReachabilityModel(snapshot)
        let judged = scopes ?? snapshot.scopes
        let intent = intent
        let outputs: [RuleResults] = chosen.concurrentMap { job in
            Self.evaluate(job.rule, snapshot: snapshot, scopes: judged, configuration: job.configuration, intent: intent,
                          reachability: shared)
        }
        for output in outputs {
            raised += output.findings
            notEvaluated += output.notEvaluated
        }
        if shared.modelIfBuilt != nil { reachability = shared }
    }

    /// Takes in what another run of the same rules gathered (the rules run on the shared facts
    /// alone, on another thread, while the batches decode).
    public mutating func absorb(_ other: RuleRun) {
        raised += other.raised
        notEvaluated += other.notEvaluated
        reachability = reachability ?? other.reachability
    }

    /// Every result gathered: findings cross-referenced and sorted for byte-identical reports.
    /// Consuming: the findings are moved out of the run, not copied beside it.
    public consuming func finished() -> AuditResult {
        var findings = Self.crossReferenced(&raised)
        findings.sort(by: Finding.precedesInReports)
        let notEvaluated = Array(Set(notEvaluated)).sorted {
            ($0.ruleId, $0.scope, $0.resourceIds.joined(separator: ","), $0.detail) < ($1.ruleId, $1.scope, $1.resourceIds.joined(separator: ","), $1.detail)
        }
        return AuditResult(findings: findings, notEvaluated: notEvaluated, rulesRun: jobs.map { $0.rule.description.id },
                           rulesDisabled: disabled, reachability: reachability)
    }

    private struct RuleJob: Sendable {
        let rule: any Rule.Type
        let configuration: RuleConfiguration
    }

    /// A finding with what it is about, kept until the findings of every rule are in.
    private struct RaisedFinding: Sendable {
        var finding: Finding
        var subjects: [FindingSubject]
    }

    private struct RuleResults: Sendable {
        var findings: [RaisedFinding] = []
        var notEvaluated: [NotEvaluated] = []
    }

    /// After every rule ran: findings of different rules about the same subject (one route, the
    /// address space two VPCs share) each name the others in a last evidence line, so a reviewer
    /// fixing one sees the other. One place, keyed by subject: rules do not know each other.
    private static func crossReferenced(_ raised: inout [RaisedFinding]) -> [Finding] {
        var bySubject: [FindingSubject: [Int]] = [:]
        for (index, entry) in raised.enumerated() {
            for subject in Set(entry.subjects) { bySubject[subject, default: []].append(index) }
        }
        var findings = raised.map(\.finding)
        let subjects = raised.map(\.subjects)
        raised = []
        for index in findings.indices where !subjects[index].isEmpty {
            let ruleId = findings[index].ruleId
            let related = Set(subjects[index].flatMap { bySubject[$0] ?? [] }).map { findings[$0] }.filter { $0.ruleId != ruleId }
            let lines = related.sorted { ($0.ruleId, $0.caseId, $0.fingerprint) < ($1.ruleId, $1.caseId, $1.fingerprint) }
                .map { "see also \($0.ruleId)/\($0.caseId) (fingerprint \($0.fingerprint))" }
            // Only where there is a line to add: setting the evidence packs the finding's texts anew.
            if !lines.isEmpty { findings[index].evidence += lines }
        }
        return findings
    }

    /// The rule with its parameters decoded once into its own typed `Parameters`.
    private static func instantiate<R: Rule>(_ type: R.Type, _ values: ParameterValues) -> any Rule {
        R(parameters: R.Parameters(values))
    }

    /// One rule over the scopes whose inputs it has; the others are "not evaluated".
    private static func evaluate(_ ruleType: any Rule.Type, snapshot: Snapshot, scopes: [Scope], configuration: RuleConfiguration,
                                 intent: NetworkIntent, reachability: SharedReachabilityModel) -> RuleResults {
        var findings: [RaisedFinding] = []
        var notEvaluated: [NotEvaluated] = []
        let description = ruleType.description
        var evaluable = Set<Scope>()
        for scope in scopes {
            let gaps = snapshot.coverage.gaps(in: scope, needed: description.scopeInputs)
            if gaps.isEmpty {
                evaluable.insert(scope)
            } else {
                let detail = gaps.map { "\($0.0.rawValue) \($0.1.summary)" }.joined(separator: "; ")
                notEvaluated.append(NotEvaluated(ruleId: description.id, scope: scope, reason: .missingInput, detail: detail,
                                                 inputs: gaps.map(\.0)))
            }
        }
        let context = RuleContext(snapshot: snapshot, intent: intent, evaluable: evaluable, reachability: reachability)
        let parameters = ParameterValues(specs: description.parameters, overrides: configuration.parameters)
        var output = RuleOutput(ruleId: description.id)
        let rule: any Rule = instantiate(ruleType, parameters)
        rule.evaluate(context, into: &output)
        notEvaluated += output.notEvaluated
        for draft in output.findings {
            let ruleCase = draft.ruleCase
            let severity = draft.severity ?? (configuration.severities[ruleCase.id] ?? ruleCase.severity).lowered(by: draft.lowered)
            let finding = Finding(
                ruleId: description.id, caseId: ruleCase.id, severity: severity, scope: draft.scope,
                resourceIds: draft.resourceIds, message: draft.message, evidence: draft.evidence,
                caseRemediation: ruleCase.remediation, fix: draft.fix,
                fixCommands: draft.fixCommands,
                fingerprint: Fingerprint.of([description.id, ruleCase.id, draft.scope.description, draft.key]))
            findings.append(RaisedFinding(finding: finding, subjects: draft.subjects))
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
