import Foundation
import HubModel
import HubRules
import HubTestSupport
import Testing
@testable import HubReport

/// The ASFF documents `hubaudit export securityhub` sends, built from JSON reports without a network.
struct SecurityHubExportTests {
    static let network = SecurityHubExport.Target(account: AccountId("666666666666")!, region: RegionName("us-east-1")!)

    static func tgwHub() throws -> ReportFile { try ReportFile.load(path: Repository.path("reports/tgw-hub.json")) }

    static func finding(_ fingerprint: String = "0123456789abcdef", rule: String = "nacl-open-admin-ports",
                        case caseId: String = "internet-admin-port", severity: String = "medium",
                        account: String = "666666666666", resources: [String] = ["acl-0abc"], message: String = "acl-0abc admits ssh",
                        evidence: [String] = ["entry 100 allow 0.0.0.0/0 tcp 22"], remediation: String = "Delete the entry.",
                        fixCommands: [String]? = nil, waiver: ReportFile.Waiver? = nil) -> ReportFile.Finding {
        ReportFile.Finding(fingerprint: fingerprint, rule: rule, case: caseId, severity: severity, account: account,
                           accountName: "network", region: "us-east-1", resources: resources, message: message,
                           evidence: evidence, remediation: remediation, fixCommands: fixCommands, waiver: waiver)
    }

    static func report(_ findings: [ReportFile.Finding], takenAt: String = "2026-11-30T10:00:00Z", exitCode: Int = 1,
                       rulesRun: [String] = RuleRegistry.all.map { $0.description.id },
                       notEvaluated: [ReportFile.NotEvaluated] = [], path: String = "report.json") -> ReportFile {
        ReportFile(path: path, takenAt: takenAt, accounts: [.init(id: "666666666666", regions: ["us-east-1"])],
                   verdictExitCode: exitCode, rulesRun: rulesRun, findings: findings, notEvaluated: notEvaluated)
    }

