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

    public static func rule(id: String) -> (any Rule.Type)? {
        all.first { $0.description.id == id }
    }
}
