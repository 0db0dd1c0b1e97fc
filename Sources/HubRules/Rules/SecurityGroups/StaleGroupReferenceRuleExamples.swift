import HubModel

/// The examples of `StaleGroupReferenceRule`, run by the example test and listed by `hubaudit rules`.
enum StaleGroupReferenceRuleExamples {
    /// `tcp 443 from` one group, named with its account and peering as EC2 lists a reference across a peering.
    static func https(from groupId: String, account: String? = nil, vpc: String? = nil, peering: String? = nil) -> Permission {
        Permission(ipProtocol: "tcp", fromPort: 443, toPort: 443,
                   groups: [GroupReference(groupId: groupId, userId: account, vpcId: vpc, peeringId: peering)])
    }

    /// Two VPCs of two accounts of the snapshot, the app group in the hub admitting the spoke's clients.
    static func pair(peeringStatus: String?, appIngress: [Permission]) -> Snapshot {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
        if let status = peeringStatus { b.peering("pcx-1", "vpc-hub", "vpc-spoke", status: status) }
        b.securityGroup("sg-clients", vpc: "vpc-spoke", ingress: [])
        b.securityGroup("sg-app", vpc: "vpc-hub", ingress: appIngress)
        return b.build()
    }

    static let triggering: [RuleExample] = [
        RuleExample("a reference across a peering that was deleted", flags: ["sg-app", "sg-clients", "pcx-1"]) {
            pair(peeringStatus: "deleted",
                 appIngress: [https(from: "sg-clients", account: "222222222222", vpc: "vpc-spoke", peering: "pcx-1")])
        },
        RuleExample("a reference to another VPC's group with no peering left at all", flags: ["sg-app", "sg-clients"]) {
            pair(peeringStatus: nil, appIngress: [https(from: "sg-clients", account: "222222222222", vpc: "vpc-spoke")])
        },
        RuleExample("a reference across a deleted peering in a rule that admits an address range too (only the reference is revoked)",
                    flags: ["sg-app", "sg-clients", "pcx-1"]) {
            pair(peeringStatus: "deleted", appIngress: [
                Permission(ipProtocol: "tcp", fromPort: 443, toPort: 443, ipv4Ranges: [SourceRange(cidr: CIDR("10.9.0.0/16")!)],
                           groups: [GroupReference(groupId: "sg-clients", userId: "222222222222", vpcId: "vpc-spoke", peeringId: "pcx-1")]),
            ])
        },
        RuleExample("a reference to a group deleted from an account of the snapshot", flags: ["sg-app", "sg-retired"]) {
            pair(peeringStatus: "active",
                 appIngress: [https(from: "sg-retired", account: "222222222222", vpc: "vpc-spoke", peering: "pcx-1")])
        },
        RuleExample("a reference to a partner's group outside the snapshot that EC2's DescribeStaleSecurityGroups reports stale",
                    flags: ["sg-app", "sg-partner"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.securityGroup("sg-app", vpc: "vpc-hub", ingress: [https(from: "sg-partner", account: "444455556666", peering: "pcx-x")])
            b.staleGroupReport(vpc: "vpc-hub", groups: [
                StaleSecurityGroup(groupId: "sg-app", vpcId: "vpc-hub", ingress: [
                    StalePermission(ipProtocol: "tcp", fromPort: 443, toPort: 443, groups: [
                        StaleGroupReference(groupId: "sg-partner", userId: "444455556666", peeringId: "pcx-x", peeringStatus: "deleted"),
                    ]),
                ]),
            ])
            return b.build()
        },
        RuleExample("a reference EC2 reports stale while the snapshot shows the group in the rule's own VPC (EC2's view may lag)",
                    flags: ["sg-app", "sg-web"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.securityGroup("sg-web", vpc: "vpc-hub", ingress: [])
            b.securityGroup("sg-app", vpc: "vpc-hub", ingress: [.tcp(8080, from: "sg-web")])
            b.staleGroupReport(vpc: "vpc-hub", groups: [
                StaleSecurityGroup(groupId: "sg-app", vpcId: "vpc-hub", ingress: [
                    StalePermission(ipProtocol: "tcp", fromPort: 8080, toPort: 8080, groups: [StaleGroupReference(groupId: "sg-web")]),
                ]),
            ])
            return b.build()
        },
    ]

    static let nonTriggering: [RuleExample] = [
        RuleExample("a reference across an active peering, beside one to the group's own VPC") {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
            b.peering("pcx-1", "vpc-hub", "vpc-spoke")
            b.securityGroup("sg-clients", vpc: "vpc-spoke", ingress: [])
            b.securityGroup("sg-lb", vpc: "vpc-hub", ingress: [])
            b.securityGroup("sg-app", vpc: "vpc-hub", ingress: [
                https(from: "sg-clients", account: "222222222222", vpc: "vpc-spoke", peering: "pcx-1"),
                .tcp(8080, from: "sg-lb"),
            ])
            return b.build()
        },
        RuleExample("a reference across an active peering, and EC2's DescribeStaleSecurityGroups reports nothing stale") {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
            b.peering("pcx-1", "vpc-hub", "vpc-spoke")
            b.securityGroup("sg-clients", vpc: "vpc-spoke", ingress: [])
            b.securityGroup("sg-app", vpc: "vpc-hub", ingress: [
                https(from: "sg-clients", account: "222222222222", vpc: "vpc-spoke", peering: "pcx-1"),
            ])
            b.staleGroupReport(vpc: "vpc-hub", groups: [])
            return b.build()
        },
    ]
}
