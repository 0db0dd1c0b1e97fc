import HubModel

/// The findings of `TransitGatewayRoutesRule` gathered over the whole run (one per table that lacks
/// a return leg, one per attachment with uncovered zones), with their fix commands.
extension TransitGatewayRoutesRule {
    /// The subnets that route to a gateway from Availability Zones its attachment does not serve.
    struct UncoveredZones {
        var attachment: TransitGatewayAttachment
        /// The attachment's subnets, with their zones.
        var served: [Subnet]
        /// Subnet id → the subnet and the route-table lines that send it to the gateway.
        var subnets: [String: (subnet: Subnet, lines: Set<String>)] = [:]
    }

    func collectUncoveredZones(table: RouteTable, attachment: TransitGatewayAttachment, context: RuleContext,
                               output: inout RuleOutput, into zones: inout [String: UncoveredZones]) {
        let vpcSubnets = context.snapshot.subnetsByVpc[attachment.resourceId] ?? []
        guard !attachment.subnetIds.isEmpty else {
            output.cannotEvaluate(table.scope, resources: [attachment.id, table.id], reason: .missingInput,
                                  inputs: [.describeTransitGatewayVpcAttachments],
                                  "the Availability Zones of \(attachment.id) cannot be checked: no listing of its VPC attachment names its subnets")
            return
        }
        var served: [Subnet] = []
        for id in attachment.subnetIds {
            guard let subnet = vpcSubnets.first(where: { $0.id == id }) else {
                output.cannotEvaluate(table.scope, resources: [attachment.id, id], reason: .missingInput, inputs: [.describeSubnets],
                                      "the Availability Zones of \(attachment.id) cannot be checked: its subnet \(id) is not in the "
                                          + "DescribeSubnets response of \(table.scope)")
                return
            }
            served.append(subnet)
        }
        let servedZones = Set(served.map(\.availabilityZone))
        let uncovered = context.snapshot.subnets(using: table).filter { !servedZones.contains($0.availabilityZone) }
        guard !uncovered.isEmpty else { return }
        let routes = table.routes.filter { $0.targetKind == .transitGateway && $0.targetId == attachment.transitGatewayId }
            .map(\.destination.description).joined(separator: ", ")
        var entry = zones[attachment.id] ?? UncoveredZones(attachment: attachment, served: served)
        for subnet in uncovered {
            entry.subnets[subnet.id, default: (subnet, [])].lines.insert(
                "\(subnet.label) (\(subnet.availabilityZone)) uses \(table.label): \(routes) → \(attachment.transitGatewayId)")
        }
        zones[attachment.id] = entry
    }

    func flag(_ entry: UncoveredZones, context: RuleContext, output: inout RuleOutput) {
        let attachment = entry.attachment
        let subnets = entry.subnets.values.map(\.subnet).sorted { $0.id < $1.id }
        let served = Set(entry.served.map(\.availabilityZone)).sorted()
        let missingZones = Set(subnets.map(\.availabilityZone)).sorted()
        // One subnet per zone: an attachment takes at most one subnet in each.
        let additions = missingZones.compactMap { zone in subnets.first { $0.availabilityZone == zone }?.id }
        let command = AWSCommand.addSubnets(additions, to: attachment)
        var evidence = ["\(attachment.label) subnets: " + entry.served.map { "\($0.id) (\($0.availabilityZone))" }.joined(separator: ", ")]
        evidence += entry.subnets.values.flatMap(\.lines).sorted()
        output.flag(FindingDraft(
            case: Self.uncoveredAvailabilityZone, scope: attachment.scope, resources: [attachment.id] + subnets.map(\.id),
            message: "transit-gateway attachment \(attachment.id) of \(attachment.resourceId) serves \(served.joined(separator: ", ")) only: "
                + "\(Plural.count(subnets.count, "subnet")) in \(missingZones.joined(separator: ", ")) "
                + (subnets.count == 1 ? "routes" : "route") + " to \(attachment.transitGatewayId) and "
                + (subnets.count == 1 ? "its" : "their") + " traffic cannot enter it",
            evidence: evidence, key: attachment.id,
            fix: AWSCommand.runSentence([command], account: context.account(attachment.resourceOwnerId)), fixCommands: [command]))
    }

    func flag(_ gap: ReturnGap, context: RuleContext, output: inout RuleOutput) {
        let limit = parameters.maxPathsInEvidence
        let missing = gap.missing.sorted()
        var evidence = EvidenceLines.capped(gap.paths.sorted(), at: limit, noun: "path")
        evidence += gap.returns.sorted()
        let ranges = missing.map(\.description).joined(separator: ", ")
        let source = gap.source
        switch gap.leg {
        case .vpc(let table, let vpc):
            let tableId = table?.id ?? "(no route table)"
            if let accounts = context.crossAccount([("route table \(tableId)", vpc.scope.account),
                                                    ("the paths from \(source.resourceId)", source.resourceOwnerId)]) {
                evidence.append(accounts)
            }
            let commands = table.map { table in missing.map { AWSCommand.route(in: table, to: $0, viaTransitGateway: gap.gatewayId, index: gap.vpcIndex) } } ?? []
            output.flag(FindingDraft(
                case: Self.oneWayPath, scope: vpc.scope, resources: [tableId, gap.gatewayId] + gap.forwardTables.sorted(),
                message: "route table \(tableId) in \(vpc.id) has no return route to \(ranges) via \(gap.gatewayId): traffic from "
                    + "\(source.resourceId) arrives through the gateway and the replies do not go back",
                evidence: evidence, key: gap.key,
                fix: commands.isEmpty ? nil : AWSCommand.runSentence(commands, account: context.account(vpc.scope.account)),
                fixCommands: commands))
        case .gateway(let table, let destination):
            if let accounts = context.crossAccount([("transit-gateway route table \(table.id)", table.scope.account),
                                                    ("the paths from \(source.resourceId)", source.resourceOwnerId)]) {
                evidence.append(accounts)
            }
            var commands = missing.map { AWSCommand.transitGatewayRoute(in: table, to: $0, via: source.id) }
            var fix = AWSCommand.runSentence(commands, account: context.account(table.scope.account))
            let propagates = table.propagations?.contains { $0.attachmentId == source.id && $0.isInForce } ?? false
            if !propagates {
                commands.append("# or: \(AWSCommand.enablePropagation(in: table, of: source.id))")
                fix += " The commented line propagates \(source.id) into the table instead: it installs every block of \(source.resourceId)."
            }
            output.flag(FindingDraft(
                case: Self.oneWayPath, scope: table.scope,
                resources: [table.id, destination.id, source.id, gap.gatewayId] + gap.forwardTables.sorted(),
                message: "transit-gateway route table \(table.id) of \(gap.gatewayId), associated with \(destination.id) (\(destination.resourceId)), "
                    + "has no route to \(ranges) via \(source.id) (\(source.resourceId)): replies from \(destination.resourceId) are not "
                    + "sent back",
                evidence: evidence, key: gap.key, fix: fix, fixCommands: commands))
        }
    }
}
