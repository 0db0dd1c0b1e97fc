import HubModel

/// The endpoints of every VPC, grouped once per model: rules that judge VPC against VPC (a spoke
/// against its hub, one isolated group against the other) look each VPC up without scanning every
/// member of the organisation per VPC.
public struct VpcEndpoints: Sendable {
    private let model: ReachabilityModel
    private let membersByVpc: [String: [EndpointMember]]

    public init(_ model: ReachabilityModel) {
        self.model = model
        // Grouping keeps the model's order: each VPC's members come out sorted.
        membersByVpc = Dictionary(grouping: model.members, by: \.vpcId)
    }

    /// The VPC's members, with the gaps that may hide more of them (its account and region's
    /// interfaces or instances not read). Never a failure: a VPC without interfaces is not a typo,
    /// it simply holds nothing traffic could start from or reach.
    public func resolve(_ vpc: Vpc) -> Resolution {
        Resolution(members: membersByVpc[vpc.id] ?? [], gaps: model.interfaceGaps([vpc.scope]), failure: nil)
    }
}
