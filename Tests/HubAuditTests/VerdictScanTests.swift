import Foundation
import HubAudit
import HubRules
import Testing

/// The gate's verdict through `Scan.run` (issue 9, item 8).
struct VerdictScanTests {
    static func copy(_ example: String) throws -> URL {
        let folder = try Repo.temporaryFolder().appendingPathComponent(example)
        try FileManager.default.copyItem(at: Repo.root.appendingPathComponent("examples/\(example)"), to: folder)
        return folder
    }

    /// A policy that disables every rule: a warning, and exit 2 — never a pass for an audit that did not happen.
    @Test func aPolicyDisablingEveryRuleWarnsAndIsUntrusted() throws {
        let folder = try Self.copy("peering-pair")
        let policy = folder.deletingLastPathComponent().appendingPathComponent("off.yml")
        let rules = RuleRegistry.all.map { "  \($0.description.id):\n    enabled: false" }.joined(separator: "\n")
        try "version: 1\nrules:\n\(rules)\n".write(to: policy, atomically: true, encoding: .utf8)
        let outcome = Scan.run(ScanRequest(snapshotPath: folder.path, policyPath: policy.path, asOf: "2026-11-23"))
        #expect(outcome.exitCode == 2)
        #expect(outcome.verdict?.status == .untrusted)
        #expect(outcome.diagnostics.contains { $0.hasPrefix("warning: ") && $0.contains("every rule is disabled") })
        #expect(outcome.summary.contains("no rule was evaluated"))
    }

    /// The peering-pair example passes, but moto refused the cross-check DescribeStaleSecurityGroups:
    /// not every input was read. Without that call in its manifest (a collector that never asked) it
    /// was; and with a file in it that is not a response, the verdict no longer says so, and says what was not.
    @Test func aSkippedFileIsNotEveryInputRead() throws {
        let asRecorded = Scan.run(ScanRequest(snapshotPath: Repo.path("examples/peering-pair"), asOf: "2026-11-23"))
        #expect(asRecorded.exitCode == 0)
        let recordedReasons = asRecorded.verdict?.reasons ?? []
        #expect(recordedReasons.count > 1)
        #expect(recordedReasons.allSatisfy { !$0.contains("every input was read") })
        let folder = try Self.copy("peering-pair")
        try removeFromManifest("DescribeStaleSecurityGroups", in: folder)
        let clean = Scan.run(ScanRequest(snapshotPath: folder.path, asOf: "2026-11-23"))
        #expect(clean.exitCode == 0)
        #expect(clean.verdict?.reasons.first?.hasSuffix("and every input was read") == true)
        try "x".write(to: folder.appendingPathComponent("444444444444/us-east-1/DescribeVpcs.xml.orig"), atomically: true, encoding: .utf8)
        let outcome = Scan.run(ScanRequest(snapshotPath: folder.path, asOf: "2026-11-23"))
        #expect(outcome.exitCode == 0)
        let reasons = outcome.verdict?.reasons ?? []
        #expect(!reasons.joined().contains("every input was read"))
        #expect(reasons.contains("1 file of the snapshot not read (not a response hubaudit reads)"))
        #expect(outcome.markdown?.contains("444444444444/us-east-1/DescribeVpcs.xml.orig") == true)
    }
}
