/// Every rule hubaudit runs, in report order. One explicit list: a test checks that every rule
/// type in Sources/HubRules/Rules is here and that identifiers are unique.
public enum RuleRegistry {
    public static let all: [any Rule.Type] = [
        OverlappingCidrsRule.self,
        PeeringRoutesRule.self,
        BroadIngressRule.self,
        FlowLogsRule.self,
        HubSpokeConnectivityRule.self,
        IsolationRule.self,
        PeeringAccountTrustRule.self,
    ]

    /// What no rule checks yet, printed in every report so that a reviewer knows the audit's scope.
    /// Keep it short and true of the rules above: remove a line when a rule starts checking it.
    public static let notYetChecked: [String] = [
        "transit gateways: their attachments and route tables are not collected; a route to one is followed no further",
        "end-to-end reachability: network ACLs and security groups are not evaluated together with the routes of a path",
        "security-group egress rules, and group references (only address ranges and prefix lists are judged)",
        "DNS resolution across peerings (private hosted zones, AllowDnsResolutionFromRemoteVpc)",
        "VPC endpoints and their policies",
    ]

    public static func rule(id: String) -> (any Rule.Type)? {
        all.first { $0.description.id == id }
    }
}
