public struct NetworkAcl: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var ruleNumber: Int
        public var ipProtocol: String
        public var allow: Bool
        public var egress: Bool
        public var cidr: CIDR?
        public var portRange: ClosedRange<Int>?

        public init(ruleNumber: Int, ipProtocol: String, allow: Bool, egress: Bool, cidr: CIDR?,
                    portRange: ClosedRange<Int>? = nil) {
            self.ruleNumber = ruleNumber
            self.ipProtocol = ipProtocol
            self.allow = allow
            self.egress = egress
            self.cidr = cidr
            self.portRange = portRange
        }
    }

    public var scope: Scope
    public var id: String
    public var vpcId: String
    public var isDefault: Bool
    public var subnetIds: [String]
    public var entries: [Entry]

    public init(scope: Scope, id: String, vpcId: String, isDefault: Bool, subnetIds: [String], entries: [Entry]) {
        self.scope = scope
        self.id = id
        self.vpcId = vpcId
        self.isDefault = isDefault
        self.subnetIds = subnetIds
        self.entries = entries
    }
}

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

public struct PrefixList: Hashable, Sendable {
    public var scope: Scope
    public var id: String
    public var name: String
    public var addressFamily: String
    public var ownerId: String
    /// The entries, or nil when GetManagedPrefixListEntries was not collected for this list.
    public var entries: [CIDR]?

    public init(scope: Scope, id: String, name: String, addressFamily: String = "IPv4", ownerId: String = "",
                entries: [CIDR]?) {
        self.scope = scope
        self.id = id
        self.name = name
        self.addressFamily = addressFamily
        self.ownerId = ownerId
        self.entries = entries
    }
}

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
