import HubModel

/// Routes through VPC peerings, checked from both ends: a path that has no way back, a route to
/// address space the peer does not own (peering is not transitive), a route to a dead peering.
public struct PeeringRoutesRule: Rule {
    public static let missingReturnRoute = RuleCase(
        id: "missing-return-route", severity: .high,
        summary: "the destination subnet's route table has no route back through the same peering",
        remediation: "Add a route to the source subnets' CIDR (or the peer VPC's block) via the peering in the destination subnets' route "
            + "table — check which table they use: an explicit association, else the VPC's main table.")
    public static let routeBeyondPeer = RuleCase(
        id: "route-beyond-peer", severity: .high,
        summary: "a route sends traffic through a peering to addresses outside the peer VPC (transitive routing, or a default route)",
        remediation: "Narrow the route to the peer VPC's blocks; reach a third VPC through its own peering or a transit gateway.")
    public static let routeToInactivePeering = RuleCase(
        id: "route-to-inactive-peering", severity: .medium,
        summary: "a route targets a peering that is not active (pending, rejected, deleted, unknown) or is a blackhole",
        remediation: "Accept the peering from the accepter account, or delete the route if the peering is gone.")

    public typealias Parameters = PathEvidenceParameters

    let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    public static let description = RuleDescription(
        id: "peering-routes",
        title: "Peering routes: one-way paths, transitive attempts, inactive peerings",
        category: "routing",
        rationale: """
            A peering carries traffic only when both VPCs route to each other through it, in the route tables \
            their subnets actually use (explicit association, else the main table), by longest-prefix match. \
            A one-way route makes connections time out with nothing in the logs of the side that lacks it. \
            Peering is not transitive: a route through a peering to space outside the peer VPC is dropped by \
            AWS. A route to a peering that is not active (pending, deleted) goes nowhere, whatever its \
            reported state.
            """,
        cases: [missingReturnRoute, routeBeyondPeer, routeToInactivePeering],
        references: [
            "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html",
            "https://docs.aws.amazon.com/vpc/latest/peering/invalid-peering-configurations.html#transitive-peering",
            "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html#route-tables-priority",
            "CIS AWS Foundations 5.5 (least-access peering routes)",
        ],
        controls: [.cisV3("5.5")],
        // Prefix-list routes take part in longest-prefix match by their entries, judged per list.
        inputs: [.describeVpcs, .describeSubnets, .describeRouteTables, .describeVpcPeeringConnections,
                 .describeManagedPrefixLists, .getManagedPrefixListEntries],
        parameters: Parameters.specs,
        marksPeeringsOnTopology: true,
        needs: .sharedFacts,
        triggeringExamples: PeeringRoutesRuleExamples.triggering,
        nonTriggeringExamples: PeeringRoutesRuleExamples.nonTriggering)

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        var gaps: [String: ReturnGap] = [:]
        var expanded = ExpandedRouteTables(snapshot)
        for table in snapshot.routeTables where context.isEvaluable(table.scope) {
            for route in table.routes where route.targetKind == .peering {
                let destination = route.destination
                let line = "\(table.label) in \(table.vpcId): \(route)"
                guard let peering = snapshot.peeringsById[route.targetId] else {
                    let delete = AWSCommand.deleteRoute(in: table, to: destination)
                    var evidence = [line, "\(route.targetId): not in any DescribeVpcPeeringConnections response of the snapshot"]
                    if route.state == "active" {
                        evidence.append("route state active (as reported by EC2), but no account lists \(route.targetId): the route carries "
                            + "no traffic")
                    }
                    output.flag(FindingDraft(
                        case: Self.routeToInactivePeering, scope: table.scope, resources: [table.id, route.targetId],
                        message: "route table \(table.id) in \(table.vpcId) sends \(destination) to \(route.targetId), which no account in "
                            + "the snapshot lists (deleted, or never accepted)",
                        evidence: evidence, key: "\(table.id)|\(destination)",
                        fix: AWSCommand.runSentence([delete], account: context.account(table.scope.account)), fixCommands: [delete],
                        subjects: [.route(table: table.id, destination: destination.description)]))
                    continue
                }
                guard peering.isActive, route.state != "blackhole" else {
                    flagInactive(route: route, table: table, peering: peering, line: line, context: context, output: &output)
                    continue
                }
                guard let peer = peering.peer(of: table.vpcId) else { continue }
                // A prefix-list destination stands for its entries; without them it cannot be judged.
                let blocks: [CIDR]
                switch destination {
                case .cidr(let cidr):
                    blocks = [cidr]
                case .prefixList(let id):
                    switch snapshot.prefixListEntries(id, in: table.scope) {
                    case .known(_, let entries):
                        blocks = entries
                    case .unknown(let gap):
                        output.cannotEvaluate(gap, resources: [table.id, peering.id, id],
                                              "\(table.id) routes prefix list \(id) through \(peering.id), and its entries are unknown")
                        continue
                    }
                }
                let peerVpc = snapshot.vpcsById[peer.vpcId]
                for block in blocks {
                    checkBeyondPeer(route: route, destination: block, table: table, peering: peering, peer: peer,
                                    peerVpc: peerVpc, line: line, context: context, expanded: &expanded, output: &output)
                }
                guard let peerVpc else {
                    output.cannotEvaluate(table.scope, resources: [table.id, peering.id], reason: .outsideSnapshot,
                                          "return routes of \(peer.vpcId) in account \(peer.ownerId) (outside the snapshot) cannot be checked")
                    continue
                }
                guard context.isEvaluable(peerVpc.scope) else {
                    output.cannotEvaluate(peerVpc.scope, resources: [peerVpc.id, peering.id], reason: .missingInput,
                                          "return routes of \(peerVpc.id) cannot be checked: its account and region lack inputs")
                    continue
                }
                for block in blocks {
                    collectReturnGaps(table: table, destination: block, peering: peering, peerVpc: peerVpc,
                                      snapshot: snapshot, expanded: &expanded, output: &output, into: &gaps)
                }
            }
        }
        var peerLinks = PeerLinks(snapshot)
        for gap in gaps.values.sorted(by: { $0.key < $1.key }) {
            flag(gap, context: context, peerLinks: &peerLinks, output: &output)
        }
    }

    /// A route to a peering that is not active (or a blackhole). EC2 (and moto) may report the route
    /// itself `active` meanwhile: the evidence says why the two states differ.
    private func flagInactive(route: Route, table: RouteTable, peering: PeeringConnection, line: String,
                              context: RuleContext, output: inout RuleOutput) {
        let status = peering.statusMessage.isEmpty ? peering.statusCode : "\(peering.statusCode) (\(peering.statusMessage))"
        var evidence = [line, "\(context.peering(peering)): \(status)"]
        if route.state == "active" && !peering.isActive {
            let consequence = peering.isPending ? "the route carries no traffic until the peering is active" : "the route carries no traffic"
            evidence.append("route state active (as reported by EC2), but peering \(peering.id) is \(peering.statusCode): \(consequence)")
        }
        let delete = AWSCommand.deleteRoute(in: table, to: route.destination)
        let routeAccount = context.account(table.scope.account)
        // Pending: two alternatives in two accounts. Only the first is a command; the other is a shell
        // comment, so a reviewer who pastes the whole block cannot run both.
        let fix = peering.isPending
            ? "Run the command in account \(context.account(peering.accepter.ownerId)) to accept the peering; "
                + "if the peering is not wanted, the commented line deletes the route in account \(routeAccount) instead."
            : AWSCommand.runSentence([delete], account: routeAccount)
        let commands = peering.isPending ? [AWSCommand.acceptPeering(peering), "# or: \(delete)"] : [delete]
        output.flag(FindingDraft(
            case: Self.routeToInactivePeering, scope: table.scope, resources: [table.id, peering.id],
            message: "route table \(table.id) in \(table.vpcId) sends \(route.destination) to \(peering.id), which is "
                + "\(peering.isActive ? "a blackhole" : peering.statusCode)",
            evidence: evidence, key: "\(table.id)|\(route.destination)", fix: fix, fixCommands: commands,
            subjects: [.route(table: table.id, destination: route.destination.description)]))
    }

    /// One missing-return-route finding: the paths (summarised past the policy's limit), the
    /// return lookups, the accounts when they differ, and the routes to add.
    private func flag(_ gap: ReturnGap, context: RuleContext, peerLinks: inout PeerLinks, output: inout RuleOutput) {
        let limit = parameters.maxPathsInEvidence
        let missing = gap.missing.sorted()
        var evidence = EvidenceLines.capped(gap.paths.sorted(), at: limit, noun: "path")
        evidence += gap.returns.sorted()
        if let accounts = context.crossAccount([("route table \(gap.table.id)", gap.table.scope.account),
                                                ("the paths from \(gap.sourceVpcId)", gap.sourceAccount)]) {
            evidence.append(accounts)
        }
        let fix = returnRouteFix(gap, missing: missing, context: context, peerLinks: &peerLinks)
        output.flag(FindingDraft(
            case: Self.missingReturnRoute, scope: gap.table.scope,
            resources: [gap.table.id, gap.peering.id] + gap.forwardTables.sorted(),
            message: "route table \(gap.table.id) in \(gap.table.vpcId) has no return route to "
                + "\(missing.map(\.description).joined(separator: ", ")) via \(gap.peering.id)",
            evidence: evidence, key: gap.key, fix: fix?.text, fixCommands: fix?.commands ?? [], subjects: fix?.subjects ?? []))
    }

    private func checkBeyondPeer(route: Route, destination: CIDR, table: RouteTable, peering: PeeringConnection,
                                 peer: PeeringConnection.Side, peerVpc: Vpc?, line: String, context: RuleContext,
                                 expanded: inout ExpandedRouteTables, output: inout RuleOutput) {
        let peerBlocks = (peerVpc?.blocks ?? peer.blocks).filter { $0.family == destination.family }
        if peerVpc == nil && peerBlocks.isEmpty {
            output.cannotEvaluate(table.scope, resources: [table.id, peering.id], reason: .outsideSnapshot,
                                  "the blocks of \(peer.vpcId) (outside the snapshot) are unknown: \(destination) via \(peering.id) cannot "
                                      + "be checked")
            return
        }
        let outside = destination.subtracting(peerBlocks)
        guard !outside.isEmpty else { return }
        let family = destination.family == .v4 ? "IPv4" : "IPv6"
        let owned = peerBlocks.isEmpty ? "no \(family) block" : peerBlocks.map(\.description).joined(separator: ", ")
        let why = destination.isAny
            ? "a default route through a peering: the peer drops everything it does not own"
            : "peering is not transitive: traffic to \(outside.map(\.description).joined(separator: ", ")) is dropped by the peer"
        var evidence = [line, "\(peer.vpcId) blocks: \(owned)", why]
        if let accounts = context.crossAccount([("route table \(table.id)", table.scope.account), ("peer \(peer.vpcId)", peer.ownerId)]) {
            evidence.append(accounts)
        }
        let fix = narrowingFix(route: route, destination: destination, table: table, index: expanded.indexed(table), peering: peering,
                               peerBlocks: peerBlocks, context: context)
        output.flag(FindingDraft(
            case: Self.routeBeyondPeer, scope: table.scope, resources: [table.id, peering.id],
            message: "route table \(table.id) in \(table.vpcId) sends \(destination) through \(peering.id) to \(peer.vpcId), which owns only "
                + "\(owned)",
            evidence: evidence, key: "\(table.id)|\(destination)",
            fix: fix.text, fixCommands: fix.commands,
            subjects: [.route(table: table.id, destination: route.destination.description)]))
    }

    /// For every source subnet of `table` and destination subnet behind `destination`: where the
    /// forward path uses the peering, the destination's table must send the source back through it.
    private func collectReturnGaps(table: RouteTable, destination: CIDR, peering: PeeringConnection, peerVpc: Vpc,
                                   snapshot: Snapshot, expanded: inout ExpandedRouteTables, output: inout RuleOutput,
                                   into gaps: inout [String: ReturnGap]) {
        // Both ends are looked up with prefix-list routes expanded; a list with unknown entries makes
        // the lookup uncertain, so that path is "not evaluated" (never a pass, never a false finding).
        let forward = expanded(table)
        if let gap = forward.unknown.first(where: { $0.concerns(destination) }) {
            output.cannotEvaluate(gap, resources: [table.id, peering.id, gap.listId],
                                  "the paths of \(table.id) through \(peering.id) to \(destination) cannot be traced")
            return
        }
        // The peer subnets this table actually sends through the peering: the same for every source.
        var reached: [(target: Subnet, block: CIDR, back: RouteTable?)] = []
        var returnRanges: [CIDR]? // the source blocks the return lookups resolve, found when first needed
        let near = expanded.indexed(table)
        for target in snapshot.subnetsByVpc[peerVpc.id] ?? [] {
            for targetBlock in target.blocks {
                guard let part = targetBlock.intersection(destination),
                      near.resolve(part).contains(where: { $0.route?.targetId == peering.id }) else { continue }
                var back = snapshot.routeTable(forSubnet: target)
                if let raw = back {
                    let lookup = expanded(raw)
                    let ranges = returnRanges ?? snapshot.subnets(using: table).flatMap(\.blocks).filter { $0.family == destination.family }
                    returnRanges = ranges
                    if let gap = lookup.unknown.first(where: { gap in ranges.contains { gap.concerns($0) } }) {
                        output.cannotEvaluate(gap, resources: [raw.id, peering.id, gap.listId],
                                              "the return route of \(target.id) (\(raw.id)) through \(peering.id) cannot be checked")
                        continue
                    }
                    back = lookup.table
                }
                reached.append((target, targetBlock, back))
            }
        }
        if reached.isEmpty { return }
        let sources = snapshot.subnets(using: table)
        // The return tables through their indexes: a spoke's return goes through the hub's table,
        // which has a route per spoke.
        var backIndexes: [String: RouteTableIndex] = [:]
        for case let (_, _, back?) in reached where backIndexes[back.id] == nil {
            backIndexes[back.id] = expanded.indexed(back)
        }
        for source in sources {
            for sourceBlock in source.blocks where sourceBlock.family == destination.family {
                for (target, targetBlock, back) in reached {
                    let wrong = back.map { backIndexes[$0.id]!.resolve(sourceBlock).filter { $0.route?.targetId != peering.id } }
                        ?? [(sourceBlock, nil)]
                    guard !wrong.isEmpty else { continue }
                    let backId = back?.id ?? "(no route table)"
                    let key = "\(backId)|\(peering.id)"
                    // Updated in place: a copy out and back would copy its sets on every path.
                    func record(_ gap: inout ReturnGap) {
                        gap.forwardTables.insert(table.id)
                        gap.paths.insert("path: \(source.label) \(sourceBlock) uses \(table.label): \(destination) → \(peering.id) reaches "
                            + "\(target.label) \(targetBlock)")
                        for part in wrong {
                            gap.missing.insert(part.range)
                            let via = part.route.map { "matches \($0.destination) → \($0.targetId)" } ?? "matches no route"
                            let which = back.map { table in
                                table.isMain && !table.subnetIds.contains(target.id) ? "\(table.label), the main table" : table.label
                            } ?? backId
                            gap.returns.insert("return: \(target.label) uses \(which): \(part.range) \(via), not \(peering.id)")
                        }
                    }
                    record(&gaps[key, default: ReturnGap(key: key, table: back ?? RouteTable(
                        scope: peerVpc.scope, id: backId, vpcId: peerVpc.id, routes: []), index: back.flatMap { backIndexes[$0.id] }, peering: peering,
                        sourceVpcId: table.vpcId, sourceAccount: table.scope.account, hasTable: back != nil)])
                }
            }
        }
    }

    struct ReturnGap {
        var key: String
        /// The table that lacks the return route (expanded: prefix-list routes as their entries).
        var table: RouteTable
        /// Its index, for the fix's commands (nil when the VPC has no table).
        var index: RouteTableIndex?
        var peering: PeeringConnection
        /// The VPC the forward paths start in, across the peering, and its account.
        var sourceVpcId: String
        var sourceAccount: String
        /// False when the destination subnet uses no route table at all (the VPC has no main table).
        var hasTable: Bool
        var forwardTables: Set<String> = []
        var paths: Set<String> = []
        var returns: Set<String> = []
        var missing: Set<CIDR> = []
    }
}
