import Foundation
import HubModel
import HubRules

/// The machine report, schema `hubaudit-report/1` (documented in README, "JSON report").
/// Keys are sorted and nothing depends on the clock, so the same input gives the same bytes.
public enum JSONReport {
    public static let schema = "hubaudit-report/1"

    public static func render(_ input: ReportInput) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try! encoder.encode(Document(input))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    struct Document: Encodable {
        var schema = JSONReport.schema
        var tool = ["name": "hubaudit", "version": HubAuditVersion.current]
        var snapshot: SnapshotInfo
        var policy: PolicyInfo
        var verdict: VerdictInfo
        var summary: Summary
        var findings: [FindingInfo]
        var notEvaluated: [NotEvaluatedInfo]
        var inputProblems: [ProblemInfo]
        var coverage: [CoverageInfo]
        var changes: ChangesInfo?
        var waivers: WaiversInfo?
        /// Present when the policy declares reachability intents.
        var reachability: ReachabilityInfo?
        /// What hubaudit does not check yet (a fixed list): the scope of the audit.
        var notYetChecked = RuleRegistry.notYetChecked

        enum CodingKeys: String, CodingKey {
            case schema, tool, snapshot, policy, verdict, summary, findings, coverage, changes, waivers, reachability
            case notEvaluated = "not_evaluated", inputProblems = "input_problems", notYetChecked = "not_yet_checked"
        }

        init(_ input: ReportInput) {
            let snapshot = input.snapshot
            let names = snapshot.metadata.accountNames
            self.snapshot = SnapshotInfo(
                path: input.snapshotLabel, takenAt: snapshot.metadata.takenAt, collector: snapshot.metadata.collector,
                manifest: snapshot.metadata.hasManifest,
                accounts: Dictionary(grouping: snapshot.scopes, by: \.account).keys.sorted().map { account in
                    AccountInfo(id: account, name: names[account],
                                regions: snapshot.scopes.filter { $0.account == account }.map(\.region))
                },
                skippedFiles: snapshot.metadata.skippedFiles)
            policy = PolicyInfo(source: input.policy.source, failOn: input.verdict.threshold.description,
                                rulesRun: input.result.rulesRun, rulesDisabled: input.result.rulesDisabled,
                                rulesNotConfigured: JSONReport.notConfigured(input.result))
            verdict = VerdictInfo(status: input.verdict.status.rawValue, exitCode: Int(input.verdict.exitCode),
                                  threshold: input.verdict.threshold.description, reasons: input.verdict.reasons,
                                  failing: input.verdict.failing)
            var counts: [String: Int] = [:]
            for severity in Severity.allCases {
                counts[severity.description] = input.result.findings.filter { $0.severity == severity }.count
            }
            summary = Summary(findings: input.result.findings.count, bySeverity: counts, waived: input.waived.count,
                              notEvaluated: input.result.notEvaluated.count, inputProblems: snapshot.problems.count)
            findings = input.result.findings.map { finding in
                FindingInfo(fingerprint: finding.fingerprint, rule: finding.ruleId, case: finding.caseId,
                            severity: finding.severity.description, account: finding.scope.account,
                            accountName: names[finding.scope.account], region: finding.scope.region,
                            resources: finding.resourceIds, message: finding.message, evidence: finding.evidence,
                            remediation: finding.remediation,
                            fixCommands: finding.fixCommands.isEmpty ? nil : finding.fixCommands,
                            waiver: input.waiver(for: finding).map {
                                WaiverInfo(id: $0.id, reason: $0.reason, owner: $0.owner, expires: $0.expires)
                            },
                            change: input.changes[finding.fingerprint]?.rawValue)
            }
            notEvaluated = input.result.notEvaluated.map {
                NotEvaluatedInfo(rule: $0.ruleId, account: $0.scope.account, region: $0.scope.region,
                                 resources: $0.resourceIds, reason: $0.reason.rawValue, detail: $0.detail,
                                 inputs: $0.inputs.isEmpty ? nil : $0.inputs.map(\.rawValue),
                                 accepted: input.acceptedGaps[$0])
            }
            changes = input.baseline.map { comparison in
                ChangesInfo(baseline: comparison.baseline.path, baselineTakenAt: comparison.baseline.takenAt,
                            new: comparison.new, unchanged: comparison.unchanged.count,
                            resolved: comparison.resolved.map {
                                ResolvedInfo(fingerprint: $0.fingerprint, rule: $0.rule, case: $0.case, severity: $0.severity,
                                             account: $0.account, region: $0.region, message: $0.message)
                            })
            }
            waivers = input.waiverReview.map { review in
                WaiversInfo(asOf: review.asOf,
                            expired: review.expired.map { ExpiredInfo(id: $0.waiver.id, rule: $0.waiver.rule, owner: $0.waiver.owner,
                                                                      expires: $0.waiver.expires, declared: $0.waiver.origin,
                                                                      findings: $0.fingerprints) },
                            stale: review.stale.map { StaleInfo(id: $0.id, rule: $0.rule, owner: $0.owner, expires: $0.expires,
                                                                declared: $0.origin) })
            }
            reachability = input.reachability.map(ReachabilityInfo.init)
            inputProblems = snapshot.problems.map { ProblemInfo(file: $0.file, line: $0.line, message: $0.message) }
            coverage = snapshot.coverage.scopes.map { scope in
                let entries = snapshot.coverage.entries[scope] ?? [:]
                return CoverageInfo(
                    account: scope.account, region: scope.region,
                    collected: entries.filter { $0.value.isCollected }.keys.map(\.rawValue).sorted(),
                    gaps: entries.filter { !$0.value.isCollected }.sorted { $0.key < $1.key }
                        .map { GapInfo(action: $0.key.rawValue, status: $0.value.summary) })
            }
        }
    }

