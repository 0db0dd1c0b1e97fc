import Foundation
import HubModel
import HubRules

/// A JSON report's findings as the ASFF findings BatchImportFindings takes, for one account's
/// Security Hub in one region (the default product ARN of a custom integration accepts only the
/// calling account's findings). Pure: the same report gives the same documents, byte for byte —
/// every time in them is the snapshot's, none is the clock's.
public enum SecurityHubExport {
    /// Where the findings go: the account whose product ARN they carry, and the Security Hub region.
    public struct Target: Sendable {
        public var account: AccountId
        public var region: RegionName

        public init(account: AccountId, region: RegionName) {
            self.account = account
            self.region = region
        }

        /// `arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default`
        public var productArn: String {
            "arn:\(region.partition):securityhub:\(region.name):\(account.digits):product/\(account.digits)/default"
        }
    }

    /// What an export sends and what it leaves out, and why.
    public struct Plan: Sendable {
        /// The report's findings of the target account (open and waived), then the archived ones.
        public var findings: [SecurityHubFinding]
        public var active: Int
        public var archived: Int
        /// Findings of other accounts, by account: BatchImportFindings takes them only from those accounts.
        public var otherAccounts: [String: Int]
        /// Baseline findings absent from the report but not archived, each with why (the absence
        /// proves nothing when the rule did not run or was not evaluated there).
        public var withheld: [(fingerprint: String, reason: String)]
        /// Set when the report is not fully trusted (its verdict exits 2): nothing is archived then.
        public var untrusted: Bool
    }

    // ASFF's limits (AwsSecurityFinding in the Security Hub API reference).
    static let titleLimit = 256
    static let descriptionLimit = 1024
    static let recommendationLimit = 512
    static let productFieldValueLimit = 2000
    static let maxResources = 32
    static let maxRequirements = 32
    static let maxEvidenceFields = 24
    static let maxCommandFields = 12
    /// Security Hub takes up to 240 KB a finding.
    static let maxFindingBytes = 200 * 1024
    /// The marker a cut text ends with.
    static let truncationMarker = " …[truncated]"

    public static func plan(report: ReportFile, baseline: ReportFile?, target: Target) throws -> Plan {
        let updatedAt = try timestamp(of: report)
        try checkUnique(report)
        // Each rule's description once: building one is not free, and a report holds thousands of findings.
        let rules = Dictionary(RuleRegistry.all.map { ($0.description.id, $0.description) }) { first, _ in first }
        var plan = Plan(findings: [], active: 0, archived: 0, otherAccounts: [:], withheld: [], untrusted: report.verdictExitCode == 2)
        for (index, finding) in report.findings.enumerated() {
            try check(finding, index: index, in: report.path)
            guard finding.account == target.account.digits else {
                plan.otherAccounts[finding.account, default: 0] += 1
                continue
            }
            plan.findings.append(fitted(document(finding, rule: rules[finding.rule], target: target, createdAt: updatedAt,
                                                 updatedAt: updatedAt, archived: false)))
        }
        plan.active = plan.findings.count
        if let baseline { try archive(baseline, against: report, into: &plan, rules: rules, target: target, updatedAt: updatedAt) }
        plan.archived = plan.findings.count - plan.active
        return plan
    }

    /// The baseline's findings of the target account that the report no longer has, archived — or
    /// withheld, with why, when their absence proves nothing.
    static func archive(_ baseline: ReportFile, against report: ReportFile, into plan: inout Plan,
                        rules: [String: RuleDescription], target: Target, updatedAt: String) throws {
        let createdAt = try timestamp(of: baseline)
        guard date(createdAt) <= date(updatedAt) else {
            throw InputProblem(file: baseline.path, message: "the baseline's snapshot (\(createdAt)) is newer than the report's (\(updatedAt)): pass the previous report as --baseline")
        }
        try checkUnique(baseline)
        let current = Set(report.findings.map(\.fingerprint))
        for (index, finding) in baseline.findings.enumerated() where !current.contains(finding.fingerprint) {
            try check(finding, index: index, in: baseline.path)
            guard finding.account == target.account.digits else { continue }
            if let reason = plan.untrusted ? "the report is not fully trusted (verdict exit 2)" : whyNotResolved(finding, in: report) {
                plan.withheld.append((finding.fingerprint, reason))
                continue
            }
            plan.findings.append(fitted(document(finding, rule: rules[finding.rule], target: target, createdAt: createdAt,
                                                 updatedAt: updatedAt, archived: true)))
        }
    }

