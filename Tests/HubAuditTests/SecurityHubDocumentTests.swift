import Foundation
import HubTestSupport
import Testing

/// The request bodies of `hubaudit export securityhub --dry-run`, checked by botocore's model of the
/// Security Hub API and ASFF's documented limits (Tests/Stubs/asff_validate.py): every example
/// report, every account, and a report of hostile text.
@Suite(.enabled(if: PythonPackages.usable(["botocore"]), "needs python3 with botocore: \(PythonPackages.install)"))
struct SecurityHubDocumentTests {
    static func validate(_ bodies: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Repo.path("Tests/Stubs/asff_validate.py")]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(bodies.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test(arguments: ["finance-hub", "peering-pair", "tgw-hub"])
    func exampleReportsGiveValidRequests(_ name: String) throws {
        let path = Repo.path("reports/\(name).json")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        let accounts = Set(((report?["findings"] as? [[String: Any]]) ?? []).compactMap { $0["account"] as? String })
        #expect(!accounts.isEmpty)
        for account in accounts.sorted() {
            let result = try runHubaudit(["export", "securityhub", path, "--account", account, "--dry-run"])
            #expect(result.status == 0, "\(result.stderr)")
            let check = try Self.validate(result.stdout)
            #expect(check.status == 0, "\(check.output)")
            #expect(check.output.hasPrefix("ok "))
        }
    }

    @Test func hostileTextGivesValidRequests() throws {
        let folder = try Repo.temporaryFolder()
        let hostile = "x\u{1B}[31m\r\n\"}]}\u{202E}\u{0}🙂" + String(repeating: "é🙂", count: 2000)
        let finding: [String: Any] = [
            "fingerprint": "00000000000000aa", "rule": "broad-ingress", "case": "all-traffic", "severity": "critical",
            "account": "111111111111", "region": "us-east-1",
            "resources": ["sg-0a1", hostile, "   "] + (0..<40).map { "vpc-\($0)" }, "message": hostile,
            "evidence": Array(repeating: hostile, count: 60) + [" "], "remediation": hostile, "fix_commands": Array(repeating: hostile, count: 30),
            "account_name": hostile, "waiver": ["id": hostile, "reason": hostile, "owner": "", "expires": "2099-01-01"],
        ]
        let document: [String: Any] = [
            "schema": "hubaudit-report/1", "snapshot": ["taken_at": "2026-11-30T10:00:00Z", "accounts": []],
            "verdict": ["exit_code": 1], "policy": ["rules_run": []], "findings": [finding], "not_evaluated": [],
        ]
        let path = folder.appendingPathComponent("hostile.json").path
        FileManager.default.createFile(atPath: path, contents: try JSONSerialization.data(withJSONObject: document))
        let result = try runHubaudit(["export", "securityhub", path, "--account", "111111111111", "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        let check = try Self.validate(result.stdout)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output == "ok 1\n")
    }

    @Test func usageErrorsExitSixtyFour() throws {
        let report = Repo.path("reports/tgw-hub.json")
        for arguments in [["--region", "moon-1"], ["--account", "12"], ["--endpoint-url", "http://u:p@127.0.0.1:1"]] {
            let result = try runHubaudit(["export", "securityhub", report, "--dry-run"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
        }
        let missing = try runHubaudit(["export", "securityhub", "/nonexistent/report.json", "--account", "111111111111", "--dry-run"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/report.json: cannot read the report"))
    }
}
