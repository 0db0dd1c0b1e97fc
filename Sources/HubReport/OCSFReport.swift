import Foundation
import HubModel
import HubRules

/// OCSF 1.1.0 Detection Finding events (class_uid 2004, category "Findings", profile `cloud`) as
/// JSON Lines, for OCSF data lakes (Amazon Security Lake custom sources, Splunk, …) and the tools
/// that read Prowler's `json-ocsf` output, whose shape this follows.
///
/// One event per finding, waived ones included with status Suppressed (a lake keeps the whole
/// audit; a consumer filters on `status_id`). One event per "not evaluated" entry too (rule
/// evaluations skipped for missing input, resources outside the snapshot, rules with nothing
/// configured): severity Unknown, status Other ("Not Evaluated"), or Suppressed when the policy
/// accepts the gap, so that a consumer sees what was not checked and never reads its absence as a
/// pass. `time` is the snapshot's `taken_at` (not the clock): same input, same bytes. Keys are
/// sorted, each event is one line, and no line break any reader honours (`\n`, `\r`, NEL, U+2028,
/// U+2029) occurs inside an event: a hostile name cannot split or forge one.
public enum OCSFReport {
    /// The OCSF schema version the events declare (`metadata.version`) and validate against.
    public static let schemaVersion = "1.1.0"
    /// OCSF strings are at most this many characters (the schema's `string_t` limit).
    public static let maxText = 65_535

