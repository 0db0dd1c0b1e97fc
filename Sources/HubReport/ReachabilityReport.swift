import HubModel
import HubPaths
import HubRules

/// The reports' reachability section, present when the policy declares reachability intents: each
/// intent's result, a VPC × VPC matrix of the VPCs the intents select (what flows, where the rest
/// stops), and the path of each failing intent.
public struct ReachabilityReport: Sendable {
    public struct Cell: Sendable {
        public var from: Vpc
        public var to: Vpc
        public var answer: PathAnswer
    }

    public var outcomes: [IntentOutcome]
    public var matrix: [Cell]
    public var vpcs: [Vpc]
    /// Why the matrix is left out (too many VPCs for a table a reviewer reads).
    public var matrixOmitted: String?

    public static let maxMatrixVpcs = 12

    /// Judges the intents (the same way rule `reachability-intent` does) and builds the matrix over
    /// the VPCs their selectors reach. nil without intents.
    /// `shared`: the rules' model of the same snapshot, with the intents they judged, when they built
    /// one (built and judged here otherwise).
    public static func build(snapshot: Snapshot, organization: NetworkIntent, options: PathOptions,
                             shared: SharedReachabilityModel? = nil) -> ReachabilityReport? {
        guard !organization.reachability.isEmpty else { return nil }
        let shared = shared ?? SharedReachabilityModel(snapshot)
        let model = shared.model
        let outcomes = shared.intentOutcomes(organization.reachability, organization: organization, options: options)
        let vpcIds = Set(outcomes.flatMap { $0.from.members.map(\.vpcId) + $0.to.members.map(\.vpcId) })
        let vpcs = snapshot.vpcs.filter { vpcIds.contains($0.id) }.sorted { ($0.scope, $0.id) < ($1.scope, $1.id) }
        guard vpcs.count <= maxMatrixVpcs else {
            return ReachabilityReport(outcomes: outcomes, matrix: [], vpcs: vpcs,
                                      matrixOmitted: "\(vpcs.count) VPCs are selected; the matrix shows at most \(maxMatrixVpcs) (use `hubaudit path` for a pair)")
        }
        let membersByVpc = Dictionary(grouping: model.members, by: \.vpcId)
        var matrix: [Cell] = []
        for from in vpcs {
            for to in vpcs {
                let answer = model.answer(from: membersByVpc[from.id] ?? [], to: membersByVpc[to.id] ?? [], traffic: .all, options: options)
                matrix.append(Cell(from: from, to: to, answer: answer))
            }
        }
        return ReachabilityReport(outcomes: outcomes, matrix: matrix, vpcs: vpcs, matrixOmitted: nil)
    }

