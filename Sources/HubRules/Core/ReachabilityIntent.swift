import HubModel
import HubPaths

/// A path the policy expects to exist or not (`reachability:` in the policy): every endpoint `from`
/// selects to every endpoint `to` selects, over `traffic`. Rule `reachability-intent` checks it with
/// the reachability engine (HubPaths).
public struct ReachabilityIntent: Sendable {
    public enum Expectation: String, Sendable { case reachable, unreachable }

    public var name: String
    public var from: EndpointSelector
    public var to: EndpointSelector
    /// As written in the policy (`tcp/5432`, `icmp`, `all`), for messages.
    public var ports: [String]
    public var traffic: TrafficSet
    public var expect: Expectation
    /// Overrides the case's severity for this intent's findings.
    public var severity: Severity?

    public init(name: String, from: EndpointSelector, to: EndpointSelector, ports: [String], traffic: TrafficSet,
                expect: Expectation, severity: Severity? = nil) {
        self.name = name
        self.from = from
        self.to = to
        self.ports = ports
        self.traffic = traffic
        self.expect = expect
        self.severity = severity
    }
}

/// One intent judged on a snapshot: what its selectors found and the engine's answer. Shared by
/// rule `reachability-intent` (findings) and the reports' reachability section (results, matrix).
public struct IntentOutcome: Sendable {
    public enum Status: String, Sendable {
        case holds, fails
        case notEvaluated = "not-evaluated"
        case selectorMatchesNothing = "selector-matches-nothing"
    }

    public var intent: ReachabilityIntent
    public var from: Resolution
    public var to: Resolution
    /// nil when a selector matched nothing. Holds only the pairs that decide the outcome: those that
    /// break the intent and those that could not be judged (`judge`); `pairCount` counts them all.
    public var answer: PathAnswer?

    /// How many class pairs the intent was judged over.
    public var pairCount: Int { answer?.judgedPairs ?? 0 }

    /// The pairs that break the intent: reachable ones for `unreachable`, blocked ones for `reachable`.
    public var failingPairs: [PairAnswer] {
        (answer?.pairs ?? []).filter { Self.breaks(intent, $0) }
    }

    static func breaks(_ intent: ReachabilityIntent, _ pair: PairAnswer) -> Bool {
        intent.expect == .unreachable ? !pair.reachable.isEmpty : !pair.blocked.isEmpty
    }

    public var status: Status {
        guard let answer else { return .selectorMatchesNothing }
        if !failingPairs.isEmpty { return .fails }
        if !from.gaps.isEmpty || !to.gaps.isEmpty || answer.pairs.contains(where: { !$0.unjudged.isEmpty }) { return .notEvaluated }
        return .holds
    }

    /// Judges `intents` on a model built once.
    public static func judge(_ intents: [ReachabilityIntent], model: ReachabilityModel, organization: NetworkIntent,
                             options: PathOptions) -> [IntentOutcome] {
        var names = model.snapshot.metadata.accountNames
        var environments: [String: String] = [:]
        for account in organization.accounts {
            if let name = account.name { names[account.id] = name }
            if let environment = account.environment { environments[account.id] = environment }
        }
        let selectors = SelectorContext(accountNames: names, environments: environments)
        // Intents are independent and the model is read-only: judged side by side, results in order.
        return intents.concurrentMap { intent in
            let from = model.select(intent.from, context: selectors), to = model.select(intent.to, context: selectors)
            // The pairs that neither break the intent nor miss an input decide nothing, and are most
            // of them: not kept (at 5,000 accounts, 600,000 pairs of 20 intents were 3.4 GB).
            let answer = from.failure == nil && to.failure == nil
                ? model.answer(from: from.members, to: to.members, traffic: intent.traffic, options: options,
                               keeping: { breaks(intent, $0) || !$0.unjudged.isEmpty }) : nil
            return IntentOutcome(intent: intent, from: from, to: to, answer: answer)
        }
    }
}
