import HubModel

/// Every spoke the policy names must be peered with its hub and routed both ways through it.
public struct HubSpokeConnectivityRule: Rule {
    public static let spokeNotPeered = RuleCase(
        id: "spoke-not-peered", severity: .high,
        summary: "a spoke has no active peering with its hub",
        remediation: "Create the peering from the hub account and accept it in the spoke account (or accept the pending request).")
    public static let spokeNotRouted = RuleCase(
        id: "spoke-not-routed", severity: .high,
        summary: "the hub and a spoke are peered, but one side's subnets have no route through the peering to the other",
        remediation: "Add routes to the other VPC's block via the peering in the route tables the subnets use, on both sides.")
    public static let hubOrSpokeMissing = RuleCase(
        id: "hub-or-spoke-missing", severity: .medium,
        summary: "the policy names a hub or spoke that no VPC in the snapshot matches",
        remediation: "Fix the selector in the policy (VPC id, account, Name tag), or create the VPC the intent describes.")

    public init(parameters: NoParameters = NoParameters()) {}

    static let intent = NetworkIntent(hubs: [NetworkIntent.Hub(
        vpc: VpcSelector(account: "111111111111", name: "finance"),
        spokes: [VpcSelector(account: "222222222222", name: "marketing"), VpcSelector(account: "333333333333", name: "developer")])])

