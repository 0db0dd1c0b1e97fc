import HubModel

/// One address that traffic starts from or arrives at: a private address of a network interface
/// (with the interface's groups), or an address with no interface in the snapshot.
public struct EndpointMember: Hashable, Sendable, Comparable {
    public var scope: Scope
    public var vpcId: String
    public var subnetId: String
    public var interfaceId: String?
    public var instanceId: String?
    /// A single-address block (/32 or /128).
    public var address: CIDR
    /// The interface's groups, sorted; nil when no interface holds the address.
    public var groupIds: [String]?
    /// `i-0abc (web) eni-0def 10.0.1.5`
    public var label: String

    public init(scope: Scope, vpcId: String, subnetId: String, interfaceId: String?, instanceId: String?, address: CIDR,
                groupIds: [String]?, label: String) {
        self.scope = scope
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.interfaceId = interfaceId
        self.instanceId = instanceId
        self.address = address
        self.groupIds = groupIds
        self.label = label
    }

    public static func < (a: EndpointMember, b: EndpointMember) -> Bool {
        (a.scope, a.vpcId, a.subnetId, a.address) < (b.scope, b.vpcId, b.subnetId, b.address)
    }
}

/// Endpoints every check treats alike: the same subnet (so the same route table and network ACL),
/// the same groups, the same address family — and, where some CIDR of a route, ACL entry or rule
/// splits the subnet, the same address. The engine evaluates one representative per class and
/// never enumerates address pairs: a hub with a thousand interfaces in one tier is one class.
public struct EndpointClass: Hashable, Sendable, Comparable {
    public struct Key: Hashable, Sendable {
        public var subnetId: String
        public var groupIds: [String]?
        public var family: CIDR.Family
        /// Set only for subnets some CIDR of the model splits: the address itself.
        public var address: CIDR?
    }

    public var key: Key
    public var scope: Scope
    public var vpcId: String
    public var subnetId: String
    public var groupIds: [String]? { key.groupIds }
    public var family: CIDR.Family { key.family }
    /// Sorted; the first is the representative whose address the checks use.
    public var members: [EndpointMember]

    public var representative: EndpointMember { members[0] }
    public var address: CIDR { representative.address }

    /// `eni-0a1 10.0.1.5 (+3 more) in subnet-0b2`
    public var label: String {
        let more = members.count > 1 ? " (+\(members.count - 1) more)" : ""
        return "\(representative.label)\(more) in \(subnetId)"
    }

    public static func < (a: EndpointClass, b: EndpointClass) -> Bool {
        (a.representative, a.members.count) < (b.representative, b.members.count)
    }

    /// Groups members into classes (`splitting` names the subnets whose addresses must stay apart),
    /// in the order of each class's first member: given sorted members (as the model and its selectors
    /// return them) the classes come out sorted, with no sort per query.
    static func classes(of members: [EndpointMember], splitting: Set<String>) -> [EndpointClass] {
        var index: [Key: Int] = [:]
        var grouped: [(key: Key, members: [EndpointMember])] = []
        for member in members {
            let key = Key(subnetId: member.subnetId, groupIds: member.groupIds, family: member.address.family,
                          address: splitting.contains(member.subnetId) ? member.address : nil)
            if let at = index[key] {
                if grouped[at].members.last != member { grouped[at].members.append(member) }
            } else {
                index[key] = grouped.count
                grouped.append((key, [member]))
            }
        }
        return grouped.map { key, members in
            EndpointClass(key: key, scope: members[0].scope, vpcId: members[0].vpcId, subnetId: key.subnetId, members: members)
        }
    }
}