    /// The rules that ran but reported `not-configured`, in run order.
    static func notConfigured(_ result: AuditResult) -> [String] {
        let unconfigured = Set(result.notEvaluated.filter { $0.reason == .notConfigured }.map(\.ruleId))
        return result.rulesRun.filter(unconfigured.contains)
    }

    struct SnapshotInfo: Encodable {
        var path: String
        var takenAt: String?
        var collector: String?
        var manifest: Bool
        var accounts: [AccountInfo]
        var skippedFiles: [String]
        enum CodingKeys: String, CodingKey {
            case path, collector, manifest, accounts
            case takenAt = "taken_at", skippedFiles = "skipped_files"
        }
    }

    struct AccountInfo: Encodable {
        var id: String
        var name: String?
        var regions: [String]
    }

    struct PolicyInfo: Encodable {
        var source: String
        var failOn: String
        var rulesRun: [String]
        var rulesDisabled: [String]
        /// Enabled rules with nothing declared to check (intent rules without intent): not evaluated.
        var rulesNotConfigured: [String]
        enum CodingKeys: String, CodingKey {
            case source
            case failOn = "fail_on", rulesRun = "rules_run", rulesDisabled = "rules_disabled"
            case rulesNotConfigured = "rules_not_configured"
        }
    }

    struct VerdictInfo: Encodable {
        var status: String
        var exitCode: Int
        var threshold: String
        var reasons: [String]
        var failing: [String]
        enum CodingKeys: String, CodingKey {
            case status, threshold, reasons, failing
            case exitCode = "exit_code"
        }
    }

    struct Summary: Encodable {
        var findings: Int
        var bySeverity: [String: Int]
        var waived: Int
        var notEvaluated: Int
        var inputProblems: Int
        enum CodingKeys: String, CodingKey {
            case findings, waived
            case bySeverity = "by_severity", notEvaluated = "not_evaluated", inputProblems = "input_problems"
        }
    }

    struct FindingInfo: Encodable {
        var fingerprint: String
        var rule: String
        var `case`: String
        var severity: String
        var account: String
        var accountName: String?
        var region: String
        var resources: [String]
        var message: String
        var evidence: [String]
        var remediation: String
        /// The fix's exact commands, one runnable line each, in order; absent when the fix is prose only.
        var fixCommands: [String]?
        var waiver: WaiverInfo?
        /// `new` or `unchanged` against the baseline; absent without one.
        var change: String?
        enum CodingKeys: String, CodingKey {
            case fingerprint, rule, `case`, severity, account, region, resources, message, evidence, remediation, waiver, change
            case accountName = "account_name"
            case fixCommands = "fix_commands"
        }
    }

    struct WaiverInfo: Encodable {
        var id: String
        var reason: String
        var owner: String
        var expires: String
    }

    struct ChangesInfo: Encodable {
        var baseline: String
        var baselineTakenAt: String?
        var new: [String]
        var unchanged: Int
        var resolved: [ResolvedInfo]
        enum CodingKeys: String, CodingKey {
            case baseline, new, unchanged, resolved
            case baselineTakenAt = "baseline_taken_at"
        }
    }

    struct ResolvedInfo: Encodable {
        var fingerprint: String
        var rule: String
        var `case`: String
        var severity: String
        var account: String
        var region: String
        var message: String
    }

    struct WaiversInfo: Encodable {
        var asOf: String
        var expired: [ExpiredInfo]
        var stale: [StaleInfo]
        enum CodingKeys: String, CodingKey {
            case expired, stale
            case asOf = "as_of"
        }
    }

    struct ExpiredInfo: Encodable {
        var id: String
        var rule: String
        var owner: String
        var expires: String
        var declared: String
        var findings: [String]
    }

    struct StaleInfo: Encodable {
        var id: String
        var rule: String
        var owner: String
        var expires: String
        var declared: String
    }

    struct NotEvaluatedInfo: Encodable {
        var rule: String
        var account: String
        var region: String
        var resources: [String]
        var reason: String
        var detail: String
        /// For missing input: the calls that are missing (what `accepted_gaps` would name); absent otherwise.
        var inputs: [String]?
        /// The policy's reason when it accepts this gap (it then does not make the run untrusted).
        var accepted: String?
    }

    struct ProblemInfo: Encodable {
        var file: String
        var line: Int?
        var message: String
    }

    struct CoverageInfo: Encodable {
        var account: String
        var region: String
        var collected: [String]
        var gaps: [GapInfo]
    }

    struct GapInfo: Encodable {
        var action: String
        var status: String
    }
}
