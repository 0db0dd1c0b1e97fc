import Foundation
import HubModel
import HubPaths
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
                guard value.int == 1 else { throw reader.error(value, "unsupported policy version '\(value.string ?? "")' (expected 1)") }
            case "fail_on":
                policy.failOn = try reader.severity(value)
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
                    case "trusted_accounts": policy.intent.trustedAccounts = try reader.strings(orgValue, "trusted_accounts")
                    default: throw reader.error(orgKey, "unknown key '\(orgKey.string ?? "")' in organization (expected accounts, trusted_accounts)")
                    }
                }
            case "hubs":
                policy.intent.hubs = try reader.list(value, "hubs").map(reader.hub)
            case "isolation":
                policy.intent.isolation = try reader.list(value, "isolation").map(reader.isolation)
            case "reachability":
                policy.intent.reachability = try reader.reachabilityIntents(value)
            case "waivers":
                policy.waivers += try reader.list(value, "waivers").map(reader.waiver)
            case "accepted_gaps":
                policy.acceptedGaps = try reader.list(value, "accepted_gaps").map(reader.acceptedGap)
            default:
                throw reader.error(key, "unknown key '\(key.string ?? "")' (expected version, fail_on, rules, organization, hubs, isolation, reachability, waivers, accepted_gaps)")
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
                guard value.int == 1 else { throw reader.error(value, "unsupported version '\(value.string ?? "")' (expected 1)") }
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

        func severity(_ node: Node) throws -> Severity {
            guard let name = node.scalar?.string, let severity = Severity(name: name) else {
                let names = Severity.allCases.map(\.description).joined(separator: ", ")
                throw error(node, "'\(node.string ?? "")' is not a severity (\(names))")
            }
            return severity
        }

        func rule(_ node: Node, _ description: RuleDescription) throws -> RuleConfiguration {
            var configuration = RuleConfiguration()
            for (key, value) in try mapping(node, "rule \(description.id)") {
                switch key.string {
                case "enabled":
                    guard let flag = value.bool else { throw error(value, "enabled must be true or false") }
                    configuration.enabled = flag
                case "severity":
                    if value.scalar != nil {
                        let all = try severity(value)
                        for ruleCase in description.cases { configuration.severities[ruleCase.id] = all }
                    } else {
                        for (caseKey, caseValue) in try mapping(value, "severity") {
                            guard let ruleCase = description.ruleCase(caseKey.string ?? "") else {
                                let known = description.cases.map(\.id).joined(separator: ", ")
                                throw error(caseKey, "rule \(description.id) has no case '\(caseKey.string ?? "")' (known: \(known))")
                            }
                            configuration.severities[ruleCase.id] = try severity(caseValue)
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

        func accounts(_ node: Node) throws -> [NetworkIntent.Account] {
            try list(node, "organization.accounts").map { item in
                // role, external_id and regions are for `hubaudit collect`, which can read this file too.
                let f = try fields(item, "an account", allowed: ["id", "name", "environment", "role", "external_id", "regions"],
                                   required: ["id"])
                return NetworkIntent.Account(id: try text(f["id"]!, "id"), name: try f["name"].map { try text($0, "name") },
                                             environment: try f["environment"].map { try text($0, "environment") })
            }
        }

        func selector(_ node: Node) throws -> VpcSelector {
            let f = try fields(node, "a VPC selector", allowed: ["vpc", "account", "name", "environment"])
            guard !f.isEmpty else { throw error(node, "a VPC selector needs vpc, account, name or environment") }
            return VpcSelector(vpcId: try f["vpc"].map { try text($0, "vpc") }, account: try f["account"].map { try text($0, "account") },
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

        /// `reachability:` — a list of `{name, from, to, ports, expect, severity}`; names unique.
        func reachabilityIntents(_ node: Node) throws -> [ReachabilityIntent] {
            var seen = Set<String>()
            return try list(node, "reachability").map { item in
                let intent = try reachabilityIntent(item)
                guard seen.insert(intent.name).inserted else { throw error(item, "two reachability intents are named '\(intent.name)'") }
                return intent
            }
        }

        func reachabilityIntent(_ node: Node) throws -> ReachabilityIntent {
            let f = try fields(node, "a reachability intent", allowed: ["name", "from", "to", "ports", "expect", "severity"],
                               required: ["name", "from", "to", "expect"])
            let expectText = try text(f["expect"]!, "expect")
            guard let expect = ReachabilityIntent.Expectation(rawValue: expectText) else {
                throw error(f["expect"]!, "expect takes reachable or unreachable, not '\(expectText)'")
            }
            var ports = ["all"]
            if let node = f["ports"] {
                ports = try strings(node, "ports")
                guard !ports.isEmpty else { throw error(node, "ports must name at least one protocol or port (tcp/5432, icmp, all)") }
            }
            var traffic = TrafficSet.empty
            for (index, port) in ports.enumerated() {
                guard let parsed = TrafficSpec.parse(port) else {
                    let item = f["ports"].flatMap { $0.sequence.map(Array.init) }?[index] ?? node
                    throw error(item, "'\(port)' is not traffic hubaudit knows (tcp/5432, tcp/8000-8080, udp/53, icmp, icmp/8, icmpv6, all, 47)")
                }
                traffic = traffic.union(parsed)
            }
            return ReachabilityIntent(name: try text(f["name"]!, "name"), from: try endpointSelector(f["from"]!),
                                      to: try endpointSelector(f["to"]!), ports: ports, traffic: traffic, expect: expect,
                                      severity: try f["severity"].map(severity))
        }

        /// A mapping (`{account: finance, tag: env=prod}`: every field must match) or one field as
        /// text (`tag:env=prod`, `account:finance`, `vpc:vpc-0a1`, `cidr:10.0.0.0/8`).
        func endpointSelector(_ node: Node) throws -> EndpointSelector {
            let keys = ["account", "environment", "vpc", "subnet", "instance", "tag", "cidr"]
            var pairs: [(String, Node)] = []
            if let scalar = node.scalar?.string {
                guard let colon = scalar.firstIndex(of: ":"), keys.contains(String(scalar[..<colon])) else {
                    throw error(node, "a selector is a mapping or 'kind:value' with kind one of \(keys.joined(separator: ", ")), not '\(scalar)'")
                }
                pairs = [(String(scalar[..<colon]), Node(String(scalar[scalar.index(after: colon)...]), Tag(.str), .plain))]
            } else {
                pairs = try fields(node, "a selector", allowed: keys).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            }
            var selector = EndpointSelector()
            for (key, value) in pairs {
                let content = try text(value, key)
                switch key {
                case "account": selector.account = content
                case "environment": selector.environment = content
                case "vpc": selector.vpc = content
                case "subnet": selector.subnet = content
                case "instance": selector.instance = content
                case "tag":
                    guard let equals = content.firstIndex(of: "="), equals != content.startIndex else {
                        throw error(value, "tag takes key=value (env=prod), not '\(content)'")
                    }
                    selector.tag = (String(content[..<equals]), String(content[content.index(after: equals)...]))
                default:
                    guard let cidr = CIDR(content) else { throw error(value, "cidr takes a block such as 10.0.0.0/8, not '\(content)'") }
                    selector.cidr = cidr
                }
            }
            guard !selector.isEmpty else { throw error(node, "a selector needs at least one of \(keys.joined(separator: ", "))") }
            return selector
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
                          accounts: try f["accounts"].map { try strings($0, "accounts") } ?? [],
                          regions: try f["regions"].map { try strings($0, "regions") } ?? [],
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
            return AcceptedGap(accounts: try f["accounts"].map { try strings($0, "accounts") } ?? [],
                               regions: try f["regions"].map { try strings($0, "regions") } ?? [],
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
