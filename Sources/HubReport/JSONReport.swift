import Foundation
import HubModel
import HubRules

/// The machine report, schema `hubaudit-report/1` (documented in README, "JSON report").
/// Keys are sorted and nothing depends on the clock, so the same input gives the same bytes.
public enum JSONReport {
    public static let schema = "hubaudit-report/1"

    public static func render(_ input: ReportInput) -> String {
        let stream = ReportStream.collecting()
        write(input, to: stream)
        return stream.text
    }

    /// The report into `stream`, a few hundred list entries at a time. JSONEncoder builds a tree of
    /// the whole document beside its output (several times the text, and the text is a hundred MB
    /// at 5,000 accounts), so the long lists are encoded in batches and spliced into the rest of the
    /// document, which is encoded whole. The bytes are those of `Document` encoded whole: the
    /// encoder indents each level by two spaces, and an element's text does not depend on how deep
    /// it sits (`StreamedReportTests` compares the two).
    public static func write(_ input: ReportInput, to stream: ReportStream) {
        write(input, to: stream, batchSize: batchSize)
    }

    static func write(_ input: ReportInput, to stream: ReportStream, batchSize: Int) {
        let encoder = makeEncoder()
        let skeleton = String(decoding: try! encoder.encode(Document(input, withLists: false)), as: UTF8.self)
        let names = input.snapshot.metadata.accountNames
        let coverage = input.snapshot.coverage
        let lists: [String: () -> Void] = [
            "findings": { writeList(input.result.findings, { FindingInfo($0, input, names: names) }, encoder, batchSize, to: stream) },
            "not_evaluated": { writeList(input.result.notEvaluated, { NotEvaluatedInfo($0, input) }, encoder, batchSize, to: stream) },
            "input_problems": { writeList(input.snapshot.problems, ProblemInfo.init, encoder, batchSize, to: stream) },
            "coverage": { writeList(coverage.scopes, { CoverageInfo($0, coverage) }, encoder, batchSize, to: stream) },
        ]
        let lines = skeleton.split(separator: "\n", omittingEmptySubsequences: false)
        var index = 0
        while index < lines.count {
            // A long list, empty in the skeleton: its key's line, an empty line, its closing bracket's line.
            if let key = topLevelKey(lines[index]), let list = lists[key], index + 2 < lines.count, lines[index + 1].isEmpty {
                stream.line(String(lines[index]))
                list()
                stream.line(String(lines[index + 2]))
                index += 3
            } else {
                stream.line(String(lines[index]))
                index += 1
            }
        }
    }

    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The key of a line that opens a member of the top-level object (indented by exactly two spaces).
    private static func topLevelKey(_ line: Substring) -> String? {
        guard line.hasPrefix("  \""), let end = line.dropFirst(3).firstIndex(of: "\"") else { return nil }
        return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
    }

    /// How many list entries are encoded at a time: an encoder call per entry costs more than the
    /// entry, a call for the whole list is what streaming avoids.
    static let batchSize = 64

    /// A long list's entries, each line indented as the list's members are, separated by commas as
    /// the encoder separates them; for an empty list the encoder's empty line.
    private static func writeList<Element, Info: Encodable>(_ elements: [Element], _ info: (Element) -> Info,
                                                            _ encoder: JSONEncoder, _ batchSize: Int, to stream: ReportStream) {
        guard !elements.isEmpty else { return stream.line("") }
        var start = 0
        while start < elements.count {
            let end = min(start + batchSize, elements.count)
            let text = try! encoder.encode(elements[start..<end].map(info))
            // "[\n", the entries indented by two, "\n]": the entries, indented by two more.
            stream.write(indented(text.dropFirst(2).dropLast(2)))
            stream.write(end < elements.count ? ",\n" : "\n")
            start = end
        }
    }