    public static func render(_ input: ReportInput) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return events(input).map { event in
            escapeLineBreaks(String(decoding: try! encoder.encode(event), as: UTF8.self)) + "\n"
        }.joined()
    }

    /// The events of a report: the findings in report order, then the "not evaluated" entries.
    static func events(_ input: ReportInput) -> [Event] {
        let time = epochMilliseconds(input.snapshot.metadata.takenAt) ?? 0
        let names = input.snapshot.metadata.accountNames
        return input.result.findings.map { event(for: $0, input: input, time: time, names: names) }
            + input.result.notEvaluated.map { event(for: $0, input: input, time: time, names: names) }
    }

    // MARK: - Mappings

    /// OCSF `severity_id`: info 1 Informational, low 2, medium 3, high 4, critical 5.
    public static func severityId(_ severity: Severity) -> Int {
        switch severity {
        case .info: return 1
        case .low: return 2
        case .medium: return 3
        case .high: return 4
        case .critical: return 5
        }
    }

    /// The OCSF caption of a `severity_id`.
    static func severityName(_ id: Int) -> String {
        ["Unknown", "Informational", "Low", "Medium", "High", "Critical", "Fatal"][id]
    }

    /// `taken_at` (`2026-11-30T10:31:17Z`, fractional seconds and offsets allowed) as milliseconds
    /// since the epoch; nil when absent or not a date-time. Scan warns then, and the events carry 0.
    public static func epochMilliseconds(_ takenAt: String?) -> Int64? {
        guard let takenAt else { return nil }
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: takenAt) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        }
        return nil
    }

    /// `text` within the schema's length limit (Unicode scalars, as JSON Schema counts): a longer
    /// value keeps its start and says it was cut. The full evidence stays in `unmapped`, which has no limit.
    static func text(_ value: String) -> String {
        guard value.unicodeScalars.count > maxText else { return value }
        let marker = " …(cut)"
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: value.unicodeScalars.prefix(maxText - marker.unicodeScalars.count))
        return String(kept) + marker
    }

    /// JSONEncoder escapes the C0 controls; NEL, U+2028 and U+2029 (line breaks to some readers,
    /// Python's `splitlines` among them) can occur only inside strings, where `\uXXXX` is equal.
    static func escapeLineBreaks(_ json: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            switch scalar.value {
            case 0x85: out.append(contentsOf: "\\u0085".unicodeScalars)
            case 0x2028: out.append(contentsOf: "\\u2028".unicodeScalars)
            case 0x2029: out.append(contentsOf: "\\u2029".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    // MARK: - Events

    static func event(for finding: Finding, input: ReportInput, time: Int64, names: [String: String]) -> Event {
        let description = RuleRegistry.rule(id: finding.ruleId)?.description
        let ruleCase = description?.ruleCase(finding.caseId)
        let waiver = input.waiver(for: finding)
        let analytic = "\(finding.ruleId)/\(finding.caseId)"
        let severity = severityId(finding.severity)
        return Event(
            time: time,
            severityId: severity, severity: severityName(severity),
            statusId: waiver == nil ? Status.new.id : Status.suppressed.id,
            status: waiver == nil ? Status.new.name : Status.suppressed.name,
            statusCode: "FAIL",
            statusDetail: waiver.map { text("waived by \($0.id) until \($0.expires) (owner \($0.owner)): \($0.reason)") },
            message: text(finding.message),
            findingInfo: FindingInfo(
                uid: finding.fingerprint,
                title: text(ruleCase?.summary ?? "\(finding.ruleId): \(finding.caseId)"),
                desc: description.map { text($0.rationale) },
                types: ["Software and Configuration Checks/AWS Security Best Practices",
                        "hubaudit/\(description?.category ?? finding.ruleId)"],
                analytic: Analytic(uid: analytic, name: text(description?.title ?? finding.ruleId),
                                   category: description?.category)),
            metadata: Metadata(eventCode: analytic),
            cloud: cloud(finding.scope, names: names),
            resources: resources(finding.resourceIds, scope: finding.scope),
            remediation: Remediation(desc: text(finding.remediationWithCommands),
                                     references: description.map { $0.references.map(text) }),
            unmapped: Unmapped(
                rule: finding.ruleId, case: finding.caseId, severity: finding.severity.description,
                evidence: finding.evidence, fixCommands: finding.fixCommands,
                waiver: waiver.map { JSONReport.WaiverInfo(id: $0.id, reason: $0.reason, owner: $0.owner, expires: $0.expires) },
                baselineState: input.changes[finding.fingerprint]?.rawValue,
                notEvaluated: nil, snapshot: input.snapshotLabel, takenAt: input.snapshot.metadata.takenAt))
    }

    static func event(for entry: NotEvaluated, input: ReportInput, time: Int64, names: [String: String]) -> Event {
        let description = RuleRegistry.rule(id: entry.ruleId)?.description
        let accepted = input.acceptedGaps[entry]
        let place = entry.scope == NotEvaluated.everywhere ? "" : " in \(entry.scope)"
        let listed = entry.resourceIds.isEmpty ? "" : " (\(entry.resourceIds.joined(separator: ", ")))"
        // Stable while the gap is the same; never equal to a finding's fingerprint (a different recipe).
        let uid = Fingerprint.of(["not-evaluated", entry.ruleId, entry.scope.description, entry.reason.rawValue,
                                  entry.resourceIds.joined(separator: ","), entry.detail])
        return Event(
            time: time,
            severityId: 0, severity: severityName(0),
            statusId: accepted == nil ? Status.notEvaluated.id : Status.suppressed.id,
            status: accepted == nil ? Status.notEvaluated.name : Status.suppressed.name,
            statusCode: "NOT_EVALUATED",
            statusDetail: text(accepted.map { "\(entry.reason.rawValue), accepted by the policy: \($0)" } ?? entry.reason.rawValue),
            message: text("\(entry.ruleId) not evaluated\(place)\(listed): \(entry.detail)"),
            findingInfo: FindingInfo(
                uid: "not-evaluated-\(uid)",
                title: text("\(description?.title ?? entry.ruleId): not evaluated"),
                desc: text(entry.detail),
                types: ["hubaudit/not-evaluated/\(entry.reason.rawValue)"],
                analytic: Analytic(uid: entry.ruleId, name: text(description?.title ?? entry.ruleId),
                                   category: description?.category)),
            metadata: Metadata(eventCode: entry.ruleId),
            cloud: cloud(entry.scope, names: names),
            resources: entry.resourceIds.isEmpty ? nil : resources(entry.resourceIds, scope: entry.scope),
            remediation: nil,
            unmapped: Unmapped(
                rule: entry.ruleId, case: nil, severity: nil, evidence: nil, fixCommands: nil, waiver: nil,
                baselineState: nil,
                notEvaluated: UnmappedGap(reason: entry.reason.rawValue, detail: entry.detail,
                                          inputs: entry.inputs.map(\.rawValue), acceptedBecause: accepted),
                snapshot: input.snapshotLabel, takenAt: input.snapshot.metadata.takenAt))
    }

    /// `cloud`: the finding's account and region; provider only for a rule-wide entry (`*/*`).
    static func cloud(_ scope: Scope, names: [String: String]) -> Cloud {
        guard scope != NotEvaluated.everywhere else { return Cloud(region: nil, account: nil) }
        return Cloud(region: text(scope.region),
                     account: Account(uid: text(scope.account), name: names[scope.account].map(text)))
    }

    /// One entry per resource id (repeats dropped, first kept), typed from its prefix, in the
    /// finding's region and that region's partition.
    static func resources(_ ids: [String], scope: Scope) -> [Resource] {
        var seen = Set<String>()
        let partition = RegionName(scope.region)?.partition
        return ids.filter { seen.insert($0).inserted }.map { id in
            Resource(uid: text(id), type: AWSResourceType.of(id).name, region: text(scope.region), cloudPartition: partition)
        }
    }

    // MARK: - Document

    /// OCSF 1.1.0 `status_id` values used here.
    enum Status {
        case new, suppressed, notEvaluated
        var id: Int {
            switch self {
            case .new: return 1
            case .suppressed: return 3
            case .notEvaluated: return 99
            }
        }
        var name: String {
            switch self {
            case .new: return "New"
            case .suppressed: return "Suppressed"
            case .notEvaluated: return "Not Evaluated"
            }
        }
    }

    struct Event: Encodable {
        var activityId = 1
        var activityName = "Create"
        var categoryUid = 2
        var categoryName = "Findings"
        var classUid = 2004
        var className = "Detection Finding"
        var typeUid = 200_401
        var typeName = "Detection Finding: Create"
        var time: Int64
        var severityId: Int
        var severity: String
        var statusId: Int
        var status: String
        var statusCode: String
        var statusDetail: String?
        var message: String
        var findingInfo: FindingInfo
        var metadata: Metadata
        var cloud: Cloud
        var resources: [Resource]?
        var remediation: Remediation?
        var unmapped: Unmapped

        enum CodingKeys: String, CodingKey {
            case time, severity, status, message, metadata, cloud, resources, remediation, unmapped
            case activityId = "activity_id", activityName = "activity_name", categoryUid = "category_uid",
                 categoryName = "category_name", classUid = "class_uid", className = "class_name", typeUid = "type_uid",
                 typeName = "type_name", severityId = "severity_id", statusId = "status_id", statusCode = "status_code",
                 statusDetail = "status_detail", findingInfo = "finding_info"
        }
    }

    struct FindingInfo: Encodable {
        var uid: String
        var title: String
        var desc: String?
        var types: [String]
        var analytic: Analytic
    }

    /// The rule (and case) that produced the finding: OCSF analytic type 1, "Rule".
    struct Analytic: Encodable {
        var uid: String
        var name: String
        var category: String?
        var typeId = 1
        var type = "Rule"
        enum CodingKeys: String, CodingKey {
            case uid, name, category, type
            case typeId = "type_id"
        }
    }

    struct Metadata: Encodable {
        var version = OCSFReport.schemaVersion
        var profiles = ["cloud"]
        var product = Product()
        var eventCode: String
        enum CodingKeys: String, CodingKey {
            case version, profiles, product
            case eventCode = "event_code"
        }
    }

    struct Product: Encodable {
        var uid = "hubaudit"
        var name = "hubaudit"
        var vendorName = "hubaudit"
        var version = HubAuditVersion.current
        var urlString = SARIFReport.informationURI
        enum CodingKeys: String, CodingKey {
            case uid, name, version
            case vendorName = "vendor_name", urlString = "url_string"
        }
    }

    struct Cloud: Encodable {
        var provider = "AWS"
        var region: String?
        var account: Account?
    }

    struct Account: Encodable {
        var uid: String
        var name: String?
        /// OCSF account type 10, "AWS Account".
        var typeId = 10
        var type = "AWS Account"
        enum CodingKeys: String, CodingKey {
            case uid, name, type
            case typeId = "type_id"
        }
    }

    struct Resource: Encodable {
        var uid: String
        var type: String
        var region: String
        var cloudPartition: String?
        enum CodingKeys: String, CodingKey {
            case uid, type, region
            case cloudPartition = "cloud_partition"
        }
    }

    struct Remediation: Encodable {
        var desc: String
        var references: [String]?
    }

    /// What OCSF has no attribute for: the evidence lines and fix commands as lists, the waiver,
    /// the comparison with a baseline, a gap's reason and inputs, and the snapshot.
    struct Unmapped: Encodable {
        var rule: String
        var `case`: String?
        var severity: String?
        var evidence: [String]?
        var fixCommands: [String]?
        /// As the JSON report writes a waiver.
        var waiver: JSONReport.WaiverInfo?
        var baselineState: String?
        var notEvaluated: UnmappedGap?
        var snapshot: String
        var takenAt: String?
        enum CodingKeys: String, CodingKey {
            case rule, `case`, severity, evidence, waiver, snapshot
            case fixCommands = "fix_commands", baselineState = "baseline_state", notEvaluated = "not_evaluated",
                 takenAt = "taken_at"
        }
    }

    struct UnmappedGap: Encodable {
        var reason: String
        var detail: String
        var inputs: [String]
        var acceptedBecause: String?
        enum CodingKeys: String, CodingKey {
            case reason, detail, inputs
            case acceptedBecause = "accepted_because"
        }
    }
}
