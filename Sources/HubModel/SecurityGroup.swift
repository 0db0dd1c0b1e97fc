public struct SecurityGroup: Hashable, Sendable {
    public var scope: Scope
    public var id: String
    public var name: String
    public var vpcId: String
    public var ownerId: String
    public var ingress: [Permission]
    public var egress: [Permission]
    public var tags: Tags

    public init(scope: Scope, id: String, name: String, vpcId: String, ownerId: String? = nil,
                ingress: [Permission], egress: [Permission] = [], tags: Tags = Tags()) {
        self.scope = scope
        self.id = id
        self.name = name
        self.vpcId = vpcId
        self.ownerId = ownerId ?? scope.account
        self.ingress = ingress
        self.egress = egress
        self.tags = tags
    }

    public var label: String { "\(id) (\(name))" }
}

/// One IpPermission: a protocol and port range with any mix of source kinds.
public struct Permission: Hashable, Sendable, CustomStringConvertible {
    /// `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or `-1` for all traffic.
    public var ipProtocol: String
    // Ports are stored in 32 bits with a sentinel for "absent": 56 bytes a permission rather than 80,
    // and a snapshot holds hundreds of thousands of permissions.
    private var storedFromPort: Int32
    private var storedToPort: Int32
    public var ipv4Ranges: [SourceRange]
    public var ipv6Ranges: [SourceRange]
    public var prefixListIds: [String]
    public var groups: [GroupReference]

    public init(ipProtocol: String, fromPort: Int? = nil, toPort: Int? = nil, ipv4Ranges: [SourceRange] = [],
                ipv6Ranges: [SourceRange] = [], prefixListIds: [String] = [], groups: [GroupReference] = []) {
        self.ipProtocol = ipProtocol
        storedFromPort = Permission.store(fromPort)
        storedToPort = Permission.store(toPort)
        self.ipv4Ranges = ipv4Ranges
        self.ipv6Ranges = ipv6Ranges
        self.prefixListIds = prefixListIds
        self.groups = groups
    }

    /// Port range for tcp/udp (ICMP type/code for icmp); nil when absent (protocol -1).
    public var fromPort: Int? {
        get { Permission.load(storedFromPort) }
        set { storedFromPort = Permission.store(newValue) }
    }

    public var toPort: Int? {
        get { Permission.load(storedToPort) }
        set { storedToPort = Permission.store(newValue) }
    }

    private static func store(_ port: Int?) -> Int32 { port.map { Int32(clamping: $0) } ?? .min }
    private static func load(_ stored: Int32) -> Int? { stored == .min ? nil : Int(stored) }

    /// Protocol -1 (or its spelled-out forms): every protocol and port.
    public var isAllTraffic: Bool { ["-1", "all"].contains(ipProtocol.lowercased()) }

    /// tcp or udp (by name or number): the protocols with ports.
    public var hasPorts: Bool { ["tcp", "udp", "6", "17"].contains(ipProtocol.lowercased()) }

    /// The port range this permission opens, nil when it has no ports (icmp, other protocols).
    /// All traffic opens every port; a missing or -1 bound on tcp/udp also means all ports.
    public var portRange: ClosedRange<Int>? {
        if isAllTraffic { return 0...65535 }
        guard hasPorts else { return nil }
        guard let from = fromPort, let to = toPort, from >= 0, to >= from else { return 0...65535 }
        return from...to
    }

    /// `tcp 22`, `tcp 0-1024`, `all traffic`, `icmp`
    public var description: String {
        if isAllTraffic { return "all traffic" }
        let name = ["6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"][ipProtocol] ?? ipProtocol
        guard let range = portRange else { return name }
        if range == 0...65535 { return "\(name) all ports" }
        return range.lowerBound == range.upperBound ? "\(name) \(range.lowerBound)" : "\(name) \(range.lowerBound)-\(range.upperBound)"
    }
}

public struct SourceRange: Hashable, Sendable {
    public var cidr: CIDR
    /// The text as sent, kept so evidence shows what the user wrote (`10.0.0.1/16`).
    public var text: String
    public var description: String?

    public init(cidr: CIDR, text: String? = nil, description: String? = nil) {
        self.cidr = cidr
        self.text = text ?? cidr.description
        self.description = description
    }
}

/// A source that is another security group, possibly in another account or across a peering.
public struct GroupReference: Hashable, Sendable {
    public var groupId: String
    public var userId: String?
    public var vpcId: String?
    public var peeringId: String?

    public init(groupId: String, userId: String? = nil, vpcId: String? = nil, peeringId: String? = nil) {
        self.groupId = groupId
        self.userId = userId
        self.vpcId = vpcId
        self.peeringId = peeringId
    }
}
