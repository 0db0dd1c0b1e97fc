import Foundation
import HubModel
import HubPolicy
import HubRules

/// The report a security reviewer reads top to bottom: verdict and counts, the peering topology,
/// findings by severity then rule with evidence and fix, what could not be checked, the policy.
public enum MarkdownReport {
    public static func render(_ input: ReportInput) -> String {
        let stream = ReportStream.collecting()
        write(input, to: stream)
        return stream.text
    }

    /// The report into `stream`, line by line: at 5,000 accounts the findings alone are 90 MB of
    /// text, and held as lines and then joined they were twice that.
    public static func write(_ input: ReportInput, to stream: ReportStream) {
        var out: [String] = []
        let result = input.result
        let snapshot = input.snapshot
        out.append("# hubaudit review: \(text: input.snapshotLabel)")
        out.append("")
        if let comparison = input.baseline {
            let current = result.findings.map { BaselineReport.Entry($0, waiverId: input.waiver(for: $0)?.id) }
            out.append(ChangeReport.render(comparison, current: current))
        }
        let icon = ["pass": "✅ PASS", "fail": "❌ FAIL", "untrusted": "⚠️ UNTRUSTED"][input.verdict.status.rawValue]!
        out.append("**Verdict: \(icon)** (exit code \(input.verdict.exitCode), threshold `\(input.verdict.threshold)`)")
        out.append("")
        for reason in input.verdict.reasons { out.append("- \(text: reason)") }
        out.append("")
        let failing = input.failing
        if !failing.isEmpty {
            out.append("Failing the gate:")
            out.append("")
            for finding in failing { out.append("- **\(finding.severity)** \(text: finding.message) (\(code: finding.fingerprint))") }
            out.append("")
        }
        out.append("| severity | findings |")
        out.append("|---|---|")
        for severity in Severity.allCases.reversed() {
            out.append("| \(severity) | \(result.findings.filter { $0.severity == severity }.count) |")
        }
        out.append("| waived | \(input.waived.count) |")
        // Rules with nothing declared to check are not gaps in the input: counted apart.
        let notConfigured = result.notEvaluated.filter { $0.reason == .notConfigured }.count
        out.append("| not evaluated | \(result.notEvaluated.count - notConfigured) |")
        out.append("| not configured | \(notConfigured) |")
        out.append("")
        let accounts = Set(snapshot.scopes.map(\.account)).count
        out.append("Snapshot taken at \(snapshot.metadata.takenAt.map(MarkdownText.text) ?? "an unknown time (no manifest)")"
            + (snapshot.metadata.collector.map { " by \(text: $0)" } ?? "")
            + ": \(Plural.count(accounts, "account")), \(Plural.count(snapshot.scopes.count, "account/region pair")), "
            + "\(Plural.count(snapshot.vpcs.count, "VPC")), \(Plural.count(snapshot.peerings.count, "peering connection")). Policy: "
                + "\(text: input.policy.source).")
        out.append("")
        out += topology(input)
        if let reachability = input.reachability { out += reachability.markdown() }
        stream.lines(out)
        findings(input, to: stream)
        stream.lines(gaps(input))
        stream.lines(filesNotRead(input.snapshot))
        stream.lines(notYetChecked())
        stream.lines(policy(input))
    }

    // MARK: - Topology

