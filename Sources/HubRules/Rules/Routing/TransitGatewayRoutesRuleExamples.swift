import HubModel

/// The examples of `TransitGatewayRoutesRule`, run by the example test and listed by `hubaudit rules`.
enum TransitGatewayRoutesRuleExamples {
    static let triggering: [RuleExample] = [
        RuleExample("the spoke's route table lacks the route back to the hub through the gateway", flags: ["rtb-spoke", "tgw-1"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
            b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
            b.subnet("subnet-spoke", vpc: "vpc-spoke", "10.1.1.0/24")
            b.transitGateway("tgw-1")
            b.tgwAttachment("tgw-attach-hub", gateway: "tgw-1", vpc: "vpc-hub", subnets: ["subnet-hub"])
            b.tgwAttachment("tgw-attach-spoke", gateway: "tgw-1", vpc: "vpc-spoke", subnets: ["subnet-spoke"])
            b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1", associations: ["tgw-attach-hub", "tgw-attach-spoke"],
                            propagations: ["tgw-attach-hub", "tgw-attach-spoke"])
            b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "tgw-1"])
            b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true)
            return b.build()
        },
        RuleExample("the gateway table associated with the spoke's attachment has no route back to the hub's attachment",
                    flags: ["tgw-rtb-spokes", "tgw-attach-hub"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
            b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
            b.subnet("subnet-spoke", vpc: "vpc-spoke", "10.1.1.0/24")
            b.transitGateway("tgw-1")
            b.tgwAttachment("tgw-attach-hub", gateway: "tgw-1", vpc: "vpc-hub", subnets: ["subnet-hub"])
            b.tgwAttachment("tgw-attach-spoke", gateway: "tgw-1", vpc: "vpc-spoke", subnets: ["subnet-spoke"])
            b.tgwRouteTable("tgw-rtb-hub", gateway: "tgw-1", associations: ["tgw-attach-hub"], propagations: ["tgw-attach-spoke"])
            // The hub's attachment should propagate here; it does not.
            b.tgwRouteTable("tgw-rtb-spokes", gateway: "tgw-1", associations: ["tgw-attach-spoke"], propagations: [])
            b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "tgw-1"])
            b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true, routes: ["10.0.0.0/16": "tgw-1"])
            return b.build()
        },
        RuleExample("a VPC route still sends a range to the gateway, whose table drops it (blackhole)", flags: ["rtb-a", "tgw-rtb-1"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-a", "10.0.0.0/16")
            b.subnet("subnet-a", vpc: "vpc-a", "10.0.1.0/24")
            b.transitGateway("tgw-1")
            b.tgwAttachment("tgw-attach-a", gateway: "tgw-1", vpc: "vpc-a", subnets: ["subnet-a"])
            b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1", associations: ["tgw-attach-a"], propagations: ["tgw-attach-a"],
                            routes: ["10.9.0.0/16": "blackhole"])
            b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.9.0.0/16": "tgw-1"])
            return b.build()
        },
        RuleExample("an attachment that no route table of the gateway has associated", flags: ["tgw-attach-b"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-a", "10.0.0.0/16")
            b.vpc("vpc-b", "10.1.0.0/16", account: "222222222222")
            b.subnet("subnet-a", vpc: "vpc-a", "10.0.1.0/24")
            b.subnet("subnet-b", vpc: "vpc-b", "10.1.1.0/24")
            b.transitGateway("tgw-1")
            b.tgwAttachment("tgw-attach-a", gateway: "tgw-1", vpc: "vpc-a", subnets: ["subnet-a"])
            b.tgwAttachment("tgw-attach-b", gateway: "tgw-1", vpc: "vpc-b", subnets: ["subnet-b"])
            b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1", associations: ["tgw-attach-a"], propagations: ["tgw-attach-a", "tgw-attach-b"])
            b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.1.0.0/16": "tgw-1"])
            b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: ["10.0.0.0/16": "tgw-1"])
            return b.build()
        },
        RuleExample("a VPC route to a gateway the VPC is not attached to", flags: ["rtb-a", "tgw-1"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-a", "10.0.0.0/16")
            b.subnet("subnet-a", vpc: "vpc-a", "10.0.1.0/24", az: "us-east-1a")
            b.transitGateway("tgw-1")
            b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1")
            b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.1.0.0/16": "tgw-1"])
            return b.build()
        },
        RuleExample("a subnet in an Availability Zone the attachment does not serve routes to the gateway",
                    flags: ["tgw-attach-a", "subnet-a2"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-a", "10.0.0.0/16")
            b.vpc("vpc-b", "10.1.0.0/16")
            b.subnet("subnet-a1", vpc: "vpc-a", "10.0.1.0/24", az: "us-east-1a")
            b.subnet("subnet-a2", vpc: "vpc-a", "10.0.2.0/24", az: "us-east-1b")
            b.subnet("subnet-b", vpc: "vpc-b", "10.1.1.0/24", az: "us-east-1a")
            b.transitGateway("tgw-1")
            b.tgwAttachment("tgw-attach-a", gateway: "tgw-1", vpc: "vpc-a", subnets: ["subnet-a1"])
            b.tgwAttachment("tgw-attach-b", gateway: "tgw-1", vpc: "vpc-b", subnets: ["subnet-b"])
            b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1", associations: ["tgw-attach-a", "tgw-attach-b"],
                            propagations: ["tgw-attach-a", "tgw-attach-b"])
            b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.1.0.0/16": "tgw-1"])
            b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: ["10.0.0.0/16": "tgw-1"])
            return b.build()
        },
    ]

    static let nonTriggering: [RuleExample] = [
        RuleExample("a segmented hub: the spokes reach the hub and back through their tables, not each other") {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.vpc("vpc-a", "10.1.0.0/16", account: "222222222222")
            b.vpc("vpc-b", "10.2.0.0/16", account: "333333333333")
            b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24", az: "us-east-1a")
            b.subnet("subnet-a", vpc: "vpc-a", "10.1.1.0/24", az: "us-east-1a")
            b.subnet("subnet-b", vpc: "vpc-b", "10.2.1.0/24", az: "us-east-1b")
            b.transitGateway("tgw-1")
            b.tgwAttachment("tgw-attach-hub", gateway: "tgw-1", vpc: "vpc-hub", subnets: ["subnet-hub"])
            b.tgwAttachment("tgw-attach-a", gateway: "tgw-1", vpc: "vpc-a", subnets: ["subnet-a"])
            b.tgwAttachment("tgw-attach-b", gateway: "tgw-1", vpc: "vpc-b", subnets: ["subnet-b"])
            b.tgwRouteTable("tgw-rtb-hub", gateway: "tgw-1", associations: ["tgw-attach-hub"], propagations: ["tgw-attach-a", "tgw-attach-b"])
            b.tgwRouteTable("tgw-rtb-spokes", gateway: "tgw-1", associations: ["tgw-attach-a", "tgw-attach-b"],
                            propagations: ["tgw-attach-hub"])
            b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "tgw-1", "10.2.0.0/16": "tgw-1"])
            // A spoke sends all of 10/8 to the gateway: its table delivers only the hub's part.
            b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.0.0.0/8": "tgw-1"])
            b.routeTable("rtb-b", vpc: "vpc-b", main: true, routes: ["10.0.0.0/8": "tgw-1"])
            return b.build()
        },
        RuleExample("a blackhole for a range no VPC route sends to the gateway, and a static return route to the hub") {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.vpc("vpc-a", "10.1.0.0/16")
            b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
            b.subnet("subnet-a", vpc: "vpc-a", "10.1.1.0/24")
            b.transitGateway("tgw-1")
            b.tgwAttachment("tgw-attach-hub", gateway: "tgw-1", vpc: "vpc-hub", subnets: ["subnet-hub"])
            b.tgwAttachment("tgw-attach-a", gateway: "tgw-1", vpc: "vpc-a", subnets: ["subnet-a"])
            b.tgwRouteTable("tgw-rtb-hub", gateway: "tgw-1", associations: ["tgw-attach-hub"], propagations: ["tgw-attach-a"],
                            routes: ["10.9.0.0/16": "blackhole"])
            b.tgwRouteTable("tgw-rtb-spokes", gateway: "tgw-1", associations: ["tgw-attach-a"],
                            routes: ["10.0.0.0/16": "tgw-attach-hub"])
            b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "tgw-1"])
            b.routeTable("rtb-a", vpc: "vpc-a", main: true, routes: ["10.0.0.0/16": "tgw-1"])
            return b.build()
        },
    ]
}