    /// Why a baseline finding missing from the report may not be resolved; nil when it is.
    static func whyNotResolved(_ finding: ReportFile.Finding, in report: ReportFile) -> String? {
        guard report.rulesRun.contains(finding.rule) else { return "rule \(finding.rule) did not run" }
        guard report.accounts.contains(where: { $0.id == finding.account && $0.regions.contains(finding.region) }) else {
            return "\(finding.account)/\(finding.region) is not in the report's snapshot"
        }
        // `*`: filed for the whole run (an intent rule with nothing declared to check).
        if report.notEvaluated.contains(where: {
            $0.rule == finding.rule && ($0.account == "*" || $0.account == finding.account) && ($0.region == "*" || $0.region == finding.region)
        }) {
            return "rule \(finding.rule) was not evaluated in \(finding.account)/\(finding.region)"
        }
        return nil
    }

    // MARK: - One finding

    /// `rule`: the finding's rule as this hubaudit declares it; nil for a rule it does not know (a report
    /// of another version), whose finding then has the general type and no requirements.
    static func document(_ finding: ReportFile.Finding, rule: RuleDescription?, target: Target, createdAt: String,
                         updatedAt: String, archived: Bool) -> SecurityHubFinding {
        let severity = SecurityHubFinding.Severity(label: label(of: finding.severity), original: finding.severity)
        let types = types(for: rule)
        let requirements = Array((rule?.controls ?? []).map(\.requirement).prefix(maxRequirements))
        return SecurityHubFinding(
            id: "hubaudit/\(finding.fingerprint)", productArn: target.productArn,
            generatorId: "hubaudit/\(finding.rule)/\(finding.case)", awsAccountId: finding.account, types: types,
            createdAt: createdAt, updatedAt: updatedAt, firstObservedAt: createdAt,
            lastObservedAt: archived ? createdAt : updatedAt, severity: severity,
            title: cut(nonBlank(field(finding.message), or: "hubaudit \(finding.rule)/\(finding.case)"), to: titleLimit),
            description: description(of: finding),
            remediation: .init(recommendation: .init(text: recommendation(of: finding))),
            productFields: productFields(of: finding, archived: archived),
            resources: resources(of: finding),
            compliance: .init(status: archived ? "PASSED" : "FAILED", relatedRequirements: requirements.isEmpty ? nil : requirements),
            workflow: .init(status: archived ? "RESOLVED" : finding.waiver == nil ? "NEW" : "SUPPRESSED"),
            recordState: archived ? "ARCHIVED" : "ACTIVE",
            findingProviderFields: .init(severity: severity, types: types))
    }

    /// hubaudit's severities are ASFF's labels, `info` being INFORMATIONAL.
    static func label(of severity: String) -> String {
        severity == "info" ? "INFORMATIONAL" : severity.uppercased()
    }

    /// ASFF's `namespace/category/classifier` types: network-path findings are Network Reachability;
    /// every rule with a CIS section also counts as that benchmark's finding.
    static func types(for rule: RuleDescription?) -> [String] {
        let practices = "Software and Configuration Checks/AWS Security Best Practices"
        var types: [String]
        switch rule?.category {
        case "routing", "security-groups", "network-acls", "transit-gateway", "intent":
            types = ["\(practices)/Network Reachability"]
        default:
            types = [practices]
        }
        if rule?.controls.contains(where: { $0.standard == .cisV3 }) == true {
            types.append("Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark")
        }
        return types
    }

