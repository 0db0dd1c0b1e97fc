import HubModel

/// The way back of a path through a transit gateway, and the zones an attachment serves: the
/// findings of `TransitGatewayRoutesRule` that need the destination side.
extension TransitGatewayRoutesRule {
    /// A table that lacks the return leg of one or more paths: a VPC route table (no route back to
    /// the gateway) or a gateway route table (no route back to the source attachment).
    struct ReturnGap {
        enum Leg {
            /// The destination subnets' route table; nil when the VPC has none (no main table).
            case vpc(RouteTable?, vpc: Vpc)
            /// The route table associated with the destination's attachment.
            case gateway(TransitGatewayRouteTable, destination: TransitGatewayAttachment)
        }

        var key: String
        var leg: Leg
        /// The index of a `.vpc` leg's table, for the fix's commands.
        var vpcIndex: RouteTableIndex? = nil
        var gatewayId: String
        var source: TransitGatewayAttachment
        var forwardTables: Set<String> = []
        var paths: Set<String> = []
        var returns: Set<String> = []
        var missing: Set<CIDR> = []
    }

    /// For every destination subnet the gateway delivers part of `destination` to, and every source
    /// subnet of the VPC route's table: the destination subnet's route table must send the source
    /// back to the gateway, and the table associated with the destination's attachment must send it
    /// to the source's attachment.
    func collectReturnGaps(route: Route, destination: CIDR, near: RouteTableIndex, hop: GatewayHop, context: RuleContext,
                           walk: inout GatewayWalk, output: inout RuleOutput) {
        let snapshot = context.snapshot
        // The attachments the gateway table sends some of the destination to.
        var targets = Set<String>()
        for candidate in hop.routing.routes(overlapping: destination) where !candidate.isBlackhole {
            targets.formUnion(candidate.attachmentIds)
        }
        targets.remove(hop.attachment.id)
        let sources = snapshot.subnets(using: hop.table)
        let sourceBlocks = sources.flatMap(\.blocks).filter { $0.family == destination.family }
        guard !sourceBlocks.isEmpty else { return }
        for targetId in targets.sorted() {
            // VPN, Direct Connect and peering attachments end the path: their far side is no VPC of the snapshot.
            guard let target = snapshot.transitGatewayAttachmentsById[targetId], target.kind == .vpc, target.isAvailable else { continue }
            guard let vpc = snapshot.vpcsById[target.resourceId] else {
                let home = Scope(account: target.resourceOwnerId, region: target.scope.region)
                let outside = !snapshot.scopeSet.contains(home)
                output.cannotEvaluate(outside ? hop.table.scope : home, resources: [hop.table.id, targetId, target.resourceId],
                                      reason: outside ? .outsideSnapshot : .missingInput, inputs: outside ? [] : [.describeVpcs],
                                      "the return leg of \(target.resourceId) through \(hop.gatewayId) cannot be checked: "
                                          + (!outside ? "DescribeVpcs does not list it"
                                             : snapshot.accounts.contains(home.account) ? "region \(home.region) of account \(home.account) is outside the snapshot"
                                             : "account \(home.account) is outside the snapshot"))
                continue
            }
            guard context.isEvaluable(vpc.scope) else {
                output.cannotEvaluate(vpc.scope, resources: [vpc.id, targetId], reason: .missingInput,
                                      "return routes of \(vpc.id) cannot be checked: its account and region lack inputs")
                continue
            }
            let reached = delivered(by: route, to: target, vpc: vpc, destination: destination, near: near, hop: hop, snapshot: snapshot)
            if reached.isEmpty { continue }
            let paths = sources.flatMap { source in
                source.blocks.filter { $0.family == destination.family }.flatMap { sourceBlock in
                    reached.map { "path: \(source.label) \(sourceBlock) uses \(hop.table.label): \(route.destination) → \(hop.gatewayId), "
                        + "\(hop.gatewayTable.label) → \(targetId) reaches \($0.subnet.label) \($0.block)" }
                }
            }
            collectVpcReturnGaps(reached: reached, vpc: vpc, sourceBlocks: sourceBlocks, paths: paths, hop: hop, walk: &walk,
                                 output: &output)
            collectGatewayReturnGaps(target: target, vpc: vpc, sourceBlocks: sourceBlocks, paths: paths, hop: hop, walk: &walk,
                                     output: &output)
        }
    }

