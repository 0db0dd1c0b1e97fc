/// An elastic network interface: what tells whether a security group is in use.
public struct NetworkInterface: Hashable, Sendable {
    public var scope: Scope
    public var id: String
    public var vpcId: String
    public var subnetId: String
    public var groupIds: [String]
    public var status: String
    public var interfaceType: String
    /// Private addresses, each a single-address block: IPv4 (/32, primary first) and IPv6 (/128).
    /// The reachability engine's endpoints; a group reference matches these.
    public var addresses: [CIDR]
    /// The instance the interface is attached to, when it is.
    public var instanceId: String?
    public var tags: Tags

    public init(scope: Scope, id: String, vpcId: String, subnetId: String, groupIds: [String],
                status: String = "in-use", interfaceType: String = "interface", addresses: [CIDR] = [],
                instanceId: String? = nil, tags: Tags = Tags()) {
        self.scope = scope
        self.id = id
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.groupIds = groupIds
        self.status = status
        self.interfaceType = interfaceType
        self.addresses = addresses
        self.instanceId = instanceId
        self.tags = tags
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
    /// The instance's interfaces (`networkInterfaceSet`), primary first.
    public var interfaceIds: [String]
    public var tags: Tags

    public init(scope: Scope, id: String, vpcId: String, subnetId: String, groupIds: [String], state: String,
                interfaceIds: [String] = [], tags: Tags = Tags()) {
        self.scope = scope
        self.id = id
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.groupIds = groupIds
        self.state = state
        self.interfaceIds = interfaceIds
        self.tags = tags
    }

    /// `i-0abc (web)` when named, else the id.
    public var label: String { tags.name.map { "\(id) (\($0))" } ?? id }
}
