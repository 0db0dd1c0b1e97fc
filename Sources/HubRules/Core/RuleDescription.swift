import HubModel

/// Everything a reader, the policy loader and the tests need to know about a rule, declared once
/// on the rule type (as SwiftLint does). `hubaudit rules` prints it; the example test runs it.
public struct RuleDescription: Sendable {
    public var id: String
    public var title: String
    public var category: String
    /// The risk, in a sentence or two.
    public var rationale: String
    /// The kinds of finding the rule raises, each with its default severity and its fix.
    public var cases: [RuleCase]
    /// AWS documentation and related controls, in prose.
    public var references: [String]
    /// The compliance controls whose check this rule performs (empty when none does).
    public var controls: [ControlMapping]
    /// The responses the rule reads: without them for an account and region, the rule reports
    /// "not evaluated" there. A cross-check among them (`Action.isCrossCheck`) is read where it
    /// was collected and missed nowhere.
    public var inputs: [Action]
    public var parameters: [ParameterSpec]
    public var triggeringExamples: [RuleExample]
    public var nonTriggeringExamples: [RuleExample]
    /// The rule's findings are about peerings' routes: the Markdown topology draws the peerings
    /// they name in red (a finding of another rule merely mentioning a peering does not).
    public var marksPeeringsOnTopology: Bool
    /// What of the snapshot the rule reads: whether it can run on batches of scopes, or on the
    /// shared facts, or needs every resource at once (the default).
    public var needs: SnapshotNeed

    public init(id: String, title: String, category: String, rationale: String, cases: [RuleCase],
                references: [String], controls: [ControlMapping] = [], inputs: [Action], parameters: [ParameterSpec] = [],
                marksPeeringsOnTopology: Bool = false, needs: SnapshotNeed = .wholeSnapshot,
                triggeringExamples: [RuleExample], nonTriggeringExamples: [RuleExample]) {
        self.id = id
        self.title = title
        self.category = category
        self.rationale = rationale
        self.cases = cases
        self.references = references
        self.controls = controls
        self.inputs = inputs
        self.parameters = parameters
        self.marksPeeringsOnTopology = marksPeeringsOnTopology
        self.needs = needs
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
    }

    public var defaultSeverity: Severity { cases.map(\.severity).max() ?? .info }

    /// The inputs the engine requires for a whole account and region; the calls made per resource
    /// (a prefix list's entries, a transit-gateway route table's routes) are judged per resource
    /// by the rule itself (`Action.isJudgedPerResource`), and a cross-check is never required.
    public var scopeInputs: [Action] { inputs.filter(\.isRequiredPerScope) }

    public func ruleCase(_ id: String) -> RuleCase? { cases.first { $0.id == id } }
}

/// One kind of finding a rule raises: `internet-admin-port`, `missing-return-route`, …
/// Declared once as a static value on its rule, flagged with (`FindingDraft(case: Self.x, …)`) and
/// listed in the description's `cases` (as swift-format's `diagnose(.case, …)`).
public struct RuleCase: Sendable, Hashable {
    public var id: String
    public var severity: Severity
    public var summary: String
    public var remediation: String

    public init(id: String, severity: Severity, summary: String, remediation: String) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.remediation = remediation
    }
}

/// A small snapshot and what the rule must flag in it (triggering: at least these resource ids,
/// each in some finding; non-triggering: nothing at all).
public struct RuleExample: Sendable {
    public var name: String
    public var flags: [String]
    public var parameters: [String: ParameterValue]
    /// The declared topology the example runs under (intent rules).
    public var intent: NetworkIntent
    public var snapshot: @Sendable () -> Snapshot

    public init(_ name: String, flags: [String] = [], parameters: [String: ParameterValue] = [:],
                intent: NetworkIntent = NetworkIntent(), snapshot: @escaping @Sendable () -> Snapshot) {
        self.name = name
        self.flags = flags
        self.parameters = parameters
        self.intent = intent
        self.snapshot = snapshot
    }
}

extension Action {
    /// The calls a rule judges per resource it meets, not per account and region: a prefix list
    /// (`isJudgedPerPrefixList`), a transit gateway's route tables (listed only in the owner's
    /// account, `Snapshot.ownerViewGap(of:)`) and each table's associations, propagations and routes
    /// (`TransitGatewayRouteTable`'s statuses, `TransitGatewayRouting.gaps`), a VPC's attributes
    /// (`Vpc.dnsSupport`, `.dnsHostnames`). A gap there makes only
    /// what depends on that resource "not evaluated"; the engine's scope-wide check leaves them out.
    public var isJudgedPerResource: Bool {
        isJudgedPerPrefixList || isPerTransitGatewayRouteTable || self == .describeTransitGatewayRouteTables || isPerVpcAttribute
    }

    /// What a rule's scope-wide check requires: not the calls judged per resource, and not a
    /// cross-check (`isCrossCheck`), which a rule compares with where it was read and never needs.
    public var isRequiredPerScope: Bool { !isJudgedPerResource && !isCrossCheck }
}
