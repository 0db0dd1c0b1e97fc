import HubModel
import HubPaths

/// The policy's `reachability:` intents, checked end to end by the reachability engine: security
/// groups, network ACLs, route tables and peerings, both legs. A path that must not exist and does
/// is a finding with the path as evidence; a path that must exist and is blocked is a finding with
/// the blocking hop; a selector that matches nothing is a finding of its own (a typo must not pass).
public struct ReachabilityIntentRule: Rule {
    public static let unexpectedPath = RuleCase(
        id: "unexpected-path", severity: .high,
        summary: "traffic the policy expects to be unreachable gets through, both legs",
        remediation: "Close the path at the hop the policy means to enforce it: a security-group rule, a network ACL entry, a route "
            + "or the peering itself.")
    public static let missingPath = RuleCase(
        id: "missing-path", severity: .high,
        summary: "traffic the policy expects to be reachable is blocked at a hop",
        remediation: "Open the blocking hop named in the evidence (a group rule, an ACL entry for the request or its replies, a route "
            + "in either direction, the peering).")
    public static let selectorMatchesNothing = RuleCase(
        id: "selector-matches-nothing", severity: .high,
        summary: "an intent's from or to selector matches no network interface in the snapshot",
        remediation: "Fix the selector (account name, tag, VPC or subnet), or remove the intent.")

    public struct Parameters: RuleParameters {
        public static let specs = EphemeralPorts.specs

        /// The ports replies go to.
        public var ephemeralPorts: ClosedRange<Int>

        public init(_ values: ParameterValues) {
            ephemeralPorts = EphemeralPorts.range(values)
        }
    }

    let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    public static let description = RuleDescription(
        id: "reachability-intent",
        title: "Reachability intents: paths that must or must not exist",
        category: "intent",
        rationale: """
            Routes, peerings, network ACLs and security groups each look right on their own while the path \
            they make together is open where it must be closed, or closed where the business needs it. Only \
            the whole path, both legs, answers "can X reach Y on port P".
            """,
        cases: [unexpectedPath, missingPath, selectorMatchesNothing],
        references: [
            "https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html",
            "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html",
            "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html",
        ],
        inputs: [.describeVpcs, .describeSubnets, .describeRouteTables, .describeSecurityGroups, .describeVpcPeeringConnections,
                 .describeNetworkAcls, .describeNetworkInterfaces, .describeInstances, .describeManagedPrefixLists,
                 .getManagedPrefixListEntries],
        parameters: Parameters.specs,
        needs: .wholeSnapshotForDeclaredPaths,
        triggeringExamples: [
            RuleExample("the isolated VPC reaches the database", flags: ["eni-a", "eni-b"],
                        intent: intent("isolated", expect: .unreachable, ports: ["tcp/5432"])) { peeredPair(ingress: [.tcp(5432, from: "10.0.0.0/16")]) },
            RuleExample("the application cannot reach the database: no rule admits it", flags: ["eni-a", "eni-b", "sg-b"],
                        intent: intent("app-to-db", expect: .reachable, ports: ["tcp/5432"])) { peeredPair(ingress: [.tcp(443, from: "10.0.0.0/16")]) },
            RuleExample("a selector with a typo", flags: ["typo"],
                        intent: NetworkIntent(reachability: [ReachabilityIntent(
                            name: "typo", from: EndpointSelector(vpc: "alpah"), to: EndpointSelector(vpc: "beta"), ports: ["all"],
                            traffic: .all, expect: .unreachable)])) { peeredPair(ingress: []) },
        ],
        nonTriggeringExamples: [
            RuleExample("the database admits the application on 5432 and nothing else", intent: NetworkIntent(reachability: [
                ReachabilityIntent(name: "app-to-db", from: EndpointSelector(vpc: "alpha"), to: EndpointSelector(vpc: "beta"),
                                   ports: ["tcp/5432"], traffic: .tcp(5432...5432), expect: .reachable),
                ReachabilityIntent(name: "no-ssh", from: EndpointSelector(vpc: "alpha"), to: EndpointSelector(vpc: "beta"),
                                   ports: ["tcp/22"], traffic: .tcp(22...22), expect: .unreachable),
            ])) { peeredPair(ingress: [.tcp(5432, from: "10.0.0.0/16")]) },
        ])

    static func intent(_ name: String, expect: ReachabilityIntent.Expectation, ports: [String]) -> NetworkIntent {
        let traffic = ports.compactMap(TrafficSpec.parse).reduce(TrafficSet.empty) { $0.union($1) }
        return NetworkIntent(reachability: [ReachabilityIntent(name: name, from: EndpointSelector(vpc: "alpha"), to: EndpointSelector(vpc: "beta"),
                                                               ports: ports, traffic: traffic, expect: expect)])
    }

