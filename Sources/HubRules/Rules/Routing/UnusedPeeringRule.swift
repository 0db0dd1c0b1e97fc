import HubModel

/// Active peerings that no route uses: connectivity nobody routes through is either left over or a
/// change half made.
public struct UnusedPeeringRule: Rule {
    public static let noRouteThroughPeering = RuleCase(
        id: "no-route-through-peering", severity: .low,
        summary: "an active peering that no route table of either VPC routes through",
        remediation: "Delete the peering if nothing needs it; if it is a change in progress, finish it: add the routes through it in "
            + "the route tables of both VPCs' subnets.")

    public init(parameters: NoParameters = NoParameters()) {}

    /// A side's route tables are all the rule reads of it.
    private static let sideInputs: [Action] = [.describeRouteTables]

    public static let description = RuleDescription(
        id: "unused-peering",
        title: "Active peerings without a route through them",
        category: "routing",
        rationale: """
            An active peering that no route table uses carries no traffic today, but it is a standing \
            connection: one route added later, by anyone with route-table rights in either account, opens a path \
            nobody reviewed. Often it is what is left of a migration, or a change whose routes were never \
            added — a connectivity request that silently does not work.
            """,
        cases: [noRouteThroughPeering],
        references: [
            "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html",
            "https://docs.aws.amazon.com/vpc/latest/peering/delete-vpc-peering-connection.html",
            "no CIS or Security Hub control checks this; related: CIS AWS Foundations 5.5 (3.0) / 5.6 (4.0) (least-access peering routes)",
        ],
        inputs: [.describeRouteTables, .describeVpcPeeringConnections],
        needs: .sharedFactsAndGroupReferences,
        triggeringExamples: UnusedPeeringRuleExamples.triggering,
        nonTriggeringExamples: UnusedPeeringRuleExamples.nonTriggering)

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        var references: [String: [String]]?
        let routed = Self.vpcsRouting(snapshot)
        for peering in snapshot.peerings.sorted(by: { $0.id < $1.id }) where peering.isActive {
            let sides = [peering.requester, peering.accepter]
            // A route seen on either side means used, whatever else is unknown.
            if sides.contains(where: { routed[peering.id]?.contains($0.vpcId) == true }) { continue }
            let outside = sides.filter { !snapshot.scopes.contains($0.scope) }
            let unread = sides.filter { snapshot.scopes.contains($0.scope) && !context.isEvaluable($0.scope, for: Self.sideInputs) }
            for side in unread {
                let gaps = snapshot.coverage.gaps(in: side.scope, needed: Self.sideInputs)
                output.cannotEvaluate(side.scope, resources: [peering.id, side.vpcId], reason: .missingInput, inputs: gaps.map(\.0),
                                      "whether \(peering.id) is used cannot be judged: the route tables of \(side.vpcId) were not read ("
                                          + gaps.map { "\($0.0.rawValue) \($0.1.summary)" }.joined(separator: "; ") + ")")
            }
            let seen = sides.filter { !outside.contains($0) }
            guard unread.isEmpty, let home = seen.first else { continue }
            let byPeering = references ?? Self.groupReferencesByPeering(snapshot)
            references = byPeering
            flag(peering, seen: seen, outside: outside, home: home, references: byPeering[peering.id] ?? [], context: context,
                 output: &output)
        }
    }

    /// Per peering of the snapshot, the VPCs that have a route through it, from one pass over every
    /// table: a hub's tables hold a route per spoke, and a pass per peering was quadratic.
    private static func vpcsRouting(_ snapshot: Snapshot) -> [String: Set<String>] {
        var routed: [String: Set<String>] = [:]
        for table in snapshot.routeTables {
            for route in table.routes where snapshot.peeringsById[route.targetId] != nil {
                routed[route.targetId, default: []].insert(table.vpcId)
            }
        }
        return routed
    }

    private func flag(_ peering: PeeringConnection, seen: [PeeringConnection.Side], outside: [PeeringConnection.Side],
                      home: PeeringConnection.Side, references: [String], context: RuleContext, output: inout RuleOutput) {
        let snapshot = context.snapshot
        var evidence = ["\(context.peering(peering)): active"]
        for side in seen {
            let tables = (snapshot.routeTablesByVpc[side.vpcId] ?? []).map(\.id).sorted()
            evidence.append("\(side.vpcId) in \(context.account(side.ownerId)): no route through \(peering.id) in its "
                + "\(Plural.count(tables.count, "route table"))\(tables.isEmpty ? "" : " (\(tables.joined(separator: ", ")))")")
        }
        for side in outside {
            evidence.append("\(side.vpcId) in \(context.account(side.ownerId)) is outside the snapshot: its route tables are unknown "
                + "(a route there could carry one-way traffic only: replies need a route on the \(home.vpcId) side)")
        }
        if let parties = context.crossAccount([(peering.requester.vpcId, peering.requester.ownerId),
                                               (peering.accepter.vpcId, peering.accepter.ownerId)]) {
            evidence.append(parties)
        }
        evidence += references.map { "security group \($0) references a group across \(peering.id): it goes stale when the peering "
            + "is deleted" }
        let delete = AWSCommand.deletePeering(peering, region: home.region)
        let account = context.account(home.ownerId)
        let command = references.isEmpty ? delete : "# once no security group references a group across it: \(delete)"
        let fix = references.isEmpty
            ? AWSCommand.runSentence([delete], account: account)
            : "Remove the security-group references across the peering first, then run the commented command in account \(account)."
        let sidesText = outside.isEmpty
            ? "no route table of either VPC routes through it"
            : "no route table of \(home.vpcId) routes through it (\(outside.map(\.vpcId).joined(separator: ", ")) is outside the snapshot)"
        output.flag(FindingDraft(
            case: Self.noRouteThroughPeering, scope: home.scope,
            resources: [peering.id, peering.requester.vpcId, peering.accepter.vpcId],
            message: "peering \(peering.id) between \(peering.requester.vpcId) and \(peering.accepter.vpcId) is active, but \(sidesText)",
            evidence: evidence, key: peering.id, fix: fix, fixCommands: [command]))
    }

    /// Peering id → the groups with a rule that references a group across it (EC2 names the peering
    /// in the reference), found in one pass over the groups, only once some peering is unused.
    private static func groupReferencesByPeering(_ snapshot: Snapshot) -> [String: [String]] {
        var byPeering: [String: Set<String>] = [:]
        for group in snapshot.securityGroups {
            for permission in group.permissions {
                for reference in permission.groups { if let id = reference.peeringId { byPeering[id, default: []].insert(group.id) } }
            }
        }
        return byPeering.mapValues { $0.sorted() }
    }
}
