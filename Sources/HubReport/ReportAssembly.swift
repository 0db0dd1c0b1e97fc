import HubModel
import HubPaths
import HubPolicy
import HubRules

/// What `scan` decides from a snapshot and a policy before any report is written: the rules'
/// result, the waivers as of a day, the gaps the policy accepts, the comparison with a baseline,
/// and the verdict. `scan` and the report tests both build their input here, so the tests check
/// the value a run really renders, waivers and accepted gaps included.
public enum ReportAssembly {
    /// `threshold` overrides the policy's `fail_on` (`--fail-on`); `asOf` is the day waivers are
    /// judged on (YYYY-MM-DD). Returns the report input and what the waivers did, for the warnings.
    public static func assemble(snapshot: Snapshot, policy: Policy, label: String, threshold: Severity? = nil,
                                asOf: String, baseline: BaselineReport? = nil) -> (input: ReportInput, waivers: WaiverOutcome) {
        let snapshot = named(snapshot, by: policy)
        let result = RuleEngine.run(snapshot, configurations: policy.rules, intent: policy.intent)
        return assemble(snapshot: snapshot, result: result, policy: policy, label: label, threshold: threshold, asOf: asOf,
                        baseline: baseline)
    }

    /// The policy's names for accounts win over the manifest's: reports (and the rules' messages)
    /// use one vocabulary.
    public static func named(_ snapshot: Snapshot, by policy: Policy) -> Snapshot {
        var snapshot = snapshot
        for account in policy.intent.accounts { if let name = account.name { snapshot.metadata.accountNames[account.id] = name } }
        return snapshot
    }

    /// As `assemble(snapshot:policy:…)`, with the rules already run (`RuleRun`) on `snapshot`, named by the policy.
    public static func assemble(snapshot: Snapshot, result: AuditResult, policy: Policy, label: String, threshold: Severity? = nil,
                                asOf: String, baseline: BaselineReport? = nil) -> (input: ReportInput, waivers: WaiverOutcome) {
        let waivers = WaiverOutcome.apply(policy.waivers, to: result.findings, asOf: asOf)
        let accepted = acceptedGaps(result.notEvaluated, snapshot: snapshot, policy: policy)
        let verdict = Verdict.decide(findings: result.findings, notEvaluated: result.notEvaluated.filter { accepted[$0] == nil },
                                     problems: snapshot.problems, threshold: threshold ?? policy.failOn,
                                     waived: Set(waivers.waived.keys), expiredWaivers: waivers.expired.count,
                                     acceptedGaps: accepted.count, skippedFiles: snapshot.metadata.skippedFiles.count,
                                     rulesRun: result.rulesRun, crossCheckGaps: crossCheckGaps(snapshot.coverage))
        let input = ReportInput(
            snapshot: snapshot, snapshotLabel: label, result: result, policy: policy, verdict: verdict,
            waived: waivers.waived.mapValues { WaiverNote(id: $0.id, reason: $0.reason, owner: $0.owner, expires: $0.expires) },
            baseline: baseline.map { BaselineComparison(baseline: $0, current: result.findings.map(\.fingerprint)) },
            waiverReview: policy.waivers.isEmpty ? nil : WaiverReview(asOf: asOf, outcome: waivers),
            acceptedGaps: accepted, reachability: reachabilitySection(snapshot, policy: policy, shared: result.reachability))
        return (input, waivers)
    }

    /// What the reports read of a snapshot: its metadata, scopes, coverage and problems, the VPCs
    /// and peerings of the topology, and the transit gateways with their attachments and route
    /// tables. The rest (security groups, interfaces, network ACLs, route tables: most of a large
    /// organisation's snapshot) only the rules read, and a scan need not hold it while the reports
    /// render. Reports rendered from this part are the reports of the whole (`StreamedReportTests`).
    public static func reportedPart(of snapshot: Snapshot) -> Snapshot {
        Snapshot(metadata: snapshot.metadata, scopes: snapshot.scopes, vpcs: snapshot.vpcs, peerings: snapshot.peerings,
                 transitGateways: snapshot.transitGateways, transitGatewayAttachments: snapshot.transitGatewayAttachments,
                 transitGatewayRouteTables: snapshot.transitGatewayRouteTables, coverage: snapshot.coverage,
                 problems: snapshot.problems)
    }

    /// The reports' reachability section, when the policy declares intents and rule
    /// `reachability-intent` is enabled (its ephemeral-port parameters apply).
    static func reachabilitySection(_ snapshot: Snapshot, policy: Policy, shared: SharedReachabilityModel?) -> ReachabilityReport? {
        let configuration = policy.configuration(ReachabilityIntentRule.description.id)
        guard configuration.enabled else { return nil }
        let parameters = ReachabilityIntentRule.Parameters(
            ParameterValues(specs: ReachabilityIntentRule.description.parameters, overrides: configuration.parameters))
        return ReachabilityReport.build(snapshot: snapshot, organization: policy.intent,
                                        options: PathOptions(ephemeralPorts: parameters.ephemeralPorts), shared: shared)
    }

    /// Per cross-check, the accounts/regions that asked for it and did not collect it.
    static func crossCheckGaps(_ coverage: Coverage) -> [Action: Int] {
        var counts: [Action: Int] = [:]
        for scope in coverage.scopes {
            for (action, _) in coverage.collectionGaps(in: scope) where action.isCrossCheck { counts[action, default: 0] += 1 }
        }
        return counts
    }

    /// The missing-input (and not-attempted) entries every one of whose gaps the policy accepts, with its reasons.
    public static func acceptedGaps(_ entries: [NotEvaluated], snapshot: Snapshot, policy: Policy) -> [NotEvaluated: String] {
        var accepted: [NotEvaluated: String] = [:]
        for entry in entries where entry.reason == .missingInput || entry.reason == .notAttempted {
            guard let rule = RuleRegistry.rule(id: entry.ruleId) else { continue }
            // The calls the entry names (a prefix list's entries), else the scope's gaps among the rule's inputs.
            let gaps = entry.inputs.isEmpty
                ? snapshot.coverage.gaps(in: entry.scope, needed: rule.description.scopeInputs).map(\.0) : entry.inputs
            guard !gaps.isEmpty else { continue }
            let reasons = gaps.compactMap { action in policy.acceptedGaps.first { $0.covers(entry.scope, action) }?.reason }
            if reasons.count == gaps.count { accepted[entry] = Array(Set(reasons)).sorted().joined(separator: "; ") }
        }
        return accepted
    }
}
