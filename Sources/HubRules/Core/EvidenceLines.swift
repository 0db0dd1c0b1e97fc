import HubModel

/// Evidence that can grow with the organisation (a hub's one-way paths, one per spoke subnet) is
/// cut at the rule's limit, the rest counted in one last line: `… and 12 more paths`.
enum EvidenceLines {
    static func capped(_ lines: [String], at limit: Int, noun: String) -> [String] {
        guard lines.count > limit else { return lines }
        return Array(lines.prefix(limit)) + ["… and \(Plural.count(lines.count - limit, "more \(noun)"))"]
    }
}
