import HubModel

/// A problem a rule found, with the evidence a reviewer needs to check it and the fix.
public struct Finding: Sendable, Hashable {
    public var ruleId: String
    public var caseId: String
    public var severity: Severity
    public var scope: Scope
    /// The resources involved, most specific first (the one to fix leads).
    public var resourceIds: [String]
    public var message: String
    /// The route, rule or flow-log lines that caused the finding, one per line.
    public var evidence: [String]
    public var remediation: String
    /// Stable across runs while the problem is the same: rule, case, scope, resources and the
    /// rule's own key — never ordering, timestamps or request ids.
    public var fingerprint: String

    public init(ruleId: String, caseId: String, severity: Severity, scope: Scope, resourceIds: [String], message: String,
                evidence: [String], remediation: String, fingerprint: String) {
        self.ruleId = ruleId
        self.caseId = caseId
        self.severity = severity
        self.scope = scope
        self.resourceIds = resourceIds
        self.message = message
        self.evidence = evidence
        self.remediation = remediation
        self.fingerprint = fingerprint
    }
}

/// What a rule emits; the engine adds the configured severity, the remediation and the fingerprint.
public struct FindingDraft: Sendable {
    public var caseId: String
    public var scope: Scope
    public var resourceIds: [String]
    public var message: String
    public var evidence: [String]
    /// Distinguishes two findings of the same case on the same resources (e.g. the CIDR).
    public var key: String
    /// Levels below the case's severity (an unused security group is one level lower).
    public var lowered: Int

    public init(case caseId: String, scope: Scope, resources: [String], message: String, evidence: [String],
                key: String = "", lowered: Int = 0) {
        self.caseId = caseId
        self.scope = scope
        self.resourceIds = resources
        self.message = message
        self.evidence = evidence
        self.key = key
        self.lowered = lowered
    }
}

/// A place a rule could not judge. Never a pass: reports list these, and a gap in the input
/// (missing, failed or unreadable response) makes the run untrusted.
public struct NotEvaluated: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        /// An input the rule needs was not collected, failed, or could not be read.
        case missingInput = "missing-input"
        /// The other end (a peer VPC, a prefix list) is outside the snapshot.
        case outsideSnapshot = "outside-snapshot"
    }

    public var ruleId: String
    public var scope: Scope
    public var resourceIds: [String]
    public var reason: Reason
    public var detail: String

    public init(ruleId: String, scope: Scope, resourceIds: [String] = [], reason: Reason, detail: String) {
        self.ruleId = ruleId
        self.scope = scope
        self.resourceIds = resourceIds
        self.reason = reason
        self.detail = detail
    }
}

/// What a rule's evaluation produced.
public struct RuleOutput: Sendable {
    public var findings: [FindingDraft] = []
    public var notEvaluated: [NotEvaluated] = []
    let ruleId: String

    public init(ruleId: String) { self.ruleId = ruleId }

    public mutating func flag(_ draft: FindingDraft) { findings.append(draft) }

    public mutating func cannotEvaluate(_ scope: Scope, resources: [String] = [], reason: NotEvaluated.Reason,
                                        _ detail: String) {
        notEvaluated.append(NotEvaluated(ruleId: ruleId, scope: scope, resourceIds: resources, reason: reason,
                                         detail: detail))
    }
}
