import HubModel

/// The concrete fixes of `PeeringRoutesRule`'s findings: the AWS CLI commands with the finding's
/// ids, and what a command would collide with.
extension PeeringRoutesRule {
    struct ReturnRouteFix {
        var text: String
        /// The overlaps the new routes would run into, for the cross-reference with their findings.
        var subjects: [FindingSubject]
    }

    /// A route per missing range, via the peering (`replace-route` where the table already routes
    /// exactly that range elsewhere). Where a range also lies in another VPC peered with the same
    /// VPC through another peering (overlapping spokes), the new route would take that space from
    /// it: the fix says so rather than hand out a command that breaks the other spoke.
    func returnRouteFix(_ gap: ReturnGap, missing: [CIDR], context: RuleContext) -> ReturnRouteFix? {
        guard gap.hasTable else { return nil }
        let commands = missing.map { AWSCommand.route(in: gap.table, to: $0, via: gap.peering.id) }
        var text = "Here, in account \(context.account(gap.table.scope.account)): \(commands.joined(separator: "; "))."
        var subjects: [FindingSubject] = []
        var conflicts: [String] = []
        for link in context.snapshot.livePeerings(of: gap.table.vpcId) where link.id != gap.peering.id {
            guard let other = link.peer(of: gap.table.vpcId), other.vpcId != gap.sourceVpcId else { continue }
            let otherVpc = context.snapshot.vpcsById[other.vpcId]
            let otherBlocks = otherVpc?.blocks ?? other.blocks
            for range in missing {
                for block in otherBlocks where block.overlaps(range) {
                    conflicts.append("\(range) also lies in \(otherVpc?.label ?? other.vpcId) \(block), peered through \(link.id)")
                    subjects.append(.overlap(gap.sourceVpcId, other.vpcId))
                }
            }
        }
        if !conflicts.isEmpty {
            text += " But \(conflicts.sorted().joined(separator: "; ")): the route would conflict, taking that range from the other VPC "
                + "(overlapping spokes: \(gap.table.vpcId) sends an address through one peering only); re-address one of the two first, "
                + "see the overlapping-vpc-cidrs finding."
        }
        return ReturnRouteFix(text: text, subjects: Array(Set(subjects)).sorted())
    }

    /// Delete the route that reaches beyond the peer; where it was also how the table reached the
    /// peer's own blocks, route those directly.
    func narrowingFix(route: Route, destination: CIDR, table: RouteTable, peering: PeeringConnection, peerBlocks: [CIDR],
                      context: RuleContext) -> String {
        var steps: [String]
        if case .prefixList(let id) = route.destination {
            steps = ["remove \(destination) from prefix list \(id), or \(AWSCommand.deleteRoute(in: table, to: route.destination))"]
        } else {
            steps = [AWSCommand.deleteRoute(in: table, to: route.destination)]
        }
        let unrouted = peerBlocks.filter { block in
            destination.contains(block) && !table.routes.contains { $0.cidr == block && $0.targetId == peering.id }
        }
        steps += unrouted.map { AWSCommand.route(in: table, to: $0, via: peering.id) }
        return "Here, in account \(context.account(table.scope.account)): \(steps.joined(separator: "; "))."
    }
}
