import Foundation
import HubSnapshot
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
    /// OCSF 1.1 Detection Finding events, one JSON object per line.
    public var ocsfPath: String?
    public var failOn: Severity?
    /// The day waivers are judged on (YYYY-MM-DD); default: today (UTC).
    public var asOf: String?
    /// How reports name the snapshot; defaults to the path as given.
    public var snapshotLabel: String?
    /// How reports name the policy; defaults to its path as given.
    public var policyLabel: String?
    /// The outcome carries the JSON and Markdown texts even where no path asks for them (for callers
    /// that read them: tests, the store's previous night). The command line renders only what it writes.
    public var keepsReportTexts = true
    /// Read the snapshot's scopes in batches, running the rules that allow it on each batch as it
    /// decodes and keeping only the shared facts (`AuditStage`), unless a rule needs every resource
    /// at once. Off only to compare the two ways (the reports are the same).
    public var readsScopesInBatches = true
    /// Where the scan's terminal text goes as it is made (the command line's stdout and stderr),
    /// instead of the outcome's `summary` and `diagnostics`, then empty but for an error that ended
    /// the scan. Held whole, the summary of 56,000 findings is two texts of 12 MB beside the
    /// findings, at the end of a scan, which is where its peak is.
    public var console: ScanConsole?

    public init(snapshotPath: String, policyPath: String? = nil, waiversPath: String? = nil, baselinePath: String? = nil,
                jsonPath: String? = nil, markdownPath: String? = nil, sarifPath: String? = nil, junitPath: String? = nil,
                ocsfPath: String? = nil, failOn: Severity? = nil, asOf: String? = nil, snapshotLabel: String? = nil, policyLabel: String? = nil) {
        self.sarifPath = sarifPath
        self.junitPath = junitPath
        self.ocsfPath = ocsfPath
        self.snapshotPath = snapshotPath
        self.policyPath = policyPath
        self.waiversPath = waiversPath
        self.baselinePath = baselinePath
        self.jsonPath = jsonPath
        self.markdownPath = markdownPath
        self.failOn = failOn
        self.asOf = asOf
        self.snapshotLabel = snapshotLabel
        self.policyLabel = policyLabel
    }
}

extension ScanRequest {
    /// The reports asked for and where each goes (a path, or "-" for stdout), in the options' order.
    var destinations: [(kind: Scan.ReportKind, path: String)] {
        [(Scan.ReportKind.json, jsonPath), (.markdown, markdownPath), (.sarif, sarifPath), (.junit, junitPath), (.ocsf, ocsfPath)]
            .compactMap { kind, path in path.map { (kind, $0) } }
    }
}

/// A scan's terminal: the diagnostics go to `diagnostic` first, then the summary's lines to `line`,
/// the verdict last, as a person reads them.
public struct ScanConsole: Sendable {
    public var line: @Sendable (String) -> Void
    public var diagnostic: @Sendable (String) -> Void

    public init(line: @escaping @Sendable (String) -> Void, diagnostic: @escaping @Sendable (String) -> Void) {
        self.line = line
        self.diagnostic = diagnostic
    }
}

public struct ScanOutcome: Sendable {
    public var exitCode: Int32
    public var verdict: Verdict?
    public var json: String?
    public var markdown: String?
    /// The report asked for on stdout (`--json -`, `--markdown -`, `--sarif -`, `--junit -` or `--ocsf -`), if any.
    public var standardOutput: String?
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

    /// What is wrong with an `--as-of` value, or nil: the command checks it as a usage error (64),
    /// `run` again for callers of the library.
    public static func asOfProblem(_ day: String?) -> String? {
        guard let day, !isISODate(day) else { return nil }
        return "--as-of takes a calendar date YYYY-MM-DD such as 2026-11-30, not \(quotedForMessage(day))"
    }