    private static func topology(_ input: ReportInput) -> [String] {
        let snapshot = input.snapshot
        // Peerings that a routing finding names are drawn red: the reviewer sees where to look.
        let marking = Set(RuleRegistry.all.map { $0.description }.filter(\.marksPeeringsOnTopology).map(\.id))
        let flagged = Set(input.result.findings.filter { marking.contains($0.ruleId) }.flatMap(\.resourceIds)
            .filter { $0.hasPrefix("pcx-") })
        let gateways = TransitGatewayTopology(snapshot, findings: input.result.findings)
        let peered = Set(snapshot.peerings.flatMap { [$0.requester.vpcId, $0.accepter.vpcId] })
        let shown = snapshot.vpcs.filter { !$0.isDefault || peered.contains($0.id) || gateways.attachedVpcs.contains($0.id) }
        var out = ["## Topology", ""]
        guard !shown.isEmpty || !gateways.isEmpty else { return out + ["No VPCs to show.", ""] }
        out.append("```mermaid")
        out.append("flowchart LR")
        let byAccount = Dictionary(grouping: shown, by: \.scope.account)
        for account in Set(byAccount.keys).union(gateways.ownerAccounts).sorted() {
            let name = snapshot.metadata.accountNames[account].map { "\(account) \($0)" } ?? account
            out.append("  subgraph \(subgraph(account))[\"\(label: name)\"]")
            for vpc in (byAccount[account] ?? []).sorted(by: { $0.id < $1.id }) {
                let blocks = vpc.blocks.map { MarkdownText.mermaidLabel($0.description) }.joined(separator: "<br/>")
                let title = vpc.tags.name.map { "\(label: $0)<br/>" } ?? ""
                out.append("    \(node(vpc.id))[\"\(title)\(label: vpc.id)<br/>\(label: vpc.scope.region)<br/>\(blocks)\"]")
            }
            out += gateways.nodes(ownedBy: account).map { "    " + $0 }
            out.append("  end")
        }
        var known = Set(shown.map(\.id))
        for peering in snapshot.peerings {
            for side in [peering.requester, peering.accepter] where !known.contains(side.vpcId) {
                known.insert(side.vpcId)
                out.append("  \(node(side.vpcId))[\"\(label: side.vpcId)<br/>account \(label: side.ownerId)<br/>outside the snapshot\"]")
            }
        }
        out += gateways.outsideNodes(knownVpcs: known).map { "  " + $0 }
        var redLinks: [Int] = []
        for (index, peering) in snapshot.peerings.enumerated() {
            let mark = flagged.contains(peering.id) ? " ⚠" : ""
            let label = "\(label: peering.id)<br/>\(label: peering.statusCode)\(mark)"
            let arrow = peering.isActive ? "---" : "-.-"
            out.append("  \(node(peering.requester.vpcId)) \(arrow)|\"\(label)\"| \(node(peering.accepter.vpcId))")
            if !mark.isEmpty || !peering.isLive { redLinks.append(index) }
        }
        for (offset, edge) in gateways.edges.enumerated() {
            out.append("  " + edge.line)
            if edge.isRed { redLinks.append(snapshot.peerings.count + offset) }
        }
        if !redLinks.isEmpty {
            out.append("  linkStyle \(redLinks.map(String.init).joined(separator: ",")) stroke:#d33,stroke-width:2px")
        }
        out.append("```")
        out.append("")
        out.append("Solid lines are active peerings, dotted ones are not active; red marks a peering that a finding names or that is not "
            + "live. Default VPCs without peerings are left out.")
        if !gateways.isEmpty {
            out.append("")
            out.append("Hexagons are transit gateways, with their route tables; a line from a VPC to a gateway is its attachment, "
                + "labelled with the route table it is associated with (dotted: not available or associated with none; red: a "
                + "finding names it, or it is not available).")
        }
        out.append("")
        return out
    }

    /// A VPC's node id: `vpc_0a1b…` for an AWS-shaped id, a hex form for anything else (never two
    /// VPCs on one node, never a Mermaid keyword).
    static func node(_ vpcId: String) -> String {
        MarkdownText.mermaidId(vpcId, prefix: "vpc", readable: { "0123456789abcdef".contains($0) })
    }

    /// An account's subgraph id: `acct_111111111111`, or a hex form for an account folder that is not digits.
    private static func subgraph(_ account: String) -> String {
        MarkdownText.mermaidId("acct-" + account, prefix: "acct", readable: { $0.isASCII && $0.isNumber })
    }

    // MARK: - Findings

    private static func findings(_ input: ReportInput, to stream: ReportStream) {
        stream.lines(["## Findings", ""])
        let findings = input.result.findings
        guard !findings.isEmpty else { return stream.lines(["No findings.", ""]) }
        let names = input.snapshot.metadata.accountNames
        var number = 0
        for severity in Severity.allCases.reversed() {
            let group = findings.lazy.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            stream.line("### \(severity.description.capitalized) (\(group.count))")
            stream.line("")
            for finding in group {
                number += 1
                let change = input.changes[finding.fingerprint] == .new ? " 🆕" : ""
                stream.line("#### \(number). \(text: finding.message)\(change)")
                stream.line("")
                if let waiver = input.waiver(for: finding) {
                    stream.line("> **Waived** by \(code: waiver.id) until \(text: waiver.expires) (owner \(text: waiver.owner)): "
                        + "\(text: waiver.reason)")
                    stream.line("")
                }
                let account = names[finding.scope.account].map { "\(text: finding.scope.account) (\(text: $0))" }
                    ?? MarkdownText.text(finding.scope.account)
                stream.line("- **Rule:** \(code: finding.ruleId) / \(code: finding.caseId) · **Where:** \(account), \(text: finding.scope.region)")
                stream.line("- **Resources:** " + finding.resourceIds.map(MarkdownText.code).joined(separator: ", "))
                stream.line("- **Evidence:**")
                stream.line("")
                stream.lines(MarkdownText.fence(finding.evidence, info: "text", indent: "  "))
                stream.line("")
                stream.line("- **Fix:** \(text: finding.remediation)")
                if !finding.fixCommands.isEmpty {
                    // Fenced, so that a reviewer can copy them: the ids in them come from the snapshot,
                    // and the fence is built to hold whatever they contain.
                    stream.line("")
                    stream.lines(MarkdownText.fence(finding.fixCommands, info: "sh", indent: "  "))
                    stream.line("")
                }
                stream.line("- Fingerprint: \(code: finding.fingerprint)")
                stream.line("")
            }
        }
    }

