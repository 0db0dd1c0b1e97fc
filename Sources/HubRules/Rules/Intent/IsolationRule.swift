import HubModel

/// Groups of VPCs the policy keeps apart (prod and dev, or two spokes) must not be peered, nor
/// route each other's space anywhere — even where AWS would drop the traffic, the intent is broken.
public struct IsolationRule: Rule {
    public static let isolatedPeering = RuleCase(
        id: "isolated-peering", severity: .critical,
        summary: "a peering (active or pending) connects VPCs the policy keeps isolated",
        remediation: "Delete or reject the peering; connect the two only through an inspected path the policy allows.")
    public static let isolatedRoute = RuleCase(
        id: "isolated-route", severity: .high,
        summary: "a route sends traffic for an isolated VPC's space to a private target (peering, transit gateway, appliance)",
        remediation: "Delete the route; if the two groups must talk, change the policy's isolation first.")

    public init(parameters: NoParameters = NoParameters()) {}

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
            group's traffic towards the other (through a hub, a transit gateway, an appliance) breaks that promise.
            """,
        cases: [isolatedPeering, isolatedRoute],
        references: ["https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/welcome.html"],
        inputs: [.describeVpcs, .describeRouteTables, .describeVpcPeeringConnections, .describeManagedPrefixLists,
                 .getManagedPrefixListEntries],
        triggeringExamples: [
            RuleExample("marketing requests a peering to developer", flags: ["pcx-md"], intent: intent) {
                var b = ExampleSnapshot()
                b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
                b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333")
                b.peering("pcx-md", "vpc-mkt", "vpc-dev", status: "pending-acceptance")
                return b.build()
            },
            RuleExample("developer routes marketing's block through the finance hub", flags: ["rtb-dev"], intent: intent) {
                var b = ExampleSnapshot()
                b.vpc("vpc-fin", "10.10.0.0/16")
                b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
                b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333")
                b.peering("pcx-fd", "vpc-fin", "vpc-dev")
                b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, routes: ["10.10.0.0/16": "pcx-fd", "10.20.0.0/16": "pcx-fd"])
                return b.build()
            },
            RuleExample("developer routes a prefix list holding marketing's block to an appliance", flags: ["rtb-dev"],
                        intent: intent) {
                var b = ExampleSnapshot()
                b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
                b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333")
                b.prefixList("pl-partners", vpcScopeOf: "vpc-dev", name: "partners", entries: ["10.20.0.0/16"])
                b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, prefixListRoutes: ["pl-partners": "pcx-fd"])
                return b.build()
            },
        ],
        nonTriggeringExamples: [
            RuleExample("both spokes reach the hub and not each other (the seed: isolation holds)", intent: intent) {
                var b = ExampleSnapshot()
                b.vpc("vpc-fin", "10.10.0.0/16")
                b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
                b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333")
                b.peering("pcx-fm", "vpc-fin", "vpc-mkt")
                b.peering("pcx-fd", "vpc-fin", "vpc-dev")
                b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true, routes: ["10.10.0.0/16": "pcx-fm", "0.0.0.0/0": "igw-1"])
                b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, routes: ["10.10.0.0/16": "pcx-fd", "0.0.0.0/0": "nat-1"])
                return b.build()
            },
        ])

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        guard !context.intent.isolation.isEmpty else {
            output.notConfigured("the policy declares no isolation groups (`isolation`): no separation between VPCs was checked")
            return
        }
        for rule in context.intent.isolation {
            let sideA = members(rule.sideA, context), sideB = members(rule.sideB, context)
            for peering in snapshot.peerings where peering.isLive {
                let ends = (peering.requester.vpcId, peering.accepter.vpcId)
                guard (sideA[ends.0] != nil && sideB[ends.1] != nil) || (sideB[ends.0] != nil && sideA[ends.1] != nil) else { continue }
                let vpc = snapshot.vpcsById[ends.0] ?? snapshot.vpcsById[ends.1]!
                guard context.isEvaluable(vpc.scope) else { continue }
                output.flag(FindingDraft(
                    case: Self.isolatedPeering, scope: vpc.scope, resources: [peering.id, ends.0, ends.1],
                    message: "peering \(peering.id) (\(peering.statusCode)) connects \(ends.0) and \(ends.1), which isolation '\(rule.name)' keeps apart",
                    evidence: ["\(context.peering(peering)): \(peering.statusCode)",
                               "isolation '\(rule.name)': \(rule.sideA.map(\.description).joined(separator: ", ")) ≠ \(rule.sideB.map(\.description).joined(separator: ", "))"],
                    key: "\(rule.name)|\(peering.id)"))
            }
            flagRoutes(from: sideA, to: sideB, rule: rule, context: context, into: &output)
            flagRoutes(from: sideB, to: sideA, rule: rule, context: context, into: &output)
        }
    }

    private func members(_ selectors: [VpcSelector], _ context: RuleContext) -> [String: Vpc] {
        var result: [String: Vpc] = [:]
        for selector in selectors {
            for vpc in selector.select(context.snapshot.vpcs, intent: context.intent) { result[vpc.id] = vpc }
        }
        return result
    }

    private func flagRoutes(from sources: [String: Vpc], to targets: [String: Vpc], rule: NetworkIntent.Isolation,
                            context: RuleContext, into output: inout RuleOutput) {
        for source in sources.values.sorted(by: { $0.id < $1.id }) where context.isEvaluable(source.scope) {
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
                    let hit = targets.values.sorted { $0.id < $1.id }.first { $0.blocks.contains { $0.overlaps(destination) } }
                    guard let target = hit else { continue }
                    // The route as the table holds it: an entry of a prefix list is deleted with its list's route.
                    let held: Route.Destination = route.viaPrefixList.map { .prefixList($0) } ?? route.destination
                    var evidence = ["\(table.label) in \(source.id): \(route)",
                                    "\(target.label) blocks: \(target.blocks.map(\.description).joined(separator: ", "))"]
                    if let accounts = context.crossAccount([("route table \(table.id)", table.scope.account),
                                                            ("\(target.id)", target.scope.account)]) {
                        evidence.append(accounts)
                    }
                    let delete = AWSCommand.deleteRoute(in: raw, to: held)
                    output.flag(FindingDraft(
                        case: Self.isolatedRoute, scope: table.scope, resources: [table.id, source.id, target.id],
                        message: "route table \(table.id) in \(source.id) sends \(destination), which belongs to \(target.label), to \(route.targetId): isolation '\(rule.name)' keeps them apart",
                        evidence: evidence, key: "\(rule.name)|\(table.id)|\(destination)",
                        fix: "Here, in account \(context.account(table.scope.account)): \(route.viaPrefixList.map { "remove \(destination) from prefix list \($0), or " } ?? "")\(delete).",
                        subjects: [.route(table: table.id, destination: held.description)]))
                }
            }
        }
    }
}
