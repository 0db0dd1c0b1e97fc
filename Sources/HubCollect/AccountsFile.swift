import Foundation
import HubModel
import HubYAML
import Yams

/// One account to collect: where, and how to get in.
public struct AccountTarget: Sendable, Equatable {
    public var id: AccountId
    public var name: String?
    /// A role name or ARN to assume; nil: use the base credentials (they must belong to this account).
    public var role: String?
    public var externalId: String?
    /// Empty: the regions given on the command line.
    public var regions: [RegionName]

    public init(id: AccountId, name: String? = nil, role: String? = nil, externalId: String? = nil, regions: [RegionName] = []) {
        self.id = id
        self.name = name
        self.role = role
        self.externalId = externalId
        self.regions = regions
    }
}

/// The accounts file: c7n-org's format (`accounts: [{account_id, name, role, external_id, regions,
/// tags, vars}]`), or a hubaudit policy whose `organization.accounts` lists `id`, `name` and
/// optionally `environment`, `role`, `external_id`, `regions` — one file for both commands, read
/// by the one accounts reader the policy loader uses too (`YAMLReader.accountEntries`).
///
/// Every value is checked: a region or id that is not text (`regions: [1, null]`, an unquoted
/// `account_id: 012345678901`, which YAML reads as a number and strips of its leading zero) is an
/// error naming the file and line, never dropped or converted.
public enum AccountsFile {
    public static func load(path: String) throws -> [AccountTarget] {
        let (reader, root) = try YAMLReader.load(path: path, what: "accounts")
        return try targets(reader, root)
    }

    public static func parse(_ text: String, file: String) throws -> [AccountTarget] {
        try targets(YAMLReader(file: file), try YAMLReader.parse(text, file: file))
    }

    private static func targets(_ reader: YAMLReader, _ root: Node?) throws -> [AccountTarget] {
        guard let root, let mapping = root.mapping else {
            throw InputProblem(file: reader.file, line: root?.mark?.line, message: "expected a mapping with accounts")
        }
        let entries: [AccountEntry]
        if let accounts = mapping["accounts"] {
            entries = try reader.accountEntries(accounts, .c7nOrg)
        } else if let accounts = mapping["organization"]?.mapping?["accounts"] {
            entries = try reader.accountEntries(accounts, .policy)
        } else {
            throw reader.error(root, "no accounts: expected `accounts:` (c7n-org) or `organization: accounts:` (a hubaudit policy)")
        }
        return entries.map { AccountTarget(id: $0.id, name: $0.name, role: $0.role, externalId: $0.externalId, regions: $0.regions) }
    }
}
