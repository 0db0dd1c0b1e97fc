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

    public init(scope: Scope, id: String, type: String, vpcId: String, serviceName: String, state: String,
                routeTableIds: [String] = [], subnetIds: [String] = [], groupIds: [String] = []) {
        self.scope = scope
        self.id = id
        self.type = type
        self.vpcId = vpcId
        self.serviceName = serviceName
        self.state = state
        self.routeTableIds = routeTableIds
        self.subnetIds = subnetIds
        self.groupIds = groupIds
    }
}
