import HubModel

/// The examples of `HubSpokeConnectivityRule`, run by the example test and listed by `hubaudit rules`.
enum HubSpokeConnectivityRuleExamples {
    static let triggering: [RuleExample] = [
        RuleExample("the developer spoke's peering was never accepted", flags: ["vpc-dev"], intent: HubSpokeConnectivityRule.intent) {
            var b = ExampleSnapshot()
            b.vpc("vpc-fin", "10.10.0.0/16", name: "finance")
            b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222", name: "marketing")
            b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333", name: "developer")
            b.subnet("subnet-fin", vpc: "vpc-fin", "10.10.1.0/24")
            b.subnet("subnet-mkt", vpc: "vpc-mkt", "10.20.1.0/24")
            b.peering("pcx-mkt", "vpc-fin", "vpc-mkt")
            b.peering("pcx-dev", "vpc-fin", "vpc-dev", status: "pending-acceptance")
            b.routeTable("rtb-fin", vpc: "vpc-fin", main: true, routes: ["10.20.0.0/16": "pcx-mkt"])
            b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true, routes: ["10.10.0.0/16": "pcx-mkt"])
            return b.build()
        },
        RuleExample("the marketing spoke is peered but its subnets have no route to the hub", flags: ["vpc-mkt"],
                    intent: NetworkIntent(hubs: [.init(vpc: VpcSelector(vpcId: "vpc-fin"), spokes: [VpcSelector(vpcId: "vpc-mkt")])])) {
            var b = ExampleSnapshot()
            b.vpc("vpc-fin", "10.10.0.0/16")
            b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
            b.subnet("subnet-fin", vpc: "vpc-fin", "10.10.1.0/24")
            b.subnet("subnet-mkt", vpc: "vpc-mkt", "10.20.1.0/24")
            b.peering("pcx-mkt", "vpc-fin", "vpc-mkt")
            b.routeTable("rtb-fin", vpc: "vpc-fin", main: true, routes: ["10.20.0.0/16": "pcx-mkt"])
            b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true)
            return b.build()
        },
        RuleExample("the spoke is peered and routed both ways, but the hub's security group admits nothing from it",
                    flags: ["vpc-mkt", "sg-fin"], intent: servedIntent) { servedPair(hubIngress: [.tcp(443, from: "10.10.0.0/16")]) },
    ]

    static let nonTriggering: [RuleExample] = [
        RuleExample("both spokes peered and routed both ways (the seed's target state)", intent: HubSpokeConnectivityRule.intent) {
            var b = ExampleSnapshot()
            b.vpc("vpc-fin", "10.10.0.0/16", name: "finance")
            b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222", name: "marketing")
            b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333", name: "developer")
            b.subnet("subnet-fin", vpc: "vpc-fin", "10.10.1.0/24")
            b.subnet("subnet-mkt", vpc: "vpc-mkt", "10.20.1.0/24")
            b.subnet("subnet-dev", vpc: "vpc-dev", "10.30.1.0/24")
            b.peering("pcx-mkt", "vpc-fin", "vpc-mkt")
            b.peering("pcx-dev", "vpc-fin", "vpc-dev")
            b.routeTable("rtb-fin", vpc: "vpc-fin", main: true, routes: ["10.20.0.0/16": "pcx-mkt", "10.30.0.0/16": "pcx-dev"])
            b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true, routes: ["10.10.0.0/16": "pcx-mkt"])
            b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, routes: ["10.10.0.0/16": "pcx-dev"])
            return b.build()
        },
        RuleExample("the spoke routes the hub through a prefix list of the hub's ranges",
                    intent: NetworkIntent(hubs: [.init(vpc: VpcSelector(vpcId: "vpc-fin"), spokes: [VpcSelector(vpcId: "vpc-mkt")])])) {
            var b = ExampleSnapshot()
            b.vpc("vpc-fin", "10.10.0.0/16")
            b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
            b.subnet("subnet-fin", vpc: "vpc-fin", "10.10.1.0/24")
            b.subnet("subnet-mkt", vpc: "vpc-mkt", "10.20.1.0/24")
            b.peering("pcx-mkt", "vpc-fin", "vpc-mkt")
            b.prefixList("pl-hub", vpcScopeOf: "vpc-mkt", name: "hub", entries: ["10.10.0.0/16"])
            b.routeTable("rtb-fin", vpc: "vpc-fin", main: true, routes: ["10.20.0.0/16": "pcx-mkt"])
            b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true, prefixListRoutes: ["pl-hub": "pcx-mkt"])
            return b.build()
        },
        RuleExample("the hub admits the spoke on tcp 443, the one service the policy names", parameters: ["hub_services": .strings(["tcp/443"])],
                    intent: servedIntent) { servedPair(hubIngress: [.tcp(443, from: "10.20.0.0/16")]) },
    ]

    static let servedIntent = NetworkIntent(hubs: [.init(vpc: VpcSelector(vpcId: "vpc-fin"), spokes: [VpcSelector(vpcId: "vpc-mkt")])])

    /// Hub vpc-fin 10.10.0.0/16 (eni-fin in sg-fin with `hubIngress`) and spoke vpc-mkt 10.20.0.0/16
    /// (eni-mkt, sending anything), peered through pcx-mkt, routed both ways, network ACLs open
    /// unless `spokeAcl` gives the spoke's entries.
    static func servedPair(hubIngress: [Permission], spokeAcl: [NetworkAcl.Entry]? = nil) -> Snapshot {
        var b = ExampleSnapshot()
        b.vpc("vpc-fin", "10.10.0.0/16")
        b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
        b.subnet("subnet-fin", vpc: "vpc-fin", "10.10.1.0/24")
        b.subnet("subnet-mkt", vpc: "vpc-mkt", "10.20.1.0/24")
        b.peering("pcx-mkt", "vpc-fin", "vpc-mkt")
        b.routeTable("rtb-fin", vpc: "vpc-fin", main: true, routes: ["10.20.0.0/16": "pcx-mkt"])
        b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true, routes: ["10.10.0.0/16": "pcx-mkt"])
        let open = NetworkAcl.Entry.defaults(egress: true) + NetworkAcl.Entry.defaults(egress: false)
        b.networkAcl("acl-fin", vpc: "vpc-fin", subnets: ["subnet-fin"], entries: open)
        b.networkAcl("acl-mkt", vpc: "vpc-mkt", subnets: ["subnet-mkt"], entries: spokeAcl ?? open)
        b.securityGroup("sg-fin", vpc: "vpc-fin", ingress: hubIngress, egress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
        b.securityGroup("sg-mkt", vpc: "vpc-mkt", ingress: [], egress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
        b.interface("eni-fin", subnet: "subnet-fin", addresses: ["10.10.1.20"], groups: ["sg-fin"])
        b.interface("eni-mkt", subnet: "subnet-mkt", addresses: ["10.20.1.10"], groups: ["sg-mkt"])
        return b.build()
    }
}
