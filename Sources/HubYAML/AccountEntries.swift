import HubModel
import Yams

/// One account of an accounts list, as `hubaudit collect` and the policy both read it: c7n-org's
/// `accounts:` (`account_id`, …) or a policy's `organization.accounts` (`id`, …) — one reader, so
/// one file is good for both commands and a value means the same in each.
public struct AccountEntry: Sendable, Equatable {
    public var id: AccountId
    public var name: String?
    public var environment: String?
    /// A role name or ARN; from a c7n-org role chain, its last role.
    public var role: String?
    public var externalId: String?
    public var regions: [RegionName]
}

/// Where an accounts list is and what an entry may hold.
public struct AccountListFormat: Sendable {
    public var listName: String
    public var idKey: String
    public var keys: [String]

    /// c7n-org's accounts file; `tags` and `vars` are c7n-org's own and ignored here.
    public static let c7nOrg = AccountListFormat(
        listName: "accounts", idKey: "account_id",
        keys: ["account_id", "name", "environment", "role", "external_id", "regions", "tags", "vars"])
    /// A hubaudit policy's `organization.accounts`.
    public static let policy = AccountListFormat(
        listName: "organization.accounts", idKey: "id", keys: ["id", "name", "environment", "role", "external_id", "regions"])
}

extension YAMLReader {
    /// Every entry of an accounts list, each checked; an account listed twice is refused.
    public func accountEntries(_ node: Node, _ format: AccountListFormat) throws -> [AccountEntry] {
        guard node.sequence != nil else { throw error(node, "\(format.listName) must be a list") }
        var seen = Set<AccountId>()
        return try list(node, format.listName).map { item in
            let f = try fields(item, "an account", allowed: format.keys, required: [format.idKey])
            let id = try accountId(f[format.idKey]!, format.idKey)
            guard seen.insert(id).inserted else { throw error(item, "account \(id) is listed twice") }
            return AccountEntry(id: id, name: try f["name"].map { try text($0, "name") },
                                environment: try f["environment"].map { try text($0, "environment") },
                                role: try f["role"].map(role), externalId: try f["external_id"].map { try text($0, "external_id") },
                                regions: try f["regions"].map { try regions($0, "regions") } ?? [])
        }
    }

    /// c7n-org allows a list of roles (a chain); hubaudit assumes the last one from the base identity.
    private func role(_ node: Node) throws -> String {
        guard node.sequence != nil else { return try text(node, "role") }
        guard let last = try list(node, "role").last else { throw error(node, "role must name a role, not an empty list") }
        return try text(last, "role")
    }
}