    /// The findings as BatchImportFindings receives them: decoded back from the request bodies.
    static func sent(_ plan: SecurityHubExport.Plan) throws -> [[String: Any]] {
        try SecurityHubBatches.batches(plan.findings).flatMap { batch in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(batch.body)) as? [String: Any])
            return try #require(object["Findings"] as? [[String: Any]])
        }
    }

    @Test func everyFindingCarriesASFFsRequiredAttributes() throws {
        let report = try Self.tgwHub()
        let plan = try SecurityHubExport.plan(report: report, baseline: nil, target: Self.network)
        let mine = report.findings.filter { $0.account == "666666666666" }
        #expect(plan.active == mine.count && mine.count > 0)
        let documents = try Self.sent(plan)
        for (document, finding) in zip(documents, mine) {
            #expect(document["SchemaVersion"] as? String == "2018-10-08")
            #expect(document["Id"] as? String == "hubaudit/\(finding.fingerprint)")
            #expect(document["ProductArn"] as? String == "arn:aws:securityhub:us-east-1:666666666666:product/666666666666/default")
            #expect(document["GeneratorId"] as? String == "hubaudit/\(finding.rule)/\(finding.case)")
            #expect(document["AwsAccountId"] as? String == "666666666666")
            #expect(document["CreatedAt"] as? String == report.takenAt)
            #expect(document["UpdatedAt"] as? String == report.takenAt)
            #expect(document["FirstObservedAt"] as? String == report.takenAt)
            #expect((document["Title"] as? String)?.isEmpty == false)
            #expect((document["Description"] as? String)?.hasPrefix(finding.message) == true)
            #expect((document["Types"] as? [String])?.isEmpty == false)
            #expect(document["RecordState"] as? String == "ACTIVE")
            #expect((document["Workflow"] as? [String: String])?["Status"] == "NEW")
            #expect((document["Compliance"] as? [String: Any])?["Status"] as? String == "FAILED")
            let severity = try #require(document["Severity"] as? [String: String])
            #expect(severity["Original"] == finding.severity)
            let resources = try #require(document["Resources"] as? [[String: String]])
            #expect(resources.map { $0["Id"]!.split(separator: "/").last.map(String.init) } == finding.resources)
            #expect(resources.allSatisfy { $0["Partition"] == "aws" && $0["Region"] == "us-east-1" && $0["Type"] != nil })
        }
    }

    @Test func severitiesAreASFFLabels() {
        let labels = Severity.allCases.map { SecurityHubExport.label(of: $0.description) }
        #expect(labels == ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"])
    }

    @Test func complianceNamesTheRulesDeclaredControlsAndTypesFollowTheCategory() throws {
        let plan = try SecurityHubExport.plan(report: Self.report([Self.finding()]), baseline: nil, target: Self.network)
        let document = try #require(plan.findings.first)
        let declared = NetworkAclAdminPortsRule.description.controls.map(\.requirement)
        #expect(document.compliance.relatedRequirements == declared)
        #expect(declared.contains("CIS AWS Foundations Benchmark v3.0.0/5.1"))
        #expect(document.types == ["Software and Configuration Checks/AWS Security Best Practices/Network Reachability",
                                   "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"])
        // A rule without controls has no RelatedRequirements at all (ASFF refuses an empty list).
        let flowLogsless = try SecurityHubExport.plan(report: Self.report([Self.finding(rule: "overlapping-vpc-cidrs", case: "peered-overlap")]),
                                                      baseline: nil, target: Self.network)
        #expect(flowLogsless.findings.first?.compliance.relatedRequirements == nil)
        #expect(flowLogsless.findings.first?.types == ["Software and Configuration Checks/AWS Security Best Practices"])
    }

    @Test func idsAreTheFingerprintsAndTheDocumentsAreDeterministic() throws {
        let first = try SecurityHubExport.plan(report: Self.tgwHub(), baseline: nil, target: Self.network)
        let second = try SecurityHubExport.plan(report: Self.tgwHub(), baseline: nil, target: Self.network)
        #expect(SecurityHubBatches.batches(first.findings).map(\.body) == SecurityHubBatches.batches(second.findings).map(\.body))
        // The id follows the fingerprint, not the wording.
        let reworded = try SecurityHubExport.plan(report: Self.report([Self.finding(message: "other words")]), baseline: nil, target: Self.network)
        let original = try SecurityHubExport.plan(report: Self.report([Self.finding()]), baseline: nil, target: Self.network)
        #expect(reworded.findings.map(\.id) == original.findings.map(\.id))
        #expect(original.findings.map(\.id) == ["hubaudit/0123456789abcdef"])
    }

    @Test func resourceTypesAndARNsFollowTheIdPrefix() {
        let cases: [(String, String, String)] = [
            ("vpc-0a1", "AwsEc2Vpc", "vpc/vpc-0a1"), ("sg-0a1", "AwsEc2SecurityGroup", "security-group/sg-0a1"),
            ("rtb-0a1", "AwsEc2RouteTable", "route-table/rtb-0a1"),
            ("pcx-0a1", "AwsEc2VpcPeeringConnection", "vpc-peering-connection/pcx-0a1"),
            ("acl-0a1", "AwsEc2NetworkAcl", "network-acl/acl-0a1"), ("tgw-0a1", "AwsEc2TransitGateway", "transit-gateway/tgw-0a1"),
            ("tgw-attach-0a1", "Other", "transit-gateway-attachment/tgw-attach-0a1"),
            ("tgw-rtb-0a1", "Other", "transit-gateway-route-table/tgw-rtb-0a1"), ("subnet-0a1", "AwsEc2Subnet", "subnet/subnet-0a1"),
            ("eni-0a1", "AwsEc2NetworkInterface", "network-interface/eni-0a1"), ("i-0a1", "AwsEc2Instance", "instance/i-0a1"),
            ("vpce-0a1", "Other", "vpc-endpoint/vpce-0a1"),
        ]
        for (id, type, path) in cases {
            #expect(AWSResourceType.of(id).securityHubType == type, "\(id)")
            #expect(AWSResourceType.arn(resourceId: id, account: "111111111111", region: "us-east-1") == "arn:aws:ec2:us-east-1:111111111111:\(path)")
        }
        #expect(AWSResourceType.arn(resourceId: "vpc-0a1", account: "111111111111", region: "cn-north-1") == "arn:aws-cn:ec2:cn-north-1:111111111111:vpc/vpc-0a1")
        // Not an EC2 id, or hostile: no ARN is pasted together from it.
        for id in ["vpc-", "vpc-0a1/../x", "hub", "vpc-0A1:arn", "vpc-0a1\u{1B}"] {
            #expect(AWSResourceType.arn(resourceId: id, account: "111111111111", region: "us-east-1") == nil, "\(id)")
            #expect(AWSResourceType.of(id).securityHubType == "Other")
        }
        #expect(AWSResourceType.arn(resourceId: "vpc-0a1", account: "1111", region: "us-east-1") == nil)
    }

    @Test func longTextStaysWithinASFFsLimitsAndTheEvidenceIsWholeInProductFields() throws {
        let evidence = (1...40).map { "evidence line \($0) " + String(repeating: "x", count: 3000) }
        let commands = (1...20).map { "aws ec2 delete-network-acl-entry --network-acl-id acl-\($0) " + String(repeating: "y", count: 100) }
        let resources = (1...40).map { "sg-\(String($0, radix: 16))" }
        let long = Self.finding(resources: resources, message: String(repeating: "ü🙂 ", count: 400), evidence: evidence,
                                remediation: String(repeating: "Delete it. ", count: 100), fixCommands: commands)
        let document = try #require(try SecurityHubExport.plan(report: Self.report([long]), baseline: nil, target: Self.network).findings.first)
        #expect(document.title.utf16.count <= 256 && document.title.hasSuffix(SecurityHubExport.truncationMarker))
        #expect(document.description.utf16.count <= 1024 && document.description.hasSuffix(SecurityHubExport.truncationMarker))
        #expect(document.remediation.recommendation.text.utf16.count <= 512)
        #expect(document.resources.count == 32)
        #expect(document.productFields["hubaudit/resources_omitted"] == resources.dropLast(0).suffix(8).joined(separator: " "))
        #expect(document.productFields.count <= 45)
        #expect(document.productFields.allSatisfy { $0.key.utf16.count < 128 && $0.value.utf16.count <= 2048 })
        #expect(document.productFields["hubaudit/evidence/24"]?.hasPrefix("evidence line 24 ") == true)
        #expect(document.productFields["hubaudit/evidence/omitted"] == "16 more in the JSON report")
        #expect(document.productFields["hubaudit/fix_command/12"] == SecurityHubExport.value(commands[11]))
        // Cut on a character boundary: no half of a surrogate pair.
        #expect(String(decoding: Array(document.title.utf8), as: UTF8.self) == document.title)
    }

    @Test func aFindingOfWideTextStaysUnderSecurityHubsSizeLimit() throws {
        let wide = String(repeating: "€", count: 3000)
        let finding = Self.finding(evidence: Array(repeating: wide, count: 30), fixCommands: Array(repeating: wide, count: 14))
        let document = try #require(try SecurityHubExport.plan(report: Self.report([finding]), baseline: nil, target: Self.network).findings.first)
        #expect(SecurityHubBatches.encode(document).count <= SecurityHubExport.maxFindingBytes)
        let kept = document.productFields.keys.filter { $0.hasPrefix("hubaudit/evidence/") && !$0.hasSuffix("omitted") }.count
        #expect(kept > 0 && kept < 24)
        #expect(document.productFields["hubaudit/evidence/omitted"] == "\(30 - kept) more in the JSON report")
    }

    @Test func hostileTextStaysInertValidJSON() throws {
        let hostile = "PASS\u{1B}[2J\n\"},{\"Id\":\"forged\"}]}\u{202E}\u{0}"
        let finding = Self.finding(resources: ["vpc-0a1", hostile], message: hostile, evidence: [hostile, "   "],
                                   remediation: "\n\t", fixCommands: [hostile])
        let plan = try SecurityHubExport.plan(report: Self.report([finding]), baseline: nil, target: Self.network)
        let documents = try Self.sent(plan)
        #expect(documents.count == 1)
        let document = try #require(documents.first)
        #expect(document["Id"] as? String == "hubaudit/0123456789abcdef")
        for key in ["Title", "Description"] {
            let text = try #require(document[key] as? String)
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0.value == 0 }, "\(key)")
        }
        #expect((document["Title"] as? String)?.contains("\\u{1B}") == true)
        #expect(((document["Remediation"] as? [String: Any])?["Recommendation"] as? [String: String])?["Text"]?.contains("$ PASS") == true)
        // Blank text is never sent blank (ASFF's pattern `.*\S.*`).
        #expect((document["ProductFields"] as? [String: String])?["hubaudit/evidence/02"] == "(blank)")
        let resources = try #require(document["Resources"] as? [[String: String]])
        #expect(resources[1]["Type"] == "Other")
        #expect(resources[1]["Id"]?.contains("\u{1B}") == false)
    }

    @Test func waivedFindingsAreSuppressed() throws {
        let waived = Self.finding(waiver: .init(id: "W-7", reason: "lab", owner: "netsec", expires: "2099-01-01"))
        let document = try #require(try SecurityHubExport.plan(report: Self.report([waived]), baseline: nil, target: Self.network).findings.first)
        #expect(document.workflow.status == "SUPPRESSED")
        #expect(document.recordState == "ACTIVE")
        #expect(document.productFields["hubaudit/waiver"] == "W-7: lab (owner netsec, expires 2099-01-01)")
    }

    @Test func onlyTheTargetAccountsFindingsAreSent() throws {
        let report = try Self.tgwHub()
        let plan = try SecurityHubExport.plan(report: report, baseline: nil, target: Self.network)
        #expect(plan.findings.allSatisfy { $0.awsAccountId == "666666666666" })
        #expect(plan.otherAccounts == ["777777777777": 5, "888888888888": 7, "999999999999": 11])
    }

    @Test func baselineFindingsMissingFromTheReportAreArchived() throws {
        let gone = Self.finding("00000000000000aa", message: "was there")
        let kept = Self.finding("00000000000000bb")
        let baseline = Self.report([gone, kept], takenAt: "2026-11-29T10:00:00Z", path: "old.json")
        let plan = try SecurityHubExport.plan(report: Self.report([kept]), baseline: baseline, target: Self.network)
        #expect(plan.active == 1 && plan.archived == 1)
        let archived = try #require(plan.findings.last)
        #expect(archived.id == "hubaudit/00000000000000aa")
        #expect(archived.recordState == "ARCHIVED")
        #expect(archived.workflow.status == "RESOLVED")
        #expect(archived.compliance.status == "PASSED")
        #expect(archived.updatedAt == "2026-11-30T10:00:00Z")
        #expect(archived.createdAt == "2026-11-29T10:00:00Z")
    }

    @Test func absenceThatProvesNothingArchivesNothing() throws {
        let gone = Self.finding("00000000000000aa")
        let baseline = Self.report([gone], takenAt: "2026-11-29T10:00:00Z", path: "old.json")
        let untrusted = try SecurityHubExport.plan(report: Self.report([], exitCode: 2), baseline: baseline, target: Self.network)
        #expect(untrusted.archived == 0 && untrusted.untrusted)
        #expect(untrusted.withheld.map(\.fingerprint) == ["00000000000000aa"])
        let notRun = try SecurityHubExport.plan(report: Self.report([], rulesRun: ["flow-logs"]), baseline: baseline, target: Self.network)
        #expect(notRun.archived == 0 && notRun.withheld.first?.reason == "rule nacl-open-admin-ports did not run")
        let notEvaluated = try SecurityHubExport.plan(
            report: Self.report([], notEvaluated: [.init(rule: "nacl-open-admin-ports", account: "666666666666", region: "us-east-1")]),
            baseline: baseline, target: Self.network)
        #expect(notEvaluated.archived == 0 && notEvaluated.withheld.count == 1)
        let notConfigured = try SecurityHubExport.plan(
            report: Self.report([], notEvaluated: [.init(rule: "nacl-open-admin-ports", account: "*", region: "*")]),
            baseline: baseline, target: Self.network)
        #expect(notConfigured.archived == 0 && notConfigured.withheld.count == 1)
        var otherRegion = Self.report([])
        otherRegion.accounts = [.init(id: "666666666666", regions: ["eu-west-1"])]
        #expect(try SecurityHubExport.plan(report: otherRegion, baseline: baseline, target: Self.network).archived == 0)
    }

    @Test func aBaselineNewerThanTheReportOrRepeatingAFingerprintIsRefused() throws {
        let newer = Self.report([], takenAt: "2026-12-01T00:00:00Z", path: "old.json")
        #expect(throws: InputProblem.self) { try SecurityHubExport.plan(report: Self.report([]), baseline: newer, target: Self.network) }
        let repeated = Self.report([Self.finding(), Self.finding()], takenAt: "2026-11-29T00:00:00Z", path: "old.json")
        #expect(throws: InputProblem.self) { try SecurityHubExport.plan(report: Self.report([]), baseline: repeated, target: Self.network) }
    }

    @Test func findingsWhoseIdsWouldBeHostileAreRefusedNamingTheFinding() throws {
        let bad: [ReportFile.Finding] = [
            Self.finding("0123/../x"), Self.finding(rule: "Rule One"), Self.finding(account: "66666666666x"),
            Self.finding(severity: "severe"),
        ]
        for finding in bad {
            #expect(throws: InputProblem.self) { try SecurityHubExport.plan(report: Self.report([finding]), baseline: nil, target: Self.network) }
        }
        do {
            _ = try SecurityHubExport.plan(report: Self.report([Self.finding(), Self.finding()]), baseline: nil, target: Self.network)
            Issue.record("a repeated fingerprint was accepted")
        } catch let problem as InputProblem {
            #expect(problem.description == "report.json: findings[1]: fingerprint '0123456789abcdef' repeats an earlier finding's")
        }
    }

    @Test func batchesHoldAtMostAHundredFindingsAndStayUnderTheSizeLimit() throws {
        let findings = (0..<250).map { Self.finding(String(format: "%016x", $0)) }
        let plan = try SecurityHubExport.plan(report: Self.report(findings), baseline: nil, target: Self.network)
        let batches = SecurityHubBatches.batches(plan.findings)
        #expect(batches.map(\.ids.count) == [100, 100, 50])
        #expect(batches.flatMap(\.ids) == plan.findings.map(\.id))
        let small = SecurityHubBatches.batches(plan.findings, maxBytes: 20_000)
        #expect(small.count > 3)
        #expect(small.allSatisfy { $0.body.count <= 20_000 + 16 })
        #expect(small.flatMap(\.ids) == plan.findings.map(\.id))
        for batch in small {
            let object = try JSONSerialization.jsonObject(with: Data(batch.body)) as? [String: [Any]]
            #expect(object?["Findings"]?.count == batch.ids.count)
        }
    }

    @Test func unreadableReportsAreNamedAndRefused() throws {
        let folder = try temporaryFolder("asff")
        func problem(_ text: String, maximumSize: Int = ReportFile.maximumSize) -> String? {
            let path = folder.appendingPathComponent("r.json").path
            FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            do {
                _ = try ReportFile.load(path: path, maximumSize: maximumSize)
                return nil
            } catch let problem as InputProblem {
                #expect(problem.file == path)
                return problem.message
            } catch {
                return "\(error)"
            }
        }
        #expect(problem("{not json") == "the report is not JSON (a hubaudit JSON report, hubaudit-report/1, is expected)")
        #expect(problem(#"{"schema": "sarif/2.1"}"#)?.contains("has schema 'sarif/2.1', expected hubaudit-report/1") == true)
        #expect(problem(#"{"version": "2.1.0"}"#)?.contains("has no schema") == true)
        #expect(problem(#"{"schema": "hubaudit-report/1", "snapshot": {"accounts": []}}"#)?.contains("has no 'verdict'") == true)
        let valid = try String(contentsOfFile: Repository.path("reports/tgw-hub.json"), encoding: .utf8)
        #expect(problem(valid) == nil)
        #expect(problem(valid, maximumSize: 1000)?.contains("larger than 1000 bytes") == true)
    }
}
