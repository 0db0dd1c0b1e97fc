import HubModel

/// A problem a rule found, with the evidence a reviewer needs to check it and the fix.
///
/// Its texts (message, fingerprint, resource ids, evidence, commands) are held packed in one
/// allocation (`PackedTexts`): a large organisation's scan holds tens of thousands of findings until
/// the reports are written, and as separate strings and arrays they cost twice their text. Each
/// property builds its value on reading; setting one packs the texts again.
public struct Finding: Sendable, Hashable {
    public var ruleId: String
    public var caseId: String
    public var severity: Severity
    public var scope: Scope
    /// The case's remediation, one text shared by all its findings: not copied into each of tens
    /// of thousands of findings (`remediation` adds the finding's own part).
    private var caseRemediation: String
    /// `message`, `fingerprint`, the finding's own part of the remediation when it has one, then
    /// `resourceIds`, `evidence` and `fixCommands`, in that order (`pack`).
    private var texts = Finding.noTexts
    private var hasFix = false
    private var resourceCount: UInt32 = 0
    private var evidenceCount: UInt32 = 0
    /// What `texts` holds until `pack` runs in `init`: one value for all, not an allocation each.
    private static let noTexts = PackedTexts([])

    public init(ruleId: String, caseId: String, severity: Severity, scope: Scope, resourceIds: [String], message: String,
                evidence: [String], remediation: String, fixCommands: [String] = [], fingerprint: String) {
        self.init(ruleId: ruleId, caseId: caseId, severity: severity, scope: scope, resourceIds: resourceIds, message: message,
                  evidence: evidence, caseRemediation: remediation, fix: nil, fixCommands: fixCommands, fingerprint: fingerprint)
    }

    /// The remediation as the case's and this finding's own addition (`remediation` joins them).
    init(ruleId: String, caseId: String, severity: Severity, scope: Scope, resourceIds: [String], message: String,
         evidence: [String], caseRemediation: String, fix: String?, fixCommands: [String], fingerprint: String) {
        self.ruleId = ruleId
        self.caseId = caseId
        self.severity = severity
        self.scope = scope
        self.caseRemediation = caseRemediation
        pack(Texts(message: message, fingerprint: fingerprint, fix: fix, resourceIds: resourceIds, evidence: evidence,
                   fixCommands: fixCommands))
    }

    /// The resources involved, most specific first (the one to fix leads).
    public var resourceIds: [String] {
        get { texts[resourceStart..<evidenceStart] }
        set { repack { $0.resourceIds = newValue } }
    }

    public var message: String {
        get { texts[0] }
        set { repack { $0.message = newValue } }
    }

    /// The route, rule or flow-log lines that caused the finding, one per line.
    public var evidence: [String] {
        get { texts[evidenceStart..<commandStart] }
        set { repack { $0.evidence = newValue } }
    }

    /// The exact commands of the fix, one runnable line each, in order; empty when the fix is prose only.
    /// Apart from `remediation` so that a report can set them off for copying.
    public var fixCommands: [String] {
        get { texts[commandStart..<texts.count] }
        set { repack { $0.fixCommands = newValue } }
    }

    /// Stable across runs while the problem is the same: rule, case, scope, resources and the
    /// rule's own key — never ordering, timestamps or request ids.
    public var fingerprint: String {
        get { texts[1] }
        set { repack { $0.fingerprint = newValue } }
    }

    /// What to do, in prose: the case's remediation and what applies to this finding in particular
    /// (the account to act in, what a command would collide with).
    public var remediation: String {
        get { hasFix ? "\(caseRemediation) \(texts[2])" : caseRemediation }
        set {
            caseRemediation = newValue
            repack { $0.fix = nil }
        }
    }

    /// Equal when they say the same, however the remediation is held.
    public static func == (a: Finding, b: Finding) -> Bool {
        guard (a.ruleId, a.caseId, a.severity, a.scope) == (b.ruleId, b.caseId, b.severity, b.scope) else { return false }
        if a.texts == b.texts, a.caseRemediation == b.caseRemediation,
           (a.hasFix, a.resourceCount, a.evidenceCount) == (b.hasFix, b.resourceCount, b.evidenceCount) { return true }
        return (a.fingerprint, a.message, a.remediation) == (b.fingerprint, b.message, b.remediation)
            && a.resourceIds == b.resourceIds && a.evidence == b.evidence && a.fixCommands == b.fixCommands
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fingerprint)
        hasher.combine(message)
    }

    /// The engine's order of findings: most severe first, then by rule, scope and fingerprint. The
    /// fingerprints are compared as packed (hex digits from `Fingerprint.of`: byte order is
    /// `String`'s), so that sorting tens of thousands of findings builds no string.
    static func precedesInReports(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.ruleId != b.ruleId { return a.ruleId < b.ruleId }
        if a.scope != b.scope { return a.scope < b.scope }
        return a.texts.precedes(1, b.texts, 1)
    }

    /// The remediation with its commands on lines of their own, for formats that carry the fix as
    /// one text (JUnit, SARIF): nothing is lost there.
    public var remediationWithCommands: String {
        ([remediation] + fixCommands).joined(separator: "\n")
    }

    // MARK: - The packed texts

    private var resourceStart: Int { hasFix ? 3 : 2 }
    private var evidenceStart: Int { resourceStart + Int(resourceCount) }
    private var commandStart: Int { evidenceStart + Int(evidenceCount) }

    /// The texts unpacked, to change one.
    private struct Texts {
        var message: String
        var fingerprint: String
        var fix: String?
        var resourceIds: [String]
        var evidence: [String]
        var fixCommands: [String]
    }

    private var unpacked: Texts {
        Texts(message: message, fingerprint: fingerprint, fix: hasFix ? texts[2] : nil, resourceIds: resourceIds,
              evidence: evidence, fixCommands: fixCommands)
    }

    private mutating func repack(_ change: (inout Texts) -> Void) {
        var parts = unpacked
        change(&parts)
        pack(parts)
    }

    private mutating func pack(_ parts: Texts) {
        texts = PackedTexts([parts.message, parts.fingerprint] + (parts.fix.map { [$0] } ?? []) + parts.resourceIds
            + parts.evidence + parts.fixCommands)
        hasFix = parts.fix != nil
        resourceCount = UInt32(parts.resourceIds.count)
        evidenceCount = UInt32(parts.evidence.count)
    }
}

