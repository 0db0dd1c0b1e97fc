import Foundation
import Yams

/// One account to collect: where, and how to get in.
public struct AccountTarget: Sendable, Equatable {
    public var id: String
    public var name: String?
    /// A role name or ARN to assume; nil: use the base credentials (they must belong to this account).
    public var role: String?
    public var externalId: String?
    /// Empty: the regions given on the command line.
    public var regions: [String]

    public init(id: String, name: String? = nil, role: String? = nil, externalId: String? = nil, regions: [String] = []) {
        self.id = id
        self.name = name
        self.role = role
        self.externalId = externalId
        self.regions = regions
    }
}

/// The accounts file: c7n-org's format (`accounts: [{account_id, name, role, external_id, regions,
/// tags, vars}]`), or a hubaudit policy whose `organization.accounts` lists `id`, `name` and
/// optionally `role`, `external_id`, `regions` — one file for both commands.
public enum AccountsFile {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func load(path: String) throws -> [AccountTarget] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Failure(description: "\(path): cannot read the accounts file")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw Failure(description: "\(path): not valid YAML: \(error)")
        }
        func fail(_ node: Node, _ message: String) -> Failure {
            Failure(description: "\(path):\(node.mark?.line ?? 0): \(message)")
        }
        guard let root, let mapping = root.mapping else { throw Failure(description: "\(path): expected a mapping with accounts") }
        let list: Node
        let idKey: String
        if let accounts = mapping["accounts"] {
            (list, idKey) = (accounts, "account_id")
        } else if let accounts = mapping["organization"]?.mapping?["accounts"] {
            (list, idKey) = (accounts, "id")
        } else {
            throw fail(root, "no accounts: expected `accounts:` (c7n-org) or `organization: accounts:` (a hubaudit policy)")
        }
        guard let items = list.sequence else { throw fail(list, "accounts must be a list") }
        let known: Set<String> = [idKey, "name", "role", "external_id", "regions", "tags", "vars", "environment"]
        var targets: [AccountTarget] = []
        for item in items {
            guard let fields = item.mapping else { throw fail(item, "an account must be a mapping") }
            for (key, _) in fields where !known.contains(key.string ?? "") {
                throw fail(key, "unknown key '\(key.string ?? "")' in an account (expected \(known.sorted().joined(separator: ", ")))")
            }
            guard let id = fields[idKey]?.string, !id.isEmpty else { throw fail(item, "an account needs '\(idKey)'") }
            guard id.count == 12, id.allSatisfy(\.isNumber) else { throw fail(fields[idKey]!, "'\(id)' is not a 12-digit account id") }
            let regions: [String]
            if let node = fields["regions"] {
                guard let sequence = node.sequence else { throw fail(node, "regions must be a list") }
                regions = sequence.compactMap(\.string)
            } else {
                regions = []
            }
            // c7n-org allows a list of roles (a chain); hubaudit assumes the last one from the base identity.
            let role = fields["role"].flatMap { $0.string ?? $0.sequence?.last?.string }
            targets.append(AccountTarget(id: id, name: fields["name"]?.string, role: role,
                                         externalId: fields["external_id"]?.string, regions: regions))
        }
        let ids = targets.map(\.id)
        if let duplicate = ids.first(where: { id in ids.filter { $0 == id }.count > 1 }) {
            throw Failure(description: "\(path): account \(duplicate) is listed twice")
        }
        return targets
    }
}
