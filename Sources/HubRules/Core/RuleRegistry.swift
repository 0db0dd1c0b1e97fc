/// Every rule hubaudit runs, in report order. One explicit list: a test checks that every rule
/// type in Sources/HubRules/Rules is here and that identifiers are unique.
public enum RuleRegistry {
    public static let all: [any Rule.Type] = [
        OverlappingCidrsRule.self,
        PeeringRoutesRule.self,
        UnusedPeeringRule.self,
        PeeringDnsRule.self,
        TransitGatewayRoutesRule.self,
        TransitGatewaySettingsRule.self,
        BroadIngressRule.self,
        DefaultSecurityGroupRule.self,
        StaleGroupReferenceRule.self,
        SessionManagerEndpointsRule.self,
        NetworkAclAdminPortsRule.self,
        FlowLogsRule.self,
        HubSpokeConnectivityRule.self,
        IsolationRule.self,
        PeeringAccountTrustRule.self,
        ReachabilityIntentRule.self,
    ]

    /// What no rule checks yet, printed in every report so that a reviewer knows the audit's scope.
    /// Keep it short and true of the rules above: remove a line when a rule starts checking it.
    public static let notYetChecked: [String] = [
        "transit-gateway peering, VPN, Direct Connect and Connect attachments: `tgw-routes` follows a path through a gateway to VPC attachments only",
        "reachability past a peering, local route or transit gateway: Network Firewall, load balancers, NAT and internet gateways, VPN and Direct Connect end the modelled path (reported not evaluated); appliance mode is judged by `tgw-settings`, not by the engine",
        "security-group egress rules and group references are judged only on the paths of reachability intents (`reachability-intent`, `hubaudit path`)",
        "private hosted zones and Route 53 Resolver rules shared across peerings: `peering-dns` checks the peerings' DNS option and the VPCs' DNS attributes only",
        "VPC endpoint policies, and endpoints other than the interface endpoints Session Manager needs (`ssm-endpoints`)",
    ]

    public static func rule(id: String) -> (any Rule.Type)? {
        all.first { $0.description.id == id }
    }
}
