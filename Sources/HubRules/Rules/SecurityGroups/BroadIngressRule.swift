import HubModel

/// Security-group ingress open to the internet, or to private space wider than anything the
/// group's VPC can reach. Prefix lists are expanded through their entries; group references are
/// not address ranges and are not judged here.
public struct BroadIngressRule: Rule {
    public static let internetAllTraffic = RuleCase(
        id: "internet-all-traffic", severity: .critical,
        summary: "all traffic (protocol -1, or every port) admitted from 0.0.0.0/0 or ::/0",
        remediation: "Remove the rule; admit only the ports the workload serves, from the sources that need them (a security-group "
            + "reference, a prefix list of known ranges).")
    public static let internetSensitivePort = RuleCase(
        id: "internet-sensitive-port", severity: .high,
        summary: "an administration or database port (or a range containing one) admitted from the internet",
        remediation: "Remove the internet source; reach hosts through Session Manager or a bastion, databases only from the application's "
            + "security group.")
    public static let internetOtherPort = RuleCase(
        id: "internet-other-port", severity: .medium,
        summary: "other ports admitted from the internet",
        remediation: "Admit only the public service ports (listed in the policy's public_ports) from the internet; restrict the rest to "
            + "known sources.")
    public static let privateTooWide = RuleCase(
        id: "private-too-wide", severity: .medium,
        summary: "a private range wider than the policy allows, or wider than the VPC and its peers",
        remediation: "Replace the range with the peer VPCs' or subnets' blocks that must connect, or with a security-group reference across "
            + "the peering.")

    public struct Parameters: RuleParameters {
        static let sensitivePorts = Parameter<[Int]>(
            "sensitive_ports", default: [20, 21, 22, 23, 25, 110, 135, 139, 445, 1433, 1434, 1521, 2049, 2379, 3306, 3389, 5432,
                                         5601, 5900, 5984, 5985, 5986, 6379, 7001, 8020, 9042, 9092, 9200, 9300, 11211, 27017, 27018],
            "administration and database ports: internet exposure of any of them is internet-sensitive-port", range: 0...65535)
        static let publicPorts = Parameter<[Int]>(
            "public_ports", default: [80, 443],
            "ports a public service may open to the internet: a rule admitting only these is not flagged", range: 0...65535)
        static let minPrivatePrefixV4 = Parameter<Int>(
            "min_private_prefix_v4", default: 16,
            "private IPv4 sources shorter than this prefix length (e.g. /8 when 16) are too wide", range: 0...32)
        static let minPrivatePrefixV6 = Parameter<Int>(
            "min_private_prefix_v6", default: 48,
            "private IPv6 (fc00::/7) sources shorter than this prefix length are too wide", range: 0...128)
        public static let specs = [sensitivePorts.spec, publicPorts.spec, minPrivatePrefixV4.spec, minPrivatePrefixV6.spec]

        var sensitivePorts: Set<Int>
        var publicPorts: Set<Int>
        /// The narrowest acceptable private source, per family.
        var minPrivatePrefixV4: Int
        var minPrivatePrefixV6: Int

        public init(_ values: ParameterValues) {
            sensitivePorts = Set(values[Self.sensitivePorts])
            publicPorts = Set(values[Self.publicPorts])
            minPrivatePrefixV4 = values[Self.minPrivatePrefixV4]
            minPrivatePrefixV6 = values[Self.minPrivatePrefixV6]
        }
    }

