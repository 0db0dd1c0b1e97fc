import Foundation
import HubAudit
import Testing

/// Issue 9, item 3, end to end: the finance account's `web` group admits its own customer-managed
/// prefix list `corp-vpn`. When that list's entries were not collected, the group is not evaluated
/// for missing input (never passed as "outside the snapshot") and the run is untrusted, unless the
/// policy accepts the gap.
struct PrefixListGapScanTests {
    static let list = "pl-83e1db5e3913a4983"
    static let entriesFile = "111111111111/us-east-1/GetManagedPrefixListEntries.\(list).xml"

    /// A copy of the finance-hub example, changed by `damage`.
    static func snapshot(_ damage: (URL) throws -> Void) throws -> URL {
        let folder = try Repo.temporaryFolder().appendingPathComponent("snapshot")
        try FileManager.default.copyItem(at: Repo.root.appendingPathComponent("examples/finance-hub"), to: folder)
        try damage(folder)
        return folder
    }

    static func scan(_ folder: URL, policy: String? = nil) throws -> (exit: Int32, report: [String: Any]) {
        var policyPath: String?
        if let policy {
            let url = folder.deletingLastPathComponent().appendingPathComponent("policy.yml")
            try policy.write(to: url, atomically: true, encoding: .utf8)
            policyPath = url.path
        }
        let outcome = Scan.run(ScanRequest(snapshotPath: folder.path, policyPath: policyPath, jsonPath: "-", asOf: "2026-11-23"))
        let json = try #require(outcome.json, "\(outcome.diagnostics)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return (outcome.exitCode, report)
    }

    static func listGaps(_ report: [String: Any]) -> [[String: Any]] {
        (report["not_evaluated"] as? [[String: Any]] ?? []).filter {
            $0["rule"] as? String == "sg-broad-ingress" && ($0["resources"] as? [String] ?? []).contains(list)
        }
    }

    static let damages: [(String, @Sendable (URL) throws -> Void)] = [
        ("entries file missing", { try FileManager.default.removeItem(at: $0.appendingPathComponent(entriesFile)) }),
        ("an EC2 error body", {
            try """
                <?xml version="1.0" encoding="utf-8"?>
                <Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>denied</Message></Error></Errors><RequestID>r</RequestID></Response>
                """.write(to: $0.appendingPathComponent(entriesFile), atomically: true, encoding: .utf8)
        }),
    ]

    @Test(arguments: damages.map(\.0))
    func aCustomerListWithoutEntriesMakesTheRunUntrusted(damage: String) throws {
        let folder = try Self.snapshot(Self.damages.first { $0.0 == damage }!.1)
        let (exit, report) = try Self.scan(folder)
        #expect(exit == 2)
        let gaps = Self.listGaps(report)
        #expect(gaps.count == 1)
        #expect(gaps.first?["reason"] as? String == "missing-input")
        #expect((gaps.first?["resources"] as? [String])?.first?.hasPrefix("sg-") == true)
        #expect(gaps.first?["accepted"] == nil)
        #expect(gaps.first?["inputs"] as? [String] == ["GetManagedPrefixListEntries"])
        #expect((report["verdict"] as? [String: Any])?["status"] as? String == "untrusted")
    }

    /// DescribeManagedPrefixLists failed: the list cannot be identified; still missing input.
    @Test func aFailedListingMakesTheRunUntrusted() throws {
        let folder = try Self.snapshot { folder in
            try """
                <Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>slow down</Message></Error></Errors></Response>
                """.write(to: folder.appendingPathComponent("111111111111/us-east-1/DescribeManagedPrefixLists.xml"),
                          atomically: true, encoding: .utf8)
        }
        let (exit, report) = try Self.scan(folder)
        #expect(exit == 2)
        #expect(Self.listGaps(report).first?["reason"] as? String == "missing-input")
    }

    /// The policy accepts the entries gap: the entry is marked accepted and the run is not untrusted.
    @Test func anAcceptedEntriesGapDoesNotMakeTheRunUntrusted() throws {
        let folder = try Self.snapshot { try FileManager.default.removeItem(at: $0.appendingPathComponent(Self.entriesFile)) }
        let (exit, report) = try Self.scan(folder, policy: """
            version: 1
            accepted_gaps:
              - accounts: ["111111111111"]
                actions: [GetManagedPrefixListEntries]
                reason: corp-vpn entries are audited by the network team
            """)
        #expect(exit == 1) // the example's findings remain
        let gaps = Self.listGaps(report)
        #expect(gaps.count == 1)
        #expect(gaps.first?["accepted"] as? String == "corp-vpn entries are audited by the network team")
    }
}
