import HubModel

/// The examples of `SessionManagerEndpointsRule`, run by the example test and listed by `hubaudit rules`.
enum SessionManagerEndpointsRuleExamples {
    /// A VPC with one instance in a private subnet of us-east-1a (10.0.1.10, group sg-app) and, when
    /// `services` is not empty, its endpoints in that subnet behind sg-vpce (tcp 443 from the VPC).
    private static func privateVpc(services: [String] = ["ssm", "ssmmessages", "ec2messages"],
                                   endpointIngress: [Permission] = [.tcp(443, from: "10.0.0.0/16")],
                                   state: String = "available", privateDns: Bool? = true) -> ExampleSnapshot {
        var b = ExampleSnapshot()
        b.vpc("vpc-app", "10.0.0.0/16")
        b.subnet("subnet-a", vpc: "vpc-app", "10.0.1.0/24", az: "us-east-1a")
        b.routeTable("rtb-private", vpc: "vpc-app", main: true)
        b.securityGroup("sg-app", vpc: "vpc-app", ingress: [], inUse: false)
        b.securityGroup("sg-vpce", vpc: "vpc-app", ingress: endpointIngress, inUse: false)
        b.interface("eni-app", subnet: "subnet-a", addresses: ["10.0.1.10"], groups: ["sg-app"], instance: "i-app")
        b.instance("i-app", subnet: "subnet-a")
        for service in services {
            b.endpoint("vpce-\(service)", vpc: "vpc-app", service: service, subnets: ["subnet-a"], groups: ["sg-vpce"],
                       state: state, privateDns: privateDns)
        }
        return b
    }

    static let triggering: [RuleExample] = [
        RuleExample("an instance without internet route, and no endpoint at all", flags: ["vpc-app"]) {
            privateVpc(services: []).build()
        },
        RuleExample("the ssm endpoint was deleted", flags: ["vpc-app"]) {
            privateVpc(services: ["ssmmessages", "ec2messages"]).build()
        },
        RuleExample("the endpoints are still pending", flags: ["vpce-ssm", "vpce-ssmmessages", "vpce-ec2messages"]) {
            privateVpc(state: "pending").build()
        },
        RuleExample("private DNS disabled: the agent resolves the public name", flags: ["vpce-ssm", "vpce-ssmmessages", "vpce-ec2messages"]) {
            privateVpc(privateDns: false).build()
        },
        RuleExample("an instance in another Availability Zone than the endpoints", flags: ["i-b"]) {
            var b = privateVpc()
            b.subnet("subnet-b", vpc: "vpc-app", "10.0.2.0/24", az: "us-east-1b")
            b.interface("eni-b", subnet: "subnet-b", addresses: ["10.0.2.10"], groups: ["sg-app"], instance: "i-b")
            b.instance("i-b", subnet: "subnet-b")
            return b.build()
        },
        RuleExample("the endpoints' group admits https from another subnet only", flags: ["i-app"]) {
            privateVpc(endpointIngress: [.tcp(443, from: "10.0.9.0/24"), .tcp(22, from: "sg-app")]).build()
        },
    ]

    static let nonTriggering: [RuleExample] = [
        RuleExample("the three endpoints, available, private DNS, in the instance's zone, admitting https from the VPC") {
            privateVpc().build()
        },
        RuleExample("https admitted by a reference to the instance's group") {
            privateVpc(endpointIngress: [.tcp(443, from: "sg-app")]).build()
        },
        RuleExample("an instance with a NAT route reaches the public endpoints") {
            var b = ExampleSnapshot()
            b.vpc("vpc-web", "10.1.0.0/16")
            b.subnet("subnet-web", vpc: "vpc-web", "10.1.1.0/24", az: "us-east-1a")
            b.routeTable("rtb-web", vpc: "vpc-web", main: true, routes: ["0.0.0.0/0": "nat-1"])
            b.interface("eni-web", subnet: "subnet-web", addresses: ["10.1.1.10"], groups: [], instance: "i-web")
            b.instance("i-web", subnet: "subnet-web")
            return b.build()
        },
        RuleExample("centralised egress: the default route goes to a transit gateway whose table sends it to a VPC with a NAT gateway") {
            var b = ExampleSnapshot()
            b.vpc("vpc-spoke", "10.3.0.0/16")
            b.subnet("subnet-spoke", vpc: "vpc-spoke", "10.3.1.0/24", az: "us-east-1a")
            b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true, routes: ["0.0.0.0/0": "tgw-1"])
            b.interface("eni-spoke", subnet: "subnet-spoke", addresses: ["10.3.1.10"], groups: [], instance: "i-spoke")
            b.instance("i-spoke", subnet: "subnet-spoke")
            b.vpc("vpc-egress", "10.9.0.0/16")
            b.subnet("subnet-egress", vpc: "vpc-egress", "10.9.1.0/24", az: "us-east-1a")
            b.routeTable("rtb-egress", vpc: "vpc-egress", main: true, routes: ["0.0.0.0/0": "nat-egress"])
            b.transitGateway("tgw-1")
            b.tgwAttachment("tgw-attach-spoke", gateway: "tgw-1", vpc: "vpc-spoke", subnets: ["subnet-spoke"])
            b.tgwAttachment("tgw-attach-egress", gateway: "tgw-1", vpc: "vpc-egress", subnets: ["subnet-egress"])
            b.tgwRouteTable("tgw-rtb-spokes", gateway: "tgw-1", associations: ["tgw-attach-spoke"],
                            routes: ["0.0.0.0/0": "tgw-attach-egress"])
            return b.build()
        },
        RuleExample("a VPC whose only instance is terminated") {
            var b = ExampleSnapshot()
            b.vpc("vpc-old", "10.2.0.0/16")
            b.subnet("subnet-old", vpc: "vpc-old", "10.2.1.0/24", az: "us-east-1a")
            b.routeTable("rtb-old", vpc: "vpc-old", main: true)
            b.instance("i-gone", subnet: "subnet-old", state: "terminated")
            return b.build()
        },
    ]
}
