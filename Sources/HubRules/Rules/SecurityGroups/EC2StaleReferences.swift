import HubModel

/// EC2's own report of stale references (DescribeStaleSecurityGroups), for the VPCs where it was
/// read in the accounts and regions the rule evaluates: what `StaleGroupReferenceRule` compares its
/// computed answer with. Empty where the call was not collected (moto lacks it): the rule then
/// works from the snapshot alone, as before the cross-check.
struct EC2StaleReferences {
    /// One stale reference EC2 reports: the rule's group, direction, ports and the referenced group.
    struct Entry {
        var report: StaleGroupReport
        var group: StaleSecurityGroup
        var permission: StalePermission
        var reference: StaleGroupReference
    }

    private let context: RuleContext
    /// The first report of each reference (a page repeating an item is one reference).
    private(set) var entries: [StaleRuleKey: Entry] = [:]

    init(_ context: RuleContext) {
        self.context = context
        for report in context.snapshot.staleGroupReports where context.isEvaluable(report.scope) {
            for group in report.groups ?? [] {
                for (egress, permissions) in [(false, group.ingress), (true, group.egress)] {
                    for permission in permissions {
                        for reference in permission.groups {
                            let key = StaleRuleKey(group.groupId, egress: egress, ipProtocol: permission.ipProtocol,
                                                   fromPort: permission.fromPort, toPort: permission.toPort, reference.groupId)
                            if entries[key] == nil {
                                entries[key] = Entry(report: report, group: group, permission: permission, reference: reference)
                            }
                        }
                    }
                }
            }
        }
    }

    func reports(_ key: StaleRuleKey) -> Bool { !entries.isEmpty && entries[key] != nil }

    func entry(_ key: StaleRuleKey) -> Entry? { entries[key] }

    /// The VPC's report when it was read (collected): where it says nothing, EC2 sees nothing stale.
    func readReport(vpcId: String, in scope: Scope) -> StaleGroupReport? {
        guard let report = context.snapshot.staleGroupReport(vpcId: vpcId, in: scope), report.status.isCollected else { return nil }
        return report
    }
}

/// One referenced group in one rule of one group, as both the snapshot and EC2 name it: the
/// protocol in one spelling (`6` is `tcp`, `all` is `-1`) and no ports for all traffic, so that the
/// same rule matches however each side wrote it.
struct StaleRuleKey: Hashable, Comparable, CustomStringConvertible {
    var groupId: String
    var egress: Bool
    var ipProtocol: String
    var fromPort: Int?
    var toPort: Int?
    var referencedGroupId: String

    init(_ groupId: String, egress: Bool, ipProtocol: String, fromPort: Int?, toPort: Int?, _ referencedGroupId: String) {
        let spelled = ipProtocol.lowercased()
        let normalized = ["6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"][spelled] ?? spelled
        self.groupId = groupId
        self.egress = egress
        self.ipProtocol = normalized
        self.fromPort = normalized == "-1" ? nil : fromPort
        self.toPort = normalized == "-1" ? nil : toPort
        self.referencedGroupId = referencedGroupId
    }

    init(_ groupId: String, egress: Bool, _ permission: Permission, _ referencedGroupId: String) {
        self.init(groupId, egress: egress, ipProtocol: permission.ipProtocol, fromPort: permission.fromPort,
                  toPort: permission.toPort, referencedGroupId)
    }

    /// `sg-app|ingress|tcp|443|443|sg-clients`: the finding key of a reference only EC2 reports.
    var description: String {
        [groupId, egress ? "egress" : "ingress", ipProtocol, fromPort.map(String.init) ?? "", toPort.map(String.init) ?? "",
         referencedGroupId].joined(separator: "|")
    }

    static func < (a: StaleRuleKey, b: StaleRuleKey) -> Bool { a.description < b.description }
}
