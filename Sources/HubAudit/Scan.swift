import Foundation
import HubCollectors
import HubModel
import HubPolicy
import HubReport
import HubRules

/// `hubaudit scan`: snapshot store → rule engine → reports, and the exit code for the gate.
/// The executable only parses arguments and calls this; tests call it directly.
public struct ScanRequest: Sendable {
    public var snapshotPath: String
    public var policyPath: String?
    public var jsonPath: String?
    public var markdownPath: String?
    public var failOn: Severity?
    /// How reports name the snapshot; defaults to the path as given.
    public var snapshotLabel: String?

    public init(snapshotPath: String, policyPath: String? = nil, jsonPath: String? = nil, markdownPath: String? = nil,
                failOn: Severity? = nil, snapshotLabel: String? = nil) {
        self.snapshotPath = snapshotPath
        self.policyPath = policyPath
        self.jsonPath = jsonPath
        self.markdownPath = markdownPath
        self.failOn = failOn
        self.snapshotLabel = snapshotLabel
    }
}

public struct ScanOutcome: Sendable {
    public var exitCode: Int32
    public var verdict: Verdict?
    public var json: String?
    public var markdown: String?
    /// A human summary for stdout (empty when JSON goes to stdout).
    public var summary: String
    /// Problems for stderr, compiler-style (`file:line: message`).
    public var diagnostics: [String]
}

public enum Scan {
    public static func run(_ request: ScanRequest) -> ScanOutcome {
        let policy: Policy
        do {
            policy = try request.policyPath.map(PolicyLoader.load(path:)) ?? .builtIn
        } catch {
            return ScanOutcome(exitCode: 2, summary: "", diagnostics: ["error: \(error)"])
        }
        let snapshot: Snapshot
        do {
            snapshot = try SnapshotReader.read(request.snapshotPath)
        } catch {
            return ScanOutcome(exitCode: 2, summary: "", diagnostics: ["error: \(error)"])
        }
        let result = RuleEngine.run(snapshot, configurations: policy.rules)
        let verdict = Verdict.decide(findings: result.findings, notEvaluated: result.notEvaluated,
                                     problems: snapshot.problems, threshold: request.failOn ?? policy.failOn)
        let input = ReportInput(snapshot: snapshot, snapshotLabel: request.snapshotLabel ?? request.snapshotPath,
                                result: result, policy: policy, verdict: verdict)
        let json = JSONReport.render(input)
        let markdown = MarkdownReport.render(input)
        var diagnostics = snapshot.problems.map { "error: \($0)" }
        do {
            if let path = request.jsonPath, path != "-" { try write(json, to: path) }
            if let path = request.markdownPath, path != "-" { try write(markdown, to: path) }
        } catch {
            diagnostics.append("error: \(error)")
            return ScanOutcome(exitCode: 2, verdict: verdict, json: json, markdown: markdown, summary: "", diagnostics: diagnostics)
        }
        let toStdout = request.jsonPath == "-" || request.markdownPath == "-"
        return ScanOutcome(exitCode: verdict.exitCode, verdict: verdict, json: json, markdown: markdown,
                           summary: toStdout ? "" : summary(input), diagnostics: diagnostics)
    }

    private static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw ScanFailure(description: "\(path): cannot write the report (\(error.localizedDescription))")
        }
    }

    /// One line per finding, most severe first, then the verdict: what a terminal user reads.
    static func summary(_ input: ReportInput) -> String {
        var lines = input.result.findings.map { finding in
            "\(finding.severity.description.uppercased()) \(finding.ruleId)/\(finding.caseId) \(finding.scope): \(finding.message)"
        }
        for entry in input.result.notEvaluated where entry.reason == .missingInput {
            lines.append("NOT EVALUATED \(entry.ruleId) \(entry.scope): \(entry.detail)")
        }
        lines.append("\(input.verdict.status.rawValue.uppercased()): " + input.verdict.reasons.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }
}

struct ScanFailure: Error, CustomStringConvertible {
    var description: String
}
