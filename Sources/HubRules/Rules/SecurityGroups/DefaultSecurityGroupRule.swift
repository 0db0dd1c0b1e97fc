import HubModel

/// Every VPC's default security group (the one named `default`, default VPCs included) should hold
/// no rule at all: whatever is launched without a group of its own lands in it.
public struct DefaultSecurityGroupRule: Rule {
    public static let defaultGroupHasRules = RuleCase(
        id: "default-group-has-rules", severity: .medium,
        summary: "the VPC's default security group has inbound or outbound rules (AWS gives it all traffic from itself and to "
            + "everywhere)",
        remediation: "Move the resources that use the default group to security groups made for them, then remove every inbound and "
            + "outbound rule of the default group (it cannot be deleted).")

    public init(parameters: NoParameters = NoParameters()) {}

    public static let description = RuleDescription(
        id: "default-security-group",
        title: "Default security groups that admit or send traffic",
        category: "security-groups",
        rationale: """
            Anything launched without a security group of its own — an instance, a Lambda function in the VPC, \
            an endpoint — joins the VPC's default group. With AWS's initial rules that group admits all traffic \
            from its other members and sends anywhere: unrelated workloads reach each other, and a resource \
            nobody meant to expose inherits whatever was added to it. An empty default group makes every \
            resource carry a group chosen for it.
            """,
        cases: [defaultGroupHasRules],
        references: [
            "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
            "AWS Security Hub EC2.2; CIS AWS Foundations 5.4 (3.0) / 5.5 (4.0) (the default security group of every VPC restricts all "
                + "traffic)",
            "AWS Config vpc-default-security-group-closed",
        ],
        controls: [.securityHub("EC2.2"), .cisV3("5.4"), .awsConfig("vpc-default-security-group-closed")],
        // Usage only lowers the severity: without DescribeNetworkInterfaces a group counts as used.
        inputs: [.describeSecurityGroups],
        needs: .scopeResources,
        triggeringExamples: DefaultSecurityGroupRuleExamples.triggering,
        nonTriggeringExamples: DefaultSecurityGroupRuleExamples.nonTriggering)

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        let open = snapshot.securityGroups.filter {
            $0.name == "default" && context.isEvaluable($0.scope) && !($0.ingress.isEmpty && $0.egress.isEmpty)
        }
        guard !open.isEmpty else { return }
        let users = GroupUsers(snapshot, groups: Set(open.map(\.id)))
        for group in open {
            flag(group, users: users.of(group.id), context: context, output: &output)
        }
    }

    private func flag(_ group: SecurityGroup, users: [String], context: RuleContext, output: inout RuleOutput) {
        let snapshot = context.snapshot
        // Usage lowers severity only when it is known, as in sg-broad-ingress.
        let usageKnown = snapshot.coverage.status(group.scope, .describeNetworkInterfaces).isCollected
        let unused = usageKnown && !snapshot.isInUse(groupId: group.id)
        var evidence = group.ingress.map { PermissionText.line($0, egress: false, of: group) }
            + group.egress.map { PermissionText.line($0, egress: true, of: group) }
        if unused {
            evidence.append("no network interface uses \(group.id): one severity lower")
        } else if !usageKnown {
            evidence.append("usage unknown (DescribeNetworkInterfaces not collected): treated as in use")
        } else {
            evidence.append("used by \(Plural.count(users.count, "resource")): \(Self.listed(users))")
        }
        if snapshot.vpcsById[group.vpcId]?.isDefault == true {
            evidence.append("\(group.vpcId) is the region's default VPC: CIS and Security Hub include its default group")
        }
        var revokes: [String] = []
        if !group.ingress.isEmpty { revokes.append(AWSCommand.revoke(group.ingress, egress: false, of: group)) }
        if !group.egress.isEmpty { revokes.append(AWSCommand.revoke(group.egress, egress: true, of: group)) }
        let account = context.account(group.scope.account)
        // In use (or possibly): revoking now cuts off what relies on the group, so the commands are
        // comments until those resources have groups of their own.
        let commands = unused ? revokes : revokes.map { "# once nothing uses \(group.id): \($0)" }
        let fix = unused
            ? AWSCommand.runSentence(revokes, account: account)
            : "Once the resources that use \(group.id) have groups of their own, run the commented "
                + "\(revokes.count == 1 ? "command" : "commands") in account \(account)."
        let rules = group.ingress.count + group.egress.count
        output.flag(FindingDraft(
            case: Self.defaultGroupHasRules, scope: group.scope, resources: [group.id, group.vpcId],
            message: "default security group \(group.id) of \(group.vpcId) has \(Plural.count(rules, "rule")) "
                + "(\(group.ingress.count) inbound, \(group.egress.count) outbound)\(unused ? "; no network interface uses it" : "")",
            evidence: evidence, key: group.id, lowered: unused ? 1 : 0, fix: fix, fixCommands: commands))
    }

    /// `eni-1, eni-2, … and 3 more`: the first few, enough to start with.
    private static func listed(_ ids: [String], limit: Int = 10) -> String {
        ids.count <= limit ? ids.joined(separator: ", ") : ids.prefix(limit).joined(separator: ", ") + " and \(ids.count - limit) more"
    }
}

/// The network interfaces and live instances that use each of some groups, found in one pass.
private struct GroupUsers {
    private var users: [String: [String]] = [:]

    init(_ snapshot: Snapshot, groups: Set<String>) {
        var named = Set<String>()
        for interface in snapshot.interfaces {
            for id in interface.groupIds where groups.contains(id) {
                users[id, default: []].append(interface.id)
                if let instance = interface.instanceId { named.insert("\(id)|\(instance)") }
            }
        }
        // An instance is named only where none of its interfaces is named for the group already.
        for instance in snapshot.instances where instance.state != "terminated" {
            for id in instance.groupIds where groups.contains(id) && !named.contains("\(id)|\(instance.id)") {
                users[id, default: []].append(instance.id)
            }
        }
    }

    func of(_ group: String) -> [String] { (users[group] ?? []).sorted() }
}
