import HubModel

/// Security-group rules that name a group they can no longer reach: across a peering that is no
/// longer active, or a group that no longer exists — what EC2's DescribeStaleSecurityGroups reports,
/// computed from the snapshot.
public struct StaleGroupReferenceRule: Rule {
    public static let acrossInactivePeering = RuleCase(
        id: "reference-across-inactive-peering", severity: .medium,
        summary: "a security-group rule references a group in another VPC that no active peering connects to the rule's VPC",
        remediation: "Revoke the stale rule; if the traffic is still needed, restore the peering (or use the peer's CIDR blocks) and "
            + "add the rule again.")
    public static let groupNotFound = RuleCase(
        id: "referenced-group-not-found", severity: .medium,
        summary: "a security-group rule references a group that exists in none of the snapshot's accounts, although its owner's "
            + "groups were read",
        remediation: "Revoke the stale rule; if the traffic is still needed, reference the group that replaced the deleted one.")

    public init(parameters: NoParameters = NoParameters()) {}

    public static let description = RuleDescription(
        id: "stale-security-group-reference",
        title: "Security-group rules that reference unreachable or deleted groups",
        category: "security-groups",
        rationale: """
            A rule that references a group across a peering keeps existing after the peering is deleted, \
            rejected or expires, and a rule naming a deleted group stays in place too: EC2 calls them stale. \
            They admit nothing today, but they hide the intended access from a review, and a peering \
            re-created later — or an id reused in the peer account's plans — revives access nobody re-approved. \
            EC2 reports them with DescribeStaleSecurityGroups, which hubaudit does not collect yet (moto lacks \
            it): this rule computes the same answer from the snapshot's groups and peerings. A group of an \
            account outside the snapshot is not judged; references across a transit gateway (security-group \
            referencing support) and security-group VPC associations are left alone.
            """,
        cases: [acrossInactivePeering, groupNotFound],
        references: [
            "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeStaleSecurityGroups.html",
            "no CIS or Security Hub control checks this",
        ],
        inputs: [.describeSecurityGroups, .describeVpcPeeringConnections],
        triggeringExamples: StaleGroupReferenceRuleExamples.triggering,
        nonTriggeringExamples: StaleGroupReferenceRuleExamples.nonTriggering)

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        let referencing = snapshot.securityGroups.filter {
            context.isEvaluable($0.scope) && ($0.ingress + $0.egress).contains { !$0.groups.isEmpty }
        }
        guard !referencing.isEmpty else { return }
        var groupsById: [String: SecurityGroup] = [:]
        for group in snapshot.securityGroups where groupsById[group.id] == nil { groupsById[group.id] = group }
        let judge = ReferenceJudge(context: context, groupsById: groupsById)
        for group in referencing.sorted(by: { $0.id < $1.id }) {
            for (egress, permissions) in [(false, group.ingress), (true, group.egress)] {
                for permission in permissions {
                    for reference in permission.groups {
                        judge.judge(reference, in: permission, egress: egress, of: group, output: &output)
                    }
                }
            }
        }
    }
}

/// Judges one reference of one rule: reachable, stale (a finding), or not judged (said so).
private struct ReferenceJudge {
    let context: RuleContext
    let groupsById: [String: SecurityGroup]

    func judge(_ reference: GroupReference, in permission: Permission, egress: Bool, of group: SecurityGroup,
               output: inout RuleOutput) {
        if let referenced = groupsById[reference.groupId] {
            judgeFound(referenced, reference, in: permission, egress: egress, of: group, output: &output)
        } else {
            judgeMissing(reference, in: permission, egress: egress, of: group, output: &output)
        }
    }

    /// The group exists: stale when it lives in another VPC that no active peering joins to the rule's.
    private func judgeFound(_ referenced: SecurityGroup, _ reference: GroupReference, in permission: Permission, egress: Bool,
                            of group: SecurityGroup, output: inout RuleOutput) {
        let snapshot = context.snapshot
        guard referenced.vpcId != group.vpcId, !referenced.vpcId.isEmpty, !group.vpcId.isEmpty else { return }
        let between = (snapshot.peeringsByVpc[group.vpcId] ?? [])
            .filter { Set([$0.requester.vpcId, $0.accepter.vpcId]) == Set([group.vpcId, referenced.vpcId]) }
            .sorted { $0.id < $1.id }
        if between.contains(where: \.isActive) || sharesTransitGateway(group.vpcId, referenced.vpcId) { return }
        var evidence = ruleEvidence(permission, reference, egress: egress, of: group)
        evidence.append("referenced group \(referenced.label) is in \(referenced.vpcId) of \(context.account(referenced.ownerId)), "
            + "not in \(group.vpcId)")
        if between.isEmpty {
            evidence.append("no peering between \(group.vpcId) and \(referenced.vpcId) is listed")
        } else {
            evidence += between.map { "\(context.peering($0)): \($0.statusCode)" }
        }
        if let named = reference.peeringId, !between.contains(where: { $0.id == named }) {
            evidence.append("the rule names \(named), which is no longer listed")
        }
        let peeringText = between.isEmpty
            ? "no peering joins the two VPCs"
            : "peering \(between.map { "\($0.id) is \($0.statusCode)" }.joined(separator: ", "))"
        flag(StaleGroupReferenceRule.acrossInactivePeering, reference, in: permission, egress: egress, of: group,
             message: "\(direction(egress)) rule of \(group.id) references \(referenced.id) in \(referenced.vpcId), but \(peeringText)",
             evidence: evidence, extraResources: [referenced.id] + between.map(\.id), output: &output)
    }

