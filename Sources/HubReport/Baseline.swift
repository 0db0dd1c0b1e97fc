import Foundation
import HubModel
import HubRules

/// A previous run's JSON report, read back for its findings: the baseline of a nightly scan.
public struct BaselineReport: Sendable {
    public struct Entry: Decodable, Sendable {
        public var fingerprint: String
        public var rule: String
        public var `case`: String
        public var severity: String
        public var account: String
        public var region: String
        public var message: String
        public var waiver: WaiverInfo?

        public struct WaiverInfo: Decodable, Sendable {
            public var id: String
        }
    }

    public var path: String
    public var takenAt: String?
    public var findings: [Entry]

    private struct Document: Decodable {
        struct SnapshotInfo: Decodable {
            var taken_at: String?
        }
        var schema: String
        var snapshot: SnapshotInfo
        var findings: [Entry]
    }

    public static func load(path: String) throws -> BaselineReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputProblem(file: path, message: "cannot read the baseline report")
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw InputProblem(file: path, message: "not a hubaudit JSON report (\(error.localizedDescription))")
        }
        guard document.schema == JSONReport.schema else {
            throw InputProblem(file: path, message: "report schema \(quotedForMessage(document.schema)), expected \(JSONReport.schema)")
        }
        return BaselineReport(path: path, takenAt: document.snapshot.taken_at, findings: document.findings)
    }
}

/// What changed between a baseline and this run, by fingerprint.
public struct BaselineComparison: Sendable {
    public var baseline: BaselineReport
    public var new: [String]
    public var unchanged: [String]
    /// Findings of the baseline that this run no longer has.
    public var resolved: [BaselineReport.Entry]

    public init(baseline: BaselineReport, current: [String]) {
        self.baseline = baseline
        let before = Set(baseline.findings.map(\.fingerprint))
        new = current.filter { !before.contains($0) }
        unchanged = current.filter { before.contains($0) }
        let now = Set(current)
        resolved = baseline.findings.filter { !now.contains($0.fingerprint) }
    }

    public var changes: [String: ChangeStatus] {
        var result: [String: ChangeStatus] = [:]
        for fingerprint in new { result[fingerprint] = .new }
        for fingerprint in unchanged { result[fingerprint] = .unchanged }
        return result
    }
}