    // MARK: - What could not be checked

    private static func gaps(_ input: ReportInput) -> [String] {
        let snapshot = input.snapshot
        var out = ["## Not evaluated and coverage gaps", ""]
        if let review = input.waiverReview, !review.expired.isEmpty || !review.stale.isEmpty {
            out.append("Waivers that did not apply (as of \(text: review.asOf)):")
            out.append("")
            for (waiver, fingerprints) in review.expired {
                out.append("- \(code: waiver.id) (\(text: waiver.rule), owner \(text: waiver.owner), \(text: waiver.origin)) **expired** on "
                    + "\(text: waiver.expires); it would cover \(Plural.count(fingerprints.count, "finding"))")
            }
            for waiver in review.stale {
                out.append("- \(code: waiver.id) (\(text: waiver.rule), owner \(text: waiver.owner), \(text: waiver.origin)) is **stale**: "
                    + "it matches no finding")
            }
            out.append("")
        }
        if input.result.notEvaluated.isEmpty && snapshot.problems.isEmpty && !hasCoverageGaps(snapshot) {
            return out + ["Every rule was evaluated on every account and region; every response was read.", ""]
        }
        if !snapshot.problems.isEmpty {
            out.append("Input files that could not be read (their actions count as not collected):")
            out.append("")
            for problem in snapshot.problems { out.append("- \(code: problem)") }
            out.append("")
        }
        if !input.result.notEvaluated.isEmpty {
            out.append("| rule | account/region | resources | reason | detail |")
            out.append("|---|---|---|---|---|")
            for entry in input.result.notEvaluated {
                let accepted = input.acceptedGaps[entry].map { " (accepted by the policy: \(MarkdownText.cell($0)))" } ?? ""
                let resources = entry.resourceIds.map(MarkdownText.cell).joined(separator: ", ")
                out.append("| \(MarkdownText.cell(entry.ruleId)) | \(MarkdownText.cell(entry.scope.description)) | \(resources) | "
                    + "\(entry.reason.rawValue) | \(MarkdownText.cell(entry.detail))\(accepted) |")
            }
            out.append("")
        }
        if hasCoverageGaps(snapshot) {
            out.append("Collection gaps:")
            out.append("")
            for scope in snapshot.coverage.scopes {
                for (action, status) in snapshot.coverage.collectionGaps(in: scope) {
                    // "missing" is an attempted call without a file; the manifest says this one was never made.
                    let summary = status == .missing && snapshot.coverage.notAttempted.contains(action)
                        ? "not attempted by the snapshot's collector" : status.summary
                    out.append("- \(text: scope) \(action.rawValue): \(text: summary)")
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
        for file in files { out.append("- \(code: file)") }
        out.append("")
        return out
    }

    /// The fixed list of what no rule checks yet: the scope of the audit.
    private static func notYetChecked() -> [String] {
        ["## Not yet checked by hubaudit", ""] + RuleRegistry.notYetChecked.map { "- \($0)" } + [""]
    }

    private static func hasCoverageGaps(_ snapshot: Snapshot) -> Bool {
        snapshot.coverage.scopes.contains { !snapshot.coverage.collectionGaps(in: $0).isEmpty }
    }

    // MARK: - Policy

    private static func policy(_ input: ReportInput) -> [String] {
        var out = ["## Policy", ""]
        out.append("Source: \(text: input.policy.source). Gate threshold: `\(input.verdict.threshold)`.")
        out.append("")
        out.append("| rule | enabled | severities | parameters |")
        out.append("|---|---|---|---|")
        for rule in RuleRegistry.all {
            let description = rule.description
            let configuration = input.policy.configuration(description.id)
            let severities = description.cases.map { "\($0.id): \(configuration.severities[$0.id] ?? $0.severity)" }
            let parameters = ParameterValues(specs: description.parameters, overrides: configuration.parameters).all
                .sorted { $0.key < $1.key }.map { "\(MarkdownText.cell($0.key)): \(cell($0.value))" }
            out.append("| \(description.id) | \(configuration.enabled ? "yes" : "no") | \(severities.joined(separator: "<br/>")) | "
                + "\(parameters.joined(separator: "<br/>")) |")
        }
        out.append("")
        return out
    }

    /// A parameter's value in a table cell: the policy's strings escaped, the brackets of a list ours.
    private static func cell(_ value: ParameterValue) -> String {
        switch value {
        case .string(let text): return MarkdownText.cell(text)
        case .strings(let texts): return "[" + texts.map(MarkdownText.cell).joined(separator: ", ") + "]"
        case .int, .bool, .ints: return value.description
        }
    }
}
