public struct PrefixList: Hashable, Sendable {
    public var scope: Scope
    public var id: String
    public var name: String
    public var addressFamily: String
    /// The owning account, or `AWS` for an AWS-managed list (service ranges: S3, DynamoDB, CloudFront…).
    public var ownerId: String
    /// The entries, or nil when GetManagedPrefixListEntries was not collected for this list.
    public var entries: [CIDR]?
    /// How this list's own GetManagedPrefixListEntries call went. Coverage is per account, region and
    /// action; entries are one call per list, so one list can lack them while the others have them.
    public var entriesStatus: CollectionStatus

    public init(scope: Scope, id: String, name: String, addressFamily: String = "IPv4", ownerId: String = "",
                entries: [CIDR]?, entriesStatus: CollectionStatus? = nil) {
        self.scope = scope
        self.id = id
        self.name = name
        self.addressFamily = addressFamily
        self.ownerId = ownerId
        self.entries = entries
        self.entriesStatus = entriesStatus ?? (entries == nil ? .missing : .collected(files: []))
    }

    public var isAWSManaged: Bool { ownerId == "AWS" }

    /// IPv4 or IPv6, as the list declares.
    public var family: CIDR.Family { addressFamily.uppercased() == "IPV6" ? .v6 : .v4 }
}

extension Action {
    /// The prefix-list calls are judged per list by the rules that meet a reference to one (a
    /// security-group source, a route destination): a gap there makes only the resources that
    /// reference the list "not evaluated", not every resource of the account and region. The
    /// rule engine's scope-wide check leaves them out.
    public var isJudgedPerPrefixList: Bool { self == .describeManagedPrefixLists || self == .getManagedPrefixListEntries }
}

/// What a prefix-list reference stands for: the list's entries, or why they are not known.
public enum PrefixListEntries: Sendable {
    case known(PrefixList, [CIDR])
    case unknown(PrefixListGap)
}

/// A prefix list whose entries a rule needs and the snapshot does not have.
public struct PrefixListGap: Hashable, Sendable {
    public var listId: String
    public var scope: Scope
    /// The list's family when it was described; nil when the list itself is unknown (either family).
    public var family: CIDR.Family?
    /// True when the list belongs outside the audited network (AWS-managed, or owned by an account
    /// the snapshot does not hold): reported, but not an input gap of this snapshot.
    public var isOutsideSnapshot: Bool
    public var isAWSManaged: Bool
    /// The call that is missing, failed or unreadable.
    public var action: Action
    /// `customer-managed prefix list pl-0abc (corp) of account 111111111111: GetManagedPrefixListEntries missing`
    public var detail: String

    /// Whether the unknown entries could hold part of `range`. An AWS-managed list holds AWS service
    /// ranges (public addresses; link-local ones for VPC Lattice), never RFC 1918, carrier-grade NAT
    /// or unique-local space: it cannot decide a private range, so a gateway endpoint's S3 route
    /// with unknown entries does not make a peering's private routes unknown.
    public func concerns(_ range: CIDR) -> Bool {
        guard family == nil || family == range.family else { return false }
        return !(isAWSManaged && range.isPrivate)
    }
}

extension Snapshot {
    /// The entries of prefix list `id` as seen from `scope`, or why they are unknown: a list of an
    /// account in the snapshot whose entries were not collected (or whose listing failed) is an
    /// input gap; an AWS-managed list, or one shared from an account outside the snapshot, is
    /// outside it.
    public func prefixListEntries(_ id: String, in scope: Scope) -> PrefixListEntries {
        guard let list = prefixList(id, in: scope) else {
            let listing = coverage.status(scope, .describeManagedPrefixLists)
            guard listing.isCollected else {
                return .unknown(PrefixListGap(listId: id, scope: scope, family: nil, isOutsideSnapshot: false,
                                              isAWSManaged: false, action: .describeManagedPrefixLists,
                                              detail: "prefix list \(id): DescribeManagedPrefixLists \(listing.summary) in \(scope)"))
            }
            return .unknown(PrefixListGap(listId: id, scope: scope, family: nil, isOutsideSnapshot: true,
                                          isAWSManaged: false, action: .describeManagedPrefixLists,
                                          detail: "prefix list \(id) is not among the lists \(scope) describes"))
        }
        if let entries = list.entries, list.entriesStatus.isCollected { return .known(list, entries) }
        let accounts = Set(scopes.map(\.account))
        let ownedHere = !list.isAWSManaged && (list.ownerId.isEmpty || list.ownerId == scope.account || accounts.contains(list.ownerId))
        let kind = list.isAWSManaged ? "AWS-managed prefix list"
            : ownedHere ? "customer-managed prefix list" : "prefix list shared by account \(list.ownerId) (outside the snapshot)"
        let owner = list.isAWSManaged || !ownedHere || list.ownerId.isEmpty ? "" : " of account \(list.ownerId)"
        let name = list.name.isEmpty ? "" : " (\(list.name))"
        let status = list.entriesStatus.isCollected ? CollectionStatus.missing.summary : list.entriesStatus.summary
        return .unknown(PrefixListGap(listId: id, scope: scope, family: list.family, isOutsideSnapshot: !ownedHere,
                                      isAWSManaged: list.isAWSManaged, action: .getManagedPrefixListEntries,
                                      detail: "\(kind) \(id)\(name)\(owner): GetManagedPrefixListEntries \(status)"))
    }
}
