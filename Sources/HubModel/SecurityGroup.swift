public struct SecurityGroup: Hashable, Sendable {
    public var scope: Scope
    public var id: String
    public var name: String
    public var vpcId: String
    public var ownerId: String
    /// The group's rules in columns (`SecurityGroupRules`); `ingress` and `egress` are views of it.
    public var rules: SecurityGroupRules
    public var tags: Tags

    public init(scope: Scope, id: String, name: String, vpcId: String, ownerId: String? = nil,
                ingress: some Sequence<Permission>, egress: some Sequence<Permission> = [Permission](), tags: Tags = Tags()) {
        self.init(scope: scope, id: id, name: name, vpcId: vpcId, ownerId: ownerId,
                  rules: SecurityGroupRules(ingress: ingress, egress: egress), tags: tags)
    }

    public init(scope: Scope, id: String, name: String, vpcId: String, ownerId: String? = nil,
                rules: SecurityGroupRules, tags: Tags = Tags()) {
        self.scope = scope
        self.id = id
        self.name = name
        self.vpcId = vpcId
        self.ownerId = ownerId ?? scope.account
        self.rules = rules
        self.tags = tags
    }

    public var ingress: PermissionList {
        get { rules.ingress }
        set { rules = SecurityGroupRules(ingress: newValue, egress: rules.egress) }
    }

    public var egress: PermissionList {
        get { rules.egress }
        set { rules = SecurityGroupRules(ingress: rules.ingress, egress: newValue) }
    }

    /// Ingress then egress, without copying either.
    public var permissions: PermissionList { rules.all }

    public var label: String { "\(id) (\(name))" }
}

/// One IpPermission: a protocol and port range with any mix of source kinds. A view of one record
/// of a `SecurityGroupRules` (its sources are views too: reading them allocates nothing); built
/// alone with `init(ipProtocol:…)`, it is the one permission of a store of its own.
public struct Permission: Hashable, Sendable, CustomStringConvertible {
    let rules: SecurityGroupRules
    let index: Int

    init(_ rules: SecurityGroupRules, _ index: Int) {
        self.rules = rules
        self.index = index
    }

    public init(ipProtocol: String, fromPort: Int? = nil, toPort: Int? = nil, ipv4Ranges: some Sequence<SourceRange> = [SourceRange](),
                ipv6Ranges: some Sequence<SourceRange> = [SourceRange](), prefixListIds: some Sequence<String> = [String](),
                groups: some Sequence<GroupReference> = [GroupReference]()) {
        var builder = SecurityGroupRules.Builder()
        builder.startPermission(ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort)
        for range in ipv4Ranges { builder.appendRange(range.cidr, storedText: range.storedText, description: range.description, ipv6List: false) }
        for range in ipv6Ranges { builder.appendRange(range.cidr, storedText: range.storedText, description: range.description, ipv6List: true) }
        for id in prefixListIds { builder.appendPrefixListId(id) }
        for reference in groups { builder.appendGroup(reference) }
        self.init(builder.build(), 0)
    }

    /// The same protocol and ports with other sources: what a revoke of some of a rule's sources names.
    public func withSources(ipv4Ranges: [SourceRange] = [], ipv6Ranges: [SourceRange] = [], prefixListIds: [String] = [],
                            groups: [GroupReference] = []) -> Permission {
        Permission(ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort, ipv4Ranges: ipv4Ranges, ipv6Ranges: ipv6Ranges,
                   prefixListIds: prefixListIds, groups: groups)
    }

    private var record: PermissionRecord { rules.records[index] }

    /// `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or `-1` for all traffic.
    public var ipProtocol: String { rules.ipProtocol(record.protocolCode) }

    /// Port range for tcp/udp (ICMP type/code for icmp); nil when absent (protocol -1).
    public var fromPort: Int? { PermissionRecord.load(record.fromPort) }
    public var toPort: Int? { PermissionRecord.load(record.toPort) }

    public var ipv4Ranges: SourceRanges {
        SourceRanges(rules, Int(rules.starts(of: index).ipv6)..<Int(record.ends.ipv4))
    }

    public var ipv6Ranges: SourceRanges {
        SourceRanges(rules, Int(record.ends.ipv4)..<Int(record.ends.ipv6))
    }

    public var prefixListIds: RuleEntries<String> {
        RuleEntries(rules.prefixListIds, Int(rules.starts(of: index).prefixLists)..<Int(record.ends.prefixLists))
    }

    public var groups: RuleEntries<GroupReference> {
        RuleEntries(rules.groups, Int(rules.starts(of: index).groups)..<Int(record.ends.groups))
    }

    /// Protocol -1 (or its spelled-out forms): every protocol and port.
    public var isAllTraffic: Bool {
        switch record.protocolCode {
        case 0: return true
        case 1..<UInt32(ProtocolCode.common.count): return false
        default: return ["-1", "all"].contains(ipProtocol.lowercased())
        }
    }

    /// tcp or udp (by name or number): the protocols with ports.
    public var hasPorts: Bool {
        switch record.protocolCode {
        case 1, 2: return true
        case 0..<UInt32(ProtocolCode.common.count): return false
        default: return ["tcp", "udp", "6", "17"].contains(ipProtocol.lowercased())
        }
    }

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

    /// By content, wherever the two are stored.
    public static func == (a: Permission, b: Permission) -> Bool {
        if a.rules === b.rules && a.index == b.index { return true }
        return a.ipProtocol == b.ipProtocol && a.fromPort == b.fromPort && a.toPort == b.toPort
            && a.ipv4Ranges == b.ipv4Ranges && a.ipv6Ranges == b.ipv6Ranges
            && a.prefixListIds == b.prefixListIds && a.groups == b.groups
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ipProtocol)
        hasher.combine(fromPort)
        hasher.combine(toPort)
        hasher.combine(ipv4Ranges)
        hasher.combine(ipv6Ranges)
        hasher.combine(prefixListIds)
        hasher.combine(groups)
    }
}

public struct SourceRange: Hashable, Sendable {
    public let cidr: CIDR
    /// The text as sent when it is not the CIDR's canonical form (nil when it is): equal ranges
    /// store equal values, and the common range keeps no string.
    let storedText: String?
    public var description: String?

    public init(cidr: CIDR, text: String? = nil, description: String? = nil) {
        self.cidr = cidr
        storedText = text.flatMap { $0 == cidr.description ? nil : $0 }
        self.description = description
    }

    init(cidr: CIDR, storedText: String?, description: String?) {
        self.cidr = cidr
        self.storedText = storedText
        self.description = description
    }

    /// The text as sent, kept so evidence shows what the user wrote (`10.0.0.1/16`).
    public var text: String { storedText ?? cidr.description }
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