    /// The subnets of `vpc` whose addresses the VPC route sends to the gateway (it wins the VPC
    /// table's lookup for them) and the gateway forwards to `target`.
    private func delivered(by route: Route, to target: TransitGatewayAttachment, vpc: Vpc, destination: CIDR, near: RouteTableIndex, hop: GatewayHop,
                           snapshot: Snapshot) -> [(subnet: Subnet, block: CIDR)] {
        var reached: [(subnet: Subnet, block: CIDR)] = []
        for subnet in snapshot.subnetsByVpc[vpc.id] ?? [] {
            for block in subnet.blocks {
                guard let part = block.intersection(destination) else { continue }
                let entering = near.resolve(part).filter { $0.route == route }.map(\.range)
                let forwarded = entering.contains { range in
                    guard case .route(let found) = hop.routing.lookUp(range) else { return false }
                    return !found.isBlackhole && found.attachmentIds.contains(target.id)
                }
                if forwarded { reached.append((subnet, block)) }
            }
        }
        return reached
    }

    private func collectVpcReturnGaps(reached: [(subnet: Subnet, block: CIDR)], vpc: Vpc, sourceBlocks: [CIDR], paths: [String],
                                      hop: GatewayHop, walk: inout GatewayWalk, output: inout RuleOutput) {
        let snapshot = walk.snapshot
        // The keys that already hold this call's paths: each is a long non-ASCII string whose hash
        // is costly, and a hub's return gap is met once per spoke, subnet and source block.
        var pathsRecorded = Set<String>()
        for (subnet, _) in reached {
            var back = snapshot.routeTable(forSubnet: subnet)
            if let raw = back {
                let lookup = walk.expanded(raw)
                if let gap = lookup.unknown.first(where: { gap in sourceBlocks.contains { gap.concerns($0) } }) {
                    output.cannotEvaluate(gap, resources: [raw.id, hop.gatewayId, gap.listId],
                                          "the return route of \(subnet.id) (\(raw.id)) through \(hop.gatewayId) cannot be checked")
                    continue
                }
                back = lookup.table
            }
            var backIndex: RouteTableIndex?
            if let back { backIndex = walk.vpcTables.indexed(back) }
            for sourceBlock in sourceBlocks {
                let wrong = backIndex.map { $0.resolve(sourceBlock).filter { $0.route?.targetId != hop.gatewayId } }
                    ?? [(sourceBlock, nil)]
                guard !wrong.isEmpty else { continue }
                let backId = back?.id ?? "(no route table)"
                let key = "vpc|\(backId)|\(vpc.id)|\(hop.gatewayId)"
                let which = back.map { table in
                    table.isMain && !table.subnetIds.contains(subnet.id) ? "\(table.label), the main table" : table.label
                } ?? backId
                walk.returnGaps[key, default: ReturnGap(key: key, leg: .vpc(back, vpc: vpc), vpcIndex: backIndex, gatewayId: hop.gatewayId,
                                                     source: hop.attachment)]
                    .record(forward: hop.table.id, paths: pathsRecorded.insert(key).inserted ? paths : [], returns: wrong.map { part in
                        let via = part.route.map { "matches \($0.destination) → \($0.targetId)" } ?? "matches no route"
                        return "return: \(subnet.label) uses \(which): \(part.range) \(via), not \(hop.gatewayId)"
                    }, missing: wrong.map(\.range))
            }
        }
    }

    private func collectGatewayReturnGaps(target: TransitGatewayAttachment, vpc: Vpc, sourceBlocks: [CIDR], paths: [String],
                                          hop: GatewayHop, walk: inout GatewayWalk, output: inout RuleOutput) {
        // No association: the gateway drops everything from it, and unassociated-attachment says so.
        guard let (backTable, routing) = walk.routing(of: target, at: vpc.scope, resources: [hop.gatewayId],
                                                      "the return leg of \(vpc.id) through \(hop.gatewayId) cannot be checked",
                                                      output: &output) else { return }
        let key = "tgw|\(backTable.id)|\(target.id)|\(hop.attachment.id)"
        var pathsRecorded = false
        for sourceBlock in sourceBlocks {
            let via: String
            switch routing.lookUp(sourceBlock) {
            case .route(let found) where !found.isBlackhole && found.attachmentIds.contains(hop.attachment.id):
                continue
            case .route(let found):
                via = "matches \(found)"
            case .noRoute, .unknown:
                via = "matches no route"
            }
            walk.returnGaps[key, default: ReturnGap(key: key, leg: .gateway(backTable, destination: target), gatewayId: hop.gatewayId,
                                                    source: hop.attachment)]
                .record(forward: hop.table.id, paths: pathsRecorded ? [] : paths,
                        returns: ["return: \(target.id) is associated with \(backTable.label): \(sourceBlock) \(via), not \(hop.attachment.id)"],
                        missing: [sourceBlock])
            pathsRecorded = true
        }
    }
}

extension TransitGatewayRoutesRule.ReturnGap {
    mutating func record(forward table: String, paths: [String], returns: [String], missing: [CIDR]) {
        forwardTables.insert(table)
        self.paths.formUnion(paths)
        self.returns.formUnion(returns)
        self.missing.formUnion(missing)
    }
}
