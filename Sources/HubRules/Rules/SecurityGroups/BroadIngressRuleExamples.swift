import HubModel

/// The examples of `BroadIngressRule`, run by the example test and listed by `hubaudit rules`.
enum BroadIngressRuleExamples {
    static let triggering: [RuleExample] = [
        RuleExample("ssh from anywhere", flags: ["sg-admin"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-1", "10.0.0.0/16")
            b.securityGroup("sg-admin", vpc: "vpc-1", ingress: [.tcp(22, from: "0.0.0.0/0")])
            return b.build()
        },
        RuleExample("a port range that contains 3389, from ::/0", flags: ["sg-range"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-1", "10.0.0.0/16")
            b.securityGroup("sg-range", vpc: "vpc-1", ingress: [.tcp(3000...4000, from: "::/0")])
            return b.build()
        },
        RuleExample("all traffic from the internet, on a group no ENI uses", flags: ["sg-unused"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-1", "10.0.0.0/16")
            b.securityGroup("sg-unused", vpc: "vpc-1", ingress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
            return b.build()
        },
        RuleExample("0.0.0.0/0 hidden in a prefix list", flags: ["sg-partner"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-1", "10.0.0.0/16")
            b.prefixList("pl-partner", vpcScopeOf: "vpc-1", name: "partner-ranges", entries: ["203.0.113.0/24", "0.0.0.0/0"])
            b.securityGroup("sg-partner", vpc: "vpc-1", ingress: [.tcp(5432, from: "pl-partner")])
            return b.build()
        },
        RuleExample("10.0.0.0/8 in a hub group admits every spoke and more", flags: ["sg-hub-db"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.10.0.0/16")
            b.vpc("vpc-spoke", "10.20.0.0/16")
            b.peering("pcx-1", "vpc-hub", "vpc-spoke")
            b.securityGroup("sg-hub-db", vpc: "vpc-hub", ingress: [.tcp(5432, from: "10.0.0.0/8")])
            return b.build()
        },
        RuleExample("a /16 covering a /17 peer and the space beyond it", flags: ["sg-wide"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.10.0.0/16")
            b.vpc("vpc-spoke", "10.20.0.0/17")
            b.peering("pcx-1", "vpc-hub", "vpc-spoke")
            b.securityGroup("sg-wide", vpc: "vpc-hub", ingress: [.tcp(443, from: "10.20.0.0/16")])
            return b.build()
        },
    
    ]

    static let nonTriggering: [RuleExample] = [
        RuleExample("https from anywhere, and a peer's block on the database port") {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.10.0.0/16")
            b.vpc("vpc-spoke", "10.20.0.0/16")
            b.peering("pcx-1", "vpc-hub", "vpc-spoke")
            b.securityGroup("sg-web", vpc: "vpc-hub", ingress: [.tcp(443, from: "0.0.0.0/0", "::/0")])
            b.securityGroup("sg-db", vpc: "vpc-hub", ingress: [.tcp(5432, from: "10.20.0.0/16", "10.10.1.0/24")])
            return b.build()
        },
        RuleExample("group references and a prefix list of office ranges") {
            var b = ExampleSnapshot()
            b.vpc("vpc-1", "10.0.0.0/16")
            b.prefixList("pl-office", vpcScopeOf: "vpc-1", name: "corp-vpn", entries: ["192.168.10.0/24", "192.168.11.0/24"])
            b.securityGroup("sg-app", vpc: "vpc-1", ingress: [.allTraffic(from: "sg-web"), .tcp(22, from: "pl-office")])
            return b.build()
        },
        RuleExample("icmp from the peer VPC (the seed tutorial's test rule)") {
            var b = ExampleSnapshot()
            b.vpc("vpc-requester", "10.0.0.0/16")
            b.vpc("vpc-accepter", "172.16.0.0/16", account: "222222222222")
            b.peering("pcx-1", "vpc-requester", "vpc-accepter")
            b.securityGroup("sg-test", vpc: "vpc-requester", ingress: [.icmp(from: "172.16.0.0/16")])
            return b.build()
        },
    ]
}
