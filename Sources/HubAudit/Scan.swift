import Foundation
import HubCollectors
import HubModel
import HubPaths
import HubPolicy
import HubReport
import HubRules

/// `hubaudit scan`: snapshot store → rule engine → waivers and gate → reports, and the exit code.
/// The executable only parses arguments and calls this; tests call it directly.
public struct ScanRequest: Sendable {
    public var snapshotPath: String
    public var policyPath: String?
    /// A separate waivers file, added to the policy's waivers.
    public var waiversPath: String?
    /// The previous run's JSON report: findings are marked new or unchanged, resolved ones listed.
    public var baselinePath: String?
    public var jsonPath: String?
    public var markdownPath: String?
    public var sarifPath: String?
    public var junitPath: String?
    public var failOn: Severity?
    /// The day waivers are judged on (YYYY-MM-DD); default: today (UTC).
    public var asOf: String?
    /// How reports name the snapshot; defaults to the path as given.
    public var snapshotLabel: String?

    public init(snapshotPath: String, policyPath: String? = nil, waiversPath: String? = nil, baselinePath: String? = nil,
                jsonPath: String? = nil, markdownPath: String? = nil, sarifPath: String? = nil, junitPath: String? = nil,
                failOn: Severity? = nil, asOf: String? = nil, snapshotLabel: String? = nil) {
        self.sarifPath = sarifPath
        self.junitPath = junitPath
        self.snapshotPath = snapshotPath
        self.policyPath = policyPath
        self.waiversPath = waiversPath
        self.baselinePath = baselinePath
        self.jsonPath = jsonPath
        self.markdownPath = markdownPath
        self.failOn = failOn
        self.asOf = asOf
        self.snapshotLabel = snapshotLabel
    }
}

public struct ScanOutcome: Sendable {
    public var exitCode: Int32
    public var verdict: Verdict?
    public var json: String?
    public var markdown: String?
    /// A human summary for stdout (empty when a report goes to stdout).
    public var summary: String
    /// Problems for stderr, compiler-style (`file:line: message`).
    public var diagnostics: [String]
}

public enum Scan {
    public static func run(_ request: ScanRequest) -> ScanOutcome {
        do {
            return try scan(request)
        } catch {
            return ScanOutcome(exitCode: 2, summary: "", diagnostics: ["error: \(terminal: error)"])
        }
    }

    private static func scan(_ request: ScanRequest) throws -> ScanOutcome {
        var policy = try request.policyPath.map(PolicyLoader.load(path:)) ?? .builtIn
        if let path = request.waiversPath { policy.waivers += try PolicyLoader.loadWaivers(path: path) }
        if let day = request.asOf, !isISODate(day) { throw ScanFailure(description: "--as-of takes a date YYYY-MM-DD, not '\(day)'") }
        let baseline = try request.baselinePath.map(BaselineReport.load(path:))
        var snapshot = try SnapshotReader.read(request.snapshotPath)
        // The policy's names for accounts win over the manifest's: reports use one vocabulary.
        for account in policy.intent.accounts { if let name = account.name { snapshot.metadata.accountNames[account.id] = name } }

        let result = RuleEngine.run(snapshot, configurations: policy.rules, intent: policy.intent)
        let asOf = request.asOf ?? utcToday()
        let waivers = WaiverOutcome.apply(policy.waivers, to: result.findings, asOf: asOf)
        let accepted = acceptedGaps(result.notEvaluated, snapshot: snapshot, policy: policy)
        let verdict = Verdict.decide(findings: result.findings, notEvaluated: result.notEvaluated.filter { accepted[$0] == nil },
                                     problems: snapshot.problems, threshold: request.failOn ?? policy.failOn,
                                     waived: Set(waivers.waived.keys), expiredWaivers: waivers.expired.count,
                                     acceptedGaps: accepted.count, skippedFiles: snapshot.metadata.skippedFiles.count,
                                     rulesRun: result.rulesRun)
        let input = ReportInput(
            snapshot: snapshot, snapshotLabel: request.snapshotLabel ?? request.snapshotPath, result: result, policy: policy,
            verdict: verdict,
            waived: waivers.waived.mapValues { WaiverNote(id: $0.id, reason: $0.reason, owner: $0.owner, expires: $0.expires) },
            baseline: baseline.map { BaselineComparison(baseline: $0, current: result.findings.map(\.fingerprint)) },
            waiverReview: policy.waivers.isEmpty ? nil : WaiverReview(asOf: asOf, outcome: waivers),
            acceptedGaps: accepted, reachability: reachabilitySection(snapshot, policy: policy))
        // The formats are independent: rendered side by side. JSON and Markdown always (the outcome
        // carries them), SARIF and JUnit when asked for.
        var kinds: [ReportKind] = [.json, .markdown]
        if request.sarifPath != nil { kinds.append(.sarif) }
        if request.junitPath != nil { kinds.append(.junit) }
        let texts = Dictionary(uniqueKeysWithValues: zip(kinds, kinds.concurrentMap { $0.render(input) }))
        let json = texts[.json]!, markdown = texts[.markdown]!
        // File names, waiver ids and origins come from the snapshot and the policy: escaped for the terminal.
        var diagnostics = snapshot.problems.map { "error: \(terminal: $0)" }
        diagnostics += waivers.expired.map { "warning: \(terminal: $0.waiver.origin): waiver \(terminal: $0.waiver.id) expired on \(terminal: $0.waiver.expires)" }
        diagnostics += waivers.stale.map { "warning: \(terminal: $0.origin): waiver \(terminal: $0.id) matches no finding" }
        if result.rulesRun.isEmpty { diagnostics.append("warning: \(terminal: policy.source): every rule is disabled: nothing was audited (exit 2)") }
        if let path = request.jsonPath, path != "-" { try write(json, to: path) }
        if let path = request.markdownPath, path != "-" { try write(markdown, to: path) }
        if let path = request.sarifPath, let text = texts[.sarif] { try write(text, to: path) }
        if let path = request.junitPath, let text = texts[.junit] { try write(text, to: path) }
        let toStdout = request.jsonPath == "-" || request.markdownPath == "-"
        let outcome = ScanOutcome(exitCode: verdict.exitCode, verdict: verdict, json: json, markdown: markdown,
                                  summary: toStdout ? "" : summary(input), diagnostics: diagnostics)
        releaseInBackground(consume snapshot, consume input)
        return outcome
    }

