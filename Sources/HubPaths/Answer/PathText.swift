import HubModel

/// The human answer of `hubaudit path`, hop by hop. Every value from the snapshot is escaped for
/// the terminal (`TerminalText`): a tag cannot add a line or recolour the verdict.
public enum PathText {
    public static func render(_ answer: PathAnswer, from: String, to: String) -> String {
        var lines: [String] = []
        lines.append("path: \(terminal: from) → \(terminal: to)")
        lines.append("asked: \(answer.asked)")
        for problem in answer.problems { lines.append("not evaluated: \(terminal: problem)") }
        let verdict: String
        switch answer.status {
        case .reachable: verdict = "REACHABLE: \(answer.reachable)"
        case .blocked: verdict = "BLOCKED"
        case .notEvaluated: verdict = "NOT EVALUATED"
        }
        lines.append(verdict)
        for block in summaryBlocks(answer) {
            lines.append("  blocked: \(block.traffic) at \(terminal: block.resourceIds.joined(separator: ", ")) (\(block.kind.title)\(block.leg == .return ? ", return leg" : ""); \(block.code.rawValue))")
        }
        for (index, pair) in answer.pairs.enumerated() {
            lines.append("")
            lines.append(contentsOf: render(pair, number: index + 1))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line per hop and code: the merged picture ("everything else blocked at finance-db-sg").
    public static func summaryBlocks(_ answer: PathAnswer) -> [Blocked] {
        var merged: [String: Blocked] = [:]
        var order: [String] = []
        for pair in answer.pairs {
            for block in pair.blocked {
                let key = "\(block.leg)|\(block.kind)|\(block.resourceIds)|\(block.code)"
                if var known = merged[key] {
                    known.traffic = known.traffic.union(block.traffic)
                    merged[key] = known
                } else {
                    merged[key] = block
                    order.append(key)
                }
            }
        }
        return order.map { merged[$0]! }
    }

    public static func render(_ pair: PairAnswer, number: Int) -> [String] {
        var lines: [String] = []
        let family = pair.family == .v4 ? "IPv4" : "IPv6"
        lines.append("\(number). \(terminal: pair.source.label) → \(terminal: pair.destination.label) (\(family)): \(pair.status.rawValue)")
        if !pair.reachable.isEmpty { lines.append("   reachable: \(pair.reachable)") }
        var step = 0
        for leg in [Leg.forward, .return] {
            let hops = pair.hops.filter { $0.leg == leg }
            guard !hops.isEmpty else { continue }
            lines.append("   \(leg == .forward ? "forward" : "return"):")
            for hop in hops {
                step += 1
                lines.append("     \(step). \(hop.kind.title): \(terminal: hop.resourceIds.joined(separator: ", ")) (\(hop.scope))")
                for line in hop.evidence { lines.append("        \(terminal: line)") }
                if hop.evidence.isEmpty { lines.append("        (not judged: see below)") }
            }
        }
        for block in pair.blocked {
            lines.append("   blocked \(block.traffic) at \(block.kind.title)\(block.leg == .return ? " (return leg)" : "") \(terminal: block.resourceIds.joined(separator: ", ")): \(block.code.rawValue): \(terminal: block.detail)")
        }
        for gap in pair.unjudged {
            lines.append("   not evaluated \(gap.traffic) at \(gap.kind.title)\(gap.leg == .return ? " (return leg)" : "") \(terminal: gap.resourceIds.joined(separator: ", ")): \(gap.code.rawValue): \(terminal: gap.detail)")
        }
        return lines
    }
}
