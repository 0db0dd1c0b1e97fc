import HubModel

/// The examples of `PeeringRoutesRule`, run by the example test and listed by `hubaudit rules`.
enum PeeringRoutesRuleExamples {
    static let triggering: [RuleExample] = [
        RuleExample("the spoke's subnet uses the main table, which lacks the return route",
                    flags: ["rtb-spoke-main", "pcx-1"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
            b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
            b.subnet("subnet-spoke", vpc: "vpc-spoke", "10.1.1.0/24")
            b.peering("pcx-1", "vpc-hub", "vpc-spoke")
            b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "pcx-1"])
            // The return route sits in a table no subnet uses; the subnet falls back to the main table.
            b.routeTable("rtb-spoke-main", vpc: "vpc-spoke", main: true)
            b.routeTable("rtb-spoke-unused", vpc: "vpc-spoke", routes: ["10.0.0.0/16": "pcx-1"])
            return b.build()
        },
        RuleExample("a more specific return route wins and sends the reply elsewhere", flags: ["rtb-b"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-a", "10.0.0.0/16")
            b.vpc("vpc-b", "10.1.0.0/16")
            b.subnet("subnet-a", vpc: "vpc-a", "10.0.1.0/24")
            b.subnet("subnet-b", vpc: "vpc-b", "10.1.1.0/24")
            b.peering("pcx-1", "vpc-a", "vpc-b")
            b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.1.0.0/16": "pcx-1"])
            b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: ["10.0.0.0/16": "pcx-1", "10.0.1.0/24": "tgw-1"])
            return b.build()
        },
        RuleExample("a spoke routes another spoke's block through the hub (transitive)", flags: ["rtb-dev", "pcx-dev"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.10.0.0/16")
            b.vpc("vpc-dev", "10.30.0.0/16")
            b.subnet("subnet-hub", vpc: "vpc-hub", "10.10.1.0/24")
            b.subnet("subnet-dev", vpc: "vpc-dev", "10.30.1.0/24")
            b.peering("pcx-dev", "vpc-hub", "vpc-dev")
            b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.30.0.0/16": "pcx-dev"])
            b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, routes: ["10.10.0.0/16": "pcx-dev", "10.20.0.0/16": "pcx-dev"])
            return b.build()
        },
        RuleExample("a default route through a peering", flags: ["rtb-a"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-a", "10.0.0.0/16")
            b.vpc("vpc-b", "10.1.0.0/16")
            b.peering("pcx-1", "vpc-a", "vpc-b")
            b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["0.0.0.0/0": "pcx-1"])
            b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: ["10.0.0.0/16": "pcx-1"])
            return b.build()
        },
        RuleExample("a route to a peering still pending acceptance (reported active, as moto does)",
                    flags: ["rtb-a", "pcx-pending"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-a", "10.0.0.0/16")
            b.vpc("vpc-b", "10.1.0.0/16", account: "222222222222")
            b.peering("pcx-pending", "vpc-a", "vpc-b", status: "pending-acceptance")
            b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.1.0.0/16": "pcx-pending"])
            b.routeTable("rtb-b", vpc: "vpc-b", main: true)
            return b.build()
        },
        RuleExample("a prefix-list route through a peering, one of whose entries lies beyond the peer",
                    flags: ["rtb-a", "pcx-1"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-a", "10.0.0.0/16")
            b.vpc("vpc-b", "10.1.0.0/16")
            b.prefixList("pl-partners", vpcScopeOf: "vpc-a", name: "partners", entries: ["10.1.0.0/16", "10.9.0.0/16"])
            b.peering("pcx-1", "vpc-a", "vpc-b")
            b.routeTable("rtb-a", vpc: "vpc-a", main: true, prefixListRoutes: ["pl-partners": "pcx-1"])
            b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: ["10.0.0.0/16": "pcx-1"])
            return b.build()
        },
        RuleExample("a prefix-list return route and a CIDR route of the same length: the CIDR route wins and goes elsewhere",
                    flags: ["rtb-b", "pcx-1"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-a", "10.0.0.0/16")
            b.vpc("vpc-b", "10.1.0.0/16")
            b.subnet("subnet-a", vpc: "vpc-a", "10.0.1.0/24")
            b.subnet("subnet-b", vpc: "vpc-b", "10.1.1.0/24")
            b.peering("pcx-1", "vpc-a", "vpc-b")
            b.prefixList("pl-back", vpcScopeOf: "vpc-b", name: "peers", entries: ["10.0.0.0/16"])
            b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.1.0.0/16": "pcx-1"])
            b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: ["10.0.0.0/16": "tgw-1"], prefixListRoutes: ["pl-back": "pcx-1"])
            return b.build()
        },
        RuleExample("a route to a peering no account lists any more", flags: ["rtb-a", "pcx-gone"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-a", "10.0.0.0/16")
            b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.9.0.0/16": "pcx-gone"])
            return b.build()
        },
    
    ]

    static let nonTriggering: [RuleExample] = [
        RuleExample("both sides route each other's blocks in the tables their subnets use") {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
            b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
            b.subnet("subnet-spoke", vpc: "vpc-spoke", "10.1.1.0/24")
            b.peering("pcx-1", "vpc-hub", "vpc-spoke")
            b.routeTable("rtb-hub-main", vpc: "vpc-hub", main: true)
            b.routeTable("rtb-hub-app", vpc: "vpc-hub", subnets: ["subnet-hub"], routes: ["10.1.0.0/16": "pcx-1"])
            b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true, routes: ["10.0.1.0/24": "pcx-1"])
            return b.build()
        },
        RuleExample("a hub peered with two spokes that are not connected to each other") {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.10.0.0/16")
            b.vpc("vpc-mkt", "10.20.0.0/16")
            b.vpc("vpc-dev", "10.30.0.0/16")
            b.subnet("subnet-hub", vpc: "vpc-hub", "10.10.1.0/24")
            b.subnet("subnet-mkt", vpc: "vpc-mkt", "10.20.1.0/24")
            b.subnet("subnet-dev", vpc: "vpc-dev", "10.30.1.0/24")
            b.peering("pcx-mkt", "vpc-hub", "vpc-mkt")
            b.peering("pcx-dev", "vpc-hub", "vpc-dev")
            b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.20.0.0/16": "pcx-mkt", "10.30.0.0/16": "pcx-dev"])
            b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true, routes: ["10.10.0.0/16": "pcx-mkt"])
            b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, routes: ["10.10.0.0/16": "pcx-dev"])
            return b.build()
        },
        RuleExample("the return route is a customer prefix list that holds the source's range") {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
            b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
            b.subnet("subnet-spoke", vpc: "vpc-spoke", "10.1.1.0/24")
            b.peering("pcx-1", "vpc-hub", "vpc-spoke")
            b.prefixList("pl-hub", vpcScopeOf: "vpc-spoke", name: "hub-ranges", entries: ["10.0.0.0/16"])
            b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "pcx-1"])
            b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true, routes: ["0.0.0.0/0": "igw-1"],
                         prefixListRoutes: ["pl-hub": "pcx-1"])
            return b.build()
        },
        RuleExample("a route narrower than the peer, to one of its subnets, with the return in place") {
            var b = ExampleSnapshot()
            b.vpc("vpc-a", "10.0.0.0/16", "2600:1f18::/56")
            b.vpc("vpc-b", "10.1.0.0/16", "2600:1f18:0:100::/56")
            b.subnet("subnet-a", vpc: "vpc-a", "10.0.1.0/24", "2600:1f18:0:1::/64")
            b.subnet("subnet-b", vpc: "vpc-b", "10.1.1.0/24", "2600:1f18:0:101::/64")
            b.peering("pcx-1", "vpc-a", "vpc-b")
            b.routeTable("rtb-a", vpc: "vpc-a", main: true,
                         routes: ["10.1.1.0/24": "pcx-1", "2600:1f18:0:100::/56": "pcx-1"])
            b.routeTable("rtb-b", vpc: "vpc-b", main: true,
                         routes: ["10.0.0.0/16": "pcx-1", "2600:1f18::/56": "pcx-1"])
            return b.build()
        },
    ]
}
