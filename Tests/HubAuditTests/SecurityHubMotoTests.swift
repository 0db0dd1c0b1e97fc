import Foundation
import HubTestSupport
import Testing

/// `hubaudit export securityhub` of reports/tgw-hub.json into moto's Security Hub on 127.0.0.1
/// (Tests/Stubs/securityhub_moto.py), one account at a time through a profile that assumes a role
/// there (the default product ARN takes only the caller's own findings); GetFindings, read by boto3,
/// then holds every finding of the report with its id and severity.
@Suite(.serialized, .enabled(if: Moto.isUsable, Moto.skipNote))
struct SecurityHubMotoTests {
    struct Sent: Decodable {
        struct Severity: Decodable {
            var Label: String
            var Original: String?
        }
        var Id: String
        var AwsAccountId: String
        var ProductArn: String
        var Severity: Severity
        var RecordState: String
    }

    struct ReportFinding: Decodable {
        var fingerprint: String
        var account: String
        var severity: String
    }

    struct Report: Decodable {
        var findings: [ReportFinding]
    }

    static let stub = Repo.path("Tests/Stubs/securityhub_moto.py")

    /// A config file with one profile per account, each assuming `audit` there from static keys.
    static func profiles(_ accounts: [String], in folder: URL) throws -> [String: String] {
        let config = folder.appendingPathComponent("config"), credentials = folder.appendingPathComponent("credentials")
        try (["[profile base]", "region = us-east-1"] + accounts.flatMap { account in
            ["[profile a\(account)]", "role_arn = arn:aws:iam::\(account):role/audit", "source_profile = base", "region = us-east-1"]
        }).joined(separator: "\n").write(to: config, atomically: true, encoding: .utf8)
        try "[base]\naws_access_key_id = testing\naws_secret_access_key = testing\n".write(to: credentials, atomically: true, encoding: .utf8)
        return ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_REGION": "",
                "AWS_DEFAULT_REGION": "", "AWS_CONFIG_FILE": config.path, "AWS_SHARED_CREDENTIALS_FILE": credentials.path]
    }

    static func held(_ endpoint: String, _ account: String, environment: [String: String]) throws -> [Sent] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", stub, "findings", endpoint, account]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode([Sent].self, from: data)
    }

    @Test func everyAccountsFindingsRoundTripThroughGetFindings() throws {
        let reportPath = Repo.path("reports/tgw-hub.json")
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: reportPath)))
        let accounts = Set(report.findings.map(\.account)).sorted()
        #expect(accounts.count == 4)
        let folder = try Repo.temporaryFolder()
        let environment = try Self.profiles(accounts, in: folder)
        try withLoopbackService([Self.stub, "serve"]) { endpoint in
            for account in accounts {
                let result = try runHubaudit(["export", "securityhub", reportPath, "--endpoint-url", endpoint,
                                              "--profile", "a\(account)"], environment: environment)
                let expected = report.findings.filter { $0.account == account }
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stderr.contains("exported to Security Hub (account \(account), us-east-1): imported \(expected.count), archived 0, failed 0"),
                        "\(result.stderr)")
                let held = try Self.held(endpoint, account, environment: environment)
                #expect(held.map(\.Id).sorted() == expected.map { "hubaudit/\($0.fingerprint)" }.sorted())
                let labels = Dictionary(uniqueKeysWithValues: held.map { ($0.Id, $0.Severity.Label) })
                for finding in expected {
                    #expect(labels["hubaudit/\(finding.fingerprint)"] == finding.severity.uppercased(), "\(finding.fingerprint)")
                }
                #expect(held.allSatisfy { $0.AwsAccountId == account && $0.RecordState == "ACTIVE"
                    && $0.ProductArn == "arn:aws:securityhub:us-east-1:\(account):product/\(account)/default" })
            }
        }
    }

    /// The night before had one more finding in the network account: exported with that report as the
    /// baseline, it is archived in moto, and the rest stay active.
    @Test func aResolvedFindingIsArchived() throws {
        let reportPath = Repo.path("reports/tgw-hub.json")
        let folder = try Repo.temporaryFolder()
        var previous = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reportPath))) as? [String: Any])
        var findings = try #require(previous["findings"] as? [[String: Any]])
        var gone = try #require(findings.first { $0["account"] as? String == "666666666666" })
        gone["fingerprint"] = "feedfacefeedface"
        findings.append(gone)
        previous["findings"] = findings
        var snapshot = try #require(previous["snapshot"] as? [String: Any])
        snapshot["taken_at"] = "2026-11-29T10:37:10Z"
        previous["snapshot"] = snapshot
        let baselinePath = folder.appendingPathComponent("previous.json").path
        FileManager.default.createFile(atPath: baselinePath, contents: try JSONSerialization.data(withJSONObject: previous))
        let environment = try Self.profiles(["666666666666"], in: folder)
        try withLoopbackService([Self.stub, "serve"]) { endpoint in
            let common = ["--endpoint-url", endpoint, "--profile", "a666666666666"]
            let first = try runHubaudit(["export", "securityhub", baselinePath] + common, environment: environment)
            #expect(first.status == 0, "\(first.stderr)")
            let second = try runHubaudit(["export", "securityhub", reportPath, "--baseline", baselinePath] + common, environment: environment)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stderr.contains("imported 9, archived 1, failed 0"), "\(second.stderr)")
            let held = try Self.held(endpoint, "666666666666", environment: environment)
            #expect(held.count == 10)
            #expect(held.filter { $0.RecordState == "ARCHIVED" }.map(\.Id) == ["hubaudit/feedfacefeedface"])
        }
    }
}
