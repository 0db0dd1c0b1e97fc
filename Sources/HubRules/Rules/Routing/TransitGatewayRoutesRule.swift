import HubModel

/// Routes through transit gateways, followed as the gateway does: the VPC route to `tgw-…`, the
/// source attachment's associated route table, the destination attachment, and the way back in
/// both the destination VPC's route table and the table associated with the destination's attachment.
public struct TransitGatewayRoutesRule: Rule {
    public static let oneWayPath = RuleCase(
        id: "one-way-path", severity: .high,
        summary: "traffic reaches a VPC through a transit gateway, but the return leg is missing: in the destination subnets' route table "
            + "or in the gateway route table associated with the destination's attachment",
        remediation: "Add the return route where it is missing: in the destination subnets' route table, a route to the source's range via "
            + "the same transit gateway; in the gateway route table associated with the destination's attachment, a static route to the "
            + "source's attachment, or a propagation of that attachment.")
    public static let routeToBlackhole = RuleCase(
        id: "route-to-blackhole", severity: .medium,
        summary: "a VPC route sends traffic to a transit gateway whose route table drops it (a blackhole route)",
        remediation: "Decide which side is stale: point the gateway's blackhole route at the attachment that should carry the traffic, "
            + "or delete the VPC route that still sends it there.")
    public static let unassociatedAttachment = RuleCase(
        id: "unassociated-attachment", severity: .high,
        summary: "a transit-gateway attachment is associated with no route table: the gateway drops everything it sends",
        remediation: "Associate the attachment with the route table its segment uses (in the gateway owner's account), or delete the "
            + "attachment if it is not wanted.")
    public static let routeToUnattachedGateway = RuleCase(
        id: "route-to-unattached-gateway", severity: .medium,
        summary: "a VPC route targets a transit gateway the VPC has no available attachment to",
        remediation: "Attach the VPC to the gateway (one subnet per Availability Zone its workloads use), or delete the route.")
    public static let uncoveredAvailabilityZone = RuleCase(
        id: "uncovered-availability-zone", severity: .medium,
        summary: "subnets that route to a transit gateway sit in Availability Zones where the VPC's attachment has no subnet: their "
            + "traffic cannot enter the gateway",
        remediation: "Add a subnet in each of those Availability Zones to the attachment.")

    public typealias Parameters = PathEvidenceParameters

