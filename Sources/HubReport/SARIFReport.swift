import Foundation
import HubModel
import HubRules

/// SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure DevOps, …).
///
/// One run. `tool.driver.rules` has one reporting descriptor per rule case (`<rule>/<case>`);
/// `results` has one result per unwaived finding, of every severity (waived findings stay in the
/// JSON report only). Findings are AWS resources, not source lines, so a result's location is
/// logical: one per resource id, `account/region/id`. Rule evaluations skipped for missing input
/// become warnings under `invocations[0].toolExecutionNotifications`, and an untrusted run is an
/// unsuccessful execution. Keys are sorted and nothing depends on the clock: same input, same bytes.
public enum SARIFReport {
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    public static let informationURI = "https://github.com/hubaudit/hubaudit"
    /// The key of `partialFingerprints`: bump the suffix if the fingerprint's recipe ever changes.
    public static let fingerprintKey = "hubaudit/v1"

    public static func render(_ input: ReportInput) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try! encoder.encode(Log(input))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// SARIF `level` of a severity: critical/high → error, medium → warning, low/info → note.
    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low, .info: return "note"
        }
    }

    /// GitHub's `security-severity` (a number as a string, 0.0–10.0; > 9.0 critical, ≥ 7.0 high,
    /// ≥ 4.0 medium, > 0.0 low).
    public static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: return "9.5"
        case .high: return "8.0"
        case .medium: return "5.5"
        case .low: return "3.0"
        case .info: return "0.0"
        }
    }

    // MARK: - Document

    struct Log: Encodable {
        var schema = SARIFReport.schemaURI
        var version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema", version, runs
        }

        init(_ input: ReportInput) {
            runs = [Run(input)]
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var invocations: [Invocation]
        var properties: RunProperties

        init(_ input: ReportInput) {
            let rules = SARIFReport.descriptors(input)
            var index: [String: Int] = [:]
            for (position, rule) in rules.enumerated() { index[rule.id] = position }
            tool = Tool(driver: Driver(rules: rules))
            let names = input.snapshot.metadata.accountNames
            results = input.result.findings.filter { input.waiver(for: $0) == nil }.map { finding in
                let id = "\(finding.ruleId)/\(finding.caseId)"
                return Result(
                    ruleId: id, ruleIndex: index[id]!, level: SARIFReport.level(finding.severity),
                    message: Message(text: finding.message),
                    locations: [Location(
                        physicalLocation: SARIFReport.artifact(for: finding, in: input).map {
                            PhysicalLocation(artifactLocation: ArtifactLocation(uri: "\(input.snapshotLabel)/\($0)"))
                        },
                        logicalLocations: unique(finding.resourceIds).map { resource in
                            LogicalLocation(name: resource, fullyQualifiedName: "\(finding.scope)/\(resource)")
                        })],
                    partialFingerprints: [SARIFReport.fingerprintKey: finding.fingerprint],
                    baselineState: input.changes[finding.fingerprint]?.rawValue,
                    properties: ResultProperties(
                        severity: finding.severity.description, account: finding.scope.account,
                        accountName: names[finding.scope.account], region: finding.scope.region,
                        evidence: finding.evidence, remediation: finding.remediationWithCommands))
            }
            let notifications = input.result.notEvaluated.filter { $0.reason == .missingInput }.map { entry in
                let resources = entry.resourceIds.isEmpty ? "" : " (\(entry.resourceIds.joined(separator: ", ")))"
                return Notification(
                    level: "warning",
                    message: Message(text: "\(entry.ruleId) not evaluated in \(entry.scope)\(resources): \(entry.detail)"),
                    properties: NotificationProperties(rule: entry.ruleId, account: entry.scope.account,
                                                       region: entry.scope.region, resources: entry.resourceIds,
                                                       reason: entry.reason.rawValue, detail: entry.detail))
            }
            invocations = [Invocation(executionSuccessful: input.verdict.status != .untrusted,
                                      exitCode: Int(input.verdict.exitCode),
                                      toolExecutionNotifications: notifications.isEmpty ? nil : notifications)]
            properties = RunProperties(
                snapshot: input.snapshotLabel, takenAt: input.snapshot.metadata.takenAt,
                policy: input.policy.source, verdict: input.verdict.status.rawValue,
                threshold: input.verdict.threshold.description, reasons: input.verdict.reasons,
                waived: input.result.findings.filter { input.waiver(for: $0) != nil }.count)
        }
    }

    /// One descriptor per case of every rule that ran (registry order, then case order), with the
    /// severity the policy gives the case. A finding of a rule or case no registry entry declares
    /// (a rule outside the registry) still gets a minimal descriptor, so every result resolves.
    static func descriptors(_ input: ReportInput) -> [ReportingDescriptor] {
        var out: [ReportingDescriptor] = []
        var seen = Set<String>()
        for ruleId in input.result.rulesRun {
            guard let description = RuleRegistry.rule(id: ruleId)?.description else { continue }
            let configuration = input.policy.configuration(ruleId)
            let helpURI = description.references.first { $0.hasPrefix("https://") || $0.hasPrefix("http://") }
            for ruleCase in description.cases {
                let severity = configuration.severities[ruleCase.id] ?? ruleCase.severity
                let id = "\(description.id)/\(ruleCase.id)"
                guard seen.insert(id).inserted else { continue }
                out.append(ReportingDescriptor(
                    id: id, name: name(description.id, ruleCase.id),
                    shortDescription: Message(text: ruleCase.summary),
                    fullDescription: Message(text: description.rationale),
                    help: Message(text: ruleCase.remediation), helpUri: helpURI,
                    defaultConfiguration: Configuration(level: level(severity)),
                    properties: DescriptorProperties(securitySeverity: securitySeverity(severity),
                                                     tags: ["security", description.category])))
            }
        }
        let undeclared = input.result.findings.filter { seen.insert("\($0.ruleId)/\($0.caseId)").inserted }
        var extra: [String: ReportingDescriptor] = [:]
        for finding in undeclared {
            let id = "\(finding.ruleId)/\(finding.caseId)"
            extra[id] = ReportingDescriptor(
                id: id, name: name(finding.ruleId, finding.caseId),
                shortDescription: Message(text: "\(finding.ruleId): \(finding.caseId)"), fullDescription: nil,
                help: Message(text: finding.remediationWithCommands), helpUri: nil,
                defaultConfiguration: Configuration(level: level(finding.severity)),
                properties: DescriptorProperties(securitySeverity: securitySeverity(finding.severity),
                                                 tags: ["security"]))
        }
        return out + extra.keys.sorted().map { extra[$0]! }
    }

    /// `peering-routes` / `missing-return-route` → `PeeringRoutes/MissingReturnRoute` (SARIF
    /// suggests a Pascal-case identifier for `name`; GitHub shows it next to the id).
    static func name(_ ruleId: String, _ caseId: String) -> String {
        func pascal(_ text: String) -> String {
            text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
                .joined()
        }
        return "\(pascal(ruleId))/\(pascal(caseId))"
    }

    /// The response file that describes a finding's first resource, relative to the snapshot
    /// (`111111111111/us-east-1/DescribeRouteTables.xml`): code-scanning services such as GitHub's
    /// refuse results without a physical location. Taken from the files the snapshot actually had.
    static func artifact(for finding: Finding, in input: ReportInput) -> String? {
        let actions: [(String, Action)] = [("rtb-", .describeRouteTables), ("sg-", .describeSecurityGroups),
                                           ("pcx-", .describeVpcPeeringConnections), ("fl-", .describeFlowLogs),
                                           ("subnet-", .describeSubnets), ("vpc-", .describeVpcs)]
        for resource in finding.resourceIds {
            guard let action = actions.first(where: { resource.hasPrefix($0.0) })?.1 else { continue }
            if case .collected(let files) = input.snapshot.coverage.status(finding.scope, action), let file = files.first {
                return file
            }
        }
        return nil
    }

    /// Resource ids without repeats, first occurrence kept (SARIF wants unique logical locations).
    static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name = "hubaudit"
        var version = HubAuditVersion.current
        var semanticVersion = HubAuditVersion.current
        var informationUri = SARIFReport.informationURI
        var rules: [ReportingDescriptor]
    }

    struct ReportingDescriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message?
        var help: Message
        var helpUri: String?
        var defaultConfiguration: Configuration
        var properties: DescriptorProperties
    }

    struct Configuration: Encodable {
        var level: String
    }

    struct DescriptorProperties: Encodable {
        var securitySeverity: String
        var tags: [String]
        enum CodingKeys: String, CodingKey {
            case tags
            case securitySeverity = "security-severity"
        }
    }

    struct Message: Encodable {
        var text: String
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var baselineState: String?
        var properties: ResultProperties
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation?
        var logicalLocations: [LogicalLocation]
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
    }

    struct ArtifactLocation: Encodable {
        /// The snapshot as the user named it, then the file in it: in a repository that commits its
        /// snapshots, this is the path code scanning links to.
        var uri: String
    }

    struct LogicalLocation: Encodable {
        var name: String
        var fullyQualifiedName: String
        var kind = "resource"
    }

    struct ResultProperties: Encodable {
        var severity: String
        var account: String
        var accountName: String?
        var region: String
        var evidence: [String]
        var remediation: String
        enum CodingKeys: String, CodingKey {
            case severity, account, region, evidence, remediation
            case accountName = "account_name"
        }
    }

    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var exitCode: Int
        var toolExecutionNotifications: [Notification]?
    }

    struct Notification: Encodable {
        var level: String
        var message: Message
        var properties: NotificationProperties
    }

    struct NotificationProperties: Encodable {
        var rule: String
        var account: String
        var region: String
        var resources: [String]
        var reason: String
        var detail: String
    }

    struct RunProperties: Encodable {
        var snapshot: String
        var takenAt: String?
        var policy: String
        var verdict: String
        var threshold: String
        var reasons: [String]
        var waived: Int
        enum CodingKeys: String, CodingKey {
            case snapshot, policy, verdict, threshold, reasons, waived
            case takenAt = "taken_at"
        }
    }
}
