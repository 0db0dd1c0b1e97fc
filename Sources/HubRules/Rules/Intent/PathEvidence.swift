import HubModel
import HubPaths

/// The engine's model and each VPC's endpoints, built once per rule evaluation by the rules that
/// judge VPC against VPC (hub-spoke-connectivity, isolation-breach).
struct VpcPaths {
    let model: ReachabilityModel
    let endpoints: VpcEndpoints

    init(_ context: RuleContext) {
        model = context.reachability.model
        endpoints = VpcEndpoints(model)
    }
}

/// The ports replies go to, as every rule that drives the reachability engine reads them from the
/// policy (`ephemeral_port_low`, `ephemeral_port_high`): one declaration, so the three rules agree.
enum EphemeralPorts {
    static let low = Parameter<Int>(
        "ephemeral_port_low", default: 1024,
        "lowest port replies go to (the source's ephemeral range); AWS's network ACL guidance: 1024", range: 0...65535)
    static let high = Parameter<Int>("ephemeral_port_high", default: 65535, "highest port replies go to", range: 0...65535)
    static let specs = [low.spec, high.spec]

    /// The range, low to high whichever way the policy wrote it.
    static func range(_ values: ParameterValues) -> ClosedRange<Int> {
        let low = values[Self.low], high = values[Self.high]
        return low <= high ? low...high : high...low
    }
}

/// How the rules that drive the reachability engine (reachability-intent, hub-spoke-connectivity,
/// isolation-breach) turn a pair answer into resources, evidence lines and not-evaluated entries:
/// one rendering, so a path reads the same whichever rule reports it.
extension PairAnswer {
    /// The two endpoints: each representative's interface (or, for an address without one, its subnet).
    var endpointIds: [String] {
        [source.representative.interfaceId ?? source.subnetId, destination.representative.interfaceId ?? destination.subnetId]
    }

    /// The resources of the hops the traffic passed (groups, ACLs, route tables, peerings), subnets left out.
    var pathResourceIds: [String] { hops.flatMap(\.resourceIds).filter { !$0.hasPrefix("subnet-") } }

    /// The hops as evidence lines: `forward 3. route table rtb-0a1: rtb-0a1: 10.1.0.0/16 → pcx-0c3 (active)`.
    var hopLines: [String] {
        var lines: [String] = []
        for (index, hop) in hops.enumerated() {
            let what = hop.evidence.isEmpty ? "(not judged)" : hop.evidence.joined(separator: "; ")
            lines.append("\(hop.leg.rawValue) \(index + 1). \(hop.kind.title) \(hop.resourceIds.joined(separator: ", ")): \(what)")
        }
        return lines
    }

    /// Each drop as a line: `blocked tcp 22 at security groups, ingress sg-0a1: SG_NO_MATCHING_RULE: no ingress rule …`.
    var blockedLines: [String] {
        blocked.map { "blocked \($0.traffic) at \($0.kind.title)\($0.leg == .return ? " (return leg)" : "") \($0.resourceIds.joined(separator: ", ")): \($0.code.rawValue): \($0.detail)" }
    }

    /// Reports every part of the answer the engine could not judge as not evaluated, each message
    /// starting with `subject` (`intent 'app-to-db'`). A gap outside what hubaudit models is
    /// outside the snapshot; any other is an input the snapshot lacks (the run is untrusted).
    func reportUnjudged(_ subject: String, into output: inout RuleOutput) {
        for gap in unjudged {
            output.cannotEvaluate(gap.scope, resources: endpointIds + gap.resourceIds,
                                  reason: gap.inputs.isEmpty && PairAnswer.outsideCodes.contains(gap.code) ? .outsideSnapshot : .missingInput,
                                  inputs: gap.inputs,
                                  "\(subject): \(gap.traffic) from \(source.label) to \(destination.label) is not evaluated at \(gap.kind.title)\(gap.leg == .return ? " (return leg)" : ""): \(gap.code.rawValue): \(gap.detail)")
        }
    }

    /// Gaps that are not an input this snapshot lacks: the path leaves what hubaudit models, or an
    /// address has no interface, or a prefix list or transit gateway belongs outside the organisation.
    /// Every other gap (an ACL association or a protocol the engine cannot read) is missing input:
    /// the run is untrusted.
    static let outsideCodes: Set<GapCode> = [.leavesModelledNetwork, .noInterface, .prefixListUnknown, .groupNotInSnapshot,
                                             .outsideSnapshot]
}

extension Resolution {
    /// Reports the calls whose absence leaves the endpoint list incomplete, as not evaluated.
    func reportGaps(resources: [String], _ subject: String, into output: inout RuleOutput) {
        for gap in gaps {
            output.cannotEvaluate(gap.scope, resources: resources, reason: .missingInput, inputs: [gap.action], "\(subject): \(gap)")
        }
    }
}

extension Array where Element == String {
    /// The ids in order, each once.
    var withoutRepeats: [String] {
        var seen = Set<String>()
        return filter { seen.insert($0).inserted }
    }
}
