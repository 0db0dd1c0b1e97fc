public struct VpcEndpoint: Hashable, Sendable {
    public var scope: Scope
    public var id: String
    /// `Interface`, `Gateway`, `GatewayLoadBalancer`, …
    public var type: String
    public var vpcId: String
    public var serviceName: String
    public var state: String
    public var routeTableIds: [String]
    public var subnetIds: [String]
    public var groupIds: [String]
    /// Whether the service's public DNS name resolves to the endpoint inside the VPC; nil when the
    /// response did not say (gateway endpoints, older bodies), so checks on it are not evaluated.
    public var privateDnsEnabled: Bool?

    public init(scope: Scope, id: String, type: String, vpcId: String, serviceName: String, state: String,
                routeTableIds: [String] = [], subnetIds: [String] = [], groupIds: [String] = [],
                privateDnsEnabled: Bool? = nil) {
        self.scope = scope
        self.id = id
        self.type = type
        self.vpcId = vpcId
        self.serviceName = serviceName
        self.state = state
        self.routeTableIds = routeTableIds
        self.subnetIds = subnetIds
        self.groupIds = groupIds
        self.privateDnsEnabled = privateDnsEnabled
    }
}
