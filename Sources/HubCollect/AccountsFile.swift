import Foundation
import HubModel
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
/// with the policy loader's rules (the same keys; ids and regions checked by HubModel's types).
///
/// Every value is checked: a region or id that is not text (`regions: [1, null]`, an unquoted
/// `account_id: 012345678901`, which YAML reads as a number and strips of its leading zero) is an
/// error naming the file and line, never dropped or converted.
public enum AccountsFile {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Where the accounts are, and what an entry may hold.
    struct Format {
        var listName: String
        var idKey: String
        var keys: [String]

        static let c7nOrg = Format(listName: "accounts", idKey: "account_id",
                                   keys: ["account_id", "name", "role", "external_id", "regions", "tags", "vars", "environment"])
        /// As PolicyLoader reads `organization.accounts`.
        static let policy = Format(listName: "organization.accounts", idKey: "id",
                                   keys: ["id", "name", "environment", "role", "external_id", "regions"])
    }

    public static func load(path: String) throws -> [AccountTarget] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "\(path): cannot read the accounts file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Failure(description: "\(path): the accounts file is not UTF-8")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> [AccountTarget] {
        let reader = Reader(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw reader.yamlFailure(error)
        }
        guard let root, let mapping = root.mapping else { throw Failure(description: "\(file): expected a mapping with accounts") }
        let list: Node
        let format: Format
        if let accounts = mapping["accounts"] {
            (list, format) = (accounts, .c7nOrg)
        } else if let accounts = mapping["organization"]?.mapping?["accounts"] {
            (list, format) = (accounts, .policy)
        } else {
            throw reader.fail(root, "no accounts: expected `accounts:` (c7n-org) or `organization: accounts:` (a hubaudit policy)")
        }
        guard let items = list.sequence else { throw reader.fail(list, "\(format.listName) must be a list") }
        var targets: [AccountTarget] = []
        var seen: Set<AccountId> = []
        for item in items {
            let target = try reader.account(item, format)
            guard seen.insert(target.id).inserted else { throw reader.fail(item, "account \(target.id) is listed twice") }
            targets.append(target)
        }
        return targets
    }

    /// Typed access to the YAML nodes, each failure carrying the file and the node's line.
    struct Reader {
        let file: String

        func fail(_ node: Node, _ message: String) -> Failure {
            Failure(description: "\(file):\(node.mark?.line ?? 0): \(message)")
        }

        func account(_ item: Node, _ format: Format) throws -> AccountTarget {
            guard let fields = item.mapping else { throw fail(item, "an account must be a mapping") }
            var values: [String: Node] = [:]
            for (key, value) in fields {
                let name = key.string ?? ""
                guard format.keys.contains(name) else {
                    throw fail(key, "unknown key \(quotedForMessage(name)) in an account (expected \(format.keys.sorted().joined(separator: ", ")))")
                }
                values[name] = value
            }
            guard let idNode = values[format.idKey] else { throw fail(item, "an account needs '\(format.idKey)'") }
            return AccountTarget(
                id: try accountId(idNode, format.idKey), name: try values["name"].map { try text($0, "name") },
                role: try values["role"].map(role), externalId: try values["external_id"].map { try text($0, "external_id") },
                regions: try values["regions"].map(regions) ?? [])
        }

        func accountId(_ node: Node, _ key: String) throws -> AccountId {
            if node.scalar != nil, node.tagName == .int {
                throw fail(node, "\(key) must be quoted (\(key): \"\(node.string ?? "")\"): unquoted, YAML reads it as a number, which loses leading zeros")
            }
            let value = try exactText(node, key)
            guard let id = AccountId(value) else { throw fail(node, AccountId.problem(with: value)) }
            return id
        }

        func regions(_ node: Node) throws -> [RegionName] {
            guard let sequence = node.sequence else { throw fail(node, "regions must be a list of region names") }
            return try sequence.map { item in
                let value = try exactText(item, "a region")
                guard let region = RegionName(value) else { throw fail(item, RegionName.problem(with: value)) }
                return region
            }
        }

        /// c7n-org allows a list of roles (a chain); hubaudit assumes the last one from the base identity.
        func role(_ node: Node) throws -> String {
            guard let chain = node.sequence else { return try text(node, "role") }
            guard let last = chain.last else { throw fail(node, "role must name a role, not an empty list") }
            return try text(last, "role")
        }

        /// A non-empty scalar, as written (`external_id: 0042` stays `0042`): not null, a list or a
        /// mapping. As PolicyLoader reads names.
        func text(_ node: Node, _ what: String) throws -> String {
            guard let scalar = node.scalar else {
                throw fail(node, "\(what) must be text, not a \(node.sequence != nil ? "list" : "mapping")")
            }
            guard node.tagName != .null else { throw fail(node, "\(what) must be text, not null") }
            guard !scalar.string.isEmpty else { throw fail(node, "\(what) is empty") }
            return scalar.string
        }

        /// Text that YAML reads as a string: for ids and regions, where `1`, `null` or a number
        /// that other tools would strip of its leading zeros is a mistake to report, not to convert.
        func exactText(_ node: Node, _ what: String) throws -> String {
            let value = try text(node, what)
            guard node.tagName == .str else {
                throw fail(node, "\(what) must be text, not \(kind(of: node)) (quote it if it is meant as text)")
            }
            return value
        }

        private func kind(of node: Node) -> String {
            switch node.tagName {
            case .int, .float: return "the number \(quotedForMessage(node.string ?? ""))"
            case .null: return "null"
            case .bool: return "true or false"
            case .timestamp: return "a date"
            default: return "a value tagged \(quotedForMessage(node.tagName.rawValue))"
            }
        }

        /// libyaml's problem and line, without the dump of its internal state.
        func yamlFailure(_ error: YamlError) -> Failure {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                return Failure(description: "\(file):\(mark.line): not valid YAML: \(problem)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                return Failure(description: "\(file):\(context.mark.line): not valid YAML: duplicate key "
                               + duplicates.sorted().map(quotedForMessage).joined(separator: ", "))
            default:
                return Failure(description: "\(file): not valid YAML")
            }
        }
    }
}

private extension Node {
    /// The node's resolved tag (`int` for an unquoted `1`, `str` for `"1"`): Yams keeps `Tag.name` internal.
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }
}