    /// `tcp 443 · rest blocked at sg-0a1 (SG_NO_MATCHING_RULE)`: one cell's text.
    static func summary(_ answer: PathAnswer) -> String {
        if answer.pairs.isEmpty { return "—" }
        var parts: [String] = []
        switch answer.status {
        case .reachable: parts.append("✅ \(answer.reachable)")
        case .blocked: parts.append("⛔ blocked")
        case .notEvaluated: parts.append("⚠️ not evaluated")
        }
        let blocks = PathText.summaryBlocks(answer)
        if !blocks.isEmpty {
            var places = blocks.prefix(2).map { "\($0.code.rawValue) at \($0.resourceIds.first ?? "")\($0.leg == .return ? " (return)" : "")" }
            if blocks.count > 2 { places.append("+\(blocks.count - 2) more") }
            parts.append((answer.status == .reachable ? "rest blocked: " : "") + places.joined(separator: ", "))
        }
        let gaps = Set(answer.pairs.flatMap { $0.unjudged.map(\.code.rawValue) }).sorted()
        if !gaps.isEmpty { parts.append("not evaluated: " + gaps.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }

    /// One intent's result line: `fails: tcp 5432 blocked at rtb-0a1 (route table, return leg; NO_ROUTE_TO_DESTINATION)`.
    static func result(_ outcome: IntentOutcome) -> String {
        switch outcome.status {
        case .holds: return "holds (\(outcome.pairCount) pair\(outcome.pairCount == 1 ? "" : "s"))"
        case .selectorMatchesNothing: return "fails: a selector matches no network interface"
        case .notEvaluated:
            let codes = Set((outcome.answer?.pairs ?? []).flatMap { $0.unjudged.map(\.code.rawValue) }).sorted()
            let gaps = (outcome.from.gaps + outcome.to.gaps).map(\.description)
            return "not evaluated: " + (codes + gaps).joined(separator: ", ")
        case .fails:
            let pairs = outcome.failingPairs
            guard let first = pairs.first else { return "fails" }
            let what: String
            if outcome.intent.expect == .unreachable {
                what = "\(first.reachable) reachable from \(first.source.label) to \(first.destination.label)"
            } else if let block = first.firstBlock {
                what = "\(first.blockedTraffic) blocked at \(block.resourceIds.joined(separator: ", ")) (\(block.kind.title)\(block.leg == .return ? ", return leg" : ""); \(block.code.rawValue))"
            } else {
                what = "blocked"
            }
            return "fails: \(what)\(pairs.count > 1 ? " (+\(pairs.count - 1) more pair\(pairs.count == 2 ? "" : "s"))" : "")"
        }
    }
}

extension ReachabilityReport {
    /// The Markdown section: intents, matrix, and each failing intent's first path as a Mermaid flowchart.
    func markdown() -> [String] {
        var out = ["## Reachability", ""]
        out.append("Intents of the policy (`reachability:`), judged end to end: security groups, network ACLs, route tables, peerings and transit gateways, both legs.")
        out.append("")
        out.append("| intent | expect | ports | result |")
        out.append("|---|---|---|---|")
        for outcome in outcomes {
            let icon = ["holds": "✅", "fails": "❌", "not-evaluated": "⚠️", "selector-matches-nothing": "❌"][outcome.status.rawValue]!
            out.append("| \(text: outcome.intent.name) | \(outcome.intent.expect.rawValue) | \(text: outcome.intent.ports.joined(separator: ", ")) | \(icon) \(text: ReachabilityReport.result(outcome)) |")
        }
        out.append("")
        out.append("### Between VPCs")
        out.append("")
        if let omitted = matrixOmitted {
            out.append(MarkdownText.text(omitted))
            out.append("")
        } else {
            out.append("All traffic between the interfaces of the VPCs the intents select (rows: from; columns: to).")
            out.append("")
            out.append("| from \\\\ to | " + vpcs.map { MarkdownText.cell($0.label) }.joined(separator: " | ") + " |")
            out.append("|---|" + vpcs.map { _ in "---|" }.joined())
            for from in vpcs {
                let cells = vpcs.map { to -> String in
                    guard let cell = matrix.first(where: { $0.from.id == from.id && $0.to.id == to.id }) else { return "" }
                    return MarkdownText.cell(ReachabilityReport.summary(cell.answer))
                }
                out.append("| \(text: from.label) | " + cells.joined(separator: " | ") + " |")
            }
            out.append("")
        }
        let failing = outcomes.filter { $0.status == .fails && !$0.failingPairs.isEmpty }
        if !failing.isEmpty {
            out.append("### Paths of failing intents")
            out.append("")
            for outcome in failing {
                let pair = outcome.failingPairs[0]
                out.append("\(code: outcome.intent.name): \(text: pair.source.label) → \(text: pair.destination.label)")
                out.append("")
                out += mermaid(pair)
                out.append("")
            }
        }
        return out
    }

    /// The pair's hops as a left-to-right flowchart, ending at the block (red) or at the destination.
    func mermaid(_ pair: PairAnswer) -> [String] {
        var out = ["```mermaid", "flowchart LR"]
        var nodes: [String] = [MarkdownText.mermaidLabel(pair.source.representative.label)]
        for hop in pair.hops {
            let leg = hop.leg == .return ? "return: " : ""
            nodes.append(MarkdownText.mermaidLabel("\(leg)\(hop.kind.title) \(hop.resourceIds.joined(separator: ", "))"))
        }
        if let block = pair.firstBlock {
            nodes.append(MarkdownText.mermaidLabel("blocked \(block.code.rawValue) at \(block.resourceIds.joined(separator: ", "))"))
        } else {
            nodes.append(MarkdownText.mermaidLabel("reached \(pair.destination.representative.label)"))
        }
        for (index, label) in nodes.enumerated() { out.append("  n\(index)[\"\(label)\"]") }
        out.append("  " + nodes.indices.map { "n\($0)" }.joined(separator: " --> "))
        if pair.firstBlock != nil { out.append("  style n\(nodes.count - 1) fill:#fdd,stroke:#c00") }
        out.append("```")
        return out
    }
}

/// The JSON report's `reachability` object: each intent with its result and the pairs that decide
/// it, and the VPC × VPC matrix.
struct ReachabilityInfo: Encodable {
    struct IntentInfo: Encodable {
        var name: String
        var expect: String
        var ports: [String]
        var status: String
        var result: String
        var pairCount: Int
        var pairs: [PairRecord]
        var notEvaluated: [String]

        enum CodingKeys: String, CodingKey { case name, expect, ports, status, result, pairs, pairCount = "pair_count", notEvaluated = "not_evaluated" }
    }

    struct CellInfo: Encodable {
        var from: String
        var to: String
        var status: String
        var reachable: String
        var summary: String
    }

    var intents: [IntentInfo]
    var matrix: [CellInfo]
    var matrixOmitted: String?

    enum CodingKeys: String, CodingKey { case intents, matrix, matrixOmitted = "matrix_omitted" }

    init(_ report: ReachabilityReport) {
        intents = report.outcomes.map { outcome in
            // The pairs that decide the result: the failing ones, or those not evaluated; none when it
            // holds (an organisation-wide intent holds over thousands of pairs: `pair_count` says how many).
            let all = outcome.answer?.pairs ?? []
            let pairs = outcome.status == .fails ? outcome.failingPairs
                : outcome.status == .notEvaluated ? all.filter { !$0.unjudged.isEmpty } : []
            return IntentInfo(name: outcome.intent.name, expect: outcome.intent.expect.rawValue, ports: outcome.intent.ports,
                              status: outcome.status.rawValue, result: ReachabilityReport.result(outcome), pairCount: outcome.pairCount,
                              pairs: pairs.map(PairRecord.init),
                              notEvaluated: (outcome.from.gaps + outcome.to.gaps).map(\.description))
        }
        matrix = report.matrix.map {
            CellInfo(from: $0.from.id, to: $0.to.id, status: $0.answer.status.rawValue,
                     reachable: $0.answer.reachable.isEmpty ? "" : $0.answer.reachable.description,
                     summary: ReachabilityReport.summary($0.answer))
        }
        matrixOmitted = report.matrixOmitted
    }
}
