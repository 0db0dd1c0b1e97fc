import Foundation
import HubModel
import HubRules
import Yams

/// Reads a policy file, strictly: an unknown key, rule, case or parameter, or a value of the
/// wrong type, is an error naming the file and line — never a silent default.
///
///     version: 1
///     fail_on: high
///     rules:
///       sg-broad-ingress:
///         enabled: true
///         severity: { internet-other-port: low }   # or one severity for every case
///         parameters: { public_ports: [80, 443] }
public enum PolicyLoader {
    public static func load(path: String) throws -> Policy {
        try parse(try read(path, what: "policy"), file: path)
    }

    public static func parse(_ text: String, file: String) throws -> Policy {
        let root = try compose(text, file: file)
        var policy = Policy(source: file)
        guard let root else { return policy }
        let reader = Reader(file: file)
        for (key, value) in try reader.mapping(root, "the policy") {
            switch key.string {
            case "version":
                try reader.version(value, "policy version")
            case "fail_on":
                policy.failOn = try reader.severity(value, "fail_on")
            case "rules":
                for (ruleKey, ruleNode) in try reader.mapping(value, "rules") {
                    guard let rule = RuleRegistry.rule(id: ruleKey.string ?? "") else {
                        let known = RuleRegistry.all.map { $0.description.id }.joined(separator: ", ")
                        throw reader.error(ruleKey, "unknown rule '\(ruleKey.string ?? "")' (known: \(known))")
                    }
                    policy.rules[rule.description.id] = try reader.rule(ruleNode, rule.description)
                }
            case "organization":
                for (orgKey, orgValue) in try reader.mapping(value, "organization") {
                    switch orgKey.string {
                    case "accounts": policy.intent.accounts = try reader.accounts(orgValue)
                    case "trusted_accounts": policy.intent.trustedAccounts = try reader.accountIds(orgValue, "trusted_accounts")
                    default: throw reader.error(orgKey, "unknown key '\(orgKey.string ?? "")' in organization (expected accounts, trusted_accounts)")
                    }
                }
            case "hubs":
                policy.intent.hubs = try reader.list(value, "hubs").map(reader.hub)
            case "isolation":
                policy.intent.isolation = try reader.list(value, "isolation").map(reader.isolation)
            case "waivers":
                policy.waivers += try reader.list(value, "waivers").map(reader.waiver)
            case "accepted_gaps":
                policy.acceptedGaps = try reader.list(value, "accepted_gaps").map(reader.acceptedGap)
            default:
                throw reader.error(key, "unknown key '\(key.string ?? "")' (expected version, fail_on, rules, organization, hubs, isolation, waivers, accepted_gaps)")
            }
        }
        return policy
    }

    /// A waivers file (`--waivers`): `version: 1` and a `waivers:` list, as in a policy.
    public static func loadWaivers(path: String) throws -> [Waiver] {
        let root = try compose(try read(path, what: "waivers"), file: path)
        guard let root else { return [] }
        let reader = Reader(file: path)
        var waivers: [Waiver] = []
        for (key, value) in try reader.mapping(root, "the waivers file") {
            switch key.string {
            case "version":
                try reader.version(value, "version")
            case "waivers":
                waivers = try reader.list(value, "waivers").map(reader.waiver)
            default:
                throw reader.error(key, "unknown key '\(key.string ?? "")' (expected version, waivers)")
            }
        }
        return waivers
    }

    private static func read(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PolicyError(file: path, line: nil, message: "cannot read the \(what) file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PolicyError(file: path, line: nil, message: "the \(what) file is not UTF-8")
        }
        return text
    }

