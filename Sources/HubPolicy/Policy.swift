import HubModel
import HubRules

/// What a policy file decides: the gate's default threshold and each rule's configuration.
public struct Policy: Sendable {
    /// Where it came from (`policies/gate.yml`, or "built-in defaults").
    public var source: String
    /// The severity at or above which an unwaived finding fails the run; `--fail-on` overrides it.
    public var failOn: Severity
    public var rules: [String: RuleConfiguration]
    /// The intended topology (organisation accounts, hubs and spokes, isolation, trusted accounts).
    public var intent: NetworkIntent
    public var waivers: [Waiver]
    public var acceptedGaps: [AcceptedGap]

    public init(source: String, failOn: Severity = Policy.defaultFailOn, rules: [String: RuleConfiguration] = [:],
                intent: NetworkIntent = NetworkIntent(), waivers: [Waiver] = [], acceptedGaps: [AcceptedGap] = []) {
        self.source = source
        self.failOn = failOn
        self.rules = rules
        self.intent = intent
        self.waivers = waivers
        self.acceptedGaps = acceptedGaps
    }

    public static let defaultFailOn = Severity.high

    /// Every rule enabled with its documented defaults: the same as policies/default.yml.
    public static let builtIn = Policy(source: "built-in defaults")

    public func configuration(_ ruleId: String) -> RuleConfiguration { rules[ruleId] ?? RuleConfiguration() }
}
