import HubModel
import HubPolicy
import HubRules

/// The run's outcome for the gate: what the exit code says, and why, in words both reports print.
public struct Verdict: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// Everything was seen and nothing reached the threshold.
        case pass
        /// A finding at or above the threshold.
        case fail
        /// Part of the input could not be read or was not collected: no pass can be given.
        case untrusted
    }

    public var status: Status
    public var exitCode: Int32
    public var threshold: Severity
    public var reasons: [String]

    /// Fingerprints of the findings that fail the gate (at or above the threshold, not waived).
    public var failing: [String] = []

    /// Exit codes: 0 pass, 1 findings at or above the threshold, 2 the input could not be fully
    /// trusted (takes precedence: an incomplete audit must not look like a clean or ordinary one).
    /// `notEvaluated` are the gaps that count: the caller leaves out those the policy accepts, and
    /// passes their number as `acceptedGaps`. `skippedFiles` are files of the snapshot that are not
    /// responses hubaudit reads. `rulesRun` (nil when the caller does not know) are the enabled rules.
    /// `crossCheckGaps` counts, per cross-check (`Action.isCrossCheck`), the accounts/regions where it
    /// was asked for and not collected: a caveat, never a reason for exit 2 (no rule needs it).
    ///
    /// A run in which no rule was evaluated — the policy disables every rule, or the enabled ones
    /// have nothing declared to check — is untrusted (exit 2), not a pass: a gate must not let a
    /// change through on an audit that did not happen, and "nothing was checked" is an incomplete
    /// input (the policy), not a finding. The reasons never claim more than is true: "every input
    /// was read" only when no file was skipped and no gap was accepted.
    public static func decide(findings: [Finding], notEvaluated: [NotEvaluated], problems: [InputProblem],
                              threshold: Severity, waived: Set<String> = [], expiredWaivers: Int = 0,
                              acceptedGaps: Int = 0, skippedFiles: Int = 0, rulesRun: [String]? = nil,
                              crossCheckGaps: [Action: Int] = [:]) -> Verdict {
        var reasons: [String] = []
        // One pass, no copies: a large organisation has tens of thousands of findings at this point.
        var fingerprints: [String] = []
        var failingBySeverity: [Severity: Int] = [:]
        var waivedAbove = 0
        for finding in findings where finding.severity >= threshold {
            let fingerprint = finding.fingerprint
            if waived.contains(fingerprint) {
                waivedAbove += 1
            } else {
                fingerprints.append(fingerprint)
                failingBySeverity[finding.severity, default: 0] += 1
            }
        }
        if !fingerprints.isEmpty {
            let counts = Severity.allCases.reversed().compactMap { severity in failingBySeverity[severity].map { "\($0) \(severity)" } }
            reasons.append("\(Plural.count(fingerprints.count, "finding")) at or above \(threshold): \(counts.joined(separator: ", "))")
        }
        if waivedAbove > 0 { reasons.append("\(Plural.count(waivedAbove, "finding")) at or above \(threshold) waived") }
        if expiredWaivers > 0 {
            reasons.append("\(Plural.count(expiredWaivers, "expired waiver")) no longer appl\(expiredWaivers == 1 ? "ies" : "y")")
        }
        let unaudited = rulesRun.flatMap { noRuleEvaluated(rulesRun: $0, notEvaluated: notEvaluated) }
        if let unaudited { reasons.append(unaudited) }
        if !problems.isEmpty {
            reasons.append("\(Plural.count(problems.count, "input file")) could not be read")
        }
        let gaps = notEvaluated.filter { $0.reason == .missingInput }
        if !gaps.isEmpty {
            let places = Set(gaps.map(\.scope)).count
            reasons.append("\(Plural.count(gaps.count, "rule evaluation")) skipped for missing or failed input in \(Plural.count(places, "account/region"))")
        }
        // A call the snapshot's collector never made is input the audit lacks, like a failed one: an
        // older snapshot is not evidence that the check passes. Named apart so the fix is plain.
        let unattempted = notEvaluated.filter { $0.reason == .notAttempted }
        if !unattempted.isEmpty {
            reasons.append("\(Plural.count(unattempted.count, "check")) not evaluated because the snapshot's collector did not make the "
                + "call (an older snapshot: collect again to check them)")
        }
        let caveats = caveats(notEvaluated: notEvaluated, acceptedGaps: acceptedGaps, skippedFiles: skippedFiles,
                              crossCheckGaps: crossCheckGaps)
        if !problems.isEmpty || !gaps.isEmpty || !unattempted.isEmpty || unaudited != nil {
            return Verdict(status: .untrusted, exitCode: 2, threshold: threshold, reasons: reasons + caveats, failing: fingerprints)
        }
        if !fingerprints.isEmpty {
            return Verdict(status: .fail, exitCode: 1, threshold: threshold, reasons: reasons + caveats, failing: fingerprints)
        }
        let everyInput = acceptedGaps == 0 && skippedFiles == 0 && crossCheckGaps.isEmpty ? ", and every input was read" : ""
        return Verdict(status: .pass, exitCode: 0, threshold: threshold,
                       reasons: ["no unwaived finding at or above \(threshold)\(everyInput)"] + reasons + caveats)
    }

    /// Why no rule was evaluated, or nil when at least one was.
    private static func noRuleEvaluated(rulesRun: [String], notEvaluated: [NotEvaluated]) -> String? {
        if rulesRun.isEmpty { return "no rule was evaluated: the policy disables every rule" }
        let unconfigured = Set(notEvaluated.filter { $0.reason == .notConfigured }.map(\.ruleId))
        guard rulesRun.allSatisfy(unconfigured.contains) else { return nil }
        return "no rule was evaluated: the enabled rules (\(rulesRun.joined(separator: ", "))) have nothing declared to check"
    }

    /// What the run did not look at although nothing is wrong with the input: said in every verdict.
    private static func caveats(notEvaluated: [NotEvaluated], acceptedGaps: Int, skippedFiles: Int,
                                crossCheckGaps: [Action: Int]) -> [String] {
        var caveats: [String] = []
        for (action, places) in crossCheckGaps.sorted(by: { $0.key < $1.key }) where places > 0 {
            caveats.append("the cross-check \(action.rawValue) was not collected in \(Plural.count(places, "account/region")) "
                + "(no rule needs it: the findings stand on the snapshot alone there)")
        }
        if acceptedGaps > 0 {
            caveats.append("\(Plural.count(acceptedGaps, "rule evaluation")) skipped for input gaps the policy accepts")
        }
        if skippedFiles > 0 {
            caveats.append("\(Plural.count(skippedFiles, "file")) of the snapshot not read (not a response hubaudit reads)")
        }
        let outside = notEvaluated.filter { $0.reason == .outsideSnapshot }.count
        if outside > 0 {
            caveats.append("\(Plural.count(outside, "check")) not evaluated because the other end is outside the snapshot")
        }
        var seen = Set<String>()
        let unconfigured = notEvaluated.filter { $0.reason == .notConfigured }.map(\.ruleId).filter { seen.insert($0).inserted }
        if !unconfigured.isEmpty {
            caveats.append("not configured (the policy declares nothing for them to check): \(unconfigured.joined(separator: ", "))")
        }
        return caveats
    }
}

