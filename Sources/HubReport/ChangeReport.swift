import HubRules

/// "What changed since <previous snapshot time>": new and resolved findings, by fingerprint.
/// The nightly Markdown report opens with it; `hubaudit diff` prints it alone.
public enum ChangeReport {
    public static func render(_ comparison: BaselineComparison, current: [BaselineReport.Entry]) -> String {
        var out: [String] = []
        let since = comparison.baseline.takenAt.map(MarkdownText.text) ?? "the previous run"
        out.append("## What changed since \(since)")
        out.append("")
        out.append("Baseline: \(code: comparison.baseline.path). \(comparison.new.count) new, \(comparison.resolved.count) resolved, "
            + "\(comparison.unchanged.count) unchanged.")
        out.append("")
        let byFingerprint = Dictionary(current.map { ($0.fingerprint, $0) }, uniquingKeysWith: { first, _ in first })
        let new = comparison.new.compactMap { byFingerprint[$0] }
        out.append("New:")
        out.append("")
        out += new.isEmpty ? ["- nothing new"] : new.map(line)
        out.append("")
        out.append("Resolved:")
        out.append("")
        out += comparison.resolved.isEmpty ? ["- nothing resolved"] : comparison.resolved.map(line)
        out.append("")
        return out.joined(separator: "\n")
    }

    private static func line(_ entry: BaselineReport.Entry) -> String {
        // Every field comes from a JSON report on disk (the baseline) or a finding: escaped alike.
        let waived = entry.waiver.map { " (waived: \(text: $0.id))" } ?? ""
        return "- **\(text: entry.severity)** \(code: "\(entry.rule)/\(entry.case)") \(text: entry.account)/\(text: entry.region): "
            + "\(text: entry.message)\(waived) — \(code: entry.fingerprint)"
    }
}

extension BaselineReport.Entry {
    /// The same fields, from a finding of this run.
    public init(_ finding: Finding, waiverId: String?) {
        self.init(fingerprint: finding.fingerprint, rule: finding.ruleId, case: finding.caseId,
                  severity: finding.severity.description, account: finding.scope.account, region: finding.scope.region,
                  message: finding.message, waiver: waiverId.map { WaiverInfo(id: $0) })
    }
}
