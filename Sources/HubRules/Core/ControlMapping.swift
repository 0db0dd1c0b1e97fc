/// A control of a compliance standard that a rule checks, declared on the rule so that README's
/// rule table, `hubaudit rules` and the Security Hub export (`Compliance.RelatedRequirements`)
/// name the same controls. Only controls whose check is the rule's own are listed; a control that
/// is merely related stays in the rule's prose references.
public struct ControlMapping: Sendable, Hashable {
    public enum Standard: String, Sendable, Hashable, CaseIterable {
        /// Security Hub's consolidated control ids (`EC2.2`), as its own findings name them.
        case securityHub = "AWS Foundational Security Best Practices v1.0.0"
        /// The benchmark version Security Hub evaluates by these section numbers.
        case cisV3 = "CIS AWS Foundations Benchmark v3.0.0"
        /// An AWS Config managed rule that checks the same thing.
        case awsConfig = "AWS Config managed rule"
    }

    public var standard: Standard
    public var id: String

    public init(_ standard: Standard, _ id: String) {
        self.standard = standard
        self.id = id
    }

    public static func securityHub(_ id: String) -> ControlMapping { ControlMapping(.securityHub, id) }
    public static func cisV3(_ id: String) -> ControlMapping { ControlMapping(.cisV3, id) }
    public static func awsConfig(_ id: String) -> ControlMapping { ControlMapping(.awsConfig, id) }

    /// The requirement as Security Hub writes it in `Compliance.RelatedRequirements`:
    /// `CIS AWS Foundations Benchmark v3.0.0/5.4`.
    public var requirement: String { "\(standard.rawValue)/\(id)" }

    /// The short name README's rule table and `hubaudit rules` print: `Security Hub EC2.2`.
    public var label: String {
        switch standard {
        case .securityHub: return "Security Hub \(id)"
        case .cisV3: return "CIS v3.0.0 \(id)"
        case .awsConfig: return "Config \(id)"
        }
    }
}
