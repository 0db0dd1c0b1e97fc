import Foundation
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
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PolicyError(file: path, line: nil, message: "cannot read the policy file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PolicyError(file: path, line: nil, message: "the policy file is not UTF-8")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> Policy {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PolicyError(file: file, line: line(of: error), message: "not valid YAML: \(summary(of: error))")
        }
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
            default:
                throw reader.error(key, "unknown key '\(key.string ?? "")' (expected version, fail_on, rules)")
            }
        }
        return policy
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
