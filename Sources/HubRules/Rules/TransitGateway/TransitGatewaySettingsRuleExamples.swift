import HubModel

/// The examples of `TransitGatewaySettingsRule`, run by the example test and listed by `hubaudit rules`.
enum TransitGatewaySettingsRuleExamples {
    /// Production and development kept apart, by account.
    static let isolation = NetworkIntent(isolation: [
        NetworkIntent.Isolation(name: "prod-dev", sideA: [VpcSelector(account: "222222222222")], sideB: [VpcSelector(account: "333333333333")]),
    ])

    static let triggering: [RuleExample] = [
        RuleExample("a gateway that accepts shared attachments automatically", flags: ["tgw-1"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-network", "10.0.0.0/16")
            b.transitGateway("tgw-1", autoAcceptSharedAttachments: true)
            b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1")
            return b.build()
        },
        RuleExample("default route table association and propagation on, in an organisation that declares isolation",
                    flags: ["tgw-1"], intent: isolation) {
            var b = ExampleSnapshot()
            b.vpc("vpc-network", "10.0.0.0/16")
            b.transitGateway("tgw-1", defaultAssociation: "tgw-rtb-default", defaultPropagation: "tgw-rtb-default")
            b.tgwRouteTable("tgw-rtb-default", gateway: "tgw-1")
            return b.build()
        },
        RuleExample("the inspection VPC's attachment, next hop of the spokes' default route, with appliance mode off",
                    flags: ["tgw-attach-inspection"]) {
            var b = ExampleSnapshot()
            b.vpc("vpc-inspection", "10.0.0.0/16")
            b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
            b.transitGateway("tgw-1")
            b.tgwAttachment("tgw-attach-inspection", gateway: "tgw-1", vpc: "vpc-inspection", applianceMode: false)
            b.tgwAttachment("tgw-attach-spoke", gateway: "tgw-1", vpc: "vpc-spoke")
            b.tgwRouteTable("tgw-rtb-spokes", gateway: "tgw-1", associations: ["tgw-attach-spoke"],
                            routes: ["0.0.0.0/0": "tgw-attach-inspection"])
            b.tgwRouteTable("tgw-rtb-inspection", gateway: "tgw-1", associations: ["tgw-attach-inspection"],
                            propagations: ["tgw-attach-spoke"])
            return b.build()
        },
    ]

    static let nonTriggering: [RuleExample] = [
        RuleExample("auto-accept off, no default tables, appliance mode on for the inspection VPC", intent: isolation) {
            var b = ExampleSnapshot()
            b.vpc("vpc-inspection", "10.0.0.0/16")
            b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
            b.transitGateway("tgw-1")
            b.tgwAttachment("tgw-attach-inspection", gateway: "tgw-1", vpc: "vpc-inspection", applianceMode: true)
            // Not a default route's next hop: its appliance mode does not matter here.
            b.tgwAttachment("tgw-attach-spoke", gateway: "tgw-1", vpc: "vpc-spoke", applianceMode: false)
            b.tgwRouteTable("tgw-rtb-spokes", gateway: "tgw-1", associations: ["tgw-attach-spoke"],
                            routes: ["0.0.0.0/0": "tgw-attach-inspection", "::/0": "tgw-attach-inspection"])
            b.tgwRouteTable("tgw-rtb-inspection", gateway: "tgw-1", associations: ["tgw-attach-inspection"],
                            propagations: ["tgw-attach-spoke"])
            return b.build()
        },
        RuleExample("default route table association and propagation in an organisation that declares no isolation") {
            var b = ExampleSnapshot()
            b.vpc("vpc-network", "10.0.0.0/16")
            b.transitGateway("tgw-1", defaultAssociation: "tgw-rtb-default", defaultPropagation: "tgw-rtb-default")
            b.tgwRouteTable("tgw-rtb-default", gateway: "tgw-1")
            return b.build()
        },
    ]
}