    private static func scan(_ request: ScanRequest) throws -> ScanOutcome {
        // Named as the caller names it (the reports must not carry where the repository happens to be).
        var policy = try request.policyPath.map { try PolicyLoader.load(path: $0, label: request.policyLabel) } ?? .builtIn
        if let label = request.policyLabel, request.policyPath != nil { policy.source = label }
        if let path = request.waiversPath { policy.waivers += try PolicyLoader.loadWaivers(path: path) }
        if let problem = asOfProblem(request.asOf) { throw ScanFailure(description: problem) }
        let baseline = try request.baselinePath.map(BaselineReport.load(path:))
        var (input, waivers) = try assembled(request, policy: policy, baseline: baseline)
        keepReportedPart(of: &input)
        let texts = try writeReports(request, input)
        let json = texts[.json], markdown = texts[.markdown]
        // File names, waiver ids and origins come from the snapshot and the policy: escaped for the terminal.
        var diagnostics = input.snapshot.problems.map { "error: \(terminal: $0)" }
        diagnostics += waivers.expired.map { "warning: \(terminal: $0.waiver.origin): waiver \(terminal: $0.waiver.id) expired on "
            + "\(terminal: $0.waiver.expires)" }
        diagnostics += waivers.stale.map { "warning: \(terminal: $0.origin): waiver \(terminal: $0.id) matches no finding" }
        if input.result.rulesRun.isEmpty {
            diagnostics.append("warning: \(terminal: policy.source): every rule is disabled: nothing was audited (exit 2)")
        }
        // OCSF events need a time, and the clock would make two runs differ: the snapshot's taken_at.
        if request.ocsfPath != nil, OCSFReport.epochMilliseconds(input.snapshot.metadata.takenAt) == nil {
            diagnostics.append("warning: the snapshot has no usable taken_at (manifest.json): the OCSF events carry time 0")
        }
        let standardOutput = request.destinations.first { $0.path == "-" }.flatMap { texts[$0.kind] }
        var summaryText = ""
        if let console = request.console {
            diagnostics.forEach(console.diagnostic)
            diagnostics = []
            if standardOutput == nil { summary(input, line: console.line) }
        } else if standardOutput == nil {
            summaryText = summary(input)
        }
        let outcome = ScanOutcome(exitCode: input.verdict.exitCode, verdict: input.verdict, json: json, markdown: markdown,
                                  standardOutput: standardOutput, summary: summaryText, diagnostics: diagnostics)
        releaseInBackground(input)
        return outcome
    }

    /// The reports read a small part of the snapshot; the rest (security groups, interfaces, ACLs:
    /// most of it) is freed in the background while they render.
    private static func keepReportedPart(of input: inout ReportInput) {
        let whole = input.snapshot
        input.snapshot = ReportAssembly.reportedPart(of: whole)
        releaseInBackground(whole)
    }

    /// The snapshot read and judged. The snapshot is the caller's only through the input: nothing
    /// else holds it once the rules are done, so the reports' part of it can stand alone.
    private static func assembled(_ request: ScanRequest, policy: Policy, baseline: BaselineReport?) throws
        -> (input: ReportInput, waivers: WaiverOutcome) {
        let (snapshot, result) = try AuditStage.judged(request.snapshotPath, policy: policy,
                                                       inBatches: request.readsScopesInBatches)
        return ReportAssembly.assemble(
            snapshot: snapshot, result: result, policy: policy, label: request.snapshotLabel ?? request.snapshotPath,
            threshold: request.failOn, asOf: request.asOf ?? utcToday(), baseline: baseline)
    }

    /// Renders and writes the reports asked for; returns the texts kept in memory: JSON and Markdown
    /// when the outcome is to carry them, and the report for stdout. A report bound only for a file
    /// is written there piece by piece as it renders (`ReportFileWriter`), never whole in memory.
    /// The formats are independent: rendered side by side, each only when asked for.
    private static func writeReports(_ request: ScanRequest, _ input: ReportInput) throws -> [ReportKind: String] {
        var kept: [ReportKind] = request.keepsReportTexts ? [.json, .markdown] : []
        kept += request.destinations.filter { $0.path == "-" && !kept.contains($0.kind) }.map(\.kind)
        let streamed = request.destinations.filter { $0.path != "-" && !kept.contains($0.kind) }
        let jobs: [ReportJob] = kept.map { .keep($0) } + streamed.map { .stream($0.kind, to: $0.path) }
        var texts: [ReportKind: String] = [:]
        var failures: [String: any Error] = [:]
        for result in jobs.concurrentMap({ $0.run(input) }) {
            switch result {
            case .success(let (kind, text)): texts[kind] = text
            case .failure(let failure): failures[failure.path] = failure.error
            }
        }
        // A kept text bound for a file too is written from the text; errors in the order of the options.
        for destination in request.destinations where destination.path != "-" {
            if let text = texts[destination.kind] {
                try ReportFileWriter.write(text, to: destination.path)
            } else if let error = failures[destination.path] {
                throw error
            }
        }
        return texts
    }

