import Foundation
import HubAudit
import Testing

/// `hubaudit scan` renders only the formats it writes: a large organisation's report takes seconds
/// to render, and one nobody asked for is wasted. Library callers that read the texts keep them.
struct ScanFormatsTests {
    @Test func theCommandLineRendersOnlyWhatItWrites() throws {
        let sarif = try Repo.temporaryFolder().appendingPathComponent("hubaudit.sarif").path
        var request = ScanRequest(snapshotPath: Repo.path("examples/peering-pair"), sarifPath: sarif, asOf: "2026-11-23")
        request.keepsReportTexts = false
        let outcome = Scan.run(request)
        #expect(outcome.exitCode == 0)
        #expect(outcome.json == nil)
        #expect(outcome.markdown == nil)
        #expect(FileManager.default.fileExists(atPath: sarif))

        request.keepsReportTexts = true
        let kept = Scan.run(request)
        #expect(kept.json != nil)
        #expect(kept.markdown != nil)
    }
}