    /// Freeing a large snapshot (millions of values: 0.16 s for 1,000 accounts) is work nobody waits
    /// for: the last references go to a background thread, and the command exits meanwhile.
    private static func releaseInBackground(_ snapshot: consuming Snapshot, _ input: consuming ReportInput) {
        let values = Garbage(snapshot: snapshot, input: input)
        DispatchQueue.global(qos: .background).async { _ = values }
    }

    private struct Garbage: Sendable {
        let snapshot: Snapshot
        let input: ReportInput
    }

    private enum ReportKind: Sendable {
        case json, markdown, sarif, junit

        func render(_ input: ReportInput) -> String {
            switch self {
            case .json: return JSONReport.render(input)
            case .markdown: return MarkdownReport.render(input)
            case .sarif: return SARIFReport.render(input)
            case .junit: return JUnitReport.render(input)
            }
        }
    }

    /// The reports' reachability section, when the policy declares intents and rule
    /// `reachability-intent` is enabled (its ephemeral-port parameters apply).
    static func reachabilitySection(_ snapshot: Snapshot, policy: Policy) -> ReachabilityReport? {
        let configuration = policy.configuration(ReachabilityIntentRule.description.id)
        guard configuration.enabled else { return nil }
        let parameters = ParameterValues(specs: ReachabilityIntentRule.description.parameters, overrides: configuration.parameters)
        return ReachabilityReport.build(snapshot: snapshot, organization: policy.intent,
                                        options: PathOptions(ephemeralPorts: ReachabilityIntentRule.ephemeralPorts(parameters)))
    }

    /// The missing-input entries every one of whose gaps the policy accepts, with its reasons.
    static func acceptedGaps(_ entries: [NotEvaluated], snapshot: Snapshot, policy: Policy) -> [NotEvaluated: String] {
        var accepted: [NotEvaluated: String] = [:]
        for entry in entries where entry.reason == .missingInput {
            guard let rule = RuleRegistry.rule(id: entry.ruleId) else { continue }
            // The calls the entry names (a prefix list's entries), else the scope's gaps among the rule's inputs.
            let gaps = entry.inputs.isEmpty
                ? snapshot.coverage.gaps(in: entry.scope, needed: rule.description.scopeInputs).map(\.0) : entry.inputs
            guard !gaps.isEmpty else { continue }
            let reasons = gaps.compactMap { action in policy.acceptedGaps.first { $0.covers(entry.scope, action) }?.reason }
            if reasons.count == gaps.count { accepted[entry] = Array(Set(reasons)).sorted().joined(separator: "; ") }
        }
        return accepted
    }

    /// Writes a report: atomically (a temporary file renamed into place) for a regular file, so a
    /// reader never sees half a report; in place for anything else (`/dev/null`, a pipe), which a
    /// rename would replace with a file.
    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
            if let type, type != .typeRegular, type != .typeSymbolicLink {
                guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission) }
                defer { try? handle.close() }
                try handle.write(contentsOf: Data(text.utf8))
                return
            }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw ScanFailure(description: "\(path): cannot write the report (\(error.localizedDescription))")
        }
    }

    /// One line per finding, most severe first, then the verdict: what a terminal user reads. Every
    /// value is escaped for the terminal (`TerminalText`): a message with a newline, carriage return or
    /// escape sequence can neither add a line ("PASS: …") nor hide or recolour the verdict.
    static func summary(_ input: ReportInput) -> String {
        var lines = input.result.findings.map { finding in
            var line = "\(finding.severity.description.uppercased()) \(terminal: finding.ruleId)/\(terminal: finding.caseId) \(terminal: finding.scope): \(terminal: finding.message)"
            if let waiver = input.waiver(for: finding) { line += " [waived: \(terminal: waiver.id) until \(terminal: waiver.expires)]" }
            if input.changes[finding.fingerprint] == .new { line += " [new]" }
            return line
        }
        for entry in input.result.notEvaluated where entry.reason == .missingInput {
            let accepted = input.acceptedGaps[entry].map { " [accepted: \(terminal: $0)]" } ?? ""
            lines.append("NOT EVALUATED \(terminal: entry.ruleId) \(terminal: entry.scope): \(terminal: entry.detail)\(accepted)")
        }
        if let baseline = input.baseline {
            lines.append("CHANGES since \(terminal: baseline.baseline.takenAt ?? baseline.baseline.path): \(baseline.new.count) new, \(baseline.resolved.count) resolved, \(baseline.unchanged.count) unchanged")
        }
        lines.append("\(input.verdict.status.rawValue.uppercased()): " + input.verdict.reasons.map(TerminalText.escape).joined(separator: "; "))
        return lines.joined(separator: "\n")
    }
}

struct ScanFailure: Error, CustomStringConvertible {
    var description: String
}
