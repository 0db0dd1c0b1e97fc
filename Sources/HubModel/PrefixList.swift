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
