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
    /// For `string`/`strings` with an open set of values that still have a syntax (`tcp/443`): why
    /// a value is wrong, or nil when it is fine. The policy loader rejects the value with the reason.
    public var check: (@Sendable (String) -> String?)?

    public init(_ name: String, _ kind: Kind, default defaultValue: ParameterValue, _ summary: String,
                range: ClosedRange<Int>? = nil, allowed: [String]? = nil, check: (@Sendable (String) -> String?)? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
        self.range = range
        self.allowed = allowed
        self.check = check
    }
}

/// A rule's parameters after the policy: the policy's value where it set one, else the default.
/// Built once per run; rules read it only through their typed `Parameters` (see `RuleParameters`).
public struct ParameterValues: Sendable {
    private var values: [String: ParameterValue]

    /// The policy loader has checked every override against its spec's kind; an override of
    /// another kind here is a programming error, caught once, before any rule runs.
    public init(specs: [ParameterSpec], overrides: [String: ParameterValue] = [:]) {
        var values: [String: ParameterValue] = [:]
        for spec in specs {
            let value = overrides[spec.name] ?? spec.defaultValue
            precondition(value.kind == spec.kind, "parameter \(spec.name) takes \(spec.kind.rawValue), not \(value)")
            values[spec.name] = value
        }
        self.values = values
    }

    public var all: [String: ParameterValue] { values }

    /// The value of a declared parameter, as its Swift type. Its kind was checked at `init`.
    public subscript<Value: ParameterValueType>(_ parameter: Parameter<Value>) -> Value {
        values[parameter.spec.name].flatMap(Value.init(parameterValue:)) ?? parameter.defaultValue
    }
}

extension ParameterValue {
    public var kind: ParameterSpec.Kind {
        switch self {
        case .int: return .int
        case .bool: return .bool
        case .string: return .string
        case .ints: return .ints
        case .strings: return .strings
        }
    }
}

/// A Swift type a parameter can hold: Int, Bool, String, [Int], [String].
public protocol ParameterValueType: Sendable {
    static var kind: ParameterSpec.Kind { get }
    init?(parameterValue: ParameterValue)
    var parameterValue: ParameterValue { get }
}

extension Int: ParameterValueType {
    public static var kind: ParameterSpec.Kind { .int }
    public init?(parameterValue: ParameterValue) {
        guard case .int(let value) = parameterValue else { return nil }
        self = value
    }
    public var parameterValue: ParameterValue { .int(self) }
}

extension Bool: ParameterValueType {
    public static var kind: ParameterSpec.Kind { .bool }
    public init?(parameterValue: ParameterValue) {
        guard case .bool(let value) = parameterValue else { return nil }
        self = value
    }
    public var parameterValue: ParameterValue { .bool(self) }
}

extension String: ParameterValueType {
    public static var kind: ParameterSpec.Kind { .string }
    public init?(parameterValue: ParameterValue) {
        guard case .string(let value) = parameterValue else { return nil }
        self = value
    }
    public var parameterValue: ParameterValue { .string(self) }
}

extension Array: ParameterValueType where Element: ParameterListElement {
    public static var kind: ParameterSpec.Kind { Element.listKind }
    public init?(parameterValue: ParameterValue) {
        guard let values = Element.list(parameterValue) else { return nil }
        self = values
    }
    public var parameterValue: ParameterValue { Element.value(of: self) }
}

/// The element types of list parameters.
public protocol ParameterListElement: Sendable {
    static var listKind: ParameterSpec.Kind { get }
    static func list(_ value: ParameterValue) -> [Self]?
    static func value(of list: [Self]) -> ParameterValue
}

extension Int: ParameterListElement {
    public static var listKind: ParameterSpec.Kind { .ints }
    public static func list(_ value: ParameterValue) -> [Int]? {
        guard case .ints(let values) = value else { return nil }
        return values
    }
    public static func value(of list: [Int]) -> ParameterValue { .ints(list) }
}

extension String: ParameterListElement {
    public static var listKind: ParameterSpec.Kind { .strings }
    public static func list(_ value: ParameterValue) -> [String]? {
        guard case .strings(let values) = value else { return nil }
        return values
    }
    public static func value(of list: [String]) -> ParameterValue { .strings(list) }
}

/// A parameter declared with its Swift type: the spec (name, default, summary, limits) is derived
/// from it, so the default and the type a rule reads cannot disagree.
public struct Parameter<Value: ParameterValueType>: Sendable {
    public let spec: ParameterSpec
    public let defaultValue: Value

    public init(_ name: String, default defaultValue: Value, _ summary: String,
                range: ClosedRange<Int>? = nil, allowed: [String]? = nil, check: (@Sendable (String) -> String?)? = nil) {
        self.defaultValue = defaultValue
        self.spec = ParameterSpec(name, Value.kind, default: defaultValue.parameterValue, summary, range: range, allowed: allowed,
                                  check: check)
    }
}

/// A rule's parameters as Swift values, decoded once from the policy's values before the rule
/// runs: `evaluate` never reads a parameter by name. `specs` is what the policy loader,
/// `hubaudit rules` and the policy template document and check.
public protocol RuleParameters: Sendable {
    static var specs: [ParameterSpec] { get }
    init(_ values: ParameterValues)
}

/// For rules that take no parameters.
public struct NoParameters: RuleParameters {
    public static let specs: [ParameterSpec] = []
    public init() {}
    public init(_ values: ParameterValues) {}
}
