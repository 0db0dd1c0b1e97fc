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
