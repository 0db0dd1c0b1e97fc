import HubModel
import HubPaths

/// Every spoke the policy names must be peered with its hub, routed both ways through it, and able
/// to reach the hub's shared services through security groups and network ACLs (the reachability
/// engine, both legs).
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
    public static let spokeNotReachable = RuleCase(
        id: "spoke-not-reachable", severity: .high,
        summary: "a spoke is peered and routed both ways, but none of the hub's services gets from any endpoint of the spoke to any "
            + "endpoint of the hub (security groups, network ACLs, or the routes of the endpoints' own subnets drop it)",
        remediation: "Open the blocking hop named in the evidence for the spoke's range: the hub's security-group ingress, the spoke's "
            + "egress, a network ACL entry for the requests or for their replies (the ephemeral ports), or a route in the table of "
            + "the endpoint's own subnet.")

    public struct Parameters: RuleParameters {
        static let hubServices = Parameter<[String]>(
            "hub_services", default: ["all"],
            "the traffic a spoke must get through to some endpoint of its hub (tcp/443, udp/53, icmp, all); any of it is enough. "
                + "An empty list checks peering and routes only",
            check: { TrafficSpec.parse($0) == nil ? "is not traffic hubaudit knows (tcp/443, tcp/8000-8080, udp/53, icmp, all, 47)" : nil })
        public static let specs = [hubServices.spec] + EphemeralPorts.specs

        /// As the policy wrote them, for messages.
        public var services: [String]
        /// Their union; empty when the policy lists none.
        public var traffic: TrafficSet
        /// The ports replies go to.
        public var ephemeralPorts: ClosedRange<Int>

        public init(_ values: ParameterValues) {
            services = values[Self.hubServices]
            // The policy loader rejected what does not parse: none is dropped here.
            traffic = services.compactMap(TrafficSpec.parse).reduce(TrafficSet.empty) { $0.union($1) }
            ephemeralPorts = EphemeralPorts.range(values)
        }
    }

    let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    /// What peering and routes need: the existing cases are judged wherever these were read, even
    /// where the reachability inputs are missing (the engine then says the services are not evaluated).
    static let routingInputs: [Action] = [.describeVpcs, .describeSubnets, .describeRouteTables, .describeVpcPeeringConnections]

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
            services it depends on — usually noticed only when something breaks. Routes are not enough: a \
            security group or network ACL that drops the spoke's traffic (or the replies) cuts it off all the same.
            """,
        cases: [spokeNotPeered, spokeNotRouted, hubOrSpokeMissing, spokeNotReachable],
        references: ["https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-full-access.html#one-to-many-vpcs-full-access",
                     "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html",
                     "https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html"],
        inputs: [.describeVpcs, .describeSubnets, .describeRouteTables, .describeVpcPeeringConnections,
                 .describeSecurityGroups, .describeNetworkAcls, .describeNetworkInterfaces, .describeInstances,
                 .describeManagedPrefixLists, .getManagedPrefixListEntries],
        parameters: Parameters.specs,
        needs: .wholeSnapshotForDeclaredPaths,
        triggeringExamples: HubSpokeConnectivityRuleExamples.triggering,
        nonTriggeringExamples: HubSpokeConnectivityRuleExamples.nonTriggering)

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        let intent = context.intent
        guard !intent.hubs.isEmpty else {
            output.notConfigured("the policy declares no hubs (`hubs`): no spoke's connectivity was checked")
            return
        }
        // Built once for every spoke, and only when there are services to check.
        let paths = parameters.traffic.isEmpty ? nil : VpcPaths(context)
        let transit = TransitConnections(snapshot)
        // A hub's tables are looked up for every spoke: each expanded and indexed once.
        var tables = ExpandedRouteTables(snapshot)
        for hub in intent.hubs {
            let hubs = hub.vpc.select(snapshot.vpcs, intent: intent)
            guard !hubs.isEmpty else {
                report(missing: hub.vpc, role: "hub", context: context, into: &output)
                continue
            }
            for hubVpc in hubs where context.isEvaluable(hubVpc.scope, for: Self.routingInputs) {
                for selector in hub.spokes {
                    let spokes = selector.select(snapshot.vpcs, intent: intent).filter { $0.id != hubVpc.id }
                    if spokes.isEmpty { report(missing: selector, role: "spoke of \(hubVpc.id)", context: context, into: &output) }
                    for spoke in spokes {
                        guard context.isEvaluable(spoke.scope, for: Self.routingInputs) else {
                            output.cannotEvaluate(spoke.scope, resources: [spoke.id], reason: .missingInput,
                                                  "connectivity of spoke \(spoke.id) to hub \(hubVpc.id) cannot be checked: its account and region lack inputs")
                            continue
                        }
                        check(spoke: spoke, hub: hubVpc, paths: paths, transit: transit, tables: &tables, context: context, into: &output)
                    }
                }
            }
        }
    }

    private func check(spoke: Vpc, hub: Vpc, paths: VpcPaths?, transit: TransitConnections, tables: inout ExpandedRouteTables, context: RuleContext,
                       into output: inout RuleOutput) {
        let snapshot = context.snapshot
        let accounts = context.crossAccount([("spoke \(spoke.id)", spoke.scope.account), ("hub \(hub.id)", hub.scope.account)])
        let links = (snapshot.peeringsByVpc[spoke.id] ?? []).filter { $0.peer(of: spoke.id)?.vpcId == hub.id }
        guard let peering = links.first(where: \.isActive) else {
            // No peering: a transit gateway both are attached to (or two peered ones) is the hub's link.
            if let spokeGateway = transit.gateway(joining: spoke.id, hub.id), let hubGateway = transit.gateway(joining: hub.id, spoke.id) {
                checkTransit(spoke: spoke, hub: hub, gateways: (spokeGateway, hubGateway), paths: paths, transit: transit, tables: &tables,
                             context: context, into: &output)
                return
            }
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
            switch routes(from: source, to: target, via: peering.id, snapshot: snapshot, tables: &tables) {
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
        guard !missing.isEmpty else {
            if let paths {
                checkServices(spoke: spoke, hub: hub, link: peering.id, connected: "peered and routed with hub \(hub.label) through \(peering.id)",
                              paths: paths, context: context, into: &output)
            }
            return
        }
        output.flag(FindingDraft(
            case: Self.spokeNotRouted, scope: spoke.scope, resources: [spoke.id, hub.id, peering.id],
            message: "spoke \(spoke.label) and hub \(hub.label) are peered through \(peering.id) but not routed both ways",
            evidence: missing + [accounts].compactMap { $0 }, key: "\(spoke.id)|\(hub.id)"))
    }

    /// Peered and routed: does any of the hub's services get from some endpoint of the spoke to
    /// some endpoint of the hub, both legs? One pair that does is enough. Where the spoke or the hub
    /// holds no interface, routing is all there is to judge; where an input is missing, the answer
    /// is not evaluated, never "blocked".
    private func checkServices(spoke: Vpc, hub: Vpc, link: String, connected: String, paths: VpcPaths, context: RuleContext,
                               into output: inout RuleOutput) {
        let from = paths.endpoints.resolve(spoke), to = paths.endpoints.resolve(hub)
        let answer = paths.model.answerUntilReachable(from: from.members, to: to.members, traffic: parameters.traffic,
                                                      options: PathOptions(ephemeralPorts: parameters.ephemeralPorts))
        if answer.pairs.contains(where: { !$0.reachable.isEmpty }) { return }
        let services = parameters.services.joined(separator: ", ")
        let subject = "whether spoke \(spoke.id) reaches hub \(hub.id) over \(services)"
        if !from.gaps.isEmpty || !to.gaps.isEmpty || answer.pairs.contains(where: { !$0.unjudged.isEmpty }) {
            from.reportGaps(resources: [spoke.id, hub.id], "\(subject) (spoke endpoints)", into: &output)
            to.reportGaps(resources: [spoke.id, hub.id], "\(subject) (hub endpoints)", into: &output)
            for pair in answer.pairs { pair.reportUnjudged(subject, into: &output) }
            return
        }
        // No pair (no interface on one side, or no address family in common): nothing to judge.
        guard let first = answer.pairs.first, let block = first.firstBlock else { return }
        let shown = answer.pairs.prefix(Self.pairsInEvidence)
        var evidence = shown.flatMap { pair in ["\(pair.source.label) → \(pair.destination.label):"] + pair.blockedLines.map { "  " + $0 } }
        if answer.pairs.count > shown.count {
            evidence.append("and \(Plural.count(answer.pairs.count - shown.count, "more endpoint pair")), all blocked")
        }
        if let accounts = context.crossAccount([("spoke \(spoke.id)", spoke.scope.account), ("hub \(hub.id)", hub.scope.account)]) {
            evidence.append(accounts)
        }
        let leg = block.leg == .return ? ", return leg" : ""
        output.flag(FindingDraft(
            case: Self.spokeNotReachable, scope: spoke.scope,
            resources: ([spoke.id, hub.id, link] + first.endpointIds + block.resourceIds.filter { !$0.hasPrefix("subnet-") }).withoutRepeats,
            message: "spoke \(spoke.label) is \(connected), but none of \(services) gets from "
                + "any of its endpoints to any endpoint of the hub: \(first.source.label) → \(first.destination.label) is blocked at "
                + "\(block.resourceIds.joined(separator: ", ")) (\(block.kind.title)\(leg)): \(block.code.rawValue)",
            evidence: evidence, key: "\(spoke.id)|\(hub.id)"))
    }

    /// Spoke and hub joined by a transit gateway (`gateways`: the spoke's and the hub's, the same one
    /// unless two peered gateways join them). Routed both ways means: some subnet of each side routes
    /// the other's space to its gateway, and the table its attachment is associated with sends that
    /// space on (to the other's attachment, or over the gateways' peering). Then the services, as
    /// for a peering: the engine follows the packet through the gateway's tables, both legs.
    private func checkTransit(spoke: Vpc, hub: Vpc, gateways: (spoke: String, hub: String), paths: VpcPaths?,
                              transit: TransitConnections, tables: inout ExpandedRouteTables, context: RuleContext,
                              into output: inout RuleOutput) {
        let snapshot = context.snapshot
        var missing: [String] = []
        var unknownLists: [PrefixListGap] = []
        var unknownGateway: [(TransitGatewayGap, [String])] = []
        for (source, target, gateway) in [(spoke, hub, gateways.spoke), (hub, spoke, gateways.hub)] {
            switch routes(from: source, to: target, via: gateway, snapshot: snapshot, tables: &tables) {
            case .routed: break
            case .notRouted:
                missing.append("no subnet of \(source.label) routes \(target.blocks.map(\.description).joined(separator: ", ")) to \(gateway)")
            case .unknown(let gaps): unknownLists += gaps
            }
            switch transitRouting(from: source, to: target, gateway: gateway, transit: transit) {
            case .routed: break
            case .notRouted(let why): missing.append(why)
            case .unknown(let gap, let resources): unknownGateway.append((gap, resources))
            }
        }
        if !unknownLists.isEmpty || !unknownGateway.isEmpty {
            for gap in unknownLists {
                output.cannotEvaluate(gap, resources: [spoke.id, hub.id, gap.listId],
                                      "whether \(spoke.id) and hub \(hub.id) route to each other through \(gateways.spoke) cannot be told")
            }
            for (gap, resources) in unknownGateway {
                output.cannotEvaluate(gap, resources: [spoke.id, hub.id] + resources,
                                      "whether \(spoke.id) and hub \(hub.id) are routed to each other through \(gateways.spoke) cannot be told")
            }
            return
        }
        let through = gateways.spoke == gateways.hub ? gateways.spoke : "\(gateways.spoke) and \(gateways.hub) (peered)"
        guard !missing.isEmpty else {
            if let paths {
                checkServices(spoke: spoke, hub: hub, link: gateways.spoke, connected: "attached and routed with hub \(hub.label) through \(through)",
                              paths: paths, context: context, into: &output)
            }
            return
        }
        let accounts = context.crossAccount([("spoke \(spoke.id)", spoke.scope.account), ("hub \(hub.id)", hub.scope.account)])
        output.flag(FindingDraft(
            case: Self.spokeNotRouted, scope: spoke.scope, resources: [spoke.id, hub.id, gateways.spoke, gateways.hub].withoutRepeats,
            message: "spoke \(spoke.label) and hub \(hub.label) are attached to \(through) but not routed both ways",
            evidence: missing + [accounts].compactMap { $0 }, key: "\(spoke.id)|\(hub.id)"))
    }

    private enum TransitRouting {
        case routed
        case notRouted(String)
        case unknown(TransitGatewayGap, [String])
    }

    /// Whether the table the source's attachment to `gateway` is associated with sends part of the
    /// target's space on: an active route to some attachment (the target's, a peering, an
    /// inspection VPC's: the engine follows the rest when it judges the services).
    private func transitRouting(from source: Vpc, to target: Vpc, gateway: String, transit: TransitConnections) -> TransitRouting {
        let snapshot = transit.snapshot
        for association in transit.associations(of: source.id) {
            switch association {
            case .unknown(let attachment, let gap) where attachment?.transitGatewayId == gateway:
                return .unknown(gap, [attachment?.id].compactMap { $0 })
            case .table(let attachment, let routing) where attachment.transitGatewayId == gateway:
                let table = routing.table
                let onward = target.blocks.contains { block in
                    routing.routes(overlapping: block).contains { route in
                        !route.isBlackhole && route.state == "active" && !route.attachmentIds.isEmpty
                    }
                }
                if onward { return .routed }
                if let gap = routing.gaps.first { return .unknown(gap, [table.id, attachment.id]) }
                return .notRouted("\(table.label), associated with \(attachment.id) of \(source.id), has no route for \(target.blocks.map(\.description).joined(separator: ", ")) (\(target.id))")
            default: continue
            }
        }
        let attachment = (snapshot.transitGatewayAttachmentsByVpc[source.id] ?? []).first { $0.transitGatewayId == gateway && $0.isAvailable }
        return .notRouted("\(attachment?.id ?? source.id) is associated with no route table of \(gateway): the gateway drops what \(source.id) sends")
    }

    /// Endpoint pairs whose blocking hops the evidence lists; the rest are counted.
    static let pairsInEvidence = 3

    private enum Routing {
        case routed, notRouted, unknown([PrefixListGap])
    }

    /// Whether any subnet of `source` (or its main table, when it has none) sends part of
    /// `target`'s space through the peering; unknown when no table does by what is known and one
    /// holds a prefix list whose entries are unknown.
    private func routes(from source: Vpc, to target: Vpc, via peering: String, snapshot: Snapshot,
                        tables expanded: inout ExpandedRouteTables) -> Routing {
        let subnets = snapshot.subnetsByVpc[source.id] ?? []
        let tables = subnets.isEmpty ? (snapshot.routeTablesByVpc[source.id] ?? []).filter(\.isMain)
            : subnets.compactMap { snapshot.routeTable(forSubnet: $0) }
        var unknown: [PrefixListGap] = []
        for raw in tables {
            let gaps = expanded(raw).unknown
            let uncertain = gaps.filter { gap in target.blocks.contains { gap.concerns($0) } }
            let index = expanded.indexed(raw)
            if uncertain.isEmpty,
               target.blocks.contains(where: { block in index.resolve(block).contains { $0.route?.targetId == peering } }) {
                return .routed
            }
            for gap in uncertain where !unknown.contains(gap) { unknown.append(gap) }
        }
        return unknown.isEmpty ? .notRouted : .unknown(unknown)
    }

    private func report(missing selector: VpcSelector, role: String, context: RuleContext, into output: inout RuleOutput) {
        let scopes = context.snapshot.scopes.filter { selector.account == nil || $0.account == selector.account }
        if scopes.isEmpty || scopes.contains(where: { !context.isEvaluable($0, for: Self.routingInputs) }) {
            let scope = scopes.first(where: { !context.isEvaluable($0, for: Self.routingInputs) })
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
