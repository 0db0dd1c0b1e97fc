import HubModel

/// Routes through VPC peerings, checked from both ends: a path that has no way back, a route to
/// address space the peer does not own (peering is not transitive), a route to a dead peering.
public struct PeeringRoutesRule: Rule {
    public init() {}

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
        cases: [
            RuleCase(id: "missing-return-route", severity: .high,
                     summary: "the destination subnet's route table has no route back through the same peering",
                     remediation: "Add a route to the source subnets' CIDR (or the peer VPC's block) via the peering in the destination subnets' route table — check which table they use: an explicit association, else the VPC's main table."),
            RuleCase(id: "route-beyond-peer", severity: .high,
                     summary: "a route sends traffic through a peering to addresses outside the peer VPC (transitive routing, or a default route)",
                     remediation: "Narrow the route to the peer VPC's blocks; reach a third VPC through its own peering or a transit gateway."),
            RuleCase(id: "route-to-inactive-peering", severity: .medium,
                     summary: "a route targets a peering that is not active (pending, rejected, deleted, unknown) or is a blackhole",
                     remediation: "Accept the peering from the accepter account, or delete the route if the peering is gone."),
        ],
        references: [
            "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html",
            "https://docs.aws.amazon.com/vpc/latest/peering/invalid-peering-configurations.html#transitive-peering",
            "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html#route-tables-priority",
            "CIS AWS Foundations 5.5 (least-access peering routes)",
        ],
        // Prefix-list routes take part in longest-prefix match by their entries, judged per list.
        inputs: [.describeVpcs, .describeSubnets, .describeRouteTables, .describeVpcPeeringConnections,
                 .describeManagedPrefixLists, .getManagedPrefixListEntries],
        parameters: [
            ParameterSpec("max_paths_in_evidence", .int, default: .int(20),
                          "how many source → destination paths a finding lists before summarising", range: 1...10_000),
        ],
        triggeringExamples: [
            RuleExample("the spoke's subnet uses the main table, which lacks the return route",
                        flags: ["rtb-spoke-main", "pcx-1"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-hub", "10.0.0.0/16")
                b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
                b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
                b.subnet("subnet-spoke", vpc: "vpc-spoke", "10.1.1.0/24")
                b.peering("pcx-1", "vpc-hub", "vpc-spoke")
                b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "pcx-1"])
                // The return route sits in a table no subnet uses; the subnet falls back to the main table.
                b.routeTable("rtb-spoke-main", vpc: "vpc-spoke", main: true)
                b.routeTable("rtb-spoke-unused", vpc: "vpc-spoke", routes: ["10.0.0.0/16": "pcx-1"])
                return b.build()
            },
            RuleExample("a more specific return route wins and sends the reply elsewhere", flags: ["rtb-b"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-a", "10.0.0.0/16")
                b.vpc("vpc-b", "10.1.0.0/16")
                b.subnet("subnet-a", vpc: "vpc-a", "10.0.1.0/24")
                b.subnet("subnet-b", vpc: "vpc-b", "10.1.1.0/24")
                b.peering("pcx-1", "vpc-a", "vpc-b")
                b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.1.0.0/16": "pcx-1"])
                b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: ["10.0.0.0/16": "pcx-1", "10.0.1.0/24": "tgw-1"])
                return b.build()
            },
            RuleExample("a spoke routes another spoke's block through the hub (transitive)", flags: ["rtb-dev", "pcx-dev"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-hub", "10.10.0.0/16")
                b.vpc("vpc-dev", "10.30.0.0/16")
                b.subnet("subnet-hub", vpc: "vpc-hub", "10.10.1.0/24")
                b.subnet("subnet-dev", vpc: "vpc-dev", "10.30.1.0/24")
                b.peering("pcx-dev", "vpc-hub", "vpc-dev")
                b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.30.0.0/16": "pcx-dev"])
                b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, routes: ["10.10.0.0/16": "pcx-dev", "10.20.0.0/16": "pcx-dev"])
                return b.build()
            },
            RuleExample("a default route through a peering", flags: ["rtb-a"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-a", "10.0.0.0/16")
                b.vpc("vpc-b", "10.1.0.0/16")
                b.peering("pcx-1", "vpc-a", "vpc-b")
                b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["0.0.0.0/0": "pcx-1"])
                b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: ["10.0.0.0/16": "pcx-1"])
                return b.build()
            },
            RuleExample("a route to a peering still pending acceptance (reported active, as moto does)",
                        flags: ["rtb-a", "pcx-pending"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-a", "10.0.0.0/16")
                b.vpc("vpc-b", "10.1.0.0/16", account: "222222222222")
                b.peering("pcx-pending", "vpc-a", "vpc-b", status: "pending-acceptance")
                b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.1.0.0/16": "pcx-pending"])
                b.routeTable("rtb-b", vpc: "vpc-b", main: true)
                return b.build()
            },
            RuleExample("a prefix-list route through a peering, one of whose entries lies beyond the peer",
                        flags: ["rtb-a", "pcx-1"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-a", "10.0.0.0/16")
                b.vpc("vpc-b", "10.1.0.0/16")
                b.prefixList("pl-partners", vpcScopeOf: "vpc-a", name: "partners", entries: ["10.1.0.0/16", "10.9.0.0/16"])
                b.peering("pcx-1", "vpc-a", "vpc-b")
                b.routeTable("rtb-a", vpc: "vpc-a", main: true, prefixListRoutes: ["pl-partners": "pcx-1"])
                b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: ["10.0.0.0/16": "pcx-1"])
                return b.build()
            },
            RuleExample("a prefix-list return route and a CIDR route of the same length: the CIDR route wins and goes elsewhere",
                        flags: ["rtb-b", "pcx-1"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-a", "10.0.0.0/16")
                b.vpc("vpc-b", "10.1.0.0/16")
                b.subnet("subnet-a", vpc: "vpc-a", "10.0.1.0/24")
                b.subnet("subnet-b", vpc: "vpc-b", "10.1.1.0/24")
                b.peering("pcx-1", "vpc-a", "vpc-b")
                b.prefixList("pl-back", vpcScopeOf: "vpc-b", name: "peers", entries: ["10.0.0.0/16"])
                b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.1.0.0/16": "pcx-1"])
                b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: ["10.0.0.0/16": "tgw-1"], prefixListRoutes: ["pl-back": "pcx-1"])
                return b.build()
            },
            RuleExample("a route to a peering no account lists any more", flags: ["rtb-a", "pcx-gone"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-a", "10.0.0.0/16")
                b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.9.0.0/16": "pcx-gone"])
                return b.build()
            },
        ],
        nonTriggeringExamples: [
            RuleExample("both sides route each other's blocks in the tables their subnets use") {
                var b = ExampleSnapshot()
                b.vpc("vpc-hub", "10.0.0.0/16")
                b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
                b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
                b.subnet("subnet-spoke", vpc: "vpc-spoke", "10.1.1.0/24")
                b.peering("pcx-1", "vpc-hub", "vpc-spoke")
                b.routeTable("rtb-hub-main", vpc: "vpc-hub", main: true)
                b.routeTable("rtb-hub-app", vpc: "vpc-hub", subnets: ["subnet-hub"], routes: ["10.1.0.0/16": "pcx-1"])
                b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true, routes: ["10.0.1.0/24": "pcx-1"])
                return b.build()
            },
            RuleExample("a hub peered with two spokes that are not connected to each other") {
                var b = ExampleSnapshot()
                b.vpc("vpc-hub", "10.10.0.0/16")
                b.vpc("vpc-mkt", "10.20.0.0/16")
                b.vpc("vpc-dev", "10.30.0.0/16")
                b.subnet("subnet-hub", vpc: "vpc-hub", "10.10.1.0/24")
                b.subnet("subnet-mkt", vpc: "vpc-mkt", "10.20.1.0/24")
                b.subnet("subnet-dev", vpc: "vpc-dev", "10.30.1.0/24")
                b.peering("pcx-mkt", "vpc-hub", "vpc-mkt")
                b.peering("pcx-dev", "vpc-hub", "vpc-dev")
                b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.20.0.0/16": "pcx-mkt", "10.30.0.0/16": "pcx-dev"])
                b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true, routes: ["10.10.0.0/16": "pcx-mkt"])
                b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, routes: ["10.10.0.0/16": "pcx-dev"])
                return b.build()
            },
            RuleExample("the return route is a customer prefix list that holds the source's range") {
                var b = ExampleSnapshot()
                b.vpc("vpc-hub", "10.0.0.0/16")
                b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
                b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
                b.subnet("subnet-spoke", vpc: "vpc-spoke", "10.1.1.0/24")
                b.peering("pcx-1", "vpc-hub", "vpc-spoke")
                b.prefixList("pl-hub", vpcScopeOf: "vpc-spoke", name: "hub-ranges", entries: ["10.0.0.0/16"])
                b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "pcx-1"])
                b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true, routes: ["0.0.0.0/0": "igw-1"],
                             prefixListRoutes: ["pl-hub": "pcx-1"])
                return b.build()
            },
            RuleExample("a route narrower than the peer, to one of its subnets, with the return in place") {
                var b = ExampleSnapshot()
                b.vpc("vpc-a", "10.0.0.0/16", "2600:1f18::/56")
                b.vpc("vpc-b", "10.1.0.0/16", "2600:1f18:0:100::/56")
                b.subnet("subnet-a", vpc: "vpc-a", "10.0.1.0/24", "2600:1f18:0:1::/64")
                b.subnet("subnet-b", vpc: "vpc-b", "10.1.1.0/24", "2600:1f18:0:101::/64")
                b.peering("pcx-1", "vpc-a", "vpc-b")
                b.routeTable("rtb-a", vpc: "vpc-a", main: true,
                             routes: ["10.1.1.0/24": "pcx-1", "2600:1f18:0:100::/56": "pcx-1"])
                b.routeTable("rtb-b", vpc: "vpc-b", main: true,
                             routes: ["10.0.0.0/16": "pcx-1", "2600:1f18::/56": "pcx-1"])
                return b.build()
            },
        ])

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        var gaps: [String: ReturnGap] = [:]
        var expanded = ExpandedRouteTables(snapshot)
        for table in snapshot.routeTables where context.isEvaluable(table.scope) {
            for route in table.routes where route.targetKind == .peering {
                let destination = route.destination
                let line = "\(table.label) in \(table.vpcId): \(route)"
                guard let peering = snapshot.peeringsById[route.targetId] else {
                    output.flag(FindingDraft(
                        case: "route-to-inactive-peering", scope: table.scope, resources: [table.id, route.targetId],
                        message: "route table \(table.id) in \(table.vpcId) sends \(destination) to \(route.targetId), which no account in the snapshot lists (deleted, or never accepted)",
                        evidence: [line, "\(route.targetId): not in any DescribeVpcPeeringConnections response of the snapshot"],
                        key: "\(table.id)|\(destination)"))
                    continue
                }
                guard peering.isActive, route.state != "blackhole" else {
                    let status = peering.statusMessage.isEmpty ? peering.statusCode : "\(peering.statusCode) (\(peering.statusMessage))"
                    output.flag(FindingDraft(
                        case: "route-to-inactive-peering", scope: table.scope, resources: [table.id, peering.id],
                        message: "route table \(table.id) in \(table.vpcId) sends \(destination) to \(peering.id), which is \(peering.isActive ? "a blackhole" : peering.statusCode)",
                        evidence: [line, "peering \(peering.id) \(peering.requester.vpcId) ↔ \(peering.accepter.vpcId): \(status)"],
                        key: "\(table.id)|\(destination)"))
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
                                    peerVpc: peerVpc, line: line, output: &output)
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
        let limit = context.parameters.int("max_paths_in_evidence")
        for gap in gaps.values.sorted(by: { $0.key < $1.key }) {
            let missing = gap.missing.sorted().map(\.description)
            var evidence = gap.paths.sorted()
            if evidence.count > limit {
                evidence = Array(evidence.prefix(limit)) + ["… and \(evidence.count - limit) more paths"]
            }
            evidence += gap.returns.sorted()
            output.flag(FindingDraft(
                case: "missing-return-route", scope: gap.table.scope,
                resources: [gap.table.id, gap.peering.id] + gap.forwardTables.sorted(),
                message: "route table \(gap.table.id) in \(gap.table.vpcId) has no return route to \(missing.joined(separator: ", ")) via \(gap.peering.id)",
                evidence: evidence, key: gap.key))
        }
    }

    private func checkBeyondPeer(route: Route, destination: CIDR, table: RouteTable, peering: PeeringConnection,
                                 peer: PeeringConnection.Side, peerVpc: Vpc?, line: String, output: inout RuleOutput) {
        let peerBlocks = (peerVpc?.blocks ?? peer.blocks).filter { $0.family == destination.family }
        if peerVpc == nil && peerBlocks.isEmpty {
            output.cannotEvaluate(table.scope, resources: [table.id, peering.id], reason: .outsideSnapshot,
                                  "the blocks of \(peer.vpcId) (outside the snapshot) are unknown: \(destination) via \(peering.id) cannot be checked")
            return
        }
        let outside = destination.subtracting(peerBlocks)
        guard !outside.isEmpty else { return }
        let owned = peerBlocks.isEmpty ? "no \(destination.family == .v4 ? "IPv4" : "IPv6") block" : peerBlocks.map(\.description).joined(separator: ", ")
        let why = destination.isAny
            ? "a default route through a peering: the peer drops everything it does not own"
            : "peering is not transitive: traffic to \(outside.map(\.description).joined(separator: ", ")) is dropped by the peer"
        output.flag(FindingDraft(
            case: "route-beyond-peer", scope: table.scope, resources: [table.id, peering.id],
            message: "route table \(table.id) in \(table.vpcId) sends \(destination) through \(peering.id) to \(peer.vpcId), which owns only \(owned)",
            evidence: [line, "\(peer.vpcId) blocks: \(owned)", why], key: "\(table.id)|\(destination)"))
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
        let near = forward.table.narrowed(to: [destination])
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
        // The return tables narrowed to the source blocks once: a spoke's return goes through the
        // hub's table, which has a route per spoke.
        let sourceBlocks = sources.flatMap(\.blocks)
        var nearBack: [String: RouteTable] = [:]
        for case let (_, _, back?) in reached where nearBack[back.id] == nil {
            nearBack[back.id] = back.narrowed(to: sourceBlocks)
        }
        for source in sources {
            for sourceBlock in source.blocks where sourceBlock.family == destination.family {
                for (target, targetBlock, back) in reached {
                    let wrong = back.map { nearBack[$0.id]!.resolve(sourceBlock).filter { $0.route?.targetId != peering.id } }
                        ?? [(sourceBlock, nil)]
                    guard !wrong.isEmpty else { continue }
                    let backId = back?.id ?? "(no route table)"
                    let key = "\(backId)|\(peering.id)"
                    // Updated in place: a copy out and back would copy its sets on every path.
                    func record(_ gap: inout ReturnGap) {
                        gap.forwardTables.insert(table.id)
                        gap.paths.insert("path: \(source.label) \(sourceBlock) uses \(table.label): \(destination) → \(peering.id) reaches \(target.label) \(targetBlock)")
                        for part in wrong {
                            gap.missing.insert(part.range)
                            let via = part.route.map { "matches \($0.destination) → \($0.targetId)" } ?? "matches no route"
                            let which = back.map { $0.isMain && !$0.subnetIds.contains(target.id) ? "\($0.label), the main table" : $0.label } ?? backId
                            gap.returns.insert("return: \(target.label) uses \(which): \(part.range) \(via), not \(peering.id)")
                        }
                    }
                    record(&gaps[key, default: ReturnGap(key: key, table: back ?? RouteTable(
                        scope: peerVpc.scope, id: backId, vpcId: peerVpc.id, routes: []), peering: peering)])
                }
            }
        }
    }

    private struct ReturnGap {
        var key: String
        var table: RouteTable
        var peering: PeeringConnection
        var forwardTables: Set<String> = []
        var paths: Set<String> = []
        var returns: Set<String> = []
        var missing: Set<CIDR> = []
    }
}
