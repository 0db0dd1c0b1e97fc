import Foundation
import HubModel
import HubRules

/// An accepted risk: findings of a rule on some resources don't fail the gate until `expires`.
/// A waived finding stays in the reports, marked with the waiver's reason and owner.
public struct Waiver: Sendable, Equatable {
    public var id: String
    public var rule: String
    public var caseId: String?
    /// Exact ids or glob patterns (`*`, `?`); a finding is covered when any of its resources matches one.
    public var resources: [String]
    /// Empty: any account (region).
    public var accounts: [String]
    public var regions: [String]
    public var reason: String
    public var owner: String
    /// Last day the waiver applies (YYYY-MM-DD, UTC).
    public var expires: String
    /// Where it was declared, for messages (`policies/gate.yml:14`).
    public var origin: String

    public init(id: String, rule: String, caseId: String? = nil, resources: [String], accounts: [String] = [],
                regions: [String] = [], reason: String, owner: String, expires: String, origin: String = "") {
        self.id = id
        self.rule = rule
        self.caseId = caseId
        self.resources = resources
        self.accounts = accounts
        self.regions = regions
        self.reason = reason
        self.owner = owner
        self.expires = expires
        self.origin = origin
    }

    public func matches(_ finding: Finding) -> Bool {
        guard finding.ruleId == rule, caseId == nil || finding.caseId == caseId,
              accounts.isEmpty || accounts.contains(finding.scope.account),
              regions.isEmpty || regions.contains(finding.scope.region) else { return false }
        return finding.resourceIds.contains { id in resources.contains { fnmatch($0, id, 0) == 0 } }
    }

    public func isExpired(asOf day: String) -> Bool { expires < day }
}

/// What the waivers did to a run's findings.
public struct WaiverOutcome: Sendable {
    /// Fingerprint → the waiver that covers it.
    public var waived: [String: Waiver] = [:]
    /// Waivers past their expiry, with the fingerprints they would otherwise cover.
    public var expired: [(waiver: Waiver, fingerprints: [String])] = []
    /// Unexpired waivers that match no finding: the risk they accepted is gone, or they are mistyped.
    public var stale: [Waiver] = []

    public static func apply(_ waivers: [Waiver], to findings: [Finding], asOf day: String) -> WaiverOutcome {
        var outcome = WaiverOutcome()
        for waiver in waivers {
            let matched = findings.filter(waiver.matches)
            if waiver.isExpired(asOf: day) {
                outcome.expired.append((waiver, matched.map(\.fingerprint)))
            } else if matched.isEmpty {
                outcome.stale.append(waiver)
            } else {
                for finding in matched where outcome.waived[finding.fingerprint] == nil {
                    outcome.waived[finding.fingerprint] = waiver
                }
            }
        }
        return outcome
    }
}

/// A collection gap the policy accepts: "not evaluated" there does not make the run untrusted.
public struct AcceptedGap: Sendable, Equatable {
    /// Empty: any account (region).
    public var accounts: [String]
    public var regions: [String]
    public var actions: [Action]
    public var reason: String

    public init(accounts: [String] = [], regions: [String] = [], actions: [Action], reason: String) {
        self.accounts = accounts
        self.regions = regions
        self.actions = actions
        self.reason = reason
    }

    public func covers(_ scope: Scope, _ action: Action) -> Bool {
        (accounts.isEmpty || accounts.contains(scope.account)) && (regions.isEmpty || regions.contains(scope.region))
            && actions.contains(action)
    }
}

/// Today's date in UTC as YYYY-MM-DD: the default day waivers are judged on.
public func utcToday() -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date())
}

/// True for a real calendar date written YYYY-MM-DD.
public func isISODate(_ text: String) -> Bool {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    guard text.count == 10, let date = formatter.date(from: text) else { return false }
    return formatter.string(from: date) == text
}
