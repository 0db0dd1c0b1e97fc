import Foundation
import HubTestSupport
import Testing

/// `hubaudit scan … --ocsf FILE` as a pipeline runs it: every example's events validate against
/// OCSF 1.1.0's Detection Finding schema, two runs write the same bytes, and the path is checked
/// like the other reports' (usage errors, exit 64).
struct OCSFScanTests {
    static let examples = ["examples/finance-hub", "examples/peering-pair", "examples/tgw-hub",
                           "examples/nightly/2026-11-22T020000Z", "examples/nightly/2026-11-23T020000Z"]

    /// Every line of every example's file is a valid event; the count is the report's findings
    /// plus its "not evaluated" entries; a second run writes the same bytes (no clock in them).
    @Test(.enabled(if: OCSFValidator.isUsable, "needs python3 with jsonschema and ocsf-json-schema: \(PythonPackages.install)"),
          arguments: examples)
    func everyExampleValidatesAgainstOCSF(snapshot: String) throws {
        let folder = try Repo.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ocsf = folder.appendingPathComponent("out/findings.ocsf.jsonl").path
        let json = folder.appendingPathComponent("report.json").path
        let result = try runHubaudit(["scan", snapshot, "--ocsf", ocsf, "--json", json])
        #expect([0, 1].contains(result.status), "\(result.stderr)")
        #expect(!result.stderr.contains("taken_at"), "the examples have a manifest with taken_at")
        let run = try OCSFValidator.validate(path: ocsf)
        #expect(run.isValid, "\(run.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let findings = (report["findings"] as? [Any])?.count ?? -1
        let notEvaluated = (report["not_evaluated"] as? [Any])?.count ?? -1
        let text = try String(contentsOfFile: ocsf, encoding: .utf8)
        #expect(text.split(separator: "\n").count == findings + notEvaluated)
        #expect(run.output.contains("\(findings + notEvaluated) event(s), 0 error(s)"))

        let again = folder.appendingPathComponent("again.jsonl").path
        _ = try runHubaudit(["scan", snapshot, "--ocsf", again])
        #expect(try Data(contentsOf: URL(fileURLWithPath: again)) == Data(contentsOf: URL(fileURLWithPath: ocsf)))
    }

    /// A snapshot without a manifest has no taken_at: the events say time 0 and scan warns, rather
    /// than stamping the clock (which would make two runs differ).
    @Test func withoutTakenAtTheEventsCarryTimeZeroAndScanWarns() throws {
        let folder = try Repo.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let snapshot = folder.appendingPathComponent("snapshot")
        try FileManager.default.copyItem(atPath: Repo.path("examples/peering-pair"), toPath: snapshot.path)
        try FileManager.default.removeItem(at: snapshot.appendingPathComponent("manifest.json"))
        let ocsf = folder.appendingPathComponent("events.jsonl").path
        let result = try runHubaudit(["scan", snapshot.path, "--ocsf", ocsf])
        #expect(result.stderr.contains("warning: the snapshot has no usable taken_at (manifest.json): the OCSF events carry time 0"))
        let lines = try String(contentsOfFile: ocsf, encoding: .utf8).split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.contains("\"time\":0,") })
        // With a manifest, no warning.
        #expect(!(try runHubaudit(["scan", "examples/peering-pair", "--ocsf", ocsf])).stderr.contains("taken_at"))
    }

    /// The OCSF path is checked with the others: two reports to one file, a report inside the
    /// snapshot being read, a folder, and two reports to stdout are usage errors (64).
    @Test func ocsfPathProblemsAreUsageErrors() throws {
        let folder = try Repo.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("same.out").path
        let clash = try runHubaudit(["scan", "examples/peering-pair", "--sarif", path, "--ocsf", path])
        #expect(clash.status == 64)
        #expect(clash.stderr.contains("--sarif and --ocsf both write to \(path)"))
        // Were the check missing, the scan would write into the example: removed either way.
        defer { try? FileManager.default.removeItem(atPath: Repo.path("examples/peering-pair/events.jsonl")) }
        let inside = try runHubaudit(["scan", "examples/peering-pair", "--ocsf", "examples/peering-pair/events.jsonl"])
        #expect(inside.status == 64)
        #expect(inside.stderr.contains("--ocsf examples/peering-pair/events.jsonl is inside the snapshot being read"))
        #expect(!FileManager.default.fileExists(atPath: Repo.path("examples/peering-pair/events.jsonl")))
        let directory = try runHubaudit(["scan", "examples/peering-pair", "--ocsf", folder.path])
        #expect(directory.status == 64)
        #expect(directory.stderr.contains("--ocsf \(folder.path) is a folder"))
        let stdout = try runHubaudit(["scan", "examples/peering-pair", "--ocsf", "-", "--json", "-"])
        #expect(stdout.status == 64)
    }

    /// `--ocsf -` writes the events to stdout, alone (no summary line to corrupt the stream).
    @Test func aDashWritesTheEventsToStdout() throws {
        let result = try runHubaudit(["scan", "examples/peering-pair", "--ocsf", "-"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("{\"activity_id\":1,") && $0.contains("\"class_uid\":2004") })
        #expect(!FileManager.default.fileExists(atPath: Repo.path("-")))
    }
}
