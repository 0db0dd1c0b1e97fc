import Foundation
import HubModel
import Yams

/// hubaudit's YAML input files — policies, waivers files, accounts files — read strictly and
/// typed: every failure is an `InputProblem` naming the file and the line of the node at fault,
/// never a silent default, and no value is quoted beyond `quotedForMessage` (a file may be hostile,
/// or hold a pasted secret).
public struct YAMLReader: Sendable {
    public let file: String

    public init(file: String) { self.file = file }

    /// Reads `path` and parses it; `what` names the file in messages ("policy", "accounts").
    /// The root node, nil for an empty document.
    /// `label`: how messages and origins name the file (its path as the user gave it), when it is
    /// read from another path; default the path.
    public static func load(path: String, what: String, label: String? = nil) throws -> (reader: YAMLReader, root: Node?) {
        let file = label ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputProblem(file: file, message: "cannot read the \(what) file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputProblem(file: file, message: "the \(what) file is not UTF-8")
        }
        return (YAMLReader(file: file), try parse(text, file: file))
    }

    /// The YAML document, or the problem at the line libyaml stopped on (its message only: Yams'
    /// descriptions dump the parser's state, which quotes the file).
    public static func parse(_ text: String, file: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw InputProblem(file: file, line: mark.line, message: "not valid YAML: \(problem)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                throw InputProblem(file: file, line: context.mark.line, message: "not valid YAML: duplicate key "
                                   + duplicates.sorted().map(quotedForMessage).joined(separator: ", "))
            default:
                throw InputProblem(file: file, message: "not valid YAML")
            }
        }
    }

    public func error(_ node: Node, _ message: String) -> InputProblem {
        InputProblem(file: file, line: node.mark?.line, message: message)
    }

    /// A mapping's pairs in file order; a key given twice is refused.
    public func mapping(_ node: Node, _ what: String) throws -> [(Node, Node)] {
        guard let mapping = node.mapping else { throw error(node, "\(what) must be a mapping, not \(kind(of: node))") }
        var seen = Set<String>()
        var pairs: [(Node, Node)] = []
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard seen.insert(name).inserted else { throw error(key, "duplicate key \(quotedForMessage(name))") }
            pairs.append((key, value))
        }
        return pairs
    }

    /// A mapping's values by key: an unknown key is refused, a missing required one too.
    public func fields(_ node: Node, _ what: String, allowed: [String], required: [String] = []) throws -> [String: Node] {
        var result: [String: Node] = [:]
        for (key, value) in try mapping(node, what) {
            let name = key.string ?? ""
            guard allowed.contains(name) else {
                throw error(key, "unknown key \(quotedForMessage(name)) in \(what) (expected \(allowed.joined(separator: ", ")))")
            }
            result[name] = value
        }
        for name in required where result[name] == nil { throw error(node, "\(what) needs '\(name)'") }
        return result
    }

    public func list(_ node: Node, _ what: String) throws -> [Node] {
        guard let sequence = node.sequence else { throw error(node, "\(what) must be a list") }
        return Array(sequence)
    }

    /// A non-empty scalar, as written (`external_id: 0042` stays `0042`): not null, a list or a mapping.
    public func text(_ node: Node, _ what: String) throws -> String {
        guard let scalar = node.scalar else { throw error(node, "\(what) must be text, not \(kind(of: node))") }
        guard node.tagName != .null else { throw error(node, "\(what) must be text, not null") }
        guard !scalar.string.isEmpty else { throw error(node, "\(what) is empty") }
        return scalar.string
    }

    /// Text that YAML reads as a string: for ids and regions, where `1`, `null` or a number that
    /// other tools would strip of its leading zeros is a mistake to report, not to convert.
    public func exactText(_ node: Node, _ what: String) throws -> String {
        let value = try text(node, what)
        guard node.tagName == .str else {
            throw error(node, "\(what) must be text, not \(kind(of: node)) (quote it if it is meant as text)")
        }
        return value
    }

    public func strings(_ node: Node, _ what: String) throws -> [String] {
        try list(node, what).map { try text($0, "an item of \(what)") }
    }

    /// A 12-digit account id, written as text: an unquoted id is a YAML number, and a number loses
    /// its leading zeros in other tools (and in YAML 1.1, `0…` reads as octal).
    public func accountId(_ node: Node, _ what: String) throws -> AccountId {
        if node.scalar != nil, node.tagName == .int {
            throw error(node, "\(what) must be quoted (\(what): \"\(node.string ?? "")\"): unquoted, YAML reads it as a number, which loses leading zeros")
        }
        let value = try exactText(node, what)
        guard let id = AccountId(value) else { throw error(node, AccountId.problem(with: value)) }
        return id
    }

    public func accountIds(_ node: Node, _ what: String) throws -> [AccountId] {
        try list(node, what).map { try accountId($0, "an account id of \(what)") }
    }

    public func region(_ node: Node) throws -> RegionName {
        let value = try exactText(node, "a region")
        guard let region = RegionName(value) else { throw error(node, RegionName.problem(with: value)) }
        return region
    }

    public func regions(_ node: Node, _ what: String) throws -> [RegionName] {
        guard node.sequence != nil else { throw error(node, "\(what) must be a list of region names") }
        return try list(node, what).map(region)
    }

    /// What a node is, for a message: `a list`, `a mapping`, `the text '1'`, `the number 2`, `null`.
    public func kind(of node: Node) -> String {
        if node.sequence != nil { return "a list" }
        if node.mapping != nil { return "a mapping" }
        let shown = quotedForMessage(node.string ?? "")
        switch node.tagName {
        case .str: return "the text \(shown)"
        case .int, .float: return "the number \(shown)"
        case .null: return "null"
        case .bool: return "true or false"
        case .timestamp: return "a date"
        default: return shown
        }
    }
}

extension Node {
    /// The node's resolved tag (`int` for an unquoted `1`, `str` for `"1"`): Yams keeps `Tag.name` internal.
    package var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }
}