/// What a rule emits; the engine adds the configured severity, the remediation and the fingerprint.
public struct FindingDraft: Sendable {
    public var ruleCase: RuleCase
    public var scope: Scope
    public var resourceIds: [String]
    public var message: String
    public var evidence: [String]
    /// Distinguishes two findings of the same case on the same resources (e.g. the CIDR).
    public var key: String
    /// Levels below the case's severity (an unused security group is one level lower).
    public var lowered: Int
    /// The fix for this finding in particular, in prose (the account, a conflict), after the case's remediation.
    public var fix: String?
    /// The commands of that fix, with the finding's own ids (see `Finding.fixCommands`).
    public var fixCommands: [String]
    /// What the finding is about, for cross-references with other rules' findings.
    public var subjects: [FindingSubject]
    /// A severity the policy set for this one finding's subject (a reachability intent's own
    /// `severity`): wins over the case's and the policy's per-case severity.
    public var severity: Severity?

    public init(case ruleCase: RuleCase, scope: Scope, resources: [String], message: String, evidence: [String],
                key: String = "", lowered: Int = 0, fix: String? = nil, fixCommands: [String] = [], subjects: [FindingSubject] = [],
                severity: Severity? = nil) {
        self.fix = fix
        self.fixCommands = fixCommands
        self.subjects = subjects
        self.severity = severity
        self.ruleCase = ruleCase
        self.scope = scope
        self.resourceIds = resources
        self.message = message
        self.evidence = evidence
        self.key = key
        self.lowered = lowered
        self.severity = severity
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
        /// The rule checks the snapshot against something the policy declares (an intent), and the
        /// policy declares nothing for it: nothing was checked. Not an input gap: the run stays trusted,
        /// but the reports must not present the rule as evaluated.
        case notConfigured = "not-configured"
        /// The snapshot's collector never made the call the check needs: its manifest's `actions`
        /// omits it (a snapshot older than the rule; `Coverage.notAttempted`). An input gap like a
        /// missing call — the run is not trusted (exit 2) unless `accepted_gaps` accepts it — named
        /// apart because its fix is plain: collect again with this version.
        case notAttempted = "not-attempted"
    }

    /// Where a rule-wide entry (`notConfigured`) is filed: it concerns no account or region.
    public static let everywhere = Scope(account: "*", region: "*")

    public var ruleId: String
    public var scope: Scope
    public var resourceIds: [String]
    public var reason: Reason
    public var detail: String
    /// For `missingInput`: the calls whose gap it is, when the rule knows them (a prefix list's
    /// entries, a scope's missing responses). The policy's `accepted_gaps` are matched against these.
    public var inputs: [Action]

    public init(ruleId: String, scope: Scope, resourceIds: [String] = [], reason: Reason, detail: String,
                inputs: [Action] = []) {
        self.ruleId = ruleId
        self.scope = scope
        self.resourceIds = resourceIds
        self.reason = reason
        self.detail = detail
        self.inputs = inputs
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
                                        inputs: [Action] = [], _ detail: String) {
        notEvaluated.append(NotEvaluated(ruleId: ruleId, scope: scope, resourceIds: resources, reason: reason,
                                         detail: detail, inputs: inputs))
    }

    /// A resource that references a prefix list whose entries are unknown: an input gap when the
    /// list belongs to the audited network, "outside the snapshot" otherwise.
    public mutating func cannotEvaluate(_ gap: PrefixListGap, resources: [String], _ what: String) {
        cannotEvaluate(gap.scope, resources: resources, reason: gap.isOutsideSnapshot ? .outsideSnapshot : .missingInput,
                       inputs: gap.isOutsideSnapshot ? [] : [gap.action], "\(what): \(gap.detail)")
    }

    /// A resource whose transit-gateway facts are unknown (a route table's routes, an association):
    /// an input gap of the scope whose calls would tell (the gateway owner's), or "outside the
    /// snapshot" when the owner is not an account of it — filed under `place`, where the resource
    /// that needed it is, since the owner's scope is then no scope of the snapshot.
    public mutating func cannotEvaluate(_ gap: TransitGatewayGap, at place: Scope, resources: [String], _ what: String) {
        if gap.isOutsideSnapshot {
            cannotEvaluate(place, resources: resources, reason: .outsideSnapshot, "\(what): \(gap.detail)")
        } else {
            cannotEvaluate(gap.scope, resources: resources, reason: .missingInput, inputs: gap.inputs, "\(what): \(gap.detail)")
        }
    }

    /// The policy declares nothing for this rule to check (an intent rule without intent).
    public mutating func notConfigured(_ detail: String) {
        cannotEvaluate(NotEvaluated.everywhere, reason: .notConfigured, detail)
    }
}