    /// No group of the snapshot has the id: stale only when its owner's groups were read in the
    /// rule's region (EC2 references groups of the same region only).
    private func judgeMissing(_ reference: GroupReference, in permission: Permission, egress: Bool, of group: SecurityGroup,
                              output: inout RuleOutput) {
        let snapshot = context.snapshot
        let owner = reference.userId ?? group.ownerId
        let ownerScope = Scope(account: owner, region: group.scope.region)
        let resources = [group.id, reference.groupId]
        let what = "whether \(reference.groupId), referenced by \(group.id), still exists cannot be judged"
        guard snapshot.accounts.contains(owner), snapshot.scopeSet.contains(ownerScope) else {
            output.cannotEvaluate(group.scope, resources: resources, reason: .outsideSnapshot,
                                  "\(what): account \(owner) in \(ownerScope.region) is outside the snapshot")
            return
        }
        let gaps = snapshot.coverage.gaps(in: ownerScope, needed: [.describeSecurityGroups])
        guard gaps.isEmpty else {
            output.cannotEvaluate(ownerScope, resources: resources, reason: .missingInput, inputs: gaps.map(\.0),
                                  "\(what): the groups of \(context.account(owner)) in \(ownerScope.region) were not read ("
                                      + gaps.map { "\($0.0.rawValue) \($0.1.summary)" }.joined(separator: "; ") + ")")
            return
        }
        var evidence = ruleEvidence(permission, reference, egress: egress, of: group)
        evidence.append("no security group \(reference.groupId) in the groups of \(context.account(owner)) in \(ownerScope.region) "
            + "(DescribeSecurityGroups read)")
        if let named = reference.peeringId {
            let status = snapshot.peeringsById[named].map { "\($0.statusCode)" } ?? "no longer listed"
            evidence.append("the rule names peering \(named): \(status)")
        }
        flag(StaleGroupReferenceRule.groupNotFound, reference, in: permission, egress: egress, of: group,
             message: "\(direction(egress)) rule of \(group.id) references \(reference.groupId), which no longer exists in "
                 + context.account(owner),
             evidence: evidence, extraResources: [reference.groupId], output: &output)
    }

    private func flag(_ ruleCase: RuleCase, _ reference: GroupReference, in permission: Permission, egress: Bool,
                      of group: SecurityGroup, message: String, evidence: [String], extraResources: [String],
                      output: inout RuleOutput) {
        // Only the stale source is revoked: EC2 removes exactly the sources an IpPermission names,
        // so the rule's other ranges and groups stay.
        var stale = permission
        stale.ipv4Ranges = []
        stale.ipv6Ranges = []
        stale.prefixListIds = []
        stale.groups = [reference]
        let revoke = AWSCommand.revoke([stale], egress: egress, of: group)
        var resources = [group.id, group.vpcId]
        for id in extraResources where !resources.contains(id) { resources.append(id) }
        output.flag(FindingDraft(
            case: ruleCase, scope: group.scope, resources: resources, message: message, evidence: evidence,
            key: "\(group.id)|\(egress ? "egress" : "ingress")|\(permission)|\(reference.groupId)",
            fix: AWSCommand.runSentence([revoke], account: context.account(group.ownerId)), fixCommands: [revoke]))
    }

    private func ruleEvidence(_ permission: Permission, _ reference: GroupReference, egress: Bool, of group: SecurityGroup) -> [String] {
        var only = permission
        only.ipv4Ranges = []
        only.ipv6Ranges = []
        only.prefixListIds = []
        only.groups = [reference]
        return ["\(group.label) in \(group.vpcId): \(PermissionText.line(only, egress: egress, of: group))"]
    }

    private func direction(_ egress: Bool) -> String { egress ? "egress" : "ingress" }

    /// Both VPCs attached (and carrying traffic) to one transit gateway: a reference through it may be
    /// valid (security-group referencing support), which this rule does not judge.
    private func sharesTransitGateway(_ a: String, _ b: String) -> Bool {
        let snapshot = context.snapshot
        func gateways(_ vpc: String) -> Set<String> {
            Set((snapshot.transitGatewayAttachmentsByVpc[vpc] ?? []).filter { $0.state == "available" }.map(\.transitGatewayId))
        }
        return !gateways(a).isDisjoint(with: gateways(b))
    }
}