    /// The message, then the evidence, a line each, within ASFF's 1,024 characters; the evidence is
    /// whole in ProductFields (and the JSON report).
    static func description(of finding: ReportFile.Finding) -> String {
        let lines = [field(finding.message)] + finding.evidence.map { "- " + field($0) }
        return cut(nonBlank(lines.joined(separator: "\n"), or: "hubaudit \(finding.rule)/\(finding.case)"), to: descriptionLimit)
    }

    /// The fix, then its commands, within ASFF's 512 characters (the commands are whole in ProductFields).
    static func recommendation(of finding: ReportFile.Finding) -> String {
        let lines = [field(finding.remediation)] + (finding.fixCommands ?? []).map { "$ " + field($0) }
        return cut(nonBlank(lines.joined(separator: "\n"), or: "see the hubaudit report"), to: recommendationLimit)
    }

    /// hubaudit's own facts, and the evidence and commands whole (one field per line, at most
    /// ~40 of ASFF's 50, leaving room for the ones Security Hub adds).
    static func productFields(of finding: ReportFile.Finding, archived: Bool) -> [String: String] {
        var fields = [
            "hubaudit/fingerprint": finding.fingerprint, "hubaudit/rule": finding.rule, "hubaudit/case": finding.case,
            "hubaudit/severity": finding.severity, "hubaudit/region": finding.region,
        ]
        if let name = finding.accountName { fields["hubaudit/account_name"] = value(name) }
        if let waiver = finding.waiver {
            fields["hubaudit/waiver"] = value("\(waiver.id): \(waiver.reason) (owner \(waiver.owner), expires \(waiver.expires))")
        }
        if archived { fields["hubaudit/status"] = "resolved: absent from the report" }
        numbered(finding.evidence, as: "hubaudit/evidence", limit: maxEvidenceFields, into: &fields)
        numbered(finding.fixCommands ?? [], as: "hubaudit/fix_command", limit: maxCommandFields, into: &fields)
        if finding.resources.count > maxResources {
            fields["hubaudit/resources_omitted"] = value(finding.resources.dropFirst(maxResources).joined(separator: " "))
        }
        return fields
    }

    /// `finding` within Security Hub's 240 KB a finding (as sent, UTF-8), with room to spare: the last
    /// evidence lines, then the last commands, leave ProductFields (they stay in the JSON report)
    /// until it fits. Only long lines of wide characters come near the limit.
    static func fitted(_ finding: SecurityHubFinding) -> SecurityHubFinding {
        var finding = finding
        for key in ["hubaudit/evidence", "hubaudit/fix_command"] {
            var numbered = finding.productFields.keys.filter { $0.hasPrefix(key + "/") && $0 != key + "/omitted" }.sorted()
            var dropped = 0
            while SecurityHubBatches.encode(finding).count > maxFindingBytes, let last = numbered.popLast() {
                finding.productFields[last] = nil
                dropped += 1
            }
            if dropped > 0 {
                let before = finding.productFields[key + "/omitted"].flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
                finding.productFields[key + "/omitted"] = "\(before + dropped) more in the JSON report"
            }
        }
        return finding
    }

    /// `<key>/01`, `<key>/02`… and, past `limit`, `<key>/omitted` with how many more the report has.
    static func numbered(_ lines: [String], as key: String, limit: Int, into fields: inout [String: String]) {
        for (index, line) in lines.prefix(limit).enumerated() {
            fields["\(key)/\(String(format: "%02d", index + 1))"] = value(line)
        }
        if lines.count > limit { fields["\(key)/omitted"] = "\(lines.count - limit) more in the JSON report" }
    }

