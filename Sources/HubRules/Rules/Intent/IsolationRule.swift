import HubModel
import HubPaths

/// Groups of VPCs the policy keeps apart (prod and dev, or two spokes) must not be peered, nor
/// route each other's space anywhere — even where AWS would drop the traffic, the intent is broken.
/// Where traffic actually flows between them (security groups and network ACLs judged by the
/// reachability engine, both legs), that is a finding of its own: the breach is not only on paper.
public struct IsolationRule: Rule {
    public static let isolatedPeering = RuleCase(
        id: "isolated-peering", severity: .critical,
        summary: "a peering (active or pending) connects VPCs the policy keeps isolated",
        remediation: "Delete or reject the peering; connect the two only through an inspected path the policy allows.")
    public static let isolatedRoute = RuleCase(
        id: "isolated-route", severity: .high,
        summary: "a route sends traffic for an isolated VPC's space to a private target (peering, transit gateway, appliance)",
        remediation: "Delete the route; if the two groups must talk, change the policy's isolation first.")
    public static let isolatedPath = RuleCase(
        id: "isolated-path", severity: .critical,
        summary: "traffic actually flows, both legs, from an endpoint of one isolated group's VPC to an endpoint of the other's",
        remediation: "Delete the peering (or its routes); until then close the path at a hop the evidence names: a security-group "
            + "rule or a network ACL entry.")

    /// What peerings and routes need: those cases are judged wherever these were read, even where
    /// the reachability inputs are missing (the engine then says the paths are not evaluated).
    static let routingInputs: [Action] = [.describeVpcs, .describeRouteTables, .describeVpcPeeringConnections]

    public struct Parameters: RuleParameters {
        public static let specs = EphemeralPorts.specs

        /// The ports replies go to: a path between isolated VPCs needs its replies to get back.
        public var ephemeralPorts: ClosedRange<Int>

        public init(_ values: ParameterValues) { ephemeralPorts = EphemeralPorts.range(values) }
    }

    let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    static let intent = NetworkIntent(isolation: [NetworkIntent.Isolation(
        name: "marketing-vs-developer", sideA: [VpcSelector(account: "222222222222")], sideB: [VpcSelector(account: "333333333333")])])

    /// Targets that carry traffic to private networks; internet and NAT gateways do not.
    static let privateTargets: Set<Route.TargetKind> = [.peering, .transitGateway, .virtualPrivateGateway,
                                                        .networkInterface, .instance, .coreNetwork, .localGateway]

