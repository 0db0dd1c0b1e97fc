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
        let snapshot = try SnapshotReader.read(request.snapshotPath)
        let (input, waivers) = ReportAssembly.assemble(
            snapshot: snapshot, policy: policy, label: request.snapshotLabel ?? request.snapshotPath,
            threshold: request.failOn, asOf: request.asOf ?? utcToday(), baseline: baseline)
        // The formats are independent: rendered side by side, each only when asked for (JSON and
        // Markdown also when the outcome is to carry them): a large organisation's report is seconds.
        var kinds: [ReportKind] = []
        if request.jsonPath != nil || request.keepsReportTexts { kinds.append(.json) }
        if request.markdownPath != nil || request.keepsReportTexts { kinds.append(.markdown) }
        if request.sarifPath != nil { kinds.append(.sarif) }
        if request.junitPath != nil { kinds.append(.junit) }
        if request.ocsfPath != nil { kinds.append(.ocsf) }
        let texts = Dictionary(uniqueKeysWithValues: zip(kinds, kinds.concurrentMap { $0.render(input) }))
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
        // Every report to its file; at most one (checked with the options) to stdout instead.
        let destinations: [(String?, String?)] = [(request.jsonPath, json), (request.markdownPath, markdown),
                                                  (request.sarifPath, texts[.sarif]), (request.junitPath, texts[.junit]),
                                                  (request.ocsfPath, texts[.ocsf])]
        var standardOutput: String?
        for case let (path?, text?) in destinations {
            if path == "-" { standardOutput = text } else { try write(text, to: path) }
        }
        let outcome = ScanOutcome(exitCode: input.verdict.exitCode, verdict: input.verdict, json: json, markdown: markdown,
                                  standardOutput: standardOutput,
                                  summary: standardOutput != nil ? "" : summary(input), diagnostics: diagnostics)
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
    }

    /// Writes a report: atomically (a temporary file renamed into place) for a regular file, so a
    /// reader never sees half a report; in place for anything else (`/dev/null`, a pipe), which a
    /// rename would replace with a file.
    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ScanFailure(description: "\(path): cannot write the report: it is a folder")
        }
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
            var line = "\(finding.severity.description.uppercased()) \(terminal: finding.ruleId)/\(terminal: finding.caseId) "
                + "\(terminal: finding.scope): \(terminal: finding.message)"
            if let waiver = input.waiver(for: finding) { line += " [waived: \(terminal: waiver.id) until \(terminal: waiver.expires)]" }
            if input.changes[finding.fingerprint] == .new { line += " [new]" }
            return line
        }
        for entry in input.result.notEvaluated where entry.reason == .missingInput {
            let accepted = input.acceptedGaps[entry].map { " [accepted: \(terminal: $0)]" } ?? ""
            lines.append("NOT EVALUATED \(terminal: entry.ruleId) \(terminal: entry.scope): \(terminal: entry.detail)\(accepted)")
        }
        if let baseline = input.baseline {
            lines.append("CHANGES since \(terminal: baseline.baseline.takenAt ?? baseline.baseline.path): \(baseline.new.count) new, "
                + "\(baseline.resolved.count) resolved, \(baseline.unchanged.count) unchanged")
        }
        lines.append("\(input.verdict.status.rawValue.uppercased()): " + input.verdict.reasons.map(TerminalText.escape).joined(separator: "; "))
        return lines.joined(separator: "\n")
    }
}

struct ScanFailure: Error, CustomStringConvertible {
    var description: String
}
