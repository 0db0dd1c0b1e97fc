import HubModel

/// Evidence that can grow with the organisation (a hub's one-way paths, one per spoke subnet) is
/// cut at the rule's limit, the rest counted in one last line: `… and 12 more paths`.
enum EvidenceLines {
    /// The limit, one parameter for every rule whose evidence lists paths (peering-routes, tgw-routes).
    static let maxPaths = Parameter<Int>(
        "max_paths_in_evidence", default: 20, "how many source → destination paths a finding lists before summarising",
        range: 1...10_000)

    static func capped(_ lines: [String], at limit: Int, noun: String) -> [String] {
        guard lines.count > limit else { return lines }
        return Array(lines.prefix(limit)) + ["… and \(Plural.count(lines.count - limit, "more \(noun)"))"]
    }
}

/// The parameters of a rule whose evidence lists paths (peering-routes, tgw-routes): the one limit.
public struct PathEvidenceParameters: RuleParameters {
    public static let specs = [EvidenceLines.maxPaths.spec]

    /// How many paths a finding lists before "… and n more paths".
    var maxPathsInEvidence: Int

    public init(_ values: ParameterValues) {
        maxPathsInEvidence = values[EvidenceLines.maxPaths]
    }
}
