import HubModel

/// VPCs whose address blocks overlap, ranked by whether routing has to choose between them.
public struct OverlappingCidrsRule: Rule {
    public static let peeredOverlap = RuleCase(
        id: "peered-overlap", severity: .high,
        summary: "two VPCs peered with each other have overlapping blocks",
        remediation: "Re-address one VPC (add a non-overlapping secondary block, migrate, remove the old one); AWS routes nothing between "
            + "overlapping peers.")
    public static let commonPeerOverlap = RuleCase(
        id: "common-peer-overlap", severity: .high,
        summary: "two VPCs peered with a common VPC (a hub) overlap: the hub can route to only one of them",
        remediation: "Give each spoke a unique block from the organisation's address plan (e.g. an IPAM pool); until then, route only the "
            + "non-overlapping subnets from the hub.")
    public static let transitGatewayOverlap = RuleCase(
        id: "transit-gateway-overlap", severity: .high,
        summary: "two VPCs whose transit-gateway attachments propagate into the same gateway route table overlap: the table routes the "
            + "common range to only one of them (of identical blocks, AWS installs the first propagated)",
        remediation: "Give each VPC a unique block from the organisation's address plan; until then, stop one attachment's propagation "
            + "into the shared table and route only its non-overlapping ranges there with static routes.")
    public static let unconnectedOverlap = RuleCase(
        id: "unconnected-overlap", severity: .low,
        summary: "two VPCs overlap but share no peering and no transit-gateway route table today",
        remediation: "Reserve unique blocks for VPCs that may ever be connected (IPAM pools per environment).")

    public struct Parameters: RuleParameters {
        static let includeIPv6 = Parameter<Bool>("include_ipv6", default: true, "also compare IPv6 blocks")
        static let reportUnconnected = Parameter<Bool>(
            "report_unconnected", default: true, "report overlaps between VPCs that share no peering (unconnected-overlap)")
        static let ignoreUnconnectedDefaultVpcs = Parameter<Bool>(
            "ignore_unconnected_default_vpcs", default: true,
            "skip pairs where one side is a default VPC (172.31.0.0/16) with no peering and no transit-gateway attachment: every account "
                + "and region has one, overlapping by design")
        public static let specs = [includeIPv6.spec, reportUnconnected.spec, ignoreUnconnectedDefaultVpcs.spec]

        var includeIPv6: Bool
        var reportUnconnected: Bool
        var ignoreUnconnectedDefaultVpcs: Bool

        public init(_ values: ParameterValues) {
            includeIPv6 = values[Self.includeIPv6]
            reportUnconnected = values[Self.reportUnconnected]
            ignoreUnconnectedDefaultVpcs = values[Self.ignoreUnconnectedDefaultVpcs]
        }
    }

