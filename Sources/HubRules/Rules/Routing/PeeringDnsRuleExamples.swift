import HubModel

/// The examples of `PeeringDnsRule`, run by the example test and listed by `hubaudit rules`.
enum PeeringDnsRuleExamples {
    /// Finance is the hub, marketing its spoke (the policy's `hubs`).
    static let hubs = NetworkIntent(hubs: [NetworkIntent.Hub(vpc: VpcSelector(vpcId: "vpc-hub"),
                                                             spokes: [VpcSelector(vpcId: "vpc-spoke")])])

    static let triggering: [RuleExample] = [
        RuleExample("the spoke's side does not allow DNS resolution from the hub", flags: ["pcx-1", "vpc-spoke"], intent: hubs) {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
            b.peering("pcx-1", "vpc-hub", "vpc-spoke", requesterDns: true, accepterDns: false)
            return b.build()
        },
        RuleExample("the hub VPC has DNS hostnames off", flags: ["vpc-hub"], intent: hubs) {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16", dnsHostnames: false)
            b.vpc("vpc-spoke", "10.1.0.0/16")
            b.peering("pcx-1", "vpc-hub", "vpc-spoke", requesterDns: true, accepterDns: true)
            return b.build()
        },
        RuleExample("required_for all: any active peering, a VPC with DNS support off", flags: ["vpc-b"],
                    parameters: ["required_for": .string("all")]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-a", "10.0.0.0/16")
            b.vpc("vpc-b", "10.1.0.0/16", dnsSupport: false)
            b.peering("pcx-2", "vpc-a", "vpc-b", requesterDns: true, accepterDns: true)
            return b.build()
        },
    ]

    static let nonTriggering: [RuleExample] = [
        RuleExample("hub and spoke resolve each other privately: both options and all four attributes on", intent: hubs) {
            var b = ExampleSnapshot()
            b.vpc("vpc-hub", "10.0.0.0/16")
            b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
            b.peering("pcx-1", "vpc-hub", "vpc-spoke", requesterDns: true, accepterDns: true)
            return b.build()
        },
        RuleExample("a peering between two spokes is not required to resolve (hub-spoke)", intent: hubs) {
            var b = ExampleSnapshot()
            b.vpc("vpc-spoke", "10.1.0.0/16")
            b.vpc("vpc-other", "10.2.0.0/16", dnsHostnames: false)
            b.peering("pcx-3", "vpc-spoke", "vpc-other", requesterDns: false, accepterDns: false)
            return b.build()
        },
        RuleExample("a peering still pending acceptance: DNS options can only be set once it is active",
                    parameters: ["required_for": .string("all")]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-a", "10.0.0.0/16")
            b.vpc("vpc-b", "10.1.0.0/16", dnsHostnames: false)
            b.peering("pcx-4", "vpc-a", "vpc-b", status: "pending-acceptance")
            return b.build()
        },
    ]
}
