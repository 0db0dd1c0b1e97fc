import HubModel

/// The examples of `IsolationRule`, run by the example test and listed by `hubaudit rules`.
enum IsolationRuleExamples {
    static let triggering: [RuleExample] = [
        RuleExample("marketing requests a peering to developer", flags: ["pcx-md"], intent: IsolationRule.intent) {
            var b = ExampleSnapshot()
            b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
            b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333")
            b.peering("pcx-md", "vpc-mkt", "vpc-dev", status: "pending-acceptance")
            return b.build()
        },
        RuleExample("developer routes marketing's block through the finance hub", flags: ["rtb-dev"], intent: IsolationRule.intent) {
            var b = ExampleSnapshot()
            b.vpc("vpc-fin", "10.10.0.0/16")
            b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
            b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333")
            b.peering("pcx-fd", "vpc-fin", "vpc-dev")
            b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, routes: ["10.10.0.0/16": "pcx-fd", "10.20.0.0/16": "pcx-fd"])
            return b.build()
        },
        RuleExample("developer routes a prefix list holding marketing's block to an appliance", flags: ["rtb-dev"],
                    intent: IsolationRule.intent) {
            var b = ExampleSnapshot()
            b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
            b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333")
            b.prefixList("pl-partners", vpcScopeOf: "vpc-dev", name: "partners", entries: ["10.20.0.0/16"])
            b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, prefixListRoutes: ["pl-partners": "pcx-fd"])
            return b.build()
        },
        RuleExample("marketing and developer peered and routed both ways, security groups and network ACLs open",
                    flags: ["pcx-md", "eni-mkt", "eni-dev"], intent: IsolationRule.intent) { isolatedPair(peeredWithEachOther: true) },
    ]

    static let nonTriggering: [RuleExample] = [
        RuleExample("both spokes reach the hub and not each other (the seed: isolation holds)", intent: IsolationRule.intent) {
            var b = ExampleSnapshot()
            b.vpc("vpc-fin", "10.10.0.0/16")
            b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
            b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333")
            b.peering("pcx-fm", "vpc-fin", "vpc-mkt")
            b.peering("pcx-fd", "vpc-fin", "vpc-dev")
            b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true, routes: ["10.10.0.0/16": "pcx-fm", "0.0.0.0/0": "igw-1"])
            b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, routes: ["10.10.0.0/16": "pcx-fd", "0.0.0.0/0": "nat-1"])
            return b.build()
        },
        RuleExample("open security groups and network ACLs on both spokes, each peered only with the hub: no path between them",
                    intent: IsolationRule.intent) { isolatedPair(peeredWithEachOther: false) },
    ]

    /// Marketing (222…, 10.20.0.0/16, eni-mkt) and developer (333…, 10.30.0.0/16, eni-dev) whose
    /// security groups admit `ingress` (anything from 10.0.0.0/8 unless given), network ACLs open;
    /// each peered with the finance hub, and, when `peeredWithEachOther`, with each other through
    /// pcx-md, routed both ways.
    static func isolatedPair(peeredWithEachOther: Bool, ingress: [Permission] = [.allTraffic(from: "10.0.0.0/8")]) -> Snapshot {
        var b = ExampleSnapshot()
        b.vpc("vpc-fin", "10.10.0.0/16")
        b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
        b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333")
        b.subnet("subnet-mkt", vpc: "vpc-mkt", "10.20.1.0/24")
        b.subnet("subnet-dev", vpc: "vpc-dev", "10.30.1.0/24")
        b.peering("pcx-fm", "vpc-fin", "vpc-mkt")
        b.peering("pcx-fd", "vpc-fin", "vpc-dev")
        if peeredWithEachOther {
            b.peering("pcx-md", "vpc-mkt", "vpc-dev")
            b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true, routes: ["10.10.0.0/16": "pcx-fm", "10.30.0.0/16": "pcx-md"])
            b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, routes: ["10.10.0.0/16": "pcx-fd", "10.20.0.0/16": "pcx-md"])
        } else {
            b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true, routes: ["10.10.0.0/16": "pcx-fm"])
            b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, routes: ["10.10.0.0/16": "pcx-fd"])
        }
        let open = NetworkAcl.Entry.defaults(egress: true) + NetworkAcl.Entry.defaults(egress: false)
        b.networkAcl("acl-mkt", vpc: "vpc-mkt", subnets: ["subnet-mkt"], entries: open)
        b.networkAcl("acl-dev", vpc: "vpc-dev", subnets: ["subnet-dev"], entries: open)
        b.securityGroup("sg-mkt", vpc: "vpc-mkt", ingress: ingress, egress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
        b.securityGroup("sg-dev", vpc: "vpc-dev", ingress: ingress, egress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
        b.interface("eni-mkt", subnet: "subnet-mkt", addresses: ["10.20.1.10"], groups: ["sg-mkt"])
        b.interface("eni-dev", subnet: "subnet-dev", addresses: ["10.30.1.20"], groups: ["sg-dev"])
        return b.build()
    }
}
