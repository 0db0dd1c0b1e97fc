/// The permissions of one direction of a group (or all of them): a view of a `SecurityGroupRules`.
public struct PermissionList: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    let rules: SecurityGroupRules
    let bounds: Range<Int>

    init(_ rules: SecurityGroupRules, _ bounds: Range<Int>) {
        self.rules = rules
        self.bounds = bounds
    }

    public init(_ permissions: some Sequence<Permission>) {
        self = SecurityGroupRules(ingress: permissions, egress: [Permission]()).ingress
    }

    public init(arrayLiteral permissions: Permission...) { self.init(permissions) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { bounds.count }
    public subscript(position: Int) -> Permission {
        precondition(position >= 0 && position < bounds.count, "permission index out of range")
        return Permission(rules, bounds.lowerBound + position)
    }

    public static func == (a: PermissionList, b: PermissionList) -> Bool { a.elementsEqual(b) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for permission in self { hasher.combine(permission) }
    }
}

/// A permission's `ipRanges` or `ipv6Ranges`: each range made on access from the store's columns
/// (no text is formatted until `text` is read).
public struct SourceRanges: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    let rules: SecurityGroupRules
    let bounds: Range<Int>

    init(_ rules: SecurityGroupRules, _ bounds: Range<Int>) {
        self.rules = rules
        self.bounds = bounds
    }

    public init(arrayLiteral ranges: SourceRange...) {
        self = Permission(ipProtocol: "-1", ipv4Ranges: ranges).ipv4Ranges
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { bounds.count }
    public subscript(position: Int) -> SourceRange {
        precondition(position >= 0 && position < bounds.count, "range index out of range")
        let index = bounds.lowerBound + position
        return SourceRange(cidr: rules.block(at: index), storedText: rules.text(ofRange: index),
                           description: rules.description(ofRange: index))
    }

    /// The blocks alone, without their texts (a copy).
    public var cidrs: [CIDR] { bounds.map(rules.block(at:)) }

    public static func == (a: SourceRanges, b: SourceRanges) -> Bool { a.elementsEqual(b) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for range in self { hasher.combine(range) }
    }
}

/// A permission's prefix-list ids or group references: a slice of the store's column, indexed from 0.
public struct RuleEntries<Element: Hashable & Sendable>: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    let base: [Element]
    let bounds: Range<Int>

    init(_ base: [Element], _ bounds: Range<Int>) {
        self.base = base
        self.bounds = bounds
    }

    public init(arrayLiteral elements: Element...) { self.init(elements, elements.indices) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { bounds.count }
    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < bounds.count, "entry index out of range")
        return base[bounds.lowerBound + position]
    }

    public static func == (a: RuleEntries, b: RuleEntries) -> Bool { a.elementsEqual(b) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for element in self { hasher.combine(element) }
    }
}
