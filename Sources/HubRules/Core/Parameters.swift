import HubModel

/// A rule parameter's value, as the policy file gives it.
public enum ParameterValue: Hashable, Sendable, CustomStringConvertible {
    case int(Int)
    case bool(Bool)
    case string(String)
    case ints([Int])
    case strings([String])

    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .bool(let value): return String(value)
        case .string(let value): return value
        case .ints(let values): return "[" + values.map(String.init).joined(separator: ", ") + "]"
        case .strings(let values): return "[" + values.joined(separator: ", ") + "]"
        }
    }
}

/// A documented parameter with its default: the policy loader checks values against `kind`
/// (and `allowed`), `hubaudit rules` and README list them.
public struct ParameterSpec: Sendable {
    public enum Kind: String, Sendable {
        case int = "integer", bool = "boolean", string, ints = "list of integers", strings = "list of strings"
    }

    public var name: String
    public var kind: Kind
    public var defaultValue: ParameterValue
    public var summary: String
    /// For `int`: the accepted range.
    public var range: ClosedRange<Int>?
    /// For `string`/`strings`: the accepted values, when the set is closed.
    public var allowed: [String]?

    public init(_ name: String, _ kind: Kind, default defaultValue: ParameterValue, _ summary: String,
                range: ClosedRange<Int>? = nil, allowed: [String]? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
        self.range = range
        self.allowed = allowed
    }
}

/// A rule's parameters after the policy: the policy's value where it set one, else the default.
public struct ParameterValues: Sendable {
    private var values: [String: ParameterValue]

    public init(specs: [ParameterSpec], overrides: [String: ParameterValue] = [:]) {
        var values: [String: ParameterValue] = [:]
        for spec in specs { values[spec.name] = overrides[spec.name] ?? spec.defaultValue }
        self.values = values
    }

    public var all: [String: ParameterValue] { values }

    public func int(_ name: String) -> Int {
        guard case .int(let value) = values[name] else { preconditionFailure("parameter \(name) is not an int") }
        return value
    }

    public func bool(_ name: String) -> Bool {
        guard case .bool(let value) = values[name] else { preconditionFailure("parameter \(name) is not a bool") }
        return value
    }

    public func string(_ name: String) -> String {
        guard case .string(let value) = values[name] else { preconditionFailure("parameter \(name) is not a string") }
        return value
    }

    public func ints(_ name: String) -> [Int] {
        guard case .ints(let value) = values[name] else { preconditionFailure("parameter \(name) is not a list of ints") }
        return value
    }

    public func strings(_ name: String) -> [String] {
        guard case .strings(let value) = values[name] else { preconditionFailure("parameter \(name) is not a list of strings") }
        return value
    }
}