    /// alpha 10.0.0.0/16 (eni-a) peered with beta 10.1.0.0/16 (eni-b, group sg-b with `ingress`), routed both ways.
    static func peeredPair(ingress: [Permission]) -> Snapshot {
        var b = ExampleSnapshot()
        b.vpc("vpc-a", "10.0.0.0/16", name: "alpha")
        b.vpc("vpc-b", "10.1.0.0/16", account: "222222222222", name: "beta")
        b.subnet("subnet-a", vpc: "vpc-a", "10.0.1.0/24")
        b.subnet("subnet-b", vpc: "vpc-b", "10.1.1.0/24")
        b.peering("pcx-ab", "vpc-a", "vpc-b")
        b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.1.0.0/16": "pcx-ab"])
        b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: ["10.0.0.0/16": "pcx-ab"])
        let open = NetworkAcl.Entry.defaults(egress: true) + NetworkAcl.Entry.defaults(egress: false)
        b.networkAcl("acl-a", vpc: "vpc-a", subnets: ["subnet-a"], entries: open)
        b.networkAcl("acl-b", vpc: "vpc-b", subnets: ["subnet-b"], entries: open)
        b.securityGroup("sg-a", vpc: "vpc-a", ingress: [], egress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
        b.securityGroup("sg-b", vpc: "vpc-b", ingress: ingress, egress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
        b.interface("eni-a", subnet: "subnet-a", addresses: ["10.0.1.10"], groups: ["sg-a"])
        b.interface("eni-b", subnet: "subnet-b", addresses: ["10.1.1.20"], groups: ["sg-b"])
        return b.build()
    }

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let intents = context.intent.reachability
        guard !intents.isEmpty else {
            output.notConfigured("the policy declares no reachability intents (`reachability`): no path was checked")
            return
        }
        let options = PathOptions(ephemeralPorts: parameters.ephemeralPorts)
        for outcome in context.reachability.intentOutcomes(intents, organization: context.intent, options: options) {
            report(outcome, into: &output)
        }
    }


    private func report(_ outcome: IntentOutcome, into output: inout RuleOutput) {
        let intent = outcome.intent
        for (side, selector, resolution) in [("from", intent.from, outcome.from), ("to", intent.to, outcome.to)] {
            resolution.reportGaps(resources: [intent.name], "intent '\(intent.name)' (\(side))", into: &output)
            guard resolution.failure != nil else { continue }
            output.flag(FindingDraft(
                case: Self.selectorMatchesNothing, scope: NotEvaluated.everywhere, resources: [intent.name],
                message: "intent '\(intent.name)': the \(side) selector (\(selector)) matches no network interface in the snapshot",
                evidence: ["\(side): \(selector)", "expect: \(intent.expect.rawValue) over \(intent.ports.joined(separator: ", "))"],
                key: "\(intent.name)|\(side)", severity: intent.severity))
        }
        for pair in outcome.answer?.pairs ?? [] {
            switch intent.expect {
            case .unreachable:
                if !pair.reachable.isEmpty { flagUnexpected(pair, intent, into: &output) }
                else { pair.reportUnjudged("intent '\(intent.name)'", into: &output) }
            case .reachable:
                if !pair.blocked.isEmpty { flagMissing(pair, intent, into: &output) }
                else { pair.reportUnjudged("intent '\(intent.name)'", into: &output) }
            }
        }
    }

    private func key(_ intent: ReachabilityIntent, _ pair: PairAnswer) -> String {
        func part(_ endpoint: EndpointClass) -> String {
            "\(endpoint.subnetId)/\((endpoint.groupIds ?? ["?"]).joined(separator: "+"))/\(endpoint.key.address?.description ?? "")"
        }
        return "\(intent.name)|\(part(pair.source))|\(part(pair.destination))|\(pair.family.rawValue)"
    }

    private func flagUnexpected(_ pair: PairAnswer, _ intent: ReachabilityIntent, into output: inout RuleOutput) {
        output.flag(FindingDraft(
            case: Self.unexpectedPath, scope: pair.source.scope, resources: (pair.endpointIds + pair.pathResourceIds).withoutRepeats,
            message: "intent '\(intent.name)' expects no path from \(intent.from) to \(intent.to), but \(pair.source.label) reaches \(pair.destination.label): \(pair.reachable)",
            evidence: ["reachable: \(pair.reachable) (asked: \(intent.ports.joined(separator: ", ")))"] + pair.hopLines,
            key: key(intent, pair), severity: intent.severity))
    }

    private func flagMissing(_ pair: PairAnswer, _ intent: ReachabilityIntent, into output: inout RuleOutput) {
        guard let first = pair.firstBlock else { return }
        let blocked = pair.blockedTraffic
        let leg = first.leg == .return ? ", return leg" : ""
        output.flag(FindingDraft(
            case: Self.missingPath, scope: pair.source.scope, resources: (pair.endpointIds + first.resourceIds.filter { !$0.hasPrefix("subnet-") }).withoutRepeats,
            message: "intent '\(intent.name)' expects \(intent.from) to reach \(intent.to) over \(intent.ports.joined(separator: ", ")), but \(blocked) from \(pair.source.label) to \(pair.destination.label) is blocked at \(first.resourceIds.joined(separator: ", ")) (\(first.kind.title)\(leg)): \(first.code.rawValue)",
            evidence: pair.blockedLines + (pair.reachable.isEmpty ? [] : ["reachable: \(pair.reachable)"]) + pair.hopLines,
            key: key(intent, pair), severity: intent.severity))
    }
}
