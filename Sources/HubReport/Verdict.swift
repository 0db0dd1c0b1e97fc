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

    /// Exit codes: 0 pass, 1 findings at or above the threshold, 2 the input could not be fully
    /// trusted (takes precedence: an incomplete audit must not look like a clean or ordinary one).
    public static func decide(findings: [Finding], notEvaluated: [NotEvaluated], problems: [InputProblem],
                              threshold: Severity) -> Verdict {
        var reasons: [String] = []
        let failing = findings.filter { $0.severity >= threshold }
        if !failing.isEmpty {
            let counts = Severity.allCases.reversed().compactMap { severity -> String? in
                let count = failing.filter { $0.severity == severity }.count
                return count == 0 ? nil : "\(count) \(severity)"
            }
            reasons.append("\(failing.count) finding\(failing.count == 1 ? "" : "s") at or above \(threshold): \(counts.joined(separator: ", "))")
        }
        if !problems.isEmpty {
            reasons.append("\(problems.count) input file\(problems.count == 1 ? "" : "s") could not be read")
        }
        let gaps = notEvaluated.filter { $0.reason == .missingInput }
        if !gaps.isEmpty {
            let places = Set(gaps.map(\.scope)).count
            reasons.append("\(gaps.count) rule evaluation\(gaps.count == 1 ? "" : "s") skipped for missing or failed input in \(places) account/region\(places == 1 ? "" : "s")")
        }
        if !problems.isEmpty || !gaps.isEmpty {
            return Verdict(status: .untrusted, exitCode: 2, threshold: threshold, reasons: reasons)
        }
        if !failing.isEmpty {
            return Verdict(status: .fail, exitCode: 1, threshold: threshold, reasons: reasons)
        }
        return Verdict(status: .pass, exitCode: 0, threshold: threshold,
                       reasons: ["no finding at or above \(threshold), and every input was read"])
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

    public init(snapshot: Snapshot, snapshotLabel: String, result: AuditResult, policy: Policy, verdict: Verdict,
                waived: [String: WaiverNote] = [:], changes: [String: ChangeStatus] = [:]) {
        self.snapshot = snapshot
        self.snapshotLabel = snapshotLabel
        self.result = result
        self.policy = policy
        self.verdict = verdict
        self.waived = waived
        self.changes = changes
    }

    public func waiver(for finding: Finding) -> WaiverNote? { waived[finding.fingerprint] }

    /// Findings that count against the gate: at or above the threshold and not waived.
    public var failing: [Finding] {
        result.findings.filter { $0.severity >= verdict.threshold && waived[$0.fingerprint] == nil }
    }
}

public enum HubAuditVersion {
    public static let current = "0.1.0"
}
