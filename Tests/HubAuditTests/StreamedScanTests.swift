import Foundation
import HubAudit
import Testing

/// `hubaudit scan` writes each report to its file as it renders (never the whole text in memory):
/// the files hold the same bytes a scan that keeps the texts writes, and a report replaces its
/// file whole, through a temporary file beside it.
struct StreamedScanTests {
    static func request(_ example: String, into folder: URL, keepsTexts: Bool) -> ScanRequest {
        let policy = ExampleReportTests.policies[example], source = "examples/\(ExampleReportTests.folders[example] ?? example)"
        var request = ScanRequest(snapshotPath: Repo.path(source), policyPath: policy.map(Repo.path),
                                  asOf: ExampleReportTests.asOf[example] ?? "2026-11-30", snapshotLabel: source, policyLabel: policy)
        request.jsonPath = folder.appendingPathComponent("report.json").path
        request.markdownPath = folder.appendingPathComponent("review.md").path
        request.sarifPath = folder.appendingPathComponent("hubaudit.sarif").path
        request.junitPath = folder.appendingPathComponent("junit.xml").path
        request.ocsfPath = folder.appendingPathComponent("findings.ocsf.jsonl").path
        request.keepsReportTexts = keepsTexts
        return request
    }

    static let files = ["report.json", "review.md", "hubaudit.sarif", "junit.xml", "findings.ocsf.jsonl"]

    @Test(arguments: ExampleReportTests.examples)
    func streamedFilesAreTheKeptTextsFiles(example: String) throws {
        let folder = try Repo.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let streamedFolder = folder.appendingPathComponent("streamed"), keptFolder = folder.appendingPathComponent("kept")
        let streamed = Scan.run(Self.request(example, into: streamedFolder, keepsTexts: false))
        let kept = Scan.run(Self.request(example, into: keptFolder, keepsTexts: true))
        #expect(streamed.json == nil && streamed.markdown == nil)
        #expect(streamed.exitCode == kept.exitCode)
        for file in Self.files {
            let one = try Data(contentsOf: streamedFolder.appendingPathComponent(file))
            let other = try Data(contentsOf: keptFolder.appendingPathComponent(file))
            #expect(one == other, "\(example): \(file)")
        }
        // And they are the reports in the repository.
        let json = try String(contentsOf: streamedFolder.appendingPathComponent("report.json"), encoding: .utf8)
        let markdown = try String(contentsOf: streamedFolder.appendingPathComponent("review.md"), encoding: .utf8)
        #expect(json == (try String(contentsOfFile: Repo.path("reports/\(example).json"), encoding: .utf8)))
        #expect(markdown == (try String(contentsOfFile: Repo.path("reports/\(example).md"), encoding: .utf8)))
        // Nothing but the reports is left beside them (no temporary file).
        let left = try FileManager.default.contentsOfDirectory(atPath: streamedFolder.path).sorted()
        #expect(left == Self.files.sorted())
    }

    /// With a console, the diagnostics then the summary go out line by line (as the command line
    /// prints them), the verdict last; they are what a scan otherwise returns whole, and the outcome
    /// then holds neither.
    @Test(arguments: ExampleReportTests.examples)
    func theTerminalTextGoesOutLineByLineAsItWouldBeReturned(example: String) throws {
        let folder = try Repo.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = Scan.run(Self.request(example, into: folder.appendingPathComponent("whole"), keepsTexts: false))
        final class Printed: @unchecked Sendable { var lines: [String] = [], diagnostics: [String] = [], order: [String] = [] }
        let printed = Printed()
        var request = Self.request(example, into: folder.appendingPathComponent("lines"), keepsTexts: false)
        request.console = ScanConsole(line: { printed.lines.append($0); printed.order.append("line") },
                                      diagnostic: { printed.diagnostics.append($0); printed.order.append("diagnostic") })
        let streamed = Scan.run(request)
        #expect(streamed.summary.isEmpty && streamed.diagnostics.isEmpty && !whole.summary.isEmpty)
        #expect(printed.lines.joined(separator: "\n") == whole.summary && printed.diagnostics == whole.diagnostics)
        #expect(printed.order == Array(repeating: "diagnostic", count: whole.diagnostics.count)
                + Array(repeating: "line", count: printed.lines.count))
        #expect(printed.lines.count > 1 && streamed.exitCode == whole.exitCode)
    }

    /// A report replaces the previous one at its path, and one that cannot be written names its path
    /// and leaves no temporary file behind.
    @Test func aReportReplacesItsFileAndAFailureLeavesNothing() throws {
        let folder = try Repo.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.json")
        try String(repeating: "an older and longer report\n", count: 10_000).write(to: report, atomically: true, encoding: .utf8)
        var request = ScanRequest(snapshotPath: Repo.path("examples/peering-pair"), jsonPath: report.path, asOf: "2026-11-30",
                                  snapshotLabel: "examples/peering-pair")
        request.keepsReportTexts = false
        #expect(Scan.run(request).exitCode == 0)
        #expect(try String(contentsOf: report, encoding: .utf8)
                == (try String(contentsOfFile: Repo.path("reports/peering-pair.json"), encoding: .utf8)))

        // A path under a file: the folder cannot be made.
        request.jsonPath = report.appendingPathComponent("inside.json").path
        let failed = Scan.run(request)
        #expect(failed.exitCode == 2)
        #expect(failed.diagnostics.contains { $0.contains("inside.json: cannot write the report") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.json"])
    }
}