    let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    public static let description = RuleDescription(
        id: "sg-broad-ingress",
        title: "Security groups admitting the internet or over-broad private ranges",
        category: "security-groups",
        rationale: """
            Ingress from 0.0.0.0/0 or ::/0 exposes whatever listens behind the group to the internet (through any \
            public IP or load balancer), and administration and database ports are the first ones scanned. In a \
            hub, a private range like 10.0.0.0/8 admits every spoke — and every network added later — when only one \
            was meant. Prefix lists hide such ranges from tools that do not expand them.
            """,
        cases: [internetAllTraffic, internetSensitivePort, internetOtherPort, privateTooWide],
        references: [
            "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
            "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html",
            "AWS Security Hub EC2.18, EC2.19; CIS AWS Foundations 5.2, 5.3 (no 0.0.0.0/0 or ::/0 to admin ports)",
        ],
        controls: [.securityHub("EC2.13"), .securityHub("EC2.14"), .securityHub("EC2.18"), .securityHub("EC2.19"),
                   .securityHub("EC2.53"), .securityHub("EC2.54"), .cisV3("5.2"), .cisV3("5.3"), .awsConfig("restricted-ssh"),
                   .awsConfig("restricted-common-ports"), .awsConfig("vpc-sg-open-only-to-authorized-ports")],
        // The prefix-list calls are judged per referenced list: a group whose list's entries are
        // unknown is "not evaluated", the account's other groups are still judged.
        inputs: [.describeSecurityGroups, .describeVpcs, .describeVpcPeeringConnections, .describeManagedPrefixLists,
                 .getManagedPrefixListEntries],
        parameters: Parameters.specs,
        needs: .scopeResources,
        triggeringExamples: BroadIngressRuleExamples.triggering,
        nonTriggeringExamples: BroadIngressRuleExamples.nonTriggering)

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        var reachableByVpc: [String: [CIDR]] = [:]
        for group in snapshot.securityGroups where context.isEvaluable(group.scope) {
            let reachable = reachableByVpc[group.vpcId] ?? reachableBlocks(of: group.vpcId, in: snapshot)
            reachableByVpc[group.vpcId] = reachable
            // Usage lowers severity only when it is known: without DescribeNetworkInterfaces a group counts as used.
            let usageKnown = snapshot.coverage.status(group.scope, .describeNetworkInterfaces).isCollected
            let unused = usageKnown && !snapshot.isInUse(groupId: group.id)
            // Per case: the rules that fall in it, as the message names them and as the evidence
            // shows them (with the rule's own description, which often says why it is there).
            var byCase: [RuleCase: [(line: String, described: String)]] = [:]
            var unresolved: [PrefixListGap] = []
            for permission in group.ingress {
                for source in sources(of: permission, in: group.scope, snapshot: snapshot, unresolved: &unresolved) {
                    guard let (ruleCase, why) = judge(permission, source: source.cidr, reachable: reachable) else { continue }
                    let line = "ingress \(permission) from \(source.label): \(why)"
                    let described = source.description.map { "\(line) (rule description: \"\($0)\")" } ?? line
                    byCase[ruleCase, default: []].append((line, described))
                }
            }
            for gap in unresolved {
                output.cannotEvaluate(gap, resources: [group.id, gap.listId],
                                      "\(group.id) admits prefix list \(gap.listId), whose entries are unknown")
            }
            for (ruleCase, rules) in byCase.sorted(by: { $0.key.id < $1.key.id }) {
                let lines = rules.map(\.line)
                var evidence = rules.map(\.described)
                if unused { evidence.append("no network interface uses \(group.id): one severity lower") }
                else if !usageKnown { evidence.append("usage unknown (DescribeNetworkInterfaces not collected): treated as in use") }
                let first = lines[0].replacingPrefix("ingress ", with: "")
                let more = lines.count > 1 ? " (and \(lines.count - 1) more)" : ""
                output.flag(FindingDraft(
                    case: ruleCase, scope: group.scope, resources: [group.id, group.vpcId],
                    message: "security group \(group.label) in \(group.vpcId) admits \(first)\(more)",
                    evidence: evidence, key: group.id, lowered: unused ? 1 : 0))
            }
        }
    }

    /// An address source of a permission: a range of the rule, or an entry of a prefix list it names.
    /// Its label is made only for the sources that are flagged (most are not).
    private struct Source {
        var cidr: CIDR
        var range: SourceRange?
        var list: (id: String, name: String)?

        /// How the rule names the source.
        var label: String {
            if let range { return range.text }
            return "\(cidr) (entry of prefix list \(list?.id ?? "") \(list?.name ?? ""))"
        }

        /// The description the rule's range carries (EC2's `description`), if any.
        var description: String? { range?.description.flatMap { $0.isEmpty ? nil : $0 } }
    }

    /// Every address source of a permission, prefix lists expanded.
    private func sources(of permission: Permission, in scope: Scope, snapshot: Snapshot,
                         unresolved: inout [PrefixListGap]) -> [Source] {
        var result: [Source] = []
        result.reserveCapacity(permission.ipv4Ranges.count + permission.ipv6Ranges.count)
        // Two loops, not a concatenation: this runs for every permission of every group.
        for range in permission.ipv4Ranges { result.append(Source(cidr: range.cidr, range: range)) }
        for range in permission.ipv6Ranges { result.append(Source(cidr: range.cidr, range: range)) }
        for id in permission.prefixListIds {
            switch snapshot.prefixListEntries(id, in: scope) {
            case .known(let list, let entries):
                result += entries.map { Source(cidr: $0, list: (id, list.name)) }
            case .unknown(let gap):
                if !unresolved.contains(gap) { unresolved.append(gap) }
            }
        }
        return result
    }

    /// The case a source falls in, with the reason, or nil when it is acceptable.
    private func judge(_ permission: Permission, source: CIDR, reachable: [CIDR]) -> (RuleCase, String)? {
        if source.isAny {
            guard let ports = permission.portRange else {
                return (Self.internetOtherPort, "\(permission) is open to the whole internet")
            }
            if ports == 0...65535 { return (Self.internetAllTraffic, "every port is open to the whole internet") }
            let exposed = parameters.sensitivePorts.filter { ports.contains($0) }.sorted()
            if !exposed.isEmpty {
                let list = exposed.map(String.init).joined(separator: ", ")
                let contains = ports.count > 1 ? "the range contains \(list)" : "\(list) is an administration or database port"
                return (Self.internetSensitivePort, contains)
            }
            if ports.allSatisfy({ parameters.publicPorts.contains($0) }) { return nil }
            return (Self.internetOtherPort, "open to the whole internet")
        }
        guard source.isPrivate else { return nil }
        let narrowest = source.family == .v4 ? parameters.minPrivatePrefixV4 : parameters.minPrivatePrefixV6
        if source.prefixLength < narrowest {
            return (Self.privateTooWide, "/\(source.prefixLength) is wider than the policy's /\(narrowest)")
        }
        // Wider than the VPCs it can be meant for: it spans a reachable block and space beyond all of them.
        if reachable.contains(where: { source.contains($0) && source != $0 }) {
            let family = reachable.filter { $0.family == source.family }
            let beyond = source.subtracting(family)
            if !beyond.isEmpty {
                let sample = beyond.prefix(3).map(\.description).joined(separator: ", ")
                return (Self.privateTooWide, "covers \(sample)\(beyond.count > 3 ? ", …" : "") beyond the VPC and its peers "
                    + "(\(family.map(\.description).joined(separator: ", ")))")
            }
        }
        return nil
    }

    /// The group's VPC and every VPC peered with it (active or pending): what its rules can be meant for.
    private func reachableBlocks(of vpcId: String, in snapshot: Snapshot) -> [CIDR] {
        var blocks = snapshot.vpcsById[vpcId]?.blocks ?? []
        for peering in snapshot.livePeerings(of: vpcId) {
            guard let peer = peering.peer(of: vpcId) else { continue }
            blocks += snapshot.vpcsById[peer.vpcId]?.blocks ?? peer.blocks
        }
        return blocks
    }
}

private extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