    public static let description = RuleDescription(
        id: "isolation-breach",
        title: "Connections between VPCs the policy keeps isolated",
        category: "intent",
        rationale: """
            Isolation between environments (prod and dev) or business units is what limits the blast radius of a \
            compromise. A peering between isolated groups — even one only requested — or a route that sends one \
            group's traffic towards the other (through a hub, a transit gateway, an appliance) breaks that promise; \
            where security groups and network ACLs let the traffic through as well, the breach is open now.
            """,
        cases: [isolatedPeering, isolatedRoute, isolatedPath],
        references: ["https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/welcome.html",
                     "https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html"],
        inputs: [.describeVpcs, .describeSubnets, .describeRouteTables, .describeVpcPeeringConnections, .describeSecurityGroups,
                 .describeNetworkAcls, .describeNetworkInterfaces, .describeInstances, .describeManagedPrefixLists,
                 .getManagedPrefixListEntries],
        parameters: Parameters.specs,
        needs: .wholeSnapshotForDeclaredPaths,
        triggeringExamples: IsolationRuleExamples.triggering,
        nonTriggeringExamples: IsolationRuleExamples.nonTriggering)

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        guard !context.intent.isolation.isEmpty else {
            output.notConfigured("the policy declares no isolation groups (`isolation`): no separation between VPCs was checked")
            return
        }
        // The engine's model, built once, and only when some active peering or transit gateway joins isolated VPCs.
        var paths: VpcPaths?
        let transit = TransitConnections(snapshot)
        for rule in context.intent.isolation {
            let sideA = members(rule.sideA, context), sideB = members(rule.sideB, context)
            var peered: [String: (Vpc, Vpc)] = [:]
            for peering in snapshot.peerings where peering.isLive {
                let ends = (peering.requester.vpcId, peering.accepter.vpcId)
                guard (sideA[ends.0] != nil && sideB[ends.1] != nil) || (sideB[ends.0] != nil && sideA[ends.1] != nil) else { continue }
                // Only an active peering carries traffic: the VPC pairs whose endpoints the engine asks about.
                if peering.isActive, let a = snapshot.vpcsById[ends.0], let b = snapshot.vpcsById[ends.1], a.id != b.id {
                    peered[min(a.id, b.id) + "|" + max(a.id, b.id)] = a.id < b.id ? (a, b) : (b, a)
                }
                let vpc = snapshot.vpcsById[ends.0] ?? snapshot.vpcsById[ends.1]!
                guard context.isEvaluable(vpc.scope, for: Self.routingInputs) else { continue }
                output.flag(FindingDraft(
                    case: Self.isolatedPeering, scope: vpc.scope, resources: [peering.id, ends.0, ends.1],
                    message: "peering \(peering.id) (\(peering.statusCode)) connects \(ends.0) and \(ends.1), which isolation '\(rule.name)' keeps apart",
                    evidence: ["\(context.peering(peering)): \(peering.statusCode)",
                               "isolation '\(rule.name)': \(rule.sideA.map(\.description).joined(separator: ", ")) ≠ \(rule.sideB.map(\.description).joined(separator: ", "))"],
                    key: "\(rule.name)|\(peering.id)"))
            }
            flagRoutes(from: sideA, to: sideB, rule: rule, transit: transit, context: context, into: &output)
            flagRoutes(from: sideB, to: sideA, rule: rule, transit: transit, context: context, into: &output)
            var judgedTables = Set<String>()
            flagTransitRoutes(from: sideA, to: sideB, rule: rule, transit: transit, judged: &judgedTables, context: context, into: &output)
            flagTransitRoutes(from: sideB, to: sideA, rule: rule, transit: transit, judged: &judgedTables, context: context, into: &output)
            // VPCs a transit gateway joins: the engine asks about them as about peered ones.
            for a in sideA.values.sorted(by: { $0.id < $1.id }) {
                for b in sideB.values.sorted(by: { $0.id < $1.id }) where a.id != b.id && transit.gateway(joining: a.id, b.id) != nil {
                    let key = min(a.id, b.id) + "|" + max(a.id, b.id)
                    if peered[key] == nil { peered[key] = a.id < b.id ? (a, b) : (b, a) }
                }
            }
            for (_, (a, b)) in peered.sorted(by: { $0.key < $1.key }) {
                if paths == nil { paths = VpcPaths(context) }
                flagPath(from: a, to: b, rule: rule, paths: paths!, context: context, into: &output)
                flagPath(from: b, to: a, rule: rule, paths: paths!, context: context, into: &output)
            }
        }
    }

    /// Whether any traffic gets from some endpoint of `source` to some endpoint of `target`, both
    /// legs: one finding per direction, the first pair that gets through as evidence and the others
    /// counted. Where nothing is seen to get through, every gap (an endpoint list or a hop whose
    /// input is missing) is not evaluated: a missing network ACL response cannot hide a path.
    private func flagPath(from source: Vpc, to target: Vpc, rule: NetworkIntent.Isolation,
                          paths: VpcPaths, context: RuleContext, into output: inout RuleOutput) {
        let from = paths.endpoints.resolve(source), to = paths.endpoints.resolve(target)
        let answer = paths.model.answer(from: from.members, to: to.members, traffic: .all,
                                        options: PathOptions(ephemeralPorts: parameters.ephemeralPorts))
        let reaching = answer.pairs.filter { !$0.reachable.isEmpty }
        let subject = "isolation '\(rule.name)': traffic from \(source.id) to \(target.id)"
        guard let first = reaching.first else {
            from.reportGaps(resources: [source.id, target.id], "\(subject) (endpoints of \(source.id))", into: &output)
            to.reportGaps(resources: [source.id, target.id], "\(subject) (endpoints of \(target.id))", into: &output)
            for pair in answer.pairs { pair.reportUnjudged(subject, into: &output) }
            return
        }
        var evidence = ["reachable: \(first.reachable)"] + first.hopLines
        if reaching.count > 1 {
            let all = reaching.reduce(TrafficSet.empty) { $0.union($1.reachable) }
            evidence.append("and \(Plural.count(reaching.count - 1, "more endpoint pair")) of \(source.id) and \(target.id) get through (together: \(all))")
        }
        evidence.append("isolation '\(rule.name)': \(rule.sideA.map(\.description).joined(separator: ", ")) ≠ \(rule.sideB.map(\.description).joined(separator: ", "))")
        if let accounts = context.crossAccount([(source.id, source.scope.account), (target.id, target.scope.account)]) {
            evidence.append(accounts)
        }
        output.flag(FindingDraft(
            case: Self.isolatedPath, scope: first.source.scope,
            resources: (first.endpointIds + first.pathResourceIds + [source.id, target.id]).withoutRepeats,
            message: "\(first.source.label) in \(source.label) reaches \(first.destination.label) in \(target.label): \(first.reachable), "
                + "which isolation '\(rule.name)' keeps apart",
            evidence: evidence, key: "\(rule.name)|\(source.id)|\(target.id)"))
    }

    private func members(_ selectors: [VpcSelector], _ context: RuleContext) -> [String: Vpc] {
        var result: [String: Vpc] = [:]
        for selector in selectors {
            for vpc in selector.select(context.snapshot.vpcs, intent: context.intent) { result[vpc.id] = vpc }
        }
        return result
    }

    private func flagRoutes(from sources: [String: Vpc], to targets: [String: Vpc], rule: NetworkIntent.Isolation,
                            transit: TransitConnections, context: RuleContext, into output: inout RuleOutput) {
        // The targets' blocks indexed once (the first target by id wins): a hub's table has a route
        // per spoke, and isolating the hub from every spoke asked each route of every target.
        let targetList = targets.values.sorted { $0.id < $1.id }
        let targetBlocks = Self.blockIndex(targetList)
        for source in sources.values.sorted(by: { $0.id < $1.id }) where context.isEvaluable(source.scope, for: Self.routingInputs) {
            for raw in context.snapshot.routeTablesByVpc[source.id] ?? [] {
                // A prefix-list route counts by its entries; one whose entries are unknown is not judged.
                let (table, unknown) = raw.expandingPrefixLists(in: context.snapshot)
                for route in raw.routes where IsolationRule.privateTargets.contains(route.targetKind) {
                    guard case .prefixList(let id) = route.destination, let gap = unknown.first(where: { $0.listId == id }) else { continue }
                    output.cannotEvaluate(gap, resources: [raw.id, source.id, id],
                                          "whether \(raw.id) routes an isolated VPC's space to \(route.targetId) through prefix list \(id) cannot be told")
                }
                for route in table.routes where IsolationRule.privateTargets.contains(route.targetKind) {
                    guard let destination = route.cidr, !destination.isAny else { continue }
                    guard let first = targetBlocks.overlapping(destination).first else { continue }
                    let target = targetList[first]
                    // A route to a transit gateway for a summary (10.0.0.0/8, the segmented hub's
                    // spokes all have one) leads where the gateway's table sends it: that table is
                    // judged on its own (flagTransitRoutes), and the summary is the finding only
                    // where the snapshot cannot tell what the gateway does. A route for the other
                    // side's own space is the finding as it is, whatever the gateway does with it.
                    var gatewayGap: TransitGatewayGap?
                    if route.targetKind == .transitGateway && !target.blocks.contains(where: { $0.contains(destination) }) {
                        gatewayGap = transit.gap(routing: source, through: route.targetId)
                        if gatewayGap == nil { continue }
                    }
                    // The route as the table holds it: an entry of a prefix list is deleted with its list's route.
                    let held: Route.Destination = route.viaPrefixList.map { .prefixList($0) } ?? route.destination
                    var evidence = ["\(table.label) in \(source.id): \(route)",
                                    "\(target.label) blocks: \(target.blocks.map(\.description).joined(separator: ", "))"]
                    if let gatewayGap { evidence.append("where \(route.targetId) sends it cannot be read: \(gatewayGap.detail)") }
                    if let accounts = context.crossAccount([("route table \(table.id)", table.scope.account),
                                                            ("\(target.id)", target.scope.account)]) {
                        evidence.append(accounts)
                    }
                    let delete = AWSCommand.deleteRoute(in: raw, to: held)
                    output.flag(FindingDraft(
                        case: Self.isolatedRoute, scope: table.scope, resources: [table.id, source.id, target.id],
                        message: "route table \(table.id) in \(source.id) sends \(destination), which belongs to \(target.label), to \(route.targetId): isolation '\(rule.name)' keeps them apart",
                        evidence: evidence, key: "\(rule.name)|\(table.id)|\(destination)",
                        fix: AWSCommand.runSentence([delete], account: context.account(table.scope.account),
                                                    alternative: route.viaPrefixList.map { "remove \(destination) from prefix list \($0) instead" }),
                        fixCommands: [delete],
                        subjects: [.route(table: table.id, destination: held.description)]))
                }
            }
        }
    }

    /// The transit-gateway tables the sources' attachments are associated with: a route there that
    /// sends part of a target's space to an attachment (a spoke propagating into the spokes table, a
    /// static route) breaks isolation, whether or not the VPC routes send traffic that way yet. Each
    /// table and destination is one finding, whichever source it serves; a table whose routes are
    /// not fully known is not evaluated.
    private func flagTransitRoutes(from sources: [String: Vpc], to targets: [String: Vpc], rule: NetworkIntent.Isolation,
                                   transit: TransitConnections, judged: inout Set<String>, context: RuleContext,
                                   into output: inout RuleOutput) {
        let targetList = targets.values.sorted { $0.id < $1.id }
        let targetBlocks = Self.blockIndex(targetList)
        // Per gateway table, the routes not judged yet with the targets each carries traffic into
        // (positions in `targetList`): worked out once per table, not once per source — every spoke
        // of a hub may be a source associated with the same table of a route per spoke. A route
        // leaves the list once judged; one that carries into no target is never listed.
        var pending: [String: [(route: Int, targets: [Int])]] = [:]
        for source in sources.values.sorted(by: { $0.id < $1.id }) where context.isEvaluable(source.scope, for: Self.routingInputs) {
            for association in transit.associations(of: source.id) {
                switch association {
                case .none: continue
                case .unknown(let attachment, let gap):
                    output.cannotEvaluate(gap, resources: [attachment?.id, source.id].compactMap { $0 },
                                          "isolation '\(rule.name)': whether the transit gateway sends \(source.id)'s traffic to the other side cannot be told")
                case .table(let attachment, let routing):
                    let table = routing.table
                    for gap in routing.gaps where judged.insert("gap|\(table.id)|\(gap.detail)").inserted {
                        output.cannotEvaluate(gap, resources: [table.id, source.id],
                                              "isolation '\(rule.name)': whether \(table.id) routes an isolated VPC's space cannot be told")
                    }
                    let candidates = pending[table.id] ?? Self.candidates(in: routing, targetList: targetList, targetBlocks: targetBlocks)
                    var left: [(route: Int, targets: [Int])] = []
                    for (position, targets) in candidates {
                        let route = routing.routes[position]
                        let key = "\(table.id)|\(route.cidr!)"
                        guard !judged.contains(key) else { continue }
                        // The first target, by id, other than the source itself.
                        guard let target = targets.lazy.map({ targetList[$0] }).first(where: { $0.id != source.id }) else {
                            left.append((position, targets))
                            continue
                        }
                        judged.insert(key)
                        flag(route, in: table, associatedWith: attachment, from: source, to: target, rule: rule, context: context, into: &output)
                    }
                    pending[table.id] = left
                }
            }
        }
    }

    /// The targets' blocks, filed under their positions in `targets`.
    static func blockIndex(_ targets: [Vpc]) -> CIDRIndex<Int> {
        CIDRIndex(targets.indices.flatMap { position in targets[position].blocks.map { ($0, position) } })
    }

    /// The active routes of a gateway table (not blackholes, not 0.0.0.0/0 or ::/0) that carry
    /// traffic into some target, as positions in `routing.routes`, each with those targets'
    /// positions in `targetList` order.
    static func candidates(in routing: TransitGatewayRouting, targetList: [Vpc], targetBlocks: CIDRIndex<Int>) -> [(route: Int, targets: [Int])] {
        var found: [(route: Int, targets: [Int])] = []
        for position in routing.routes.indices {
            let route = routing.routes[position]
            guard !route.isBlackhole, route.state == "active", !route.attachmentIds.isEmpty,
                  let destination = route.cidr, !destination.isAny else { continue }
            var targets: [Int] = []
            for target in targetBlocks.overlapping(destination) where targets.last != target {
                if targetList[target].blocks.contains(where: { carries(route, into: $0, of: routing) }) { targets.append(target) }
            }
            if !targets.isEmpty { found.append((position, targets)) }
        }
        return found
    }

    /// Whether the table uses `route` for some address of `block`: more specific routes (or, for its
    /// own prefix, preferred ones: `TransitGatewayRouting.outranks`) may take all of the block's share
    /// — a summary to the hub with a blackhole for the other side's range never carries it there.
    static func carries(_ route: TransitGatewayRoute, into block: CIDR, of routing: TransitGatewayRouting) -> Bool {
        guard let destination = route.cidr, let part = destination.intersection(block) else { return false }
        let preferred = routing.routes(overlapping: part).compactMap { other -> CIDR? in
            guard TransitGatewayRouting.outranks(other, route) else { return nil }
            return other.cidr
        }
        return !part.subtracting(preferred).isEmpty
    }

    private func flag(_ route: TransitGatewayRoute, in table: TransitGatewayRouteTable, associatedWith attachment: TransitGatewayAttachment,
                      from source: Vpc, to target: Vpc, rule: NetworkIntent.Isolation, context: RuleContext, into output: inout RuleOutput) {
        let destination = route.destination
        var evidence = ["\(table.label), associated with \(attachment.id) (\(source.id)): \(route)",
                        "\(target.label) blocks: \(target.blocks.map(\.description).joined(separator: ", "))"]
        let leadsTo = route.attachmentIds.map { id in
            context.snapshot.transitGatewayAttachmentsById[id].map { "\(id) (\($0.resourceId))" } ?? id
        }.joined(separator: ", ")
        if route.origin == .propagated {
            evidence.append("\(leadsTo) propagates into \(table.id), with which \(attachment.id) of \(source.id) is associated")
        }
        if let accounts = context.crossAccount([("transit gateway route table \(table.id)", table.scope.account),
                                                ("\(target.id)", target.scope.account)]) {
            evidence.append(accounts)
        }
        output.flag(FindingDraft(
            case: Self.isolatedRoute, scope: table.scope,
            resources: ([table.id, attachment.id, source.id, target.id] + route.attachmentIds).withoutRepeats,
            message: "transit gateway route table \(table.id), associated with \(source.id)'s attachment \(attachment.id), sends \(destination), "
                + "which belongs to \(target.label), to \(leadsTo): isolation '\(rule.name)' keeps them apart",
            evidence: evidence, key: "\(rule.name)|\(table.id)|\(destination)",
            fix: route.origin == .propagated
                ? "Disable the propagation of \(route.attachmentIds.joined(separator: ", ")) into \(table.id) in account \(context.account(table.scope.account))."
                : summaryFix(route, in: table, target: target, context: context)
                    ?? "Delete the static route to \(destination) from \(table.id) in account \(context.account(table.scope.account)), or make it a blackhole."))
    }

    /// A static summary (10.0.0.0/8 to the hub) serves more than the other side: deleting it, or
    /// making it a blackhole, would cut the hub off too. A blackhole for the other side's share keeps both.
    private func summaryFix(_ route: TransitGatewayRoute, in table: TransitGatewayRouteTable, target: Vpc, context: RuleContext) -> String? {
        guard let destination = route.cidr, !target.blocks.contains(where: { $0.contains(destination) }) else { return nil }
        let shares = target.blocks.compactMap { $0.intersection(destination) }.map(\.description).joined(separator: ", ")
        return "\(destination) is a summary that serves more than \(target.id): add a blackhole static route for \(shares) to \(table.id) "
            + "in account \(context.account(table.scope.account)) (create-transit-gateway-route --blackhole), or narrow the summary."
    }
}