/// Why a finding does not count against the gate: the waiver that covers it.
public struct WaiverNote: Sendable, Hashable {
    public var id: String
    public var reason: String
    public var owner: String
    /// ISO date (YYYY-MM-DD) after which the waiver stops applying.
    public var expires: String

    public init(id: String, reason: String, owner: String, expires: String) {
        self.id = id
        self.reason = reason
        self.owner = owner
        self.expires = expires
    }
}

/// A finding compared with the previous run's report (by fingerprint).
public enum ChangeStatus: String, Sendable {
    case new, unchanged
}

/// Everything a report shows. Writers format it; they decide nothing.
public struct ReportInput: Sendable {
    public var snapshot: Snapshot
    /// How the report names the snapshot (the path as the user gave it).
    public var snapshotLabel: String
    public var result: AuditResult
    public var policy: Policy
    public var verdict: Verdict
    /// Fingerprint → the waiver covering that finding.
    public var waived: [String: WaiverNote]
    /// Fingerprint → new or unchanged since the baseline; empty without a baseline.
    public var changes: [String: ChangeStatus]
    /// The comparison with the previous run, when a baseline was given.
    public var baseline: BaselineComparison?
    /// Waivers judged as of this day, and those that expired or match nothing (nil: no waivers).
    public var waiverReview: WaiverReview?
    /// Not-evaluated entries the policy accepts, with the policy's reason.
    public var acceptedGaps: [NotEvaluated: String]
    /// The reachability section (intents, VPC matrix, failing paths); nil without intents.
    public var reachability: ReachabilityReport?

    public init(snapshot: Snapshot, snapshotLabel: String, result: AuditResult, policy: Policy, verdict: Verdict,
                waived: [String: WaiverNote] = [:], changes: [String: ChangeStatus] = [:],
                baseline: BaselineComparison? = nil, waiverReview: WaiverReview? = nil,
                acceptedGaps: [NotEvaluated: String] = [:], reachability: ReachabilityReport? = nil) {
        self.reachability = reachability
        self.snapshot = snapshot
        self.snapshotLabel = snapshotLabel
        self.result = result
        self.policy = policy
        self.verdict = verdict
        self.waived = waived
        self.changes = baseline?.changes ?? changes
        self.baseline = baseline
        self.waiverReview = waiverReview
        self.acceptedGaps = acceptedGaps
    }

    public func waiver(for finding: Finding) -> WaiverNote? { waived[finding.fingerprint] }

    /// Findings that count against the gate: at or above the threshold and not waived.
    public var failing: [Finding] {
        result.findings.filter { $0.severity >= verdict.threshold && waived[$0.fingerprint] == nil }
    }
}

/// Waivers as the reports show them: the day they were judged on, and the ones that did not apply.
public struct WaiverReview: Sendable {
    public var asOf: String
    public var expired: [(waiver: Waiver, fingerprints: [String])]
    public var stale: [Waiver]

    public init(asOf: String, outcome: WaiverOutcome) {
        self.asOf = asOf
        expired = outcome.expired
        stale = outcome.stale
    }
}

public enum HubAuditVersion {
    public static let current = "0.1.0"
}