    /// One report to render: kept in memory, or streamed to its file.
    private enum ReportJob: Sendable {
        case keep(ReportKind)
        case stream(ReportKind, to: String)

        func run(_ input: ReportInput) -> Result<(ReportKind, String?), WriteFailure> {
            switch self {
            case .keep(let kind):
                return .success((kind, kind.render(input)))
            case .stream(let kind, let path):
                do {
                    try ReportFileWriter.write(to: path) { kind.write(input, to: $0) }
                    return .success((kind, nil))
                } catch {
                    return .failure(WriteFailure(path: path, error: error))
                }
            }
        }
    }

    private struct WriteFailure: Error {
        var path: String
        var error: any Error
    }

    /// Freeing a large snapshot (millions of values: 0.16 s for 1,000 accounts) is work nobody waits
    /// for: the last references go to a background thread, and the command exits meanwhile.
    private static func releaseInBackground<Value: Sendable>(_ value: consuming Value) {
        let garbage = Garbage(value: value)
        DispatchQueue.global(qos: .background).async { _ = garbage }
    }

    private struct Garbage<Value: Sendable>: Sendable {
        let value: Value
    }

    enum ReportKind: Sendable {
        case json, markdown, sarif, junit, ocsf

        func render(_ input: ReportInput) -> String {
            switch self {
            case .json: return JSONReport.render(input)
            case .markdown: return MarkdownReport.render(input)
            case .sarif: return SARIFReport.render(input)
            case .junit: return JUnitReport.render(input)
            case .ocsf: return OCSFReport.render(input)
            }
        }

        /// JSON and Markdown render piece by piece; the others are small enough to render whole.
        func write(_ input: ReportInput, to stream: ReportStream) {
            switch self {
            case .json: JSONReport.write(input, to: stream)
            case .markdown: MarkdownReport.write(input, to: stream)
            case .sarif, .junit, .ocsf: stream.write(render(input))
            }
        }
    }

    /// One line per finding, most severe first, then the verdict: what a terminal user reads. Every
    /// value is escaped for the terminal (`TerminalText`): a message with a newline, carriage return or
    /// escape sequence can neither add a line ("PASS: …") nor hide or recolour the verdict.
    static func summary(_ input: ReportInput) -> String {
        var lines: [String] = []
        summary(input) { lines.append($0) }
        return lines.joined(separator: "\n")
    }

    /// The summary line by line, as made.
    static func summary(_ input: ReportInput, line: (String) -> Void) {
        for finding in input.result.findings {
            var text = "\(finding.severity.description.uppercased()) \(terminal: finding.ruleId)/\(terminal: finding.caseId) "
                + "\(terminal: finding.scope): \(terminal: finding.message)"
            if let waiver = input.waiver(for: finding) { text += " [waived: \(terminal: waiver.id) until \(terminal: waiver.expires)]" }
            if input.changes[finding.fingerprint] == .new { text += " [new]" }
            line(text)
        }
        for entry in input.result.notEvaluated where entry.reason == .missingInput {
            let accepted = input.acceptedGaps[entry].map { " [accepted: \(terminal: $0)]" } ?? ""
            line("NOT EVALUATED \(terminal: entry.ruleId) \(terminal: entry.scope): \(terminal: entry.detail)\(accepted)")
        }
        if let baseline = input.baseline {
            line("CHANGES since \(terminal: baseline.baseline.takenAt ?? baseline.baseline.path): \(baseline.new.count) new, "
                + "\(baseline.resolved.count) resolved, \(baseline.unchanged.count) unchanged")
        }
        line("\(input.verdict.status.rawValue.uppercased()): " + input.verdict.reasons.map(TerminalText.escape).joined(separator: "; "))
    }
}

struct ScanFailure: Error, CustomStringConvertible {
    var description: String
}
