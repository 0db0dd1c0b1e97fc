import HubModel

/// The examples of `NetworkAclAdminPortsRule`, run by the example test and listed by `hubaudit rules`.
enum NetworkAclAdminPortsRuleExamples {
    static let triggering: [RuleExample] = [
        RuleExample("the default ACL: rule 100 allows all traffic in from anywhere", flags: ["acl-default"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-1", "10.0.0.0/16")
            b.subnet("subnet-1", vpc: "vpc-1", "10.0.1.0/24")
            b.networkAcl("acl-default", vpc: "vpc-1", subnets: ["subnet-1"],
                         entries: NetworkAcl.Entry.defaults(egress: false) + NetworkAcl.Entry.defaults(egress: true), isDefault: true)
            return b.build()
        },
        RuleExample("a lower deny of tcp 22 before an allow of every tcp port still leaves 3389 open", flags: ["acl-partial"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-1", "10.0.0.0/16")
            b.subnet("subnet-1", vpc: "vpc-1", "10.0.1.0/24")
            b.networkAcl("acl-partial", vpc: "vpc-1", subnets: ["subnet-1"], entries: [
                .rule(90, "6", 22...22, allow: false, egress: false, "0.0.0.0/0"),
                .rule(100, "6", 0...65535, allow: true, egress: false, "0.0.0.0/0"),
            ])
            return b.build()
        },
        RuleExample("ssh from ::/0: a deny of 0.0.0.0/0 does not cover IPv6", flags: ["acl-v6"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-1", "10.0.0.0/16", "2600:1f18:1::/56")
            b.subnet("subnet-1", vpc: "vpc-1", "10.0.1.0/24")
            b.networkAcl("acl-v6", vpc: "vpc-1", subnets: ["subnet-1"], entries: [
                .rule(90, "-1", allow: false, egress: false, "0.0.0.0/0"),
                .rule(100, "6", 22...22, allow: true, egress: false, "::/0"),
            ])
            return b.build()
        },
    ]

    static let nonTriggering: [RuleExample] = [
        RuleExample("ssh from the office only, https and return traffic from anywhere") {
            var b = ExampleSnapshot()
            b.vpc("vpc-1", "10.0.0.0/16")
            b.subnet("subnet-1", vpc: "vpc-1", "10.0.1.0/24")
            b.networkAcl("acl-web", vpc: "vpc-1", subnets: ["subnet-1"], entries: [
                .rule(100, "6", 22...22, allow: true, egress: false, "203.0.113.0/24"),
                .rule(110, "6", 443...443, allow: true, egress: false, "0.0.0.0/0"),
                .rule(120, "6", 32768...65535, allow: true, egress: false, "0.0.0.0/0"),
                .rule(32767, "-1", allow: false, egress: false, "0.0.0.0/0"),
            ])
            return b.build()
        },
        RuleExample("the administration ports denied (tcp each, udp by a range) before rule 100 allows the rest") {
            var b = ExampleSnapshot()
            b.vpc("vpc-1", "10.0.0.0/16")
            b.subnet("subnet-1", vpc: "vpc-1", "10.0.1.0/24")
            b.networkAcl("acl-guarded", vpc: "vpc-1", subnets: ["subnet-1"], entries: [
                .rule(10, "6", 22...22, allow: false, egress: false, "0.0.0.0/0"),
                .rule(11, "6", 3389...3389, allow: false, egress: false, "0.0.0.0/0"),
                .rule(12, "17", 0...65535, allow: false, egress: false, "0.0.0.0/0"),
            ] + NetworkAcl.Entry.defaults(egress: false), isDefault: true)
            return b.build()
        },
    ]
}
