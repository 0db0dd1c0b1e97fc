import Foundation
import HubAWS
import HubAudit
import HubTestSupport
import Testing

/// `hubaudit export securityhub` against a scripted Security Hub: what is sent, in what batches,
/// signed how, and what the export says and exits with when Security Hub refuses some of it.
struct SecurityHubExportTests {
    /// Answers Security Hub's REST-JSON and STS's Query calls in memory and records every request.
    final class ScriptedSecurityHub: HTTPTransport, @unchecked Sendable {
        struct Request {
            var url: URL
            var headers: [(String, String)]
            var body: [UInt8]
            var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] }
            var findings: [[String: Any]] { json?["Findings"] as? [[String: Any]] ?? [] }
        }

        private let lock = NSLock()
        private var recorded: [Request] = []
        /// The import's answer to the n-th import request (from 0) and its findings' ids; nil: all imported.
        let answer: @Sendable (Int, [String]) -> HTTPResponse?

        init(_ answer: @escaping @Sendable (Int, [String]) -> HTTPResponse? = { _, _ in nil }) {
            self.answer = answer
        }

        var requests: [Request] {
            lock.lock()
            defer { lock.unlock() }
            return recorded
        }

        /// Records `request`; returns how many imports came before it.
        private func record(_ request: Request) -> Int {
            lock.withLock {
                let index = recorded.filter { $0.url.path == "/findings/import" }.count
                recorded.append(request)
                return index
            }
        }

        var imports: [Request] { requests.filter { $0.url.path == "/findings/import" } }

        func post(_ url: URL, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResponse {
            let request = Request(url: url, headers: headers, body: body)
            let index = record(request)
            if String(decoding: body, as: UTF8.self).hasPrefix("Action=GetCallerIdentity") {
                return HTTPResponse(status: 200, body: Array("""
                    <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>\
                    <Arn>arn:aws:sts::666666666666:assumed-role/audit/h</Arn><Account>666666666666</Account>\
                    </GetCallerIdentityResult></GetCallerIdentityResponse>
                    """.utf8))
            }
            let ids = request.findings.compactMap { $0["Id"] as? String }
            return answer(index, ids) ?? Self.json(["FailedCount": 0, "SuccessCount": ids.count, "FailedFindings": []])
        }

        static func json(_ object: Any, status: Int = 200) -> HTTPResponse {
            HTTPResponse(status: status, body: [UInt8](try! JSONSerialization.data(withJSONObject: object)))
        }
    }

    static let credentials = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "eu-west-1"]

    /// A hubaudit-report/1 file with `count` findings of 666666666666 (and one of another account).
    static func report(count: Int, exitCode: Int = 1, takenAt: String = "2026-11-30T10:00:00Z", in folder: URL,
                       name: String = "report.json", fingerprints: [String]? = nil) throws -> String {
        let findings = (fingerprints ?? (0..<count).map { String(format: "%016x", $0) }).map { fingerprint in
            ["fingerprint": fingerprint, "rule": "default-security-group", "case": "default-group-has-rules",
             "severity": "low", "account": "666666666666", "region": "us-east-1", "resources": ["vpc-0a1", "sg-0b2"],
             "message": "default group sg-0b2 of vpc-0a1 has rules", "evidence": ["inbound all from sg-0b2"],
             "remediation": "Remove its rules."] as [String: Any]
        } + [["fingerprint": "ffffffffffffffff", "rule": "default-security-group", "case": "default-group-has-rules",
              "severity": "low", "account": "777777777777", "region": "us-east-1", "resources": ["vpc-0c3"],
              "message": "m", "evidence": [], "remediation": "r"]]
        let document: [String: Any] = [
            "schema": "hubaudit-report/1",
            "snapshot": ["taken_at": takenAt, "accounts": [["id": "666666666666", "regions": ["us-east-1"]]]],
            "verdict": ["exit_code": exitCode], "policy": ["rules_run": ["default-security-group"]],
            "findings": findings, "not_evaluated": [],
        ]
        let path = folder.appendingPathComponent(name).path
        FileManager.default.createFile(atPath: path, contents: try JSONSerialization.data(withJSONObject: document))
        return path
    }

    static func options(_ report: String, _ change: (inout SecurityHubExportOptions) -> Void = { _ in }) -> SecurityHubExportOptions {
        var options = SecurityHubExportOptions(report: report, endpoint: URL(string: "http://127.0.0.1:9"), attempts: 3)
        change(&options)
        return options
    }

    @Test func sendsAHundredFindingsARequestSignedForSecurityHub() async throws {
        let folder = try temporaryFolder("asff")
        let transport = ScriptedSecurityHub()
        let result = await ExportSecurityHub.run(Self.options(try Self.report(count: 250, in: folder)),
                                                 environment: Self.credentials, transport: transport)
        #expect(result.exitCode == 0, "\(result.lines)")
        #expect(transport.imports.map(\.findings.count) == [100, 100, 50])
        #expect(Set(transport.imports.flatMap(\.findings).compactMap { $0["Id"] as? String }).count == 250)
        // The account came from GetCallerIdentity; the region from AWS_REGION.
        #expect(transport.requests.first?.url.path != "/findings/import")
        for request in transport.imports {
            #expect(request.url.absoluteString == "http://127.0.0.1:9/findings/import")
            let authorization = request.headers.first { $0.0 == "Authorization" }?.1 ?? ""
            #expect(authorization.contains("/eu-west-1/securityhub/aws4_request"), "\(authorization)")
            #expect(request.headers.contains { $0.0 == "Content-Type" && $0.1 == "application/json" })
            #expect(request.findings.allSatisfy {
                $0["ProductArn"] as? String == "arn:aws:securityhub:eu-west-1:666666666666:product/666666666666/default"
            })
        }
        #expect(result.lines.last == "exported to Security Hub (account 666666666666, eu-west-1): imported 250, archived 0, failed 0")
        #expect(result.lines.contains { $0.hasPrefix("note: not sent: 1 finding of other accounts, 777777777777 (1)") })
    }

    @Test func findingsSecurityHubRefusesAreNamedAndExitTwo() async throws {
        let folder = try temporaryFolder("asff")
        let transport = ScriptedSecurityHub { index, ids in
            guard index == 1 else { return nil }
            return ScriptedSecurityHub.json([
                "FailedCount": 2, "SuccessCount": ids.count - 2,
                "FailedFindings": [["Id": ids[3], "ErrorCode": "InvalidInput", "ErrorMessage": "Finding does not adhere to ASFF\u{1B}[2J"],
                                   ["Id": ids[7], "ErrorCode": "AccessDeniedException", "ErrorMessage": "wrong account"]],
            ])
        }
        let result = await ExportSecurityHub.run(Self.options(try Self.report(count: 250, in: folder)) { $0.account = "666666666666" },
                                                 environment: Self.credentials, transport: transport)
        #expect(result.exitCode == 2)
        #expect(transport.requests.allSatisfy { $0.url.path == "/findings/import" }, "--account: no STS call")
        #expect(result.lines.contains("failed: hubaudit/0000000000000067: InvalidInput: Finding does not adhere to ASFF\\u{1B}[2J"))
        #expect(result.lines.contains("failed: hubaudit/000000000000006b: AccessDeniedException: wrong account"))
        #expect(result.lines.last == "exported to Security Hub (account 666666666666, eu-west-1): imported 248, archived 0, failed 2")
    }

    @Test func anAnswerThatDoesNotNameItsFailuresConfirmsNothing() async throws {
        let folder = try temporaryFolder("asff")
        let transport = ScriptedSecurityHub { _, ids in
            ScriptedSecurityHub.json(["FailedCount": 1, "SuccessCount": ids.count - 1, "FailedFindings": []])
        }
        let result = await ExportSecurityHub.run(Self.options(try Self.report(count: 3, in: folder)),
                                                 environment: Self.credentials, transport: transport)
        #expect(result.exitCode == 2)
        #expect(result.lines.last?.hasSuffix("imported 0, archived 0, failed 3") == true)
    }

    @Test func throttlingIsRetriedAndAFailedCallStopsTheExport() async throws {
        let folder = try temporaryFolder("asff")
        let throttled = ScriptedSecurityHub { index, _ in
            index == 0 ? ScriptedSecurityHub.json(["__type": "LimitExceededException", "message": "slow down"], status: 429) : nil
        }
        let report = try Self.report(count: 150, in: folder)
        let retried = await ExportSecurityHub.run(Self.options(report), environment: Self.credentials, transport: throttled)
        #expect(retried.exitCode == 0, "\(retried.lines)")
        #expect(throttled.imports.map(\.findings.count) == [100, 100, 50])

        let denied = ScriptedSecurityHub { _, _ in
            ScriptedSecurityHub.json(["__type": "InvalidAccessException", "message": "Account is not subscribed to AWS Security Hub"],
                                     status: 401)
        }
        let stopped = await ExportSecurityHub.run(Self.options(report), environment: Self.credentials, transport: denied)
        #expect(stopped.exitCode == 2)
        #expect(denied.imports.count == 1, "a client error is not retried, and the next batch is not sent")
        #expect(stopped.lines.contains("error: BatchImportFindings (request 1 of 2, 100 findings): InvalidAccessException (HTTP 401): Account is not subscribed to AWS Security Hub"))
        #expect(stopped.lines.last?.hasSuffix("imported 0, archived 0, failed 0, not sent 150") == true)
    }

    @Test func aBaselineArchivesWhatIsGoneUnlessTheReportIsUntrusted() async throws {
        let folder = try temporaryFolder("asff")
        let baseline = try Self.report(count: 0, takenAt: "2026-11-29T10:00:00Z", in: folder, name: "old.json",
                                       fingerprints: ["00000000000000aa", "00000000000000bb"])
        let current = try Self.report(count: 0, in: folder, fingerprints: ["00000000000000bb"])
        let transport = ScriptedSecurityHub()
        let result = await ExportSecurityHub.run(Self.options(current) { $0.baseline = baseline }, environment: Self.credentials,
                                                 transport: transport)
        #expect(result.exitCode == 0, "\(result.lines)")
        let sent = transport.imports.flatMap(\.findings)
        #expect(sent.map { $0["Id"] as? String } == ["hubaudit/00000000000000bb", "hubaudit/00000000000000aa"])
        #expect(sent.map { $0["RecordState"] as? String } == ["ACTIVE", "ARCHIVED"])
        #expect(result.lines.last?.hasSuffix("imported 1, archived 1, failed 0") == true)

        let untrusted = try Self.report(count: 0, exitCode: 2, in: folder, name: "untrusted.json", fingerprints: ["00000000000000bb"])
        let withheld = ScriptedSecurityHub()
        let refused = await ExportSecurityHub.run(Self.options(untrusted) { $0.baseline = baseline }, environment: Self.credentials,
                                                  transport: withheld)
        #expect(refused.exitCode == 2)
        #expect(withheld.imports.flatMap(\.findings).map { $0["RecordState"] as? String } == ["ACTIVE"])
        #expect(refused.lines.contains { $0.hasPrefix("warning: not archived: 1 finding") && $0.contains("not fully trusted") })
    }

    @Test func aDryRunWritesTheBodiesAndSendsNothing() async throws {
        let folder = try temporaryFolder("asff")
        let transport = ScriptedSecurityHub()
        let report = try Self.report(count: 120, in: folder)
        let printed = await ExportSecurityHub.run(Self.options(report) { $0.dryRun = true; $0.account = "666666666666" },
                                                  environment: [:], transport: transport)
        #expect(printed.exitCode == 0, "\(printed.lines)")
        #expect(transport.requests.isEmpty, "no credentials needed, nothing sent")
        let lines = printed.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: [Any]] }.map { $0["Findings"]?.count } == [100, 20])
        let file = folder.appendingPathComponent("bodies.jsonl").path
        let written = await ExportSecurityHub.run(Self.options(report) { $0.output = file; $0.account = "666666666666" },
                                                  environment: [:], transport: transport)
        #expect(written.exitCode == 0 && written.output.isEmpty)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == printed.output)
        #expect(transport.requests.isEmpty)
    }

    @Test func unusableInputExitsTwoAndUnusableOptionsSixtyFour() async throws {
        let folder = try temporaryFolder("asff")
        let bad = folder.appendingPathComponent("bad.json").path
        FileManager.default.createFile(atPath: bad, contents: Data("{\"schema\": \"other/1\"}".utf8))
        let transport = ScriptedSecurityHub()
        let refused = await ExportSecurityHub.run(Self.options(bad), environment: Self.credentials, transport: transport)
        #expect(refused.exitCode == 2)
        #expect(refused.lines == ["error: \(bad): the report has schema 'other/1', expected hubaudit-report/1 (a report hubaudit scan wrote with --json)"])
        let report = try Self.report(count: 1, in: folder)
        for change: (inout SecurityHubExportOptions) -> Void in [
            { $0.region = "us-east-1/../x" }, { $0.account = "1234" },
            { $0.endpoint = URL(string: "http://user:pw@127.0.0.1:9") },
        ] {
            let result = await ExportSecurityHub.run(Self.options(report, change), environment: Self.credentials, transport: transport)
            #expect(result.exitCode == 64, "\(result.lines)")
        }
        #expect(transport.requests.isEmpty)
    }
}
