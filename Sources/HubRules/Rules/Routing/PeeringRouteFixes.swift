import HubModel

/// The concrete fixes of `PeeringRoutesRule`'s findings: the AWS CLI commands with the finding's
/// ids, and what a command would collide with.
extension PeeringRoutesRule {
    struct ReturnRouteFix {
        var text: String
        var commands: [String]
        /// The overlaps the new routes would run into, for the cross-reference with their findings.
        var subjects: [FindingSubject]
    }

    /// A route per missing range, via the peering (`replace-route` where the table already routes
    /// exactly that range elsewhere). Where a range also lies in another VPC peered with the same
    /// VPC through another peering (overlapping spokes), the new route would take that space from
    /// it: the fix says so rather than hand out a command that breaks the other spoke.
    func returnRouteFix(_ gap: ReturnGap, missing: [CIDR], context: RuleContext, peerLinks: inout PeerLinks) -> ReturnRouteFix? {
        guard gap.hasTable else { return nil }
        let commands = missing.map { AWSCommand.route(in: gap.table, to: $0, via: gap.peering.id, index: gap.index) }
        var text = AWSCommand.runSentence(commands, account: context.account(gap.table.scope.account))
        var subjects: [FindingSubject] = []
        var conflicts: [String] = []
        let links = peerLinks.of(gap.table.vpcId)
        for range in missing {
            for (block, link) in links.overlapping(range) where link.peeringId != gap.peering.id && link.vpcId != gap.sourceVpcId {
                conflicts.append("\(range) also lies in \(link.label) \(block), peered through \(link.peeringId)")
                subjects.append(.overlap(gap.sourceVpcId, link.vpcId))
            }
        }
        guard !conflicts.isEmpty else { return ReturnRouteFix(text: text, commands: commands, subjects: []) }
        text += " But \(conflicts.sorted().joined(separator: "; ")): the route would conflict, taking that range from the other VPC "
            + "(overlapping spokes: \(gap.table.vpcId) sends an address through one peering only); re-address one of the two first, "
            + "see the overlapping-vpc-cidrs finding. The command is commented out until then."
        // Commented out: pasted as it is, the block must not break the other spoke.
        return ReturnRouteFix(text: text, commands: commands.map { "# after re-addressing: \($0)" }, subjects: Array(Set(subjects)).sorted())
    }

    /// Delete the route that reaches beyond the peer; where it was also how the table reached the
    /// peer's own blocks, route those directly.
    /// `index` is the table's (`ExpandedRouteTables.indexed`): a hub's table may hold many such routes.
    func narrowingFix(route: Route, destination: CIDR, table: RouteTable, index: RouteTableIndex, peering: PeeringConnection,
                      peerBlocks: [CIDR], context: RuleContext) -> (text: String, commands: [String]) {
        var alternative: String?
        if case .prefixList(let id) = route.destination {
            alternative = "remove \(destination) from prefix list \(id) instead of the delete-route"
        }
        let unrouted = peerBlocks.filter { block in
            destination.contains(block) && !index.ownRoutes(exactly: block).contains { $0.targetId == peering.id }
        }
        let commands = [AWSCommand.deleteRoute(in: table, to: route.destination)]
            + unrouted.map { AWSCommand.route(in: table, to: $0, via: peering.id, index: index) }
        return (AWSCommand.runSentence(commands, account: context.account(table.scope.account), alternative: alternative), commands)
    }
}

/// The live peerings of each VPC with what a fix needs of the other side (id, label, blocks), made
/// once per VPC: a hub's table has one return gap per spoke, and each fix looks at every other spoke.
struct PeerLinks {
    struct Link {
        var peeringId: String
        var vpcId: String
        var label: String
        var blocks: [CIDR]
    }

    private let snapshot: Snapshot
    /// Each link under each of its blocks: a hub has a link per spoke, and each of its return gaps
    /// asks which other spokes overlap the range (not a pass over all of them per gap).
    private var byVpc: [String: CIDRIndex<(CIDR, Link)>] = [:]

    init(_ snapshot: Snapshot) { self.snapshot = snapshot }

    mutating func of(_ vpcId: String) -> CIDRIndex<(CIDR, Link)> {
        if let known = byVpc[vpcId] { return known }
        let links = snapshot.livePeerings(of: vpcId).compactMap { link -> Link? in
            guard let other = link.peer(of: vpcId) else { return nil }
            let vpc = snapshot.vpcsById[other.vpcId]
            return Link(peeringId: link.id, vpcId: other.vpcId, label: vpc?.label ?? other.vpcId, blocks: vpc?.blocks ?? other.blocks)
        }
        let index = CIDRIndex(links.flatMap { link in link.blocks.map { ($0, ($0, link)) } })
        byVpc[vpcId] = index
        return index
    }
}
