import Foundation
import HubModel
import HubPaths
import HubRules
import HubYAML
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
    /// `label`: how the policy and its waivers' origins are named (see `YAMLReader.load`).
    public static func load(path: String, label: String? = nil) throws -> Policy {
        let (reader, root) = try YAMLReader.load(path: path, what: "policy", label: label)
        return try policy(reader, root)
    }

    public static func parse(_ text: String, file: String) throws -> Policy {
        try policy(YAMLReader(file: file), try YAMLReader.parse(text, file: file))
    }

    private static func policy(_ reader: YAMLReader, _ root: Node?) throws -> Policy {
        var policy = Policy(source: reader.file)
        guard let root else { return policy }
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
                    case "trusted_accounts": policy.intent.trustedAccounts = try reader.accountIds(orgValue, "trusted_accounts").map(\.digits)
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
        let (reader, root) = try YAMLReader.load(path: path, what: "waivers")
        guard let root else { return [] }
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
}

/// The policy's own sections, on the shared strict reader (HubYAML: texts, lists, fields, account
/// ids and regions, each failure at its file and line).
extension YAMLReader {
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

    /// `organization.accounts`: role, external_id and regions are for `hubaudit collect`, which
    /// reads this list too (AccountsFile): one reader for both, so one file is good for both.
    func accounts(_ node: Node) throws -> [NetworkIntent.Account] {
        try accountEntries(node, .policy).map {
            NetworkIntent.Account(id: $0.id.digits, name: $0.name, environment: $0.environment)
        }
    }

    func selector(_ node: Node) throws -> VpcSelector {
        let f = try fields(node, "a VPC selector", allowed: ["vpc", "account", "name", "environment"])
        guard !f.isEmpty else { throw error(node, "a VPC selector needs vpc, account, name or environment") }
        return VpcSelector(vpcId: try f["vpc"].map { try text($0, "vpc") }, account: try f["account"].map { try accountId($0, "account").digits },
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
            guard seen.insert(intent.name).inserted else {
                throw error(item, "two reachability intents are named \(quotedForMessage(intent.name))")
            }
            return intent
        }
    }

    func reachabilityIntent(_ node: Node) throws -> ReachabilityIntent {
        let f = try fields(node, "a reachability intent", allowed: ["name", "from", "to", "ports", "expect", "severity"],
                           required: ["name", "from", "to", "expect"])
        let expectText = try text(f["expect"]!, "expect")
        guard let expect = ReachabilityIntent.Expectation(rawValue: expectText) else {
            throw error(f["expect"]!, "expect takes reachable or unreachable, not \(quotedForMessage(expectText))")
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
                throw error(item, "\(quotedForMessage(port)) is not traffic hubaudit knows "
                    + "(tcp/5432, tcp/8000-8080, udp/53, icmp, icmp/8, icmpv6, all, 47)")
            }
            traffic = traffic.union(parsed)
        }
        return ReachabilityIntent(name: try text(f["name"]!, "name"), from: try endpointSelector(f["from"]!),
                                  to: try endpointSelector(f["to"]!), ports: ports, traffic: traffic, expect: expect,
                                  severity: try f["severity"].map { try severity($0, "severity") })
    }

    /// A mapping (`{account: finance, tag: env=prod}`: every field must match) or one field as
    /// text (`tag:env=prod`, `account:finance`, `vpc:vpc-0a1`, `cidr:10.0.0.0/8`).
    func endpointSelector(_ node: Node) throws -> EndpointSelector {
        let keys = ["account", "environment", "vpc", "subnet", "instance", "tag", "cidr"]
        var pairs: [(String, Node)] = []
        if let scalar = node.scalar?.string {
            guard let colon = scalar.firstIndex(of: ":"), keys.contains(String(scalar[..<colon])) else {
                throw error(node, "a selector is a mapping or 'kind:value' with kind one of \(keys.joined(separator: ", ")), "
                    + "not \(quotedForMessage(scalar))")
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
                    throw error(value, "tag takes key=value (env=prod), not \(quotedForMessage(content))")
                }
                selector.tag = (String(content[..<equals]), String(content[content.index(after: equals)...]))
            default:
                guard let cidr = CIDR(content) else { throw error(value, "cidr takes a block such as 10.0.0.0/8, not \(quotedForMessage(content))") }
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
                      accounts: try f["accounts"].map { try accountIds($0, "accounts").map(\.digits) } ?? [],
                      regions: try f["regions"].map { try regions($0, "regions").map(\.name) } ?? [],
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
        return AcceptedGap(accounts: try f["accounts"].map { try accountIds($0, "accounts").map(\.digits) } ?? [],
                           regions: try f["regions"].map { try regions($0, "regions").map(\.name) } ?? [],
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
            if let problem = spec.check?(value) {
                throw error(node, "\(spec.name): \(quotedForMessage(value)) \(problem)")
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