    let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    public static let description = RuleDescription(
        id: "overlapping-vpc-cidrs",
        title: "Overlapping VPC address blocks",
        category: "addressing",
        rationale: """
            A route table can send a destination to one peering only. When two VPCs that share address space are \
            both peered to the same hub, the hub reaches at most one of them; two VPCs that overlap cannot be peered \
            at all. A transit-gateway route table that both VPCs' attachments propagate into routes the common range \
            to one of them, and of two identical blocks installs only the first propagated. Overlaps between \
            unconnected VPCs block future connections and make flow logs ambiguous.
            """,
        cases: [peeredOverlap, commonPeerOverlap, transitGatewayOverlap, unconnectedOverlap],
        references: [
            "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations",
            "https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-partial-access.html",
            "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html#tgw-route-propagation",
        ],
        // The gateways and their attachments say which VPCs share a gateway route table; without them
        // an overlap is still judged by its peerings (`addressInputs`), and the scope is not evaluated.
        inputs: addressInputs + [.describeTransitGateways, .describeTransitGatewayAttachments, .describeTransitGatewayRouteTables,
                                 .getTransitGatewayRouteTablePropagations],
        parameters: Parameters.specs,
        needs: .sharedFacts,
        triggeringExamples: [
            RuleExample("two spokes with the same block, both peered to the hub", flags: ["vpc-spoke-a", "vpc-spoke-b"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-hub", "10.0.0.0/16")
                b.vpc("vpc-spoke-a", "10.1.0.0/16", account: "222222222222")
                b.vpc("vpc-spoke-b", "10.1.128.0/17", account: "333333333333")
                b.peering("pcx-a", "vpc-hub", "vpc-spoke-a")
                b.peering("pcx-b", "vpc-hub", "vpc-spoke-b")
                return b.build()
            },
            RuleExample("a secondary block overlapping a peer", flags: ["vpc-a", "vpc-b"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-a", "10.0.0.0/16", "10.5.0.0/16")
                b.vpc("vpc-b", "10.5.4.0/24", region: "eu-west-1")
                b.peering("pcx-1", "vpc-a", "vpc-b", status: "pending-acceptance")
                return b.build()
            },
            RuleExample("two spokes with the same block propagate into the hub's transit-gateway route table",
                        flags: ["vpc-spoke-a", "vpc-spoke-b"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-hub", "10.0.0.0/16")
                b.vpc("vpc-spoke-a", "10.1.0.0/16", account: "222222222222")
                b.vpc("vpc-spoke-b", "10.1.0.0/16", account: "333333333333")
                b.transitGateway("tgw-1")
                b.tgwAttachment("tgw-attach-hub", gateway: "tgw-1", vpc: "vpc-hub")
                b.tgwAttachment("tgw-attach-a", gateway: "tgw-1", vpc: "vpc-spoke-a", created: "2026-01-10T09:00:00.000Z")
                b.tgwAttachment("tgw-attach-b", gateway: "tgw-1", vpc: "vpc-spoke-b", created: "2026-03-02T09:00:00.000Z")
                b.tgwRouteTable("tgw-rtb-hub", gateway: "tgw-1", associations: ["tgw-attach-hub"],
                                propagations: ["tgw-attach-a", "tgw-attach-b"])
                b.tgwRouteTable("tgw-rtb-spokes", gateway: "tgw-1", associations: ["tgw-attach-a", "tgw-attach-b"],
                                propagations: ["tgw-attach-hub"])
                return b.build()
            },
            RuleExample("IPv6 blocks overlapping between unconnected VPCs", flags: ["vpc-v6a", "vpc-v6b"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-v6a", "10.0.0.0/16", "2600:1f18:abcd::/56")
                b.vpc("vpc-v6b", "10.9.0.0/16", "2600:1f18:abcd:40::/64")
                return b.build()
            },
        ],
        nonTriggeringExamples: [
            RuleExample("hub and spokes with distinct blocks") {
                var b = ExampleSnapshot()
                b.vpc("vpc-hub", "10.0.0.0/16")
                b.vpc("vpc-a", "10.1.0.0/16")
                b.vpc("vpc-b", "10.2.0.0/16")
                b.peering("pcx-a", "vpc-hub", "vpc-a")
                b.peering("pcx-b", "vpc-hub", "vpc-b")
                return b.build()
            },
            RuleExample("default VPCs of several accounts, none connected") {
                var b = ExampleSnapshot()
                b.vpc("vpc-default-1", "172.31.0.0/16", isDefault: true)
                b.vpc("vpc-default-2", "172.31.0.0/16", account: "222222222222", isDefault: true)
                b.vpc("vpc-hub", "172.31.0.0/16", account: "333333333333")
                b.vpc("vpc-spoke", "10.1.0.0/16", account: "333333333333")
                b.peering("pcx-1", "vpc-hub", "vpc-spoke")
                return b.build()
            },
            RuleExample("a transit-gateway hub whose spokes do not overlap, beside unattached default VPCs") {
                var b = ExampleSnapshot()
                b.vpc("vpc-default-1", "172.31.0.0/16", isDefault: true)
                b.vpc("vpc-default-2", "172.31.0.0/16", account: "222222222222", isDefault: true)
                b.vpc("vpc-hub", "10.0.0.0/16")
                b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
                b.transitGateway("tgw-1")
                b.tgwAttachment("tgw-attach-hub", gateway: "tgw-1", vpc: "vpc-hub")
                b.tgwAttachment("tgw-attach-spoke", gateway: "tgw-1", vpc: "vpc-spoke")
                b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1", associations: ["tgw-attach-hub", "tgw-attach-spoke"],
                                propagations: ["tgw-attach-hub", "tgw-attach-spoke"])
                return b.build()
            },
            RuleExample("adjacent blocks that touch but do not overlap") {
                var b = ExampleSnapshot()
                b.vpc("vpc-a", "10.0.0.0/17")
                b.vpc("vpc-b", "10.0.128.0/17")
                b.peering("pcx-1", "vpc-a", "vpc-b")
                return b.build()
            },
        ])

    /// What an overlap is judged on; the transit-gateway inputs only tell more connections.
    static let addressInputs: [Action] = [.describeVpcs, .describeVpcPeeringConnections]

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        let vpcs = snapshot.vpcs.filter { context.isEvaluable($0.scope, for: Self.addressInputs) }
        let neighbours = Dictionary(vpcs.map { vpc in
            (vpc.id, snapshot.livePeerings(of: vpc.id).compactMap { $0.peer(of: vpc.id)?.vpcId })
        }, uniquingKeysWith: { first, _ in first })
        let segments = TransitGatewaySegments(snapshot)
        // A default VPC attached to a gateway is part of the network: its overlaps count.
        let ignoredDefaults = Set(vpcs.filter { vpc in
            parameters.ignoreUnconnectedDefaultVpcs && vpc.isDefault && neighbours[vpc.id, default: []].isEmpty
                && !segments.attached.contains(vpc.id)
        }.map(\.id))
        var routings = TransitGatewayTables(snapshot)

        // Sweep: blocks sorted by first address; a block overlaps exactly the open blocks that
        // have not ended before it starts. Cost is O(n log n) plus the overlaps found.
        var blocks: [(cidr: CIDR, vpc: Int)] = []
        for (index, vpc) in vpcs.enumerated() where !ignoredDefaults.contains(vpc.id) {
            for cidr in parameters.includeIPv6 ? vpc.blocks : vpc.ipv4 { blocks.append((cidr, index)) }
        }
        blocks.sort { ($0.cidr.family, $0.cidr.network, $0.cidr.prefixLength) < ($1.cidr.family, $1.cidr.network, $1.cidr.prefixLength) }
        var open: [(cidr: CIDR, vpc: Int)] = []
        var pairs: [Pair: [String]] = [:]
        for block in blocks {
            open.removeAll { $0.cidr.family != block.cidr.family || $0.cidr.last < block.cidr.network }
            for other in open where other.vpc != block.vpc {
                let common = other.cidr.intersection(block.cidr)!
                pairs[Pair(other.vpc, block.vpc), default: []].append(
                    "\(vpcs[other.vpc].label) \(other.cidr) overlaps \(vpcs[block.vpc].label) \(block.cidr): common range \(common)")
            }
            open.append(block)
        }

        for (pair, overlaps) in pairs.sorted(by: { $0.key < $1.key }) {
            let (a, b) = (vpcs[pair.first], vpcs[pair.second])
            let ids = [a.id, b.id].sorted()
            var evidence = overlaps.sorted()
            let ruleCase: RuleCase
            let detail: String
            if let direct = snapshot.livePeerings(of: a.id).first(where: { $0.peer(of: a.id)?.vpcId == b.id }) {
                ruleCase = Self.peeredOverlap
                detail = "are peered with each other through \(direct.id) (\(direct.statusCode))"
                evidence.append("\(context.peering(direct)): \(direct.statusCode)")
            } else if let hub = Set(neighbours[a.id, default: []]).intersection(neighbours[b.id, default: []]).min() {
                ruleCase = Self.commonPeerOverlap
                detail = "are both peered with \(snapshot.vpcsById[hub]?.label ?? hub), which can route to only one of them"
                for vpc in [a, b] {
                    if let link = snapshot.livePeerings(of: vpc.id).first(where: { $0.peer(of: vpc.id)?.vpcId == hub }) {
                        evidence.append("\(context.peering(link)): \(link.statusCode)")
                    }
                }
            } else if let shared = segments.commonTable(a.id, b.id) {
                ruleCase = Self.transitGatewayOverlap
                let judged = sharedTable(shared, a: a, b: b, routing: routings.routing(shared.table))
                detail = judged.detail
                evidence += judged.evidence
            } else {
                // Unknown propagations may connect them: said so, and the overlap is still reported as far as known.
                for vpc in [a, b] {
                    guard let gap = segments.unknown[vpc.id] else { continue }
                    output.cannotEvaluate(gap, at: vpc.scope, resources: ids,
                                          "whether \(a.id) and \(b.id) share a transit-gateway route table is unknown")
                }
                guard parameters.reportUnconnected else { continue }
                ruleCase = Self.unconnectedOverlap
                // Where the gateways' listings are missing, only the peerings were seen: the message says no more.
                let gatewaysSeen = context.isEvaluable(a.scope) && context.isEvaluable(b.scope)
                detail = gatewaysSeen ? "share no peering and no transit-gateway route table today"
                    : "share no peering today (their transit-gateway attachments were not all collected)"
            }
            output.flag(FindingDraft(
                case: ruleCase, scope: min(a.scope, b.scope), resources: ids,
                message: "\(a.label) and \(b.label) \(place(a.scope, b.scope, context)) have overlapping address blocks and \(detail)",
                evidence: evidence, key: ids.joined(separator: "+"), subjects: [.overlap(a.id, b.id)]))
        }
    }

    /// Both attachments propagate into `shared.table`: which one the table routes the common range to.
    /// Of identical blocks AWS installs the first propagated (`TransitGatewayRouting.shadowed`); of
    /// nested ones, longest-prefix match sends the common range to the more specific.
    private func sharedTable(_ shared: (table: TransitGatewayRouteTable, a: TransitGatewayAttachment, b: TransitGatewayAttachment),
                             a: Vpc, b: Vpc, routing: TransitGatewayRouting) -> (detail: String, evidence: [String]) {
        let table = shared.table
        var evidence = ["\(shared.a.label) (\(a.id)) propagates into \(table.label) of \(table.transitGatewayId)",
                        "\(shared.b.label) (\(b.id)) propagates into \(table.label) of \(table.transitGatewayId)"]
        let pair: Set<String> = [shared.a.id, shared.b.id]
        let lost = routing.shadowed.filter { pair.contains($0.loser) && pair.contains($0.winner) }.sorted { $0.cidr < $1.cidr }
        var detail = "both propagate into transit-gateway route table \(table.id) of \(table.transitGatewayId), which routes the common "
            + "range to only one of them"
        for entry in lost {
            let (loser, winner) = entry.loser == shared.a.id ? (a, b) : (b, a)
            evidence.append("\(table.label): \(entry.cidr) is propagated by \(entry.winner) (\(winner.id)) and \(entry.loser) (\(loser.id)): "
                + "AWS installs the first propagated, taken here as the earlier-created attachment (propagation times are not reported), "
                + "so \(entry.loser) loses")
        }
        if let first = lost.first {
            let loser = first.loser == shared.a.id ? a : b
            detail += ": \(loser.id) loses, its \(lost.map(\.cidr.description).joined(separator: ", ")) is not propagated (AWS keeps the "
                + "first propagated)"
        }
        return (detail, evidence)
    }

    /// `in 111111111111/us-east-1`; across accounts each is named: `in us-east-1 of accounts
    /// 222222222222 (marketing) and 333333333333 (developer)`.
    private func place(_ a: Scope, _ b: Scope, _ context: RuleContext) -> String {
        if a.account == b.account { return a == b ? "in \(a)" : "in \(a) and \(b)" }
        if a.region == b.region { return "in \(a.region) of accounts \(context.account(a.account)) and \(context.account(b.account))" }
        return "in \(a.region) of account \(context.account(a.account)) and \(b.region) of account \(context.account(b.account))"
    }

    private struct Pair: Hashable, Comparable {
        let first: Int, second: Int
        init(_ a: Int, _ b: Int) { (first, second) = (min(a, b), max(a, b)) }
        static func < (l: Pair, r: Pair) -> Bool { (l.first, l.second) < (r.first, r.second) }
    }
}