    /// Each resource with its ASFF type and its ARN (in the finding's account: the report does not
    /// say which account owns a resource of another, such as a peer VPC). A finding about no resource
    /// is about its account, as Security Hub's own account-level findings are.
    static func resources(of finding: ReportFile.Finding) -> [SecurityHubFinding.Resource] {
        let partition = RegionName(finding.region)?.partition ?? "aws"
        let listed = finding.resources.prefix(maxResources).map { id in
            SecurityHubFinding.Resource(
                type: AWSResourceType.of(id).securityHubType,
                id: AWSResourceType.arn(resourceId: id, account: finding.account, region: finding.region) ?? cut(nonBlank(field(id), or: "(blank)"), to: 256),
                partition: partition, region: finding.region)
        }
        guard listed.isEmpty else { return Array(listed) }
        return [.init(type: "AwsAccount", id: "AWS::::Account:\(finding.account)", partition: partition, region: finding.region)]
    }

    // MARK: - Checks

    /// The snapshot's time, which the findings carry as created and updated (RFC 3339, UTC).
    static func timestamp(of report: ReportFile) throws -> String {
        guard let text = report.takenAt, ISO8601DateFormatter().date(from: text) != nil else {
            throw InputProblem(file: report.path, message: "the report has no snapshot time (snapshot.taken_at in RFC 3339): Security Hub needs one for CreatedAt and UpdatedAt")
        }
        return text
    }

    /// What becomes part of an id, an ARN or a product field key is checked, not escaped: a report
    /// with a hostile fingerprint, account or rule is refused, naming the finding.
    static func check(_ finding: ReportFile.Finding, index: Int, in file: String) throws {
        func problem(_ what: String) -> InputProblem {
            InputProblem(file: file, message: "findings[\(index)]: \(what)")
        }
        guard isToken(finding.fingerprint, max: 64) else { throw problem("the fingerprint is not 1-64 lowercase letters and digits") }
        guard isToken(finding.rule, max: 64), isToken(finding.case, max: 64) else {
            throw problem("the rule or case is not 1-64 lowercase letters, digits and hyphens")
        }
        guard AccountId(finding.account) != nil else { throw problem("account: \(AccountId.problem(with: finding.account))") }
        guard RegionName(finding.region) != nil else { throw problem("region: \(RegionName.problem(with: finding.region))") }
        guard Severity(name: finding.severity)?.description == finding.severity else {
            throw problem("severity \(quotedForMessage(finding.severity)) is none of info, low, medium, high, critical")
        }
    }

    static func checkUnique(_ report: ReportFile) throws {
        var seen = Set<String>()
        for (index, finding) in report.findings.enumerated() where !seen.insert(finding.fingerprint).inserted {
            throw InputProblem(file: report.path, message: "findings[\(index)]: fingerprint \(quotedForMessage(finding.fingerprint)) repeats an earlier finding's")
        }
    }

    private static func isToken(_ text: String, max: Int) -> Bool {
        (1...max).contains(text.utf8.count)
            && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
    }

    // MARK: - Text

    /// A value from the report as ASFF text: its control, line-separator and bidi characters written
    /// visibly (`\u{1B}`), so a name cannot forge lines in a console or a ticket.
    static func field(_ text: String) -> String { TerminalText.escape(text) }

    /// A report value as a ProductFields value: visible, not blank, within the limit.
    static func value(_ text: String) -> String {
        cut(nonBlank(field(text), or: "(blank)"), to: productFieldValueLimit)
    }

    /// ASFF's text attributes must hold something other than white space.
    static func nonBlank(_ text: String, or fallback: String) -> String {
        text.contains(where: { !$0.isWhitespace }) ? text : fallback
    }

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text) ?? .distantPast }

    /// `text` within `limit` characters, counted in UTF-16 (never fewer than the Unicode scalars AWS
    /// may count), cut on a character boundary and ending in the marker when cut.
    static func cut(_ text: String, to limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        let room = limit - truncationMarker.utf16.count
        var kept = ""
        var used = 0
        for character in text {
            let size = String(character).utf16.count
            if used + size > room { break }
            kept.append(character)
            used += size
        }
        return kept + truncationMarker
    }
}
