import HubModel

/// Security-group rules that name a group they can no longer reach: across a peering that is no
/// longer active, or a group that no longer exists — what EC2's DescribeStaleSecurityGroups reports,
/// computed from the snapshot, and compared with EC2's own report where that was collected.
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
    public static let reportedByEC2 = RuleCase(
        id: "reported-stale-reference", severity: .medium,
        summary: "EC2's DescribeStaleSecurityGroups reports a security-group rule as stale that the snapshot does not show stale",
        remediation: "Check the referenced group and the peering between the two VPCs in their owners' accounts; if EC2 is right, "
            + "revoke the stale rule (and, if the traffic is still needed, reference a reachable group or the peer's CIDR blocks).")

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
            This rule computes them from the snapshot's groups and peerings. Where EC2's own report, \
            DescribeStaleSecurityGroups, was collected for the rule's VPC, the two are compared: a reference \
            both find is a finding that says EC2 agrees; one only the snapshot shows stays a finding whose \
            evidence names the disagreement (EC2's view may lag, or the reference may be valid through \
            something hubaudit does not read); one only EC2 reports is a finding of its own case. The call is \
            a cross-check no verdict depends on: where it was not collected (moto lacks it) the rule works \
            from the snapshot alone. A group of an account outside the snapshot is not judged unless EC2 \
            reports it stale; references across a transit gateway (security-group referencing support) and \
            security-group VPC associations are left alone.
            """,
        cases: [acrossInactivePeering, groupNotFound, reportedByEC2],
        references: [
            "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeStaleSecurityGroups.html",
            "no CIS or Security Hub control checks this",
        ],
        inputs: [.describeSecurityGroups, .describeVpcPeeringConnections, .describeStaleSecurityGroups],
        needs: .sharedFactsAndGroupReferences,
        triggeringExamples: StaleGroupReferenceRuleExamples.triggering,
        nonTriggeringExamples: StaleGroupReferenceRuleExamples.nonTriggering)

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        // Positions in the snapshot's array, not copies: at 5,000 accounts there are 110,000 groups.
        let groups = snapshot.securityGroups
        let referencing = groups.indices.filter {
            context.isEvaluable(groups[$0].scope) && groups[$0].permissions.contains { !$0.groups.isEmpty }
        }
        let ec2 = EC2StaleReferences(context)
        guard !referencing.isEmpty || !ec2.entries.isEmpty else { return }
        var judge = ReferenceJudge(context: context, groupsById: GroupsById(groups), ec2: ec2)
        for group in referencing.sorted(by: { groups[$0].id < groups[$1].id }).lazy.map({ groups[$0] }) {
            for (egress, permissions) in [(false, group.ingress), (true, group.egress)] {
                for permission in permissions {
                    for reference in permission.groups {
                        judge.judge(reference, in: permission, egress: egress, of: group, output: &output)
                    }
                }
            }
        }
        judge.flagReportedOnly(output: &output)
    }
}

/// Judges one reference of one rule: reachable, stale (a finding), or not judged (said so); and
/// compares each verdict with EC2's report of the rule's VPC where that was read.
private struct ReferenceJudge {
    let context: RuleContext
    let groupsById: GroupsById
    let ec2: EC2StaleReferences
    /// The references EC2 reports that the snapshot showed stale (found by both).
    private var computed = Set<StaleRuleKey>()
    /// Why the snapshot does not show a reference EC2 reports stale, in the words of the evidence.
    /// A box: `notStale` fills it while its lazily made reason reads the judge.
    private final class Reasons {
        var byKey: [StaleRuleKey: String] = [:]
    }
    private let notStaleBecause = Reasons()

    init(context: RuleContext, groupsById: GroupsById, ec2: EC2StaleReferences) {
        self.context = context
        self.groupsById = groupsById
        self.ec2 = ec2
    }

    mutating func judge(_ reference: GroupReference, in permission: Permission, egress: Bool, of group: SecurityGroup,
                        output: inout RuleOutput) {
        if let referenced = groupsById[reference.groupId] {
            judgeFound(referenced, reference, in: permission, egress: egress, of: group, output: &output)
        } else {
            judgeMissing(reference, in: permission, egress: egress, of: group, output: &output)
        }
    }

    /// The group exists: stale when it lives in another VPC that no active peering joins to the rule's.
    private mutating func judgeFound(_ referenced: SecurityGroup, _ reference: GroupReference, in permission: Permission,
                                     egress: Bool, of group: SecurityGroup, output: inout RuleOutput) {
        let snapshot = context.snapshot
        let key = StaleRuleKey(group.id, egress: egress, permission, reference.groupId)
        guard referenced.vpcId != group.vpcId else {
            return notStale(key, "the snapshot shows \(referenced.label) in the rule's own VPC \(group.vpcId)")
        }
        guard !referenced.vpcId.isEmpty, !group.vpcId.isEmpty else {
            return notStale(key, "the snapshot does not say which VPC \(referenced.vpcId.isEmpty ? referenced.id : group.id) is in")
        }
        let between = (snapshot.peeringsByVpc[group.vpcId] ?? [])
            .filter { Set([$0.requester.vpcId, $0.accepter.vpcId]) == Set([group.vpcId, referenced.vpcId]) }
            .sorted { $0.id < $1.id }
        if let active = between.first(where: \.isActive) {
            return notStale(key, "the snapshot shows \(referenced.label) in \(referenced.vpcId), and \(context.peering(active)) is active")
        }
        if let gateway = sharedTransitGateway(group.vpcId, referenced.vpcId) {
            return notStale(key, "\(group.vpcId) and \(referenced.vpcId) are both attached to \(gateway), through which this rule "
                + "does not judge references")
        }
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
        flagComputed(StaleGroupReferenceRule.acrossInactivePeering, reference, in: permission, egress: egress, of: group, key: key,
                     message: "\(direction(egress)) rule of \(group.id) references \(referenced.id) in \(referenced.vpcId), but \(peeringText)",
                     evidence: evidence, extraResources: [referenced.id] + between.map(\.id), output: &output)
    }

    /// No group of the snapshot has the id: stale only when its owner's groups were read in the
    /// rule's region (EC2 references groups of the same region only). Where the snapshot cannot
    /// judge it and EC2 reports it stale, EC2's report decides (`flagReportedOnly`).
    private mutating func judgeMissing(_ reference: GroupReference, in permission: Permission, egress: Bool,
                                       of group: SecurityGroup, output: inout RuleOutput) {
        let snapshot = context.snapshot
        let key = StaleRuleKey(group.id, egress: egress, permission, reference.groupId)
        let owner = reference.userId ?? group.ownerId
        let ownerScope = Scope(account: owner, region: group.scope.region)
        let resources = [group.id, reference.groupId]
        let what = "whether \(reference.groupId), referenced by \(group.id), still exists cannot be judged"
        guard snapshot.accounts.contains(owner), snapshot.scopeSet.contains(ownerScope) else {
            let why = "account \(owner) in \(ownerScope.region) is outside the snapshot"
            if ec2.reports(key) { return notStale(key, "the snapshot cannot judge it: \(why)") }
            output.cannotEvaluate(group.scope, resources: resources, reason: .outsideSnapshot, "\(what): \(why)")
            return
        }
        let gaps = snapshot.coverage.gaps(in: ownerScope, needed: [.describeSecurityGroups])
        guard gaps.isEmpty else {
            let why = "the groups of \(context.account(owner)) in \(ownerScope.region) were not read ("
                + gaps.map { "\($0.0.rawValue) \($0.1.summary)" }.joined(separator: "; ") + ")"
            if ec2.reports(key) { return notStale(key, "the snapshot cannot judge it: \(why)") }
            output.cannotEvaluate(ownerScope, resources: resources, reason: .missingInput, inputs: gaps.map(\.0), "\(what): \(why)")
            return
        }
        var evidence = ruleEvidence(permission, reference, egress: egress, of: group)
        evidence.append("no security group \(reference.groupId) in the groups of \(context.account(owner)) in \(ownerScope.region) "
            + "(DescribeSecurityGroups read)")
        if let named = reference.peeringId {
            let status = snapshot.peeringsById[named].map { "\($0.statusCode)" } ?? "no longer listed"
            evidence.append("the rule names peering \(named): \(status)")
        }
        flagComputed(StaleGroupReferenceRule.groupNotFound, reference, in: permission, egress: egress, of: group, key: key,
                     message: "\(direction(egress)) rule of \(group.id) references \(reference.groupId), which no longer exists in "
                         + context.account(owner),
                     evidence: evidence, extraResources: [reference.groupId], output: &output)
    }

    /// Only the references EC2 reports need the reason (most references are in the rule's own VPC):
    /// the text is made for those alone.
    private func notStale(_ key: StaleRuleKey, _ why: @autoclosure () -> String) {
        guard ec2.reports(key), notStaleBecause.byKey[key] == nil else { return }
        notStaleBecause.byKey[key] = why()
    }

    /// A stale reference the snapshot shows, with what EC2's report of the rule's VPC says about it:
    /// agreement, disagreement, or nothing when that report was not read (as before the cross-check).
    private mutating func flagComputed(_ ruleCase: RuleCase, _ reference: GroupReference, in permission: Permission, egress: Bool,
                                       of group: SecurityGroup, key: StaleRuleKey, message: String, evidence: [String],
                                       extraResources: [String], output: inout RuleOutput) {
        var message = message
        var evidence = evidence
        if let reported = ec2.entry(key) {
            computed.insert(key)
            evidence.append("agreement: DescribeStaleSecurityGroups for \(reported.report.vpcId) also reports it stale"
                + (reported.reference.peeringStatus.map { " (peering status \($0))" } ?? ""))
        } else if let report = ec2.readReport(vpcId: group.vpcId, in: group.scope) {
            message += "; DescribeStaleSecurityGroups does not report it"
            evidence.append("disagreement: DescribeStaleSecurityGroups for \(report.vpcId) does not report it stale: EC2's view may lag "
                + "a recent change, the reference may be valid through what hubaudit does not read (a security-group VPC "
                + "association), or the snapshot is partial")
        }
        flag(ruleCase, reference, in: permission, egress: egress, of: group, message: message, evidence: evidence,
             extraResources: extraResources, key: "\(group.id)|\(egress ? "egress" : "ingress")|\(permission)|\(reference.groupId)",
             output: &output)
    }

    /// The references EC2 reports stale that the snapshot did not show stale: a finding of their
    /// own case, whose evidence says what the snapshot showed instead.
    func flagReportedOnly(output: inout RuleOutput) {
        for (key, entry) in ec2.entries.sorted(by: { $0.key < $1.key }) where !computed.contains(key) {
            let snapshotGroup = groupsById[entry.group.groupId]
            let why = notStaleBecause.byKey[key] ?? (snapshotGroup == nil
                ? "\(entry.group.groupId) is not among the snapshot's security groups"
                : "the snapshot's \(direction(key.egress)) rules of \(entry.group.groupId) have no such reference")
            let group = snapshotGroup ?? SecurityGroup(scope: entry.report.scope, id: entry.group.groupId, name: entry.group.groupName,
                                                       vpcId: entry.group.vpcId, ingress: [])
            let permission = entry.permission.permission(referencing: entry.reference)
            let peering = entry.reference.peeringId.map { id in
                " (peering \(id)\(entry.reference.peeringStatus.map { " \($0)" } ?? ""))"
            } ?? ""
            var extra = [entry.reference.groupId]
            if let id = entry.reference.peeringId { extra.append(id) }
            flag(StaleGroupReferenceRule.reportedByEC2, entry.reference.groupReference, in: permission, egress: key.egress, of: group,
                 message: "\(direction(key.egress)) rule of \(group.id) references \(entry.reference.groupId), which "
                     + "DescribeStaleSecurityGroups reports stale\(peering), but the snapshot does not show why",
                 evidence: [
                     "DescribeStaleSecurityGroups for \(entry.report.vpcId) in \(context.account(entry.report.scope.account)): "
                         + "\(group.label): \(PermissionText.line(permission, egress: key.egress, of: group))"
                         + (entry.reference.peeringStatus.map { " (peering status \($0))" } ?? ""),
                     "disagreement: the snapshot does not show it stale: \(why)",
                 ],
                 extraResources: extra, key: key.description, scope: entry.report.scope, output: &output)
        }
    }

    private func flag(_ ruleCase: RuleCase, _ reference: GroupReference, in permission: Permission, egress: Bool,
                      of group: SecurityGroup, message: String, evidence: [String], extraResources: [String], key: String,
                      scope: Scope? = nil, output: inout RuleOutput) {
        // Only the stale source is revoked: EC2 removes exactly the sources an IpPermission names,
        // so the rule's other ranges and groups stay.
        let stale = permission.withSources(groups: [reference])
        let revoke = AWSCommand.revoke([stale], egress: egress, of: group)
        var resources = [group.id, group.vpcId]
        for id in extraResources where !resources.contains(id) { resources.append(id) }
        output.flag(FindingDraft(
            case: ruleCase, scope: scope ?? group.scope, resources: resources, message: message, evidence: evidence,
            key: key, fix: AWSCommand.runSentence([revoke], account: context.account(group.ownerId)), fixCommands: [revoke]))
    }

    private func ruleEvidence(_ permission: Permission, _ reference: GroupReference, egress: Bool, of group: SecurityGroup) -> [String] {
        let only = permission.withSources(groups: [reference])
        return ["\(group.label) in \(group.vpcId): \(PermissionText.line(only, egress: egress, of: group))"]
    }

    private func direction(_ egress: Bool) -> String { egress ? "egress" : "ingress" }

    /// A transit gateway both VPCs are attached to (and carrying traffic): a reference through it
    /// may be valid (security-group referencing support), which this rule does not judge.
    private func sharedTransitGateway(_ a: String, _ b: String) -> String? {
        let snapshot = context.snapshot
        func gateways(_ vpc: String) -> Set<String> {
            Set((snapshot.transitGatewayAttachmentsByVpc[vpc] ?? []).filter { $0.state == "available" }.map(\.transitGatewayId))
        }
        return gateways(a).intersection(gateways(b)).sorted().first
    }
}

/// The snapshot's groups by id (the first of an id, if a listing repeated it), as positions in its array.
private struct GroupsById {
    let groups: [SecurityGroup]
    private let positions: [String: Int]

    init(_ groups: [SecurityGroup]) {
        self.groups = groups
        positions = Dictionary(groups.indices.map { (groups[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    subscript(id: String) -> SecurityGroup? { positions[id].map { groups[$0] } }
}
