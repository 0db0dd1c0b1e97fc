import HubModel

/// The options of the organisation's transit gateways that decide who joins which segment without
/// review, and whether an inspection VPC sees both directions of a flow.
public struct TransitGatewaySettingsRule: Rule {
    public static let autoAcceptSharedAttachments = RuleCase(
        id: "auto-accept-shared-attachments", severity: .high,
        summary: "the gateway accepts attachments from the accounts it is shared with automatically (Security Hub EC2.23)",
        remediation: "Disable AutoAcceptSharedAttachments, and accept each attachment request after review.")
    public static let defaultRouteTableWithIsolation = RuleCase(
        id: "default-route-table-with-isolation", severity: .medium,
        summary: "default route table association or propagation is enabled on a gateway of an organisation whose policy declares "
            + "isolation: every new attachment joins the default table's segment",
        remediation: "Disable DefaultRouteTableAssociation and DefaultRouteTablePropagation, and associate and propagate each "
            + "attachment explicitly into the tables of its segment.")
    public static let applianceModeOff = RuleCase(
        id: "appliance-mode-off", severity: .medium,
        summary: "a VPC attachment that is the next hop of a default route in a gateway route table (an inspection VPC) has appliance "
            + "mode off: the two directions of a flow can cross different Availability Zones and be dropped by a stateful appliance",
        remediation: "Enable ApplianceModeSupport on the inspection VPC's attachment.")

    public init(parameters: NoParameters = NoParameters()) {}

