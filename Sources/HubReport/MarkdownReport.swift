import Foundation
import HubModel
import HubPolicy
import HubRules

/// The report a security reviewer reads top to bottom: verdict and counts, the peering topology,
/// findings by severity then rule with evidence and fix, what could not be checked, the policy.
public enum MarkdownReport {
    public static func render(_ input: ReportInput) -> String {
        var out: [String] = []
        let result = input.result
        let snapshot = input.snapshot
        out.append("# hubaudit review: \(input.snapshotLabel)")
        out.append("")
        if let comparison = input.baseline {
            let current = result.findings.map { BaselineReport.Entry($0, waiverId: input.waiver(for: $0)?.id) }
            out.append(ChangeReport.render(comparison, current: current))
        }
        let icon = ["pass": "✅ PASS", "fail": "❌ FAIL", "untrusted": "⚠️ UNTRUSTED"][input.verdict.status.rawValue]!
        out.append("**Verdict: \(icon)** (exit code \(input.verdict.exitCode), threshold `\(input.verdict.threshold)`)")
        out.append("")
        for reason in input.verdict.reasons { out.append("- \(reason)") }
        out.append("")
        let failing = input.failing
        if !failing.isEmpty {
            out.append("Failing the gate:")
            out.append("")
            for finding in failing { out.append("- **\(finding.severity)** \(finding.message) (`\(finding.fingerprint)`)") }
            out.append("")
        }
        out.append("| severity | findings |")
        out.append("|---|---|")
        for severity in Severity.allCases.reversed() {
            out.append("| \(severity) | \(result.findings.filter { $0.severity == severity }.count) |")
        }
        out.append("| waived | \(input.waived.count) |")
        out.append("| not evaluated | \(result.notEvaluated.count) |")
        out.append("")
        let accounts = Set(snapshot.scopes.map(\.account)).count
        out.append("Snapshot taken at \(snapshot.metadata.takenAt ?? "an unknown time (no manifest)")"
            + (snapshot.metadata.collector.map { " by \($0)" } ?? "")
            + ": \(Plural.count(accounts, "account")), \(Plural.count(snapshot.scopes.count, "account/region pair")), "
            + "\(Plural.count(snapshot.vpcs.count, "VPC")), \(Plural.count(snapshot.peerings.count, "peering connection")). Policy: \(input.policy.source).")
        out.append("")
        out += topology(input)
        out += findings(input)
        out += gaps(input)
        out += filesNotRead(input.snapshot)
        out += notYetChecked()
        out += policy(input)
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: - Topology

    private static func topology(_ input: ReportInput) -> [String] {
        let snapshot = input.snapshot
        // Peerings that a routing finding names are drawn red: the reviewer sees where to look.
        let marking = Set(RuleRegistry.all.map { $0.description }.filter(\.marksPeeringsOnTopology).map(\.id))
        let flagged = Set(input.result.findings.filter { marking.contains($0.ruleId) }.flatMap(\.resourceIds)
            .filter { $0.hasPrefix("pcx-") })
        let peered = Set(snapshot.peerings.flatMap { [$0.requester.vpcId, $0.accepter.vpcId] })
        let shown = snapshot.vpcs.filter { !$0.isDefault || peered.contains($0.id) }
        var out = ["## Topology", ""]
        guard !shown.isEmpty else { return out + ["No VPCs to show.", ""] }
        out.append("```mermaid")
        out.append("flowchart LR")
        let byAccount = Dictionary(grouping: shown, by: \.scope.account)
        for account in byAccount.keys.sorted() {
            let name = snapshot.metadata.accountNames[account].map { "\(account) \($0)" } ?? account
            out.append("  subgraph acct_\(account)[\"\(name)\"]")
            for vpc in byAccount[account]!.sorted(by: { $0.id < $1.id }) {
                let blocks = vpc.blocks.map(\.description).joined(separator: "<br/>")
                let title = vpc.tags.name.map { "\($0)<br/>" } ?? ""
                out.append("    \(node(vpc.id))[\"\(title)\(vpc.id)<br/>\(vpc.scope.region)<br/>\(blocks)\"]")
            }
            out.append("  end")
        }
        let known = Set(shown.map(\.id))
        for peering in snapshot.peerings {
            for side in [peering.requester, peering.accepter] where !known.contains(side.vpcId) {
                out.append("  \(node(side.vpcId))[\"\(side.vpcId)<br/>account \(side.ownerId)<br/>outside the snapshot\"]")
            }
        }
        var redLinks: [Int] = []
        for (index, peering) in snapshot.peerings.enumerated() {
            let mark = flagged.contains(peering.id) ? " ⚠" : ""
            let label = "\(peering.id)<br/>\(peering.statusCode)\(mark)"
            let arrow = peering.isActive ? "---" : "-.-"
            out.append("  \(node(peering.requester.vpcId)) \(arrow)|\"\(label)\"| \(node(peering.accepter.vpcId))")
            if !mark.isEmpty || !peering.isLive { redLinks.append(index) }
        }
        if !redLinks.isEmpty {
            out.append("  linkStyle \(redLinks.map(String.init).joined(separator: ",")) stroke:#d33,stroke-width:2px")
        }
        out.append("```")
        out.append("")
        out.append("Solid lines are active peerings, dotted ones are not active; red marks a peering that a finding names or that is not live. Default VPCs without peerings are left out.")
        out.append("")
        return out
    }

    private static func node(_ id: String) -> String {
        String(id.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    // MARK: - Findings

    private static func findings(_ input: ReportInput) -> [String] {
        var out = ["## Findings", ""]
        let findings = input.result.findings
        guard !findings.isEmpty else { return out + ["No findings.", ""] }
        let names = input.snapshot.metadata.accountNames
        var number = 0
        for severity in Severity.allCases.reversed() {
            let group = findings.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            out.append("### \(severity.description.capitalized) (\(group.count))")
            out.append("")
            for finding in group {
                number += 1
                let change = input.changes[finding.fingerprint] == .new ? " 🆕" : ""
                out.append("#### \(number). \(finding.message)\(change)")
                out.append("")
                if let waiver = input.waiver(for: finding) {
                    out.append("> **Waived** by `\(waiver.id)` until \(waiver.expires) (owner \(waiver.owner)): \(waiver.reason)")
                    out.append("")
                }
                let account = names[finding.scope.account].map { "\(finding.scope.account) (\($0))" } ?? finding.scope.account
                out.append("- **Rule:** `\(finding.ruleId)` / `\(finding.caseId)` · **Where:** \(account), \(finding.scope.region)")
                out.append("- **Resources:** " + finding.resourceIds.map { "`\($0)`" }.joined(separator: ", "))
                out.append("- **Evidence:**")
                out.append("")
                out.append("  ```text")
                for line in finding.evidence { out.append("  \(line)") }
                out.append("  ```")
                out.append("")
                out.append("- **Fix:** \(finding.remediation)")
                out.append("- Fingerprint: `\(finding.fingerprint)`")
                out.append("")
            }
        }
        return out
    }

    // MARK: - What could not be checked

    private static func gaps(_ input: ReportInput) -> [String] {
        let snapshot = input.snapshot
        var out = ["## Not evaluated and coverage gaps", ""]
        if let review = input.waiverReview, !review.expired.isEmpty || !review.stale.isEmpty {
            out.append("Waivers that did not apply (as of \(review.asOf)):")
            out.append("")
            for (waiver, fingerprints) in review.expired {
                out.append("- `\(waiver.id)` (\(waiver.rule), owner \(waiver.owner), \(waiver.origin)) **expired** on \(waiver.expires); it would cover \(Plural.count(fingerprints.count, "finding"))")
            }
            for waiver in review.stale {
                out.append("- `\(waiver.id)` (\(waiver.rule), owner \(waiver.owner), \(waiver.origin)) is **stale**: it matches no finding")
            }
            out.append("")
        }
        if input.result.notEvaluated.isEmpty && snapshot.problems.isEmpty && !hasCoverageGaps(snapshot) {
            return out + ["Every rule was evaluated on every account and region; every response was read.", ""]
        }
        if !snapshot.problems.isEmpty {
            out.append("Input files that could not be read (their actions count as not collected):")
            out.append("")
            for problem in snapshot.problems { out.append("- `\(problem)`") }
            out.append("")
        }
        if !input.result.notEvaluated.isEmpty {
            out.append("| rule | account/region | resources | reason | detail |")
            out.append("|---|---|---|---|---|")
            for entry in input.result.notEvaluated {
                let accepted = input.acceptedGaps[entry].map { " (accepted by the policy: \(escape($0)))" } ?? ""
                out.append("| \(entry.ruleId) | \(entry.scope) | \(entry.resourceIds.joined(separator: ", ")) | \(entry.reason.rawValue) | \(escape(entry.detail))\(accepted) |")
            }
            out.append("")
        }
        if hasCoverageGaps(snapshot) {
            out.append("Collection gaps:")
            out.append("")
            for scope in snapshot.coverage.scopes {
                for (action, status) in snapshot.coverage.gaps(in: scope, needed: Action.allCases) {
                    out.append("- \(scope) \(action.rawValue): \(escape(status.summary))")
                }
            }
            out.append("")
        }
        return out
    }

    /// The snapshot's files that are not responses hubaudit reads, as the JSON's `skipped_files`:
    /// listed whether or not anything else is missing.
    private static func filesNotRead(_ snapshot: Snapshot) -> [String] {
        let files = snapshot.metadata.skippedFiles
        guard !files.isEmpty else { return [] }
        var out = ["## Files not read", "", "Not a response hubaudit reads (\(files.count)):", ""]
        for file in files { out.append("- `\(escape(file))`") }
        out.append("")
        return out
    }

    /// The fixed list of what no rule checks yet: the scope of the audit.
    private static func notYetChecked() -> [String] {
        ["## Not yet checked by hubaudit", ""] + RuleRegistry.notYetChecked.map { "- \($0)" } + [""]
    }

    private static func hasCoverageGaps(_ snapshot: Snapshot) -> Bool {
        snapshot.coverage.scopes.contains { !snapshot.coverage.gaps(in: $0, needed: Action.allCases).isEmpty }
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }

    // MARK: - Policy

    private static func policy(_ input: ReportInput) -> [String] {
        var out = ["## Policy", ""]
        out.append("Source: \(input.policy.source). Gate threshold: `\(input.verdict.threshold)`.")
        out.append("")
        out.append("| rule | enabled | severities | parameters |")
        out.append("|---|---|---|---|")
        for rule in RuleRegistry.all {
            let description = rule.description
            let configuration = input.policy.configuration(description.id)
            let severities = description.cases.map { "\($0.id): \(configuration.severities[$0.id] ?? $0.severity)" }
            let parameters = ParameterValues(specs: description.parameters, overrides: configuration.parameters).all
                .sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            out.append("| \(description.id) | \(configuration.enabled ? "yes" : "no") | \(severities.joined(separator: "<br/>")) | \(parameters.joined(separator: "<br/>")) |")
        }
        out.append("")
        return out
    }
}
