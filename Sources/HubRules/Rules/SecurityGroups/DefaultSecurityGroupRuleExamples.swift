import HubModel

/// The examples of `DefaultSecurityGroupRule`, run by the example test and listed by `hubaudit rules`.
enum DefaultSecurityGroupRuleExamples {
    static let triggering: [RuleExample] = [
        RuleExample("the rules AWS creates: all traffic from the group itself, all traffic out", flags: ["sg-default"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-1", "10.0.0.0/16")
            b.securityGroup("sg-default", vpc: "vpc-1", name: "default", ingress: [.allTraffic(from: "sg-default")],
                            egress: [.allTraffic(from: "0.0.0.0/0")])
            return b.build()
        },
        RuleExample("egress only, on a default group no network interface uses", flags: ["sg-idle"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-1", "10.0.0.0/16")
            b.securityGroup("sg-idle", vpc: "vpc-1", name: "default", ingress: [], egress: [.allTraffic(from: "0.0.0.0/0")],
                            inUse: false)
            return b.build()
        },
        RuleExample("the default VPC's default group, with ssh added from an office range", flags: ["sg-legacy"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-default", "172.31.0.0/16", isDefault: true)
            b.securityGroup("sg-legacy", vpc: "vpc-default", name: "default", ingress: [.tcp(22, from: "203.0.113.0/24")])
            return b.build()
        },
    ]

    static let nonTriggering: [RuleExample] = [
        RuleExample("an empty default group beside the workload's own group") {
            var b = ExampleSnapshot()
            b.vpc("vpc-1", "10.0.0.0/16")
            b.securityGroup("sg-default", vpc: "vpc-1", name: "default", ingress: [], inUse: false)
            b.securityGroup("sg-web", vpc: "vpc-1", name: "web", ingress: [.tcp(443, from: "10.0.0.0/16")],
                            egress: [.allTraffic(from: "0.0.0.0/0")])
            return b.build()
        },
    ]
}
