/// A VPC with every associated address block (primary and secondary IPv4, IPv6).
public struct Vpc: Hashable, Sendable {
    public var scope: Scope
    public var id: String
    public var ownerId: String
    public var state: String
    /// IPv4 blocks in the `associated` state, primary first.
    public var ipv4: [CIDR]
    /// IPv6 blocks in the `associated` state.
    public var ipv6: [CIDR]
    public var isDefault: Bool
    public var tags: Tags
    /// What DescribeVpcAttribute said of `enableDnsSupport` and `enableDnsHostnames`, attached from
    /// the per-VPC files by the snapshot reader (missing until then).
    public var dnsSupport = VpcAttributeReading()
    public var dnsHostnames = VpcAttributeReading()

    public init(scope: Scope, id: String, ownerId: String? = nil, state: String = "available", ipv4: [CIDR],
                ipv6: [CIDR] = [], isDefault: Bool = false, tags: Tags = Tags()) {
        self.scope = scope
        self.id = id
        self.ownerId = ownerId ?? scope.account
        self.state = state
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.isDefault = isDefault
        self.tags = tags
    }

    public var blocks: [CIDR] { ipv4 + ipv6 }

    public subscript(attribute: VpcAttribute) -> VpcAttributeReading {
        get { attribute == .enableDnsSupport ? dnsSupport : dnsHostnames }
        set { if attribute == .enableDnsSupport { dnsSupport = newValue } else { dnsHostnames = newValue } }
    }

    /// `vpc-0abc (finance)` when named, else the id.
    public var label: String { tags.name.map { "\(id) (\($0))" } ?? id }
}

public struct Subnet: Hashable, Sendable {
    public var scope: Scope
    public var id: String
    public var vpcId: String
    public var ipv4: CIDR?
    public var ipv6: [CIDR]
    public var availabilityZone: String
    public var tags: Tags

    public init(scope: Scope, id: String, vpcId: String, ipv4: CIDR?, ipv6: [CIDR] = [],
                availabilityZone: String = "", tags: Tags = Tags()) {
        self.scope = scope
        self.id = id
        self.vpcId = vpcId
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.availabilityZone = availabilityZone
        self.tags = tags
    }

    public var blocks: [CIDR] { (ipv4.map { [$0] } ?? []) + ipv6 }
    public var label: String { tags.name.map { "\(id) (\($0))" } ?? id }
}

/// The VPC attributes hubaudit reads, one DescribeVpcAttribute call each (`Attribute=` the raw value).
public enum VpcAttribute: String, CaseIterable, Sendable, Hashable, Comparable {
    case enableDnsSupport
    case enableDnsHostnames

    public static func < (a: VpcAttribute, b: VpcAttribute) -> Bool { a.rawValue < b.rawValue }

    /// The AWS CLI option that sets it: `--enable-dns-support`.
    public var cliOption: String { self == .enableDnsSupport ? "--enable-dns-support" : "--enable-dns-hostnames" }
}

/// One VPC attribute's call: its status, and the value when it was collected (nil otherwise, or
/// when the answer held none).
public struct VpcAttributeReading: Hashable, Sendable {
    public var status: CollectionStatus
    public var value: Bool?

    public init(status: CollectionStatus = .missing, value: Bool? = nil) {
        self.status = status
        self.value = value
    }

    /// Collected, with this value: for hand-built snapshots.
    public static func collected(_ value: Bool) -> VpcAttributeReading { VpcAttributeReading(status: .collected(files: []), value: value) }
}
