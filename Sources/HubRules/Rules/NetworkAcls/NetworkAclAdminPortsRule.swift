import HubModel
import HubPaths

/// Network ACLs that let the administration ports in from the whole internet, by rule order.
public struct NetworkAclAdminPortsRule: Rule {
    public static let internetAdminPort = RuleCase(
        id: "internet-admin-port", severity: .medium,
        summary: "an inbound entry allows an administration port (by its port, a range containing it, or all traffic; tcp or udp) "
            + "from 0.0.0.0/0 or ::/0, and no lower-numbered entry decides that traffic first",
        remediation: "Deny the administration ports from 0.0.0.0/0 and ::/0 in entries numbered just below the allowing one, or "
            + "narrow its source; reach hosts through Session Manager or a bastion.")

    public struct Parameters: RuleParameters {
        static let adminPorts = Parameter<[Int]>(
            "admin_ports", default: [22, 3389],
            "remote administration ports that no network ACL may admit from the internet (tcp and udp)", range: 0...65535)
        public static let specs = [adminPorts.spec]

        var adminPorts: [Int]

        public init(_ values: ParameterValues) {
            adminPorts = Array(Set(values[Self.adminPorts])).sorted()
        }
    }

    let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    public static let description = RuleDescription(
        id: "nacl-open-admin-ports",
        title: "Network ACLs admitting administration ports from the internet",
        category: "network-acls",
        rationale: """
            A network ACL is the subnet's stateless second line behind security groups: when it admits SSH or \
            RDP from anywhere, one permissive group is all that stands between those ports and the internet's \
            scanners. AWS's default ACL allows all traffic in (rule 100). Entries are evaluated in rule order \
            and the first match wins, so a lower-numbered deny can stop what a later allow would admit — for \
            the traffic and sources it covers, and only those. Entries that deny a peer's block on a peering \
            path are left to the reachability rules.
            """,
        cases: [internetAdminPort],
        references: [
            "https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html",
            "AWS Security Hub EC2.21; CIS AWS Foundations 5.1 (3.0) / 5.2 (4.0) (no network ACL admits 0.0.0.0/0 to remote "
                + "server administration ports)",
            "AWS Config nacl-no-unrestricted-ssh-rdp",
        ],
        controls: [.securityHub("EC2.21"), .cisV3("5.1"), .awsConfig("nacl-no-unrestricted-ssh-rdp")],
        inputs: [.describeNetworkAcls],
        parameters: Parameters.specs,
        needs: .scopeResources,
        triggeringExamples: NetworkAclAdminPortsRuleExamples.triggering,
        nonTriggeringExamples: NetworkAclAdminPortsRuleExamples.nonTriggering)

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        for acl in context.snapshot.networkAcls where context.isEvaluable(acl.scope) {
            let judgement = AdminPortExposure.judge(acl, ports: parameters.adminPorts)
            guard !judgement.exposures.isEmpty else { continue }
            flag(acl, judgement, usage: usage(of: acl, context.snapshot), context: context, output: &output)
        }
    }

    /// Whether the ACL filters any subnet, as an evidence line; an ACL that filters none is one
    /// severity lower. It counts as used unless the snapshot shows otherwise: its associations, and
    /// (where DescribeSubnets was read) whether those subnets exist — an ACL can outlive its VPC in
    /// a listing (moto keeps a deleted default VPC's ACL).
    private func usage(of acl: NetworkAcl, _ snapshot: Snapshot) -> (unused: Bool, line: String) {
        let listed = acl.subnetIds.sorted()
        guard !listed.isEmpty else { return (true, "no subnet is associated with \(acl.id): one severity lower") }
        let subnetsKnown = snapshot.coverage.status(acl.scope, .describeSubnets).isCollected
        if subnetsKnown && !listed.contains(where: { snapshot.subnet(id: $0) != nil }) {
            let vpcGone = snapshot.coverage.status(acl.scope, .describeVpcs).isCollected && snapshot.vpcsById[acl.vpcId] == nil
            return (true, "the \(Plural.count(listed.count, "subnet")) it lists \(listed.count == 1 ? "is" : "are") not in DescribeSubnets"
                + (vpcGone ? ", nor is \(acl.vpcId) in DescribeVpcs" : "") + ": it filters no subnet; one severity lower")
        }
        return (false, "\(acl.isDefault ? "the VPC's default network ACL, " : "")associated with "
            + "\(Plural.count(listed.count, "subnet")): \(listed.joined(separator: ", "))")
    }

    private func flag(_ acl: NetworkAcl, _ judgement: AdminPortExposure.Judgement, usage: (unused: Bool, line: String),
                      context: RuleContext, output: inout RuleOutput) {
        let exposures = judgement.exposures
        var evidence = exposures.map { exposure in
            let entry = exposure.entry
            let traffic = TrafficSet.permission(protocol: entry.ipProtocol, from: entry.portRange?.lowerBound, to: entry.portRange?.upperBound)
            return "ingress \(AdminPortExposure.describe(entry, traffic)) admits \(exposure.traffic)"
                + (exposure.partial ? " from the part of the internet no lower-numbered entry decided" : "")
        }
        evidence += judgement.evidenceBeforeExposures
        evidence.append(usage.line)
        let (commands, crowded) = denyCommands(acl, exposures)
        var fix = commands.isEmpty ? nil : "The commands add the deny entries just below the allowing entry, so that the entries "
            + "before it keep their effect. " + AWSCommand.runSentence(commands, account: context.account(acl.scope.account))
        if !crowded.isEmpty {
            fix = (fix.map { $0 + " " } ?? "") + "No free rule number is left just below rule "
                + crowded.map(String.init).joined(separator: ", ") + ": renumber the entries, or replace the allowing entry."
        }
        let admitted = exposures.map { exposure in
            "\(exposure.traffic) from \(exposure.entry.cidr.map(\.description) ?? "?")\(exposure.partial ? " (in part)" : "") "
                + "(rule \(exposure.entry.ruleNumber))"
        }
        output.flag(FindingDraft(
            case: Self.internetAdminPort, scope: acl.scope, resources: [acl.id, acl.vpcId],
            message: "network acl \(acl.id) of \(acl.vpcId) admits \(admitted.joined(separator: " and "))",
            evidence: evidence, key: acl.id, lowered: usage.unused ? 1 : 0, fix: fix, fixCommands: commands))
    }

    /// Per exposing entry, one deny entry per protocol and port range it admits, numbered in the
    /// free numbers just below it — above every other entry of its address family, so that a
    /// narrower allow before it (an office's ssh) keeps working. Inbound IPv4 and IPv6 entries share
    /// one numbering, but an entry of one family never matches the other's packets. The entries with
    /// too few free numbers below them are returned apart.
    private func denyCommands(_ acl: NetworkAcl, _ exposures: [AdminPortExposure]) -> (commands: [String], crowded: [Int]) {
        let inbound = acl.entries.filter { !$0.egress }
        var used = Set(inbound.map(\.ruleNumber))
        var added: [CIDR.Family: [Int]] = [:]
        var commands: [String] = []
        var crowded: [Int] = []
        for exposure in exposures {
            guard let family = exposure.entry.cidr?.family else { continue }
            let wanted = exposure.traffic.tcp.ranges.map { (6, $0) } + exposure.traffic.udp.ranges.map { (17, $0) }
            let number = exposure.entry.ruleNumber
            let sameFamily = inbound.filter { $0.cidr?.family == family }.map(\.ruleNumber) + added[family, default: []]
            let floor = max(0, sameFamily.filter { $0 < number }.max() ?? 0)
            let free = Array(stride(from: number - 1, to: floor, by: -1).filter { !used.contains($0) }.prefix(wanted.count))
            guard free.count == wanted.count else {
                crowded.append(number)
                continue
            }
            for ((proto, ports), rule) in zip(wanted, free) {
                used.insert(rule)
                added[family, default: []].append(rule)
                commands.append(AWSCommand.denyIngress(in: acl, ruleNumber: rule, protocol: proto, ports: ports, family: family))
            }
        }
        return (commands, crowded)
    }
}