    public static let description = RuleDescription(
        id: "hub-spoke-connectivity",
        title: "Spokes not connected to their hub as the policy intends",
        category: "intent",
        rationale: """
            The policy's hub intent says which spokes must reach the hub. A spoke that is not peered, whose peering \
            is not accepted, or where either side lacks a route through the peering, is cut off from the shared \
            services it depends on — usually noticed only when something breaks.
            """,
        cases: [spokeNotPeered, spokeNotRouted, hubOrSpokeMissing],
        references: ["https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-full-access.html#one-to-many-vpcs-full-access"],
        inputs: [.describeVpcs, .describeSubnets, .describeRouteTables, .describeVpcPeeringConnections,
                 .describeManagedPrefixLists, .getManagedPrefixListEntries],
        triggeringExamples: [
            RuleExample("the developer spoke's peering was never accepted", flags: ["vpc-dev"], intent: intent) {
                var b = ExampleSnapshot()
                b.vpc("vpc-fin", "10.10.0.0/16", name: "finance")
                b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222", name: "marketing")
                b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333", name: "developer")
                b.subnet("subnet-fin", vpc: "vpc-fin", "10.10.1.0/24")
                b.subnet("subnet-mkt", vpc: "vpc-mkt", "10.20.1.0/24")
                b.peering("pcx-mkt", "vpc-fin", "vpc-mkt")
                b.peering("pcx-dev", "vpc-fin", "vpc-dev", status: "pending-acceptance")
                b.routeTable("rtb-fin", vpc: "vpc-fin", main: true, routes: ["10.20.0.0/16": "pcx-mkt"])
                b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true, routes: ["10.10.0.0/16": "pcx-mkt"])
                return b.build()
            },
            RuleExample("the marketing spoke is peered but its subnets have no route to the hub", flags: ["vpc-mkt"],
                        intent: NetworkIntent(hubs: [.init(vpc: VpcSelector(vpcId: "vpc-fin"), spokes: [VpcSelector(vpcId: "vpc-mkt")])])) {
                var b = ExampleSnapshot()
                b.vpc("vpc-fin", "10.10.0.0/16")
                b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
                b.subnet("subnet-fin", vpc: "vpc-fin", "10.10.1.0/24")
                b.subnet("subnet-mkt", vpc: "vpc-mkt", "10.20.1.0/24")
                b.peering("pcx-mkt", "vpc-fin", "vpc-mkt")
                b.routeTable("rtb-fin", vpc: "vpc-fin", main: true, routes: ["10.20.0.0/16": "pcx-mkt"])
                b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true)
                return b.build()
            },
        ],
        nonTriggeringExamples: [
            RuleExample("both spokes peered and routed both ways (the seed's target state)", intent: intent) {
                var b = ExampleSnapshot()
                b.vpc("vpc-fin", "10.10.0.0/16", name: "finance")
                b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222", name: "marketing")
                b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333", name: "developer")
                b.subnet("subnet-fin", vpc: "vpc-fin", "10.10.1.0/24")
                b.subnet("subnet-mkt", vpc: "vpc-mkt", "10.20.1.0/24")
                b.subnet("subnet-dev", vpc: "vpc-dev", "10.30.1.0/24")
                b.peering("pcx-mkt", "vpc-fin", "vpc-mkt")
                b.peering("pcx-dev", "vpc-fin", "vpc-dev")
                b.routeTable("rtb-fin", vpc: "vpc-fin", main: true, routes: ["10.20.0.0/16": "pcx-mkt", "10.30.0.0/16": "pcx-dev"])
                b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true, routes: ["10.10.0.0/16": "pcx-mkt"])
                b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, routes: ["10.10.0.0/16": "pcx-dev"])
                return b.build()
            },
            RuleExample("the spoke routes the hub through a prefix list of the hub's ranges",
                        intent: NetworkIntent(hubs: [.init(vpc: VpcSelector(vpcId: "vpc-fin"), spokes: [VpcSelector(vpcId: "vpc-mkt")])])) {
                var b = ExampleSnapshot()
                b.vpc("vpc-fin", "10.10.0.0/16")
                b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
                b.subnet("subnet-fin", vpc: "vpc-fin", "10.10.1.0/24")
                b.subnet("subnet-mkt", vpc: "vpc-mkt", "10.20.1.0/24")
                b.peering("pcx-mkt", "vpc-fin", "vpc-mkt")
                b.prefixList("pl-hub", vpcScopeOf: "vpc-mkt", name: "hub", entries: ["10.10.0.0/16"])
                b.routeTable("rtb-fin", vpc: "vpc-fin", main: true, routes: ["10.20.0.0/16": "pcx-mkt"])
                b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true, prefixListRoutes: ["pl-hub": "pcx-mkt"])
                return b.build()
            },
        ])

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        let intent = context.intent
        guard !intent.hubs.isEmpty else {
            output.notConfigured("the policy declares no hubs (`hubs`): no spoke's connectivity was checked")
            return
        }
        for hub in intent.hubs {
            let hubs = hub.vpc.select(snapshot.vpcs, intent: intent)
            guard !hubs.isEmpty else {
                report(missing: hub.vpc, role: "hub", context: context, into: &output)
                continue
            }
            for hubVpc in hubs where context.isEvaluable(hubVpc.scope) {
                for selector in hub.spokes {
                    let spokes = selector.select(snapshot.vpcs, intent: intent).filter { $0.id != hubVpc.id }
                    if spokes.isEmpty { report(missing: selector, role: "spoke of \(hubVpc.id)", context: context, into: &output) }
                    for spoke in spokes {
                        guard context.isEvaluable(spoke.scope) else {
                            output.cannotEvaluate(spoke.scope, resources: [spoke.id], reason: .missingInput,
                                                  "connectivity of spoke \(spoke.id) to hub \(hubVpc.id) cannot be checked: its account and region lack inputs")
                            continue
                        }
                        check(spoke: spoke, hub: hubVpc, context: context, into: &output)
                    }
                }
            }
        }
    }

    private func check(spoke: Vpc, hub: Vpc, context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        let accounts = context.crossAccount([("spoke \(spoke.id)", spoke.scope.account), ("hub \(hub.id)", hub.scope.account)])
        let links = (snapshot.peeringsByVpc[spoke.id] ?? []).filter { $0.peer(of: spoke.id)?.vpcId == hub.id }
        guard let peering = links.first(where: \.isActive) else {
            let states = links.map { "\(context.peering($0)): \($0.statusCode)\($0.statusMessage.isEmpty ? "" : " (\($0.statusMessage))")" }
            output.flag(FindingDraft(
                case: Self.spokeNotPeered, scope: spoke.scope, resources: [spoke.id, hub.id] + links.map(\.id),
                message: "spoke \(spoke.label) has no active peering with hub \(hub.label)",
                evidence: (states.isEmpty ? ["no peering connection between \(spoke.id) and \(hub.id)"] : states) + [accounts].compactMap { $0 },
                key: "\(spoke.id)|\(hub.id)"))
            return
        }
        var missing: [String] = []
        var unknown: [PrefixListGap] = []
        for (source, target) in [(spoke, hub), (hub, spoke)] {
            switch routes(from: source, to: target, via: peering.id, snapshot: snapshot) {
            case .routed: break
            case .notRouted:
                missing.append("no subnet of \(source.label) routes \(target.blocks.map(\.description).joined(separator: ", ")) via \(peering.id)")
            case .unknown(let gaps): unknown += gaps
            }
        }
        // A side whose tables hold prefix lists of unknown entries may route through them: not judged.
        if !unknown.isEmpty {
            for gap in unknown {
                output.cannotEvaluate(gap, resources: [spoke.id, hub.id, gap.listId],
                                      "whether \(spoke.id) and hub \(hub.id) route to each other via \(peering.id) cannot be told")
            }
            return
        }
        guard !missing.isEmpty else { return }
        output.flag(FindingDraft(
            case: Self.spokeNotRouted, scope: spoke.scope, resources: [spoke.id, hub.id, peering.id],
            message: "spoke \(spoke.label) and hub \(hub.label) are peered through \(peering.id) but not routed both ways",
            evidence: missing + [accounts].compactMap { $0 }, key: "\(spoke.id)|\(hub.id)"))
    }

    private enum Routing {
        case routed, notRouted, unknown([PrefixListGap])
    }

    /// Whether any subnet of `source` (or its main table, when it has none) sends part of
    /// `target`'s space through the peering; unknown when no table does by what is known and one
    /// holds a prefix list whose entries are unknown.
    private func routes(from source: Vpc, to target: Vpc, via peering: String, snapshot: Snapshot) -> Routing {
        let subnets = snapshot.subnetsByVpc[source.id] ?? []
        let tables = subnets.isEmpty ? (snapshot.routeTablesByVpc[source.id] ?? []).filter(\.isMain)
            : subnets.compactMap { snapshot.routeTable(forSubnet: $0) }
        var unknown: [PrefixListGap] = []
        for raw in tables {
            let (table, gaps) = raw.expandingPrefixLists(in: snapshot)
            let uncertain = gaps.filter { gap in target.blocks.contains { gap.concerns($0) } }
            if uncertain.isEmpty,
               target.blocks.contains(where: { block in table.resolve(block).contains { $0.route?.targetId == peering } }) {
                return .routed
            }
            for gap in uncertain where !unknown.contains(gap) { unknown.append(gap) }
        }
        return unknown.isEmpty ? .notRouted : .unknown(unknown)
    }

    private func report(missing selector: VpcSelector, role: String, context: RuleContext, into output: inout RuleOutput) {
        let scopes = context.snapshot.scopes.filter { selector.account == nil || $0.account == selector.account }
        if scopes.isEmpty || scopes.contains(where: { !context.isEvaluable($0) }) {
            let scope = scopes.first(where: { !context.isEvaluable($0) })
                ?? Scope(account: selector.account ?? "*", region: "*")
            output.cannotEvaluate(scope, reason: .missingInput,
                                  "the \(role) \(selector) cannot be looked for: \(scopes.isEmpty ? "its account is not in the snapshot" : "its account and region lack inputs")")
            return
        }
        output.flag(FindingDraft(
            case: Self.hubOrSpokeMissing, scope: scopes[0], resources: [selector.vpcId ?? selector.description],
            message: "no VPC matches the \(role) the policy names (\(selector))",
            evidence: ["searched \(scopes.map(\.description).joined(separator: ", "))"], key: "\(role)|\(selector)"))
    }
}