    /// `text` with two more spaces at the start of every line but the empty ones (the encoder
    /// writes the inside of an empty array as an empty line, unindented). Line by line with
    /// `memchr`: a loop byte by byte cost about 1 % of a whole scan (instruction counts).
    private static func indented(_ text: Data) -> String {
        text.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var out: [UInt8] = []
            guard let base = bytes.baseAddress else { return "" }
            out.reserveCapacity(bytes.count + bytes.count / 8)
            var start = 0
            while start < bytes.count {
                let found = memchr(base + start, 10, bytes.count - start)
                let newline = found.map { UnsafeRawPointer($0) - base } ?? bytes.count
                if newline > start {
                    out.append(32)
                    out.append(32)
                    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<newline]))
                }
                if newline < bytes.count { out.append(10) }
                start = newline + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    struct Document: Encodable {
        var schema = JSONReport.schema
        var tool = ["name": "hubaudit", "version": HubAuditVersion.current]
        var snapshot: SnapshotInfo
        var policy: PolicyInfo
        var verdict: VerdictInfo
        var summary: Summary
        var findings: [FindingInfo]
        var notEvaluated: [NotEvaluatedInfo]
        var inputProblems: [ProblemInfo]
        var coverage: [CoverageInfo]
        var changes: ChangesInfo?
        var waivers: WaiversInfo?
        /// Present when the policy declares reachability intents.
        var reachability: ReachabilityInfo?
        /// What hubaudit does not check yet (a fixed list): the scope of the audit.
        var notYetChecked = RuleRegistry.notYetChecked

        enum CodingKeys: String, CodingKey {
            case schema, tool, snapshot, policy, verdict, summary, findings, coverage, changes, waivers, reachability
            case notEvaluated = "not_evaluated", inputProblems = "input_problems", notYetChecked = "not_yet_checked"
        }

        /// Without `withLists` the long lists (findings, not evaluated, input problems, coverage) are
        /// left empty: `write` streams them.
        init(_ input: ReportInput, withLists: Bool = true) {
            let snapshot = input.snapshot
            let names = snapshot.metadata.accountNames
            self.snapshot = SnapshotInfo(
                path: input.snapshotLabel, takenAt: snapshot.metadata.takenAt, collector: snapshot.metadata.collector,
                manifest: snapshot.metadata.hasManifest,
                accounts: Dictionary(grouping: snapshot.scopes, by: \.account).keys.sorted().map { account in
                    AccountInfo(id: account, name: names[account],
                                regions: snapshot.scopes.filter { $0.account == account }.map(\.region))
                },
                skippedFiles: snapshot.metadata.skippedFiles)
            policy = PolicyInfo(source: input.policy.source, failOn: input.verdict.threshold.description,
                                rulesRun: input.result.rulesRun, rulesDisabled: input.result.rulesDisabled,
                                rulesNotConfigured: JSONReport.notConfigured(input.result))
            verdict = VerdictInfo(status: input.verdict.status.rawValue, exitCode: Int(input.verdict.exitCode),
                                  threshold: input.verdict.threshold.description, reasons: input.verdict.reasons,
                                  failing: input.verdict.failing)
            var counts: [String: Int] = [:]
            for severity in Severity.allCases {
                counts[severity.description] = input.result.findings.filter { $0.severity == severity }.count
            }
            summary = Summary(findings: input.result.findings.count, bySeverity: counts, waived: input.waived.count,
                              notEvaluated: input.result.notEvaluated.count, inputProblems: snapshot.problems.count)
            findings = withLists ? input.result.findings.map { FindingInfo($0, input, names: names) } : []
            notEvaluated = withLists ? input.result.notEvaluated.map { NotEvaluatedInfo($0, input) } : []
            changes = input.baseline.map { comparison in
                ChangesInfo(baseline: comparison.baseline.path, baselineTakenAt: comparison.baseline.takenAt,
                            new: comparison.new, unchanged: comparison.unchanged.count,
                            resolved: comparison.resolved.map {
                                ResolvedInfo(fingerprint: $0.fingerprint, rule: $0.rule, case: $0.case, severity: $0.severity,
                                             account: $0.account, region: $0.region, message: $0.message)
                            })
            }
            waivers = input.waiverReview.map { review in
                WaiversInfo(asOf: review.asOf,
                            expired: review.expired.map { ExpiredInfo(id: $0.waiver.id, rule: $0.waiver.rule, owner: $0.waiver.owner,
                                                                      expires: $0.waiver.expires, declared: $0.waiver.origin,
                                                                      findings: $0.fingerprints) },
                            stale: review.stale.map { StaleInfo(id: $0.id, rule: $0.rule, owner: $0.owner, expires: $0.expires,
                                                                declared: $0.origin) })
            }
            reachability = input.reachability.map(ReachabilityInfo.init)
            inputProblems = withLists ? snapshot.problems.map(ProblemInfo.init) : []
            coverage = withLists ? snapshot.coverage.scopes.map { CoverageInfo($0, snapshot.coverage) } : []
        }
    }

    /// The rules that ran but reported `not-configured`, in run order.
    static func notConfigured(_ result: AuditResult) -> [String] {
        let unconfigured = Set(result.notEvaluated.filter { $0.reason == .notConfigured }.map(\.ruleId))
        return result.rulesRun.filter(unconfigured.contains)
    }

    struct SnapshotInfo: Encodable {
        var path: String
        var takenAt: String?
        var collector: String?
        var manifest: Bool
        var accounts: [AccountInfo]
        var skippedFiles: [String]
        enum CodingKeys: String, CodingKey {
            case path, collector, manifest, accounts
            case takenAt = "taken_at", skippedFiles = "skipped_files"
        }
    }

    struct AccountInfo: Encodable {
        var id: String
        var name: String?
        var regions: [String]
    }

    struct PolicyInfo: Encodable {
        var source: String
        var failOn: String
        var rulesRun: [String]
        var rulesDisabled: [String]
        /// Enabled rules with nothing declared to check (intent rules without intent): not evaluated.
        var rulesNotConfigured: [String]
        enum CodingKeys: String, CodingKey {
            case source
            case failOn = "fail_on", rulesRun = "rules_run", rulesDisabled = "rules_disabled"
            case rulesNotConfigured = "rules_not_configured"
        }
    }

    struct VerdictInfo: Encodable {
        var status: String
        var exitCode: Int
        var threshold: String
        var reasons: [String]
        var failing: [String]
        enum CodingKeys: String, CodingKey {
            case status, threshold, reasons, failing
            case exitCode = "exit_code"
        }
    }

    struct Summary: Encodable {
        var findings: Int
        var bySeverity: [String: Int]
        var waived: Int
        var notEvaluated: Int
        var inputProblems: Int
        enum CodingKeys: String, CodingKey {
            case findings, waived
            case bySeverity = "by_severity", notEvaluated = "not_evaluated", inputProblems = "input_problems"
        }
    }

    struct FindingInfo: Encodable {
        var fingerprint: String
        var rule: String
        var `case`: String
        var severity: String
        var account: String
        var accountName: String?
        var region: String
        var resources: [String]
        var message: String
        var evidence: [String]
        var remediation: String
        /// The fix's exact commands, one runnable line each, in order; absent when the fix is prose only.
        var fixCommands: [String]?
        var waiver: WaiverInfo?
        /// `new` or `unchanged` against the baseline; absent without one.
        var change: String?
        enum CodingKeys: String, CodingKey {
            case fingerprint, rule, `case`, severity, account, region, resources, message, evidence, remediation, waiver, change
            case accountName = "account_name"
            case fixCommands = "fix_commands"
        }

        init(_ finding: Finding, _ input: ReportInput, names: [String: String]) {
            fingerprint = finding.fingerprint
            rule = finding.ruleId
            self.case = finding.caseId
            severity = finding.severity.description
            account = finding.scope.account
            accountName = names[finding.scope.account]
            region = finding.scope.region
            resources = finding.resourceIds
            message = finding.message
            evidence = finding.evidence
            remediation = finding.remediation
            fixCommands = finding.fixCommands.isEmpty ? nil : finding.fixCommands
            waiver = input.waiver(for: finding).map { WaiverInfo(id: $0.id, reason: $0.reason, owner: $0.owner, expires: $0.expires) }
            change = input.changes[finding.fingerprint]?.rawValue
        }
    }

    struct WaiverInfo: Encodable {
        var id: String
        var reason: String
        var owner: String
        var expires: String
    }

    struct ChangesInfo: Encodable {
        var baseline: String
        var baselineTakenAt: String?
        var new: [String]
        var unchanged: Int
        var resolved: [ResolvedInfo]
        enum CodingKeys: String, CodingKey {
            case baseline, new, unchanged, resolved
            case baselineTakenAt = "baseline_taken_at"
        }
    }

    struct ResolvedInfo: Encodable {
        var fingerprint: String
        var rule: String
        var `case`: String
        var severity: String
        var account: String
        var region: String
        var message: String
    }

    struct WaiversInfo: Encodable {
        var asOf: String
        var expired: [ExpiredInfo]
        var stale: [StaleInfo]
        enum CodingKeys: String, CodingKey {
            case expired, stale
            case asOf = "as_of"
        }
    }

    struct ExpiredInfo: Encodable {
        var id: String
        var rule: String
        var owner: String
        var expires: String
        var declared: String
        var findings: [String]
    }

    struct StaleInfo: Encodable {
        var id: String
        var rule: String
        var owner: String
        var expires: String
        var declared: String
    }

    struct NotEvaluatedInfo: Encodable {
        var rule: String
        var account: String
        var region: String
        var resources: [String]
        var reason: String
        var detail: String
        /// For missing input: the calls that are missing (what `accepted_gaps` would name); absent otherwise.
        var inputs: [String]?
        /// The policy's reason when it accepts this gap (it then does not make the run untrusted).
        var accepted: String?

        init(_ entry: NotEvaluated, _ input: ReportInput) {
            rule = entry.ruleId
            account = entry.scope.account
            region = entry.scope.region
            resources = entry.resourceIds
            reason = entry.reason.rawValue
            detail = entry.detail
            inputs = entry.inputs.isEmpty ? nil : entry.inputs.map(\.rawValue)
            accepted = input.acceptedGaps[entry]
        }
    }

    struct ProblemInfo: Encodable {
        var file: String
        var line: Int?
        var message: String

        init(_ problem: InputProblem) {
            file = problem.file
            line = problem.line
            message = problem.message
        }
    }

    struct CoverageInfo: Encodable {
        var account: String
        var region: String
        var collected: [String]
        var gaps: [GapInfo]

        init(_ scope: Scope, _ coverage: Coverage) {
            let entries = coverage.entries[scope] ?? [:]
            account = scope.account
            region = scope.region
            collected = entries.filter { $0.value.isCollected }.keys.map(\.rawValue).sorted()
            gaps = entries.filter { !$0.value.isCollected }.sorted { $0.key < $1.key }
                .map { GapInfo(action: $0.key.rawValue, status: $0.value.summary) }
        }
    }

    struct GapInfo: Encodable {
        var action: String
        var status: String
    }
}
