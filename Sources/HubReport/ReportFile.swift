import Foundation
import HubModel

/// A JSON report (`hubaudit-report/1`) read back whole enough to export its findings: the exports
/// (Security Hub) take the report a scan wrote, not a snapshot. The file is untrusted input: its size
/// is capped, and a problem is an `InputProblem` naming the file, never quoting its content.
public struct ReportFile: Sendable {
    public struct Finding: Decodable, Sendable {
        public var fingerprint: String
        public var rule: String
        public var `case`: String
        public var severity: String
        public var account: String
        public var accountName: String?
        public var region: String
        public var resources: [String]
        public var message: String
        public var evidence: [String]
        public var remediation: String
        public var fixCommands: [String]?
        public var waiver: Waiver?

        enum CodingKeys: String, CodingKey {
            case fingerprint, rule, `case`, severity, account, region, resources, message, evidence, remediation, waiver
            case accountName = "account_name", fixCommands = "fix_commands"
        }
    }

    public struct Waiver: Decodable, Sendable {
        public var id: String
        public var reason: String
        public var owner: String
        public var expires: String
    }

    public struct NotEvaluated: Decodable, Sendable {
        public var rule: String
        public var account: String
        public var region: String
    }

    public struct Account: Decodable, Sendable {
        public var id: String
        public var regions: [String]
    }

    public var path: String
    public var takenAt: String?
    public var accounts: [Account]
    /// The verdict's exit code: 2 when the scan could not trust all of its input.
    public var verdictExitCode: Int
    public var rulesRun: [String]
    public var findings: [Finding]
    public var notEvaluated: [NotEvaluated]

    /// Larger than any real report (a thousand-VPC organisation's is a few MB); a bigger file is refused
    /// before it is read into memory.
    public static let maximumSize = 64 * 1024 * 1024

    private struct Document: Decodable {
        struct Snapshot: Decodable {
            var taken_at: String?
            var accounts: [Account]
        }
        struct Verdict: Decodable {
            var exit_code: Int
        }
        struct Policy: Decodable {
            var rules_run: [String]
        }
        var schema: String
        var snapshot: Snapshot
        var verdict: Verdict
        var policy: Policy
        var findings: [Finding]
        var not_evaluated: [NotEvaluated]
    }

    public static func load(path: String, label: String = "report", maximumSize: Int = ReportFile.maximumSize) throws -> ReportFile {
        let data = try read(path, label: label, maximumSize: maximumSize)
        // The schema first, so that another tool's JSON is named as such rather than as a missing key.
        struct SchemaOnly: Decodable { var schema: String? }
        guard let schema = try? JSONDecoder().decode(SchemaOnly.self, from: data) else {
            throw InputProblem(file: path, message: "the \(label) is not JSON (a hubaudit JSON report, \(JSONReport.schema), is expected)")
        }
        guard schema.schema == JSONReport.schema else {
            let found = schema.schema.map { "schema \(quotedForMessage($0))" } ?? "no schema"
            throw InputProblem(file: path, message: "the \(label) has \(found), expected \(JSONReport.schema) (a report hubaudit scan wrote with --json)")
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch let error as DecodingError {
            throw InputProblem(file: path, message: "the \(label) is not a complete \(JSONReport.schema) report: \(describe(error))")
        }
        return ReportFile(path: path, takenAt: document.snapshot.taken_at, accounts: document.snapshot.accounts,
                          verdictExitCode: document.verdict.exit_code, rulesRun: document.policy.rules_run,
                          findings: document.findings, notEvaluated: document.not_evaluated)
    }

    private static func read(_ path: String, label: String, maximumSize: Int) throws -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputProblem(file: path, message: "cannot read the \(label)")
        }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: maximumSize + 1) else {
            throw InputProblem(file: path, message: "cannot read the \(label)")
        }
        guard data.count <= maximumSize else {
            throw InputProblem(file: path, message: "the \(label) is larger than \(maximumSize) bytes: refused")
        }
        return data
    }

    /// Where the document went wrong, by key path: never the offending value.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the top level" : String(keys.dropFirst(keys.hasPrefix(".") ? 1 : 0))
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)) has no \(quotedForMessage(key.stringValue))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)) has the wrong type"
        case .dataCorrupted(let context): return "\(path(context)) is malformed"
        @unknown default: return "malformed"
        }
    }
}