    /// The YAML document, or a `PolicyError` at the line libyaml stopped on.
    private static func compose(_ text: String, file: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PolicyError(file: file, line: line(of: error), message: "not valid YAML: \(summary(of: error))")
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        case .duplicatedKeysInMapping(_, let context):
            return context.mark.line
        default:
            return nil
        }
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicate key " + duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
        default:
            return String(describing: error)
        }
    }

    /// Typed access to YAML nodes, each failure carrying the node's line.
    private struct Reader {
        let file: String

        func error(_ node: Node, _ message: String) -> PolicyError {
            PolicyError(file: file, line: node.mark?.line, message: message)
        }

        func mapping(_ node: Node, _ what: String) throws -> [(Node, Node)] {
            guard let mapping = node.mapping else { throw error(node, "\(what) must be a mapping") }
            var seen = Set<String>()
            var pairs: [(Node, Node)] = []
            for (key, value) in mapping {
                let name = key.string ?? ""
                guard seen.insert(name).inserted else { throw error(key, "duplicate key '\(name)'") }
                pairs.append((key, value))
            }
            return pairs
        }

        /// `version: 1`, the number: `"1"` (text), `1.0` or a list are named as what they are.
        func version(_ node: Node, _ what: String) throws {
            guard node.scalar != nil, node.tagName == .int else {
                throw error(node, "\(what) must be the number 1, not \(kind(of: node))")
            }
            guard node.int == 1 else { throw error(node, "unsupported \(what) \(quotedForMessage(node.string ?? "")) (expected 1)") }
        }

        /// One severity: `fail_on: [high]` or `{ high: true }` is named as a list or mapping.
        func severity(_ node: Node, _ what: String) throws -> Severity {
            let names = Severity.allCases.map(\.description).joined(separator: ", ")
            guard node.scalar != nil else { throw error(node, "\(what) must be one severity (\(names)), not \(kind(of: node))") }
            guard let name = node.scalar?.string, let severity = Severity(name: name) else {
                throw error(node, "\(quotedForMessage(node.string ?? "")) is not a severity (\(names))")
            }
            return severity
        }

        /// What a node is, for a message: `a list`, `a mapping`, `the text '1'`, `the number 2`, `null`.
        func kind(of node: Node) -> String {
            if node.sequence != nil { return "a list" }
            if node.mapping != nil { return "a mapping" }
            let shown = quotedForMessage(node.string ?? "")
            switch node.tagName {
            case .str: return "the text \(shown)"
            case .int, .float: return "the number \(shown)"
            case .null: return "null"
            case .bool: return "true or false"
            default: return shown
            }
        }

        /// A 12-digit account id, written as text: an unquoted id is a YAML number, and a number
        /// loses its leading zeros in other tools (and in YAML 1.1, `0…` reads as octal).
        func accountId(_ node: Node, _ what: String) throws -> String {
            if node.scalar != nil, node.tagName == .int {
                throw error(node, "\(what) must be quoted (\"\(node.string ?? "")\"): unquoted, YAML reads it as a number, which loses leading zeros")
            }
            let value = try text(node, what)
            guard node.tagName == .str else { throw error(node, "\(what) must be text, not \(kind(of: node))") }
            guard let id = AccountId(value) else { throw error(node, AccountId.problem(with: value)) }
            return id.digits
        }

        func accountIds(_ node: Node, _ what: String) throws -> [String] {
            try list(node, what).map { try accountId($0, "an account id of \(what)") }
        }

        func region(_ node: Node) throws -> String {
            let value = try text(node, "a region")
            guard node.tagName == .str else { throw error(node, "a region must be text, not \(kind(of: node))") }
            guard let region = RegionName(value) else { throw error(node, RegionName.problem(with: value)) }
            return region.name
        }

        func regions(_ node: Node, _ what: String) throws -> [String] {
            try list(node, what).map(region)
        }

        func rule(_ node: Node, _ description: RuleDescription) throws -> RuleConfiguration {
            var configuration = RuleConfiguration()
            for (key, value) in try mapping(node, "rule \(description.id)") {
                switch key.string {
                case "enabled":
                    guard let flag = value.bool else { throw error(value, "enabled must be true or false") }
                    configuration.enabled = flag
                case "severity":
                    if value.sequence != nil {
                        throw error(value, "severity must be one severity or a mapping of case to severity, not a list")
                    } else if value.scalar != nil {
                        let all = try severity(value, "severity")
                        for ruleCase in description.cases { configuration.severities[ruleCase.id] = all }
                    } else {
                        for (caseKey, caseValue) in try mapping(value, "severity") {
                            guard let ruleCase = description.ruleCase(caseKey.string ?? "") else {
                                let known = description.cases.map(\.id).joined(separator: ", ")
                                throw error(caseKey, "rule \(description.id) has no case '\(caseKey.string ?? "")' (known: \(known))")
                            }
                            configuration.severities[ruleCase.id] = try severity(caseValue, "severity of \(ruleCase.id)")
                        }
                    }
                case "parameters":
                    for (nameNode, valueNode) in try mapping(value, "parameters") {
                        let name = nameNode.string ?? ""
                        guard let spec = description.parameters.first(where: { $0.name == name }) else {
                            let known = description.parameters.map(\.name).joined(separator: ", ")
                            throw error(nameNode, "rule \(description.id) has no parameter '\(name)'\(known.isEmpty ? "" : " (known: \(known))")")
                        }
                        configuration.parameters[name] = try parameter(valueNode, spec)
                    }
                default:
                    throw error(key, "unknown key '\(key.string ?? "")' in rule \(description.id) (expected enabled, severity, parameters)")
                }
            }
            return configuration
        }

        func text(_ node: Node, _ what: String) throws -> String {
            guard let value = node.scalar?.string, !value.isEmpty else { throw error(node, "\(what) must be a non-empty text") }
            return value
        }

        func list(_ node: Node, _ what: String) throws -> [Node] {
            guard let sequence = node.sequence else { throw error(node, "\(what) must be a list") }
            return Array(sequence)
        }

        func strings(_ node: Node, _ what: String) throws -> [String] {
            try list(node, what).map { try text($0, "an item of \(what)") }
        }

        /// Reads a mapping's keys into `fields`, refusing unknown ones and enforcing required ones.
        func fields(_ node: Node, _ what: String, allowed: [String], required: [String] = []) throws -> [String: Node] {
            var result: [String: Node] = [:]
            for (key, value) in try mapping(node, what) {
                let name = key.string ?? ""
                guard allowed.contains(name) else {
                    throw error(key, "unknown key '\(name)' in \(what) (expected \(allowed.joined(separator: ", ")))")
                }
                result[name] = value
            }
            for name in required where result[name] == nil { throw error(node, "\(what) needs '\(name)'") }
            return result
        }

        /// role, external_id and regions are for `hubaudit collect`, which reads this list too
        /// (HubCollect's AccountsFile): they are checked here alike, so one file is good for both.
        func accounts(_ node: Node) throws -> [NetworkIntent.Account] {
            var seen = Set<String>()
            return try list(node, "organization.accounts").map { item in
                let f = try fields(item, "an account", allowed: ["id", "name", "environment", "role", "external_id", "regions"],
                                   required: ["id"])
                let id = try accountId(f["id"]!, "id")
                guard seen.insert(id).inserted else { throw error(item, "account \(id) is listed twice") }
                if let role = f["role"] {
                    if role.sequence != nil { _ = try strings(role, "role") } else { _ = try text(role, "role") }
                }
                _ = try f["external_id"].map { try text($0, "external_id") }
                _ = try f["regions"].map { try regions($0, "regions") }
                return NetworkIntent.Account(id: id, name: try f["name"].map { try text($0, "name") },
                                             environment: try f["environment"].map { try text($0, "environment") })
            }
        }

        func selector(_ node: Node) throws -> VpcSelector {
            let f = try fields(node, "a VPC selector", allowed: ["vpc", "account", "name", "environment"])
            guard !f.isEmpty else { throw error(node, "a VPC selector needs vpc, account, name or environment") }
            return VpcSelector(vpcId: try f["vpc"].map { try text($0, "vpc") }, account: try f["account"].map { try accountId($0, "account") },
                               name: try f["name"].map { try text($0, "name") },
                               environment: try f["environment"].map { try text($0, "environment") })
        }

        /// One selector (a mapping) or several (a list).
        func selectors(_ node: Node) throws -> [VpcSelector] {
            node.sequence != nil ? try list(node, "selectors").map(selector) : [try selector(node)]
        }

        func hub(_ node: Node) throws -> NetworkIntent.Hub {
            let f = try fields(node, "a hub", allowed: ["hub", "spokes"], required: ["hub"])
            return NetworkIntent.Hub(vpc: try selector(f["hub"]!), spokes: try f["spokes"].map(selectors) ?? [])
        }

        func isolation(_ node: Node) throws -> NetworkIntent.Isolation {
            let f = try fields(node, "an isolation", allowed: ["name", "between"], required: ["name", "between"])
            let groups = try list(f["between"]!, "between")
            guard groups.count == 2 else { throw error(f["between"]!, "between takes exactly two groups of VPC selectors") }
            return NetworkIntent.Isolation(name: try text(f["name"]!, "name"), sideA: try selectors(groups[0]),
                                           sideB: try selectors(groups[1]))
        }

        func waiver(_ node: Node) throws -> Waiver {
            let f = try fields(node, "a waiver", allowed: ["id", "rule", "case", "resources", "accounts", "regions", "reason", "owner", "expires"],
                               required: ["rule", "resources", "reason", "owner", "expires"])
            let ruleId = try text(f["rule"]!, "rule")
            guard let rule = RuleRegistry.rule(id: ruleId) else { throw error(f["rule"]!, "unknown rule '\(ruleId)' in a waiver") }
            let caseId = try f["case"].map { try text($0, "case") }
            if let caseId, rule.description.ruleCase(caseId) == nil {
                throw error(f["case"]!, "rule \(ruleId) has no case '\(caseId)'")
            }
            let expires = try text(f["expires"]!, "expires")
            guard isISODate(expires) else { throw error(f["expires"]!, "expires must be a date YYYY-MM-DD, not '\(expires)'") }
            let resources = try strings(f["resources"]!, "resources")
            guard !resources.isEmpty else { throw error(f["resources"]!, "a waiver must name at least one resource or pattern") }
            let origin = "\(file):\(node.mark?.line ?? 0)"
            return Waiver(id: try f["id"].map { try text($0, "id") } ?? origin, rule: ruleId, caseId: caseId, resources: resources,
                          accounts: try f["accounts"].map { try accountIds($0, "accounts") } ?? [],
                          regions: try f["regions"].map { try regions($0, "regions") } ?? [],
                          reason: try text(f["reason"]!, "reason"), owner: try text(f["owner"]!, "owner"), expires: expires,
                          origin: origin)
        }

        func acceptedGap(_ node: Node) throws -> AcceptedGap {
            let f = try fields(node, "an accepted gap", allowed: ["accounts", "regions", "actions", "reason"],
                               required: ["actions", "reason"])
            let actions = try list(f["actions"]!, "actions").map { item -> Action in
                let name = try text(item, "an action")
                guard let action = Action(rawValue: name) else { throw error(item, "unknown action '\(name)'") }
                return action
            }
            return AcceptedGap(accounts: try f["accounts"].map { try accountIds($0, "accounts") } ?? [],
                               regions: try f["regions"].map { try regions($0, "regions") } ?? [],
                               actions: actions, reason: try text(f["reason"]!, "reason"))
        }

        func parameter(_ node: Node, _ spec: ParameterSpec) throws -> ParameterValue {
            func integer(_ node: Node) throws -> Int {
                guard node.scalar != nil, let value = node.int else { throw error(node, "\(spec.name) takes integers, not '\(node.string ?? "a list")'") }
                if let range = spec.range, !range.contains(value) {
                    throw error(node, "\(spec.name) must be within \(range.lowerBound)...\(range.upperBound), not \(value)")
                }
                return value
            }
            func text(_ node: Node) throws -> String {
                guard let value = node.scalar?.string else { throw error(node, "\(spec.name) takes text values") }
                if let allowed = spec.allowed, !allowed.contains(value) {
                    throw error(node, "\(spec.name) must be one of \(allowed.joined(separator: ", ")), not '\(value)'")
                }
                return value
            }
            func list(_ node: Node) throws -> [Node] {
                guard let sequence = node.sequence else { throw error(node, "\(spec.name) takes a list") }
                return Array(sequence)
            }
            switch spec.kind {
            case .int: return .int(try integer(node))
            case .bool:
                guard node.scalar != nil, let value = node.bool else { throw error(node, "\(spec.name) must be true or false") }
                return .bool(value)
            case .string: return .string(try text(node))
            case .ints: return .ints(try list(node).map(integer))
            case .strings: return .strings(try list(node).map(text))
            }
        }
    }
}

private extension Node {
    /// The node's resolved tag (`int` for an unquoted `1`, `str` for `"1"`): Yams keeps `Tag.name` internal.
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }
}
