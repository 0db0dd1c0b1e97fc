/// An elastic network interface: what tells whether a security group is in use.
public struct NetworkInterface: Hashable, Sendable {
    public var scope: Scope
    public var id: String
    public var vpcId: String
    public var subnetId: String
    public var groupIds: [String]
    public var status: String
    public var interfaceType: String

    public init(scope: Scope, id: String, vpcId: String, subnetId: String, groupIds: [String],
                status: String = "in-use", interfaceType: String = "interface") {
        self.scope = scope
        self.id = id
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.groupIds = groupIds
        self.status = status
        self.interfaceType = interfaceType
    }
}

public struct Instance: Hashable, Sendable {
    public var scope: Scope
    public var id: String
    public var vpcId: String
    public var subnetId: String
    public var groupIds: [String]
    /// `running`, `stopped`, `terminated`, …
    public var state: String

    public init(scope: Scope, id: String, vpcId: String, subnetId: String, groupIds: [String], state: String) {
        self.scope = scope
        self.id = id
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.groupIds = groupIds
        self.state = state
    }
}
