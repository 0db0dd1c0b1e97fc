import HubModel

/// The examples of `UnusedPeeringRule`, run by the example test and listed by `hubaudit rules`.
enum UnusedPeeringRuleExamples {
    static let triggering: [RuleExample] = [
        RuleExample("an active peering that neither VPC routes through", flags: ["pcx-idle"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.vpc("vpc-old", "10.9.0.0/16", account: "222222222222")
            b.peering("pcx-idle", "vpc-hub", "vpc-old")
            b.routeTable("rtb-hub", vpc: "vpc-hub", main: true)
            b.routeTable("rtb-old", vpc: "vpc-old", main: true)
            return b.build()
        },
        RuleExample("a partner's VPC outside the snapshot, and no route on the side the snapshot holds", flags: ["pcx-partner"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.peering("pcx-partner", "vpc-hub", "vpc-partner", peerBlocks: ["192.168.0.0/16"])
            b.routeTable("rtb-hub", vpc: "vpc-hub", main: true)
            return b.build()
        },
    ]

    static let nonTriggering: [RuleExample] = [
        RuleExample("a route on one side is enough (a missing return route is peering-routes' finding)") {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.vpc("vpc-spoke", "10.1.0.0/16")
            b.peering("pcx-1", "vpc-hub", "vpc-spoke")
            b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "pcx-1"])
            b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true)
            return b.build()
        },
        RuleExample("a partner outside the snapshot, routed from the side the snapshot holds") {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.peering("pcx-partner", "vpc-hub", "vpc-partner", peerBlocks: ["192.168.0.0/16"])
            b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["192.168.0.0/16": "pcx-partner"])
            return b.build()
        },
        RuleExample("a peering still pending acceptance is not judged here") {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.vpc("vpc-new", "10.2.0.0/16")
            b.peering("pcx-new", "vpc-hub", "vpc-new", status: "pending-acceptance")
            b.routeTable("rtb-hub", vpc: "vpc-hub", main: true)
            b.routeTable("rtb-new", vpc: "vpc-new", main: true)
            return b.build()
        },
    ]
}