    public static let description = RuleDescription(
        id: "tgw-settings",
        title: "Transit-gateway settings: auto-accept, default route tables under isolation, appliance mode",
        category: "transit-gateway",
        rationale: """
            With auto-accept on, any account the gateway is shared with attaches a VPC without review. With the \
            default route table's association and propagation on, every new attachment lands in the default \
            segment and announces itself to it: in an organisation that keeps environments apart, one new \
            attachment bridges them. An inspection VPC behind a default route needs appliance mode, or the \
            gateway may send a flow's two directions through different zones and a stateful firewall drops them.
            """,
        cases: [autoAcceptSharedAttachments, defaultRouteTableWithIsolation, applianceModeOff],
        references: [
            "AWS Security Hub EC2.23 (transit gateways should not automatically accept VPC attachment requests)",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-23",
            "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-transit-gateways.html#tgw-modifying",
            "https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html",
        ],
        controls: [.securityHub("EC2.23"), .awsConfig("ec2-transit-gateway-auto-vpc-attach-disabled")],
        // The route tables and their per-table calls are judged per gateway and table.
        inputs: [.describeVpcs, .describeManagedPrefixLists, .getManagedPrefixListEntries, .describeTransitGateways,
                 .describeTransitGatewayAttachments, .describeTransitGatewayVpcAttachments, .describeTransitGatewayRouteTables,
                 .getTransitGatewayRouteTablePropagations, .searchTransitGatewayRoutes],
        needs: .sharedFacts,
        triggeringExamples: TransitGatewaySettingsRuleExamples.triggering,
        nonTriggeringExamples: TransitGatewaySettingsRuleExamples.nonTriggering)

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        var tables = TransitGatewayTables(snapshot)
        for gateway in snapshot.transitGateways.sorted(by: { $0.id < $1.id }) {
            // Only the owner sets the options and reads the route tables.
            if snapshot.isOutsideSnapshot(gateway) {
                guard context.isEvaluable(gateway.scope) else { continue }
                output.cannotEvaluate(gateway.scope, resources: [gateway.id], reason: .outsideSnapshot,
                                      "the settings of \(gateway.id) cannot be checked: it is owned by account \(gateway.ownerId), "
                                          + "outside the snapshot")
                continue
            }
            guard context.isEvaluable(gateway.ownerScope) else { continue }
            checkAutoAccept(gateway, context: context, output: &output)
            checkDefaultTables(gateway, context: context, output: &output)
            checkApplianceMode(gateway, context: context, tables: &tables, output: &output)
        }
    }

    private func checkAutoAccept(_ gateway: TransitGateway, context: RuleContext, output: inout RuleOutput) {
        guard gateway.options.autoAcceptSharedAttachments else { return }
        let command = AWSCommand.modifyTransitGateway(gateway, options: ["AutoAcceptSharedAttachments=disable"])
        let shared = Set(context.snapshot.transitGatewayAttachments.filter { $0.transitGatewayId == gateway.id }.map(\.resourceOwnerId))
            .subtracting([gateway.ownerId]).sorted()
        var evidence = ["\(gateway.label) in \(context.account(gateway.ownerId)): AutoAcceptSharedAttachments enable"]
        if !shared.isEmpty {
            evidence.append("attached from other accounts: " + shared.map(context.account).joined(separator: ", "))
        }
        output.flag(FindingDraft(
            case: Self.autoAcceptSharedAttachments, scope: gateway.ownerScope, resources: [gateway.id],
            message: "transit gateway \(gateway.id) accepts attachments from the accounts it is shared with automatically",
            evidence: evidence, key: "\(gateway.id)|auto-accept",
            fix: AWSCommand.runSentence([command], account: context.account(gateway.ownerId)), fixCommands: [command]))
    }

    /// Only where the policy declares isolation: elsewhere one default segment may be the design.
    private func checkDefaultTables(_ gateway: TransitGateway, context: RuleContext, output: inout RuleOutput) {
        let isolation = context.intent.isolation
        let options = gateway.options
        guard !isolation.isEmpty, options.defaultRouteTableAssociation || options.defaultRouteTablePropagation else { return }
        var evidence: [String] = []
        var settings: [String] = []
        var changes: [String] = []
        if options.defaultRouteTableAssociation {
            evidence.append("\(gateway.label): DefaultRouteTableAssociation enable (\(options.associationDefaultRouteTableId ?? "table not reported"))")
            settings.append("association")
            changes.append("DefaultRouteTableAssociation=disable")
        }
        if options.defaultRouteTablePropagation {
            evidence.append("\(gateway.label): DefaultRouteTablePropagation enable (\(options.propagationDefaultRouteTableId ?? "table not reported"))")
            settings.append("propagation")
            changes.append("DefaultRouteTablePropagation=disable")
        }
        evidence.append("the policy declares isolation: " + isolation.map(\.name).sorted().joined(separator: ", "))
        let command = AWSCommand.modifyTransitGateway(gateway, options: changes)
        output.flag(FindingDraft(
            case: Self.defaultRouteTableWithIsolation, scope: gateway.ownerScope, resources: [gateway.id],
            message: "transit gateway \(gateway.id) has default route table \(settings.joined(separator: " and ")) enabled while the policy "
                + "declares isolation: every new attachment joins the default segment",
            evidence: evidence, key: "\(gateway.id)|default-route-table",
            fix: AWSCommand.runSentence([command], account: context.account(gateway.ownerId))
                + " Existing attachments keep their association and propagations: review them in the default table.",
            fixCommands: [command]))
    }

    /// The VPC attachments that default routes of the gateway's tables lead to.
    private func checkApplianceMode(_ gateway: TransitGateway, context: RuleContext, tables: inout TransitGatewayTables,
                                    output: inout RuleOutput) {
        let snapshot = context.snapshot
        if let gap = snapshot.ownerViewGap(of: gateway) {
            output.cannotEvaluate(gap, at: gateway.ownerScope, resources: [gateway.id],
                                  "the default routes of \(gateway.id) cannot be checked")
            return
        }
        var hops: [String: [String]] = [:] // attachment id → the default routes leading to it
        for table in snapshot.routeTables(ofTransitGateway: gateway.id).sorted(by: { $0.id < $1.id }) {
            let routing = tables.routing(table)
            // Any gap, even a propagation's (VPC blocks are never a default route), is not evaluated: fail closed.
            if let gap = routing.gaps.first {
                output.cannotEvaluate(gap, at: table.scope, resources: [table.id, gateway.id], "the default routes of \(table.id) cannot be checked")
                continue
            }
            for route in routing.routes where !route.isBlackhole && route.cidr?.isAny == true {
                for id in route.attachmentIds { hops[id, default: []].append("\(table.label): \(route)") }
            }
        }
        for (id, lines) in hops.sorted(by: { $0.key < $1.key }) {
            guard let attachment = snapshot.transitGatewayAttachmentsById[id], attachment.kind == .vpc else { continue }
            guard let applianceMode = attachment.applianceModeSupport else {
                output.cannotEvaluate(Scope(account: attachment.resourceOwnerId, region: attachment.scope.region),
                                      resources: [attachment.id, gateway.id], reason: .missingInput,
                                      inputs: [.describeTransitGatewayVpcAttachments],
                                      "the appliance mode of \(attachment.id) cannot be checked: no DescribeTransitGatewayVpcAttachments "
                                          + "response lists it")
                continue
            }
            guard !applianceMode else { continue }
            let command = AWSCommand.enableApplianceMode(attachment)
            var evidence = lines.sorted() + ["\(attachment.label): vpc \(attachment.resourceId), ApplianceModeSupport disable"]
            if let accounts = context.crossAccount([("attachment \(attachment.id)", attachment.resourceOwnerId),
                                                    ("gateway \(gateway.id)", gateway.ownerId)]) {
                evidence.append(accounts)
            }
            output.flag(FindingDraft(
                case: Self.applianceModeOff, scope: attachment.scope, resources: [attachment.id, attachment.resourceId, gateway.id],
                message: "transit-gateway attachment \(attachment.id) of \(attachment.resourceId), the next hop of a default route of "
                    + "\(gateway.id), has appliance mode off",
                evidence: evidence, key: attachment.id,
                fix: AWSCommand.runSentence([command], account: context.account(attachment.resourceOwnerId)), fixCommands: [command]))
        }
    }
}