    let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    public static let description = RuleDescription(
        id: "tgw-routes",
        title: "Transit-gateway routes: one-way paths, blackholes, unassociated attachments, uncovered zones",
        category: "routing",
        rationale: """
            A transit gateway forwards a packet by the route table associated with the attachment it came from, \
            and the reply by the table associated with the destination's attachment: both tables, and both VPCs' \
            route tables, must hold their leg, or connections time out with nothing logged on the side that lacks \
            it. An attachment with no association, a blackhole route and a route to a gateway the VPC is not \
            attached to drop traffic silently; so does a subnet in an Availability Zone the attachment does not cover.
            """,
        cases: [oneWayPath, routeToBlackhole, unassociatedAttachment, routeToUnattachedGateway, uncoveredAvailabilityZone],
        references: [
            "https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html",
            "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html",
            "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html#vpc-attachment-lifecycle",
            "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-best-design-practices.html",
        ],
        // The route tables' listing and their per-table calls are judged per gateway and table
        // (`Action.isJudgedPerResource`): a gap there makes only the paths through that table "not evaluated".
        inputs: [.describeVpcs, .describeSubnets, .describeRouteTables, .describeManagedPrefixLists, .getManagedPrefixListEntries,
                 .describeTransitGateways, .describeTransitGatewayAttachments, .describeTransitGatewayVpcAttachments,
                 .describeTransitGatewayRouteTables, .getTransitGatewayRouteTableAssociations,
                 .getTransitGatewayRouteTablePropagations, .searchTransitGatewayRoutes],
        parameters: Parameters.specs,
        needs: .sharedFacts,
        triggeringExamples: TransitGatewayRoutesRuleExamples.triggering,
        nonTriggeringExamples: TransitGatewayRoutesRuleExamples.nonTriggering)

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        var walk = GatewayWalk(snapshot)
        var senders: [String: [String]] = [:] // attachment id → the VPC routes that send into it
        var zones: [String: UncoveredZones] = [:]
        for table in snapshot.routeTables where context.isEvaluable(table.scope) {
            let gatewayIds = Set(table.routes.filter { $0.targetKind == .transitGateway }.map(\.targetId)).sorted()
            guard !gatewayIds.isEmpty else { continue }
            let forward = walk.expanded(table)
            for gatewayId in gatewayIds {
                let routes = table.routes.filter { $0.targetKind == .transitGateway && $0.targetId == gatewayId }
                let lines = routes.map { "\(table.label) in \(table.vpcId): \($0)" }
                guard let attachment = snapshot.availableAttachment(of: table.vpcId, to: gatewayId) else {
                    flagUnattached(table: table, gatewayId: gatewayId, routes: routes, lines: lines, context: context, output: &output)
                    continue
                }
                senders[attachment.id, default: []] += lines
                collectUncoveredZones(table: table, attachment: attachment, context: context, output: &output, into: &zones)
                // No association: flagged once for the attachment (unassociated-attachment).
                guard let (sourceTable, routing) = walk.routing(of: attachment, at: table.scope, resources: [table.id, gatewayId],
                                                                "the paths of \(table.id) through \(gatewayId) cannot be traced",
                                                                output: &output) else { continue }
                let hop = GatewayHop(table: table, forward: forward.table, gatewayId: gatewayId, attachment: attachment,
                                     gatewayTable: sourceTable, routing: routing)
                for route in forward.table.routes where route.targetKind == .transitGateway && route.targetId == gatewayId {
                    guard let destination = route.cidr else { continue }
                    if let gap = forward.unknown.first(where: { $0.concerns(destination) }) {
                        output.cannotEvaluate(gap, resources: [table.id, gatewayId, gap.listId],
                                              "the paths of \(table.id) through \(gatewayId) to \(destination) cannot be traced")
                        continue
                    }
                    let near = walk.vpcTables.indexed(table)
                    checkBlackholes(route: route, destination: destination, near: near, hop: hop, context: context, output: &output)
                    collectReturnGaps(route: route, destination: destination, near: near, hop: hop, context: context, walk: &walk,
                                      output: &output)
                }
            }
            // Prefix-list routes to a gateway whose entries are unknown are gone from the expanded table.
            for route in table.routes where route.targetKind == .transitGateway {
                guard case .prefixList(let id) = route.destination, let gap = forward.unknown.first(where: { $0.listId == id }) else { continue }
                output.cannotEvaluate(gap, resources: [table.id, route.targetId, id],
                                      "\(table.id) routes prefix list \(id) to \(route.targetId), and its entries are unknown")
            }
        }
        checkAssociations(senders: senders, context: context, output: &output)
        for entry in zones.values.sorted(by: { $0.attachment.id < $1.attachment.id }) {
            flag(entry, context: context, output: &output)
        }
        for gap in walk.returnGaps.values.sorted(by: { $0.key < $1.key }) {
            flag(gap, context: context, output: &output)
        }
    }

    /// A VPC route table's routes to one gateway, with the attachment they enter by and the
    /// gateway table that decides where they go.
    struct GatewayHop {
        var table: RouteTable
        /// `table` with its prefix-list routes expanded.
        var forward: RouteTable
        var gatewayId: String
        var attachment: TransitGatewayAttachment
        var gatewayTable: TransitGatewayRouteTable
        var routing: TransitGatewayRouting
    }

    /// What one run looks up many times, built once: expanded VPC tables, gateway tables' routing;
    /// and the return gaps found so far, keyed by the table that lacks the route.
    struct GatewayWalk {
        let snapshot: Snapshot
        var vpcTables: ExpandedRouteTables
        var tables: TransitGatewayTables
        var returnGaps: [String: ReturnGap] = [:]

        init(_ snapshot: Snapshot) {
            self.snapshot = snapshot
            vpcTables = ExpandedRouteTables(snapshot)
            tables = TransitGatewayTables(snapshot)
        }

        mutating func expanded(_ table: RouteTable) -> (table: RouteTable, unknown: [PrefixListGap]) { vpcTables(table) }

        /// The gateway table associated with `attachment` and its routing, as both legs need them;
        /// nil when there is none (the unassociated-attachment case says so) or when the association
        /// or the table's routes are unknown (then `what` is filed as not evaluated at `scope`).
        mutating func routing(of attachment: TransitGatewayAttachment, at scope: Scope, resources: [String], _ what: String,
                              output: inout RuleOutput) -> (TransitGatewayRouteTable, TransitGatewayRouting)? {
            switch snapshot.associatedRouteTable(of: attachment) {
            case .none:
                return nil
            case .unknown(let gap):
                output.cannotEvaluate(gap, at: scope, resources: resources + [attachment.id], what)
                return nil
            case .table(let table):
                let routing = tables.routing(table)
                if let gap = routing.gaps.first {
                    output.cannotEvaluate(gap, at: scope, resources: resources + [attachment.id, table.id], what)
                    return nil
                }
                return (table, routing)
            }
        }
    }

    /// A blackhole route of the gateway table that wins for part of what the VPC route still sends there.
    private func checkBlackholes(route: Route, destination: CIDR, near: RouteTableIndex, hop: GatewayHop, context: RuleContext,
                                 output: inout RuleOutput) {
        for hole in hop.routing.routes(overlapping: destination) where hole.isBlackhole {
            guard let holeRange = hole.cidr, let part = holeRange.intersection(destination),
                  near.resolve(part).contains(where: { $0.route == route }),
                  case .route(let found) = hop.routing.lookUp(part), found.isBlackhole else { continue }
            let table = hop.table
            var evidence = ["\(table.label) in \(table.vpcId): \(route)",
                            "\(hop.attachment.id) is associated with \(hop.gatewayTable.label) of \(hop.gatewayId)",
                            "\(hop.gatewayTable.label): \(found)"]
            if let accounts = context.crossAccount([("route table \(table.id)", table.scope.account),
                                                    ("transit-gateway route table \(hop.gatewayTable.id)", hop.gatewayTable.scope.account)]) {
                evidence.append(accounts)
            }
            let delete = AWSCommand.deleteRoute(in: table, to: route.viaPrefixList.map(Route.Destination.prefixList) ?? route.destination)
            let replace = AWSCommand.transitGatewayRoute(in: hop.gatewayTable, to: found.cidr!, via: AWSCommand.placeholder("attachment-id"))
            let fix = "Either run the first line in account \(context.account(hop.gatewayTable.scope.account)) with the attachment that "
                + "should carry \(part), or the second in account \(context.account(table.scope.account)) if the blackhole is meant; "
                + "both are comments until you choose."
            output.flag(FindingDraft(
                case: Self.routeToBlackhole, scope: table.scope, resources: [table.id, hop.gatewayTable.id, hop.gatewayId],
                message: "route table \(table.id) in \(table.vpcId) sends \(part) to \(hop.gatewayId), whose route table \(hop.gatewayTable.id) "
                    + "drops it (blackhole \(found.destination))",
                evidence: evidence, key: "\(table.id)|\(destination)|\(hop.gatewayTable.id)|\(found.destination)",
                fix: fix, fixCommands: ["# if the traffic should pass: \(replace)", "# if the blackhole is meant: \(delete)"],
                subjects: [.route(table: table.id, destination: (route.viaPrefixList ?? route.destination.description))]))
        }
    }

    /// A VPC route to a gateway the VPC is not attached to (or whose attachment is not available).
    private func flagUnattached(table: RouteTable, gatewayId: String, routes: [Route], lines: [String], context: RuleContext,
                                output: inout RuleOutput) {
        let snapshot = context.snapshot
        var evidence = lines
        let others = (snapshot.transitGatewayAttachmentsByVpc[table.vpcId] ?? []).filter { $0.transitGatewayId == gatewayId }
        evidence += others.map { "\($0.label) of \(table.vpcId) to \(gatewayId): \($0.state)" }
        if others.isEmpty { evidence.append("\(table.vpcId) has no attachment to \(gatewayId)") }
        let gateway = snapshot.transitGatewaysById[gatewayId]
        let visible = gateway.map { $0.ownerId == table.scope.account || $0.reportedBy.contains(table.scope) } ?? false
        if !visible {
            evidence.append("\(gatewayId) is not in the DescribeTransitGateways response of \(table.scope) (deleted, or not shared with it)")
        }
        let deletes = routes.map { AWSCommand.deleteRoute(in: table, to: $0.destination) }
        let account = context.account(table.scope.account)
        let fix: String
        let commands: [String]
        let zoneSubnets = Dictionary(grouping: snapshot.subnetsByVpc[table.vpcId] ?? [], by: \.availabilityZone)
            .values.compactMap { $0.map(\.id).min() }.sorted()
        if visible && !zoneSubnets.isEmpty {
            commands = [AWSCommand.attachVpc(table.vpcId, to: gatewayId, subnetIds: zoneSubnets, region: table.scope.region)]
                + deletes.map { "# or: \($0)" }
            fix = "Run the command in account \(account) to attach the VPC (one subnet per Availability Zone; the gateway's owner may "
                + "have to accept the attachment); if the routes are stale, the commented lines delete them instead."
        } else {
            commands = deletes
            fix = AWSCommand.runSentence(deletes, account: account)
        }
        output.flag(FindingDraft(
            case: Self.routeToUnattachedGateway, scope: table.scope, resources: [table.id, gatewayId],
            message: "route table \(table.id) in \(table.vpcId) sends \(routes.map(\.destination.description).joined(separator: ", ")) to "
                + "\(gatewayId), to which \(table.vpcId) has no available attachment: the traffic is dropped",
            evidence: evidence, key: "\(table.id)|\(gatewayId)", fix: fix, fixCommands: commands,
            subjects: routes.map { .route(table: table.id, destination: $0.destination.description) }))
    }

    /// Every available attachment the snapshot lists: associated with no route table in force, the
    /// gateway drops what it sends. The VPC routes that send into it are its evidence.
    private func checkAssociations(senders: [String: [String]], context: RuleContext, output: inout RuleOutput) {
        let snapshot = context.snapshot
        for attachment in snapshot.transitGatewayAttachments where attachment.isAvailable && context.isEvaluable(attachment.scope) {
            let why: String
            switch snapshot.associatedRouteTable(of: attachment) {
            case .table:
                continue
            case .unknown(let gap):
                output.cannotEvaluate(gap, at: attachment.scope, resources: [attachment.id, attachment.transitGatewayId],
                                      "the association of \(attachment.id) cannot be checked")
                continue
            case .none(let text):
                why = text
            }
            let gateway = snapshot.transitGateway(of: attachment)
            var evidence = [why, "\(attachment.label): \(attachment.kind.rawValue) \(attachment.resourceId), \(attachment.state)"]
            evidence += (senders[attachment.id] ?? []).sorted().map { "sends into it: \($0)" }
            if let accounts = context.crossAccount([("attachment \(attachment.id)", attachment.resourceOwnerId),
                                                    ("gateway \(gateway.id)", gateway.ownerId)]) {
                evidence.append(accounts)
            }
            let tables = snapshot.routeTables(ofTransitGateway: gateway.id)
            let target = gateway.options.defaultRouteTableAssociation ? gateway.options.associationDefaultRouteTableId
                : tables.count == 1 ? tables[0].id : nil
            var owner = attachment
            owner.scope = gateway.ownerScope
            let command = AWSCommand.associate(owner, with: target ?? AWSCommand.placeholder("route-table-id"))
            let fix = target == nil
                ? "Choose the table of the attachment's segment (\(tables.map(\.id).sorted().joined(separator: ", "))) and run the "
                    + "commented command in account \(context.account(gateway.ownerId)) with its id."
                : AWSCommand.runSentence([command], account: context.account(gateway.ownerId))
            output.flag(FindingDraft(
                case: Self.unassociatedAttachment, scope: attachment.scope, resources: [attachment.id, attachment.resourceId, gateway.id],
                message: "transit-gateway attachment \(attachment.id) of \(attachment.resourceId) to \(gateway.id) is associated with no "
                    + "route table: the gateway drops all traffic from it",
                evidence: evidence, key: attachment.id, fix: fix, fixCommands: [target == nil ? "# \(command)" : command]))
        }
    }
}

extension Snapshot {
    /// The VPC's available attachment to the gateway, if any.
    func availableAttachment(of vpcId: String, to gatewayId: String) -> TransitGatewayAttachment? {
        (transitGatewayAttachmentsByVpc[vpcId] ?? []).filter { $0.transitGatewayId == gatewayId && $0.isAvailable }.min { $0.id < $1.id }
    }
}
