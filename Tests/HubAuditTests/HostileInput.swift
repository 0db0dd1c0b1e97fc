import Foundation
import HubTestSupport
import HubSnapshot
import HubModel
@testable import HubPolicy
@testable import HubReport
import HubRules

/// Strings a hostile snapshot, policy, baseline or error body can carry: markup for every format the
/// reports and the terminal speak, then seeded random mixtures of the same pieces and of control,
/// separator and bidi characters (deterministic: the same strings on every run).
enum Hostile {
    static let fixed: [String] = [
        "</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
        "![i](http://evil.example/i.png)", "```", "~~~", "````\n# owned\n````", "a|b|c", "\n# heading", "# heading",
        "%%{init: {'theme':'dark'}}%%", "%% comment", "click X call alert()", "end", "\"]", "\"] --> evil[\"x",
        "x\"| evil |\"", "\u{1B}[2J\u{1B}[H", "\r PASS: nothing to report", "x\u{85}PASS", "x\u{2028}PASS", "\u{202E}SSAP",
        "http://evil.example", "www.evil.example", "mail@evil.example", "*bold* _em_ ~~gone~~ $x^2$", "&amp; &#60; &lt;",
        "- item", "+ item", "1. item", "2) item", "> quote", "---", "***", "<!-- comment -->", "\\", "`code`", "``",
        "|", "]]>", "</testcase>", "\u{0}\u{7}\u{8}\u{7F}\u{9B}31m", "\t\u{B}\u{C}", "#quot;", "#34;", "<br/>", "a_b_",
        "_x_", "\u{FEFF}bom", "\u{2066}isolate\u{2069}", "'single' \"double\"", "[ref]: http://evil.example",
    ]

    /// The pieces random strings are made of.
    static let pieces: [String] = [
        "<", ">", "&", "\"", "'", "`", "```", "~", "|", "[", "]", "(", ")", "!", "*", "_", "#", "\\", "%%", "{", "}",
        ":", "//", "www.", "http://", "-", "+", "1.", " ", "\n", "\r", "\r\n", "\u{1B}[31m", "\u{1B}]0;title\u{7}",
        "\u{85}", "\u{9B}", "\u{2028}", "\u{2029}", "\u{202E}", "\u{200F}", "end", "click", "PASS", "]]>", "</",
        "script", "a", "b", "é", "→", "\u{0}", "\u{7F}", "$", "@", ";", "=",
    ]

    static func random(count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var text = ""
            for _ in 0..<Int.random(in: 1...10, using: &generator) {
                if Int.random(in: 0..<4, using: &generator) == 0 {
                    // Any scalar of the ranges that matter: C0, C1, separators, bidi, then plain ASCII.
                    let ranges: [ClosedRange<UInt32>] = [0x00...0x1F, 0x7F...0x9F, 0x2028...0x2029, 0x202A...0x202E, 0x20...0x7E]
                    let range = ranges[Int.random(in: 0..<ranges.count, using: &generator)]
                    text.unicodeScalars.append(Unicode.Scalar(UInt32.random(in: range, using: &generator))!)
                } else {
                    text += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
                }
            }
            return text
        }
    }

    /// Every fixed string, then 300 random ones.
    static let all: [String] = {
        var seen = Set<String>()
        return (fixed + random(count: 300, seed: 0x5EED_0012)).filter { !$0.isEmpty && seen.insert($0).inserted }
    }()
}

/// Gives each distinct original value its own replacement from `pool`, in the order asked: the same
/// walk over the same input gives the same values, so a hostile and a plain run line up.
final class Replacer {
    private let pool: [String]
    private var given: [String: String] = [:]

    init(pool: [String]) { self.pool = pool }

    /// Plain words (`value0`, `value1`, …): what the reports look like with harmless values.
    static var plain: Replacer { Replacer(pool: []) }
    static var hostile: Replacer { Replacer(pool: Hostile.all) }

    func callAsFunction(_ original: String) -> String {
        if let value = given[original] { return value }
        let index = given.count
        let value = pool.isEmpty ? "value\(index)" : pool[index % pool.count] + (index < pool.count ? "" : "\(index)")
        given[original] = value
        return value
    }
}

/// The snapshot with transit gateways added (issue 12), every string of theirs replaced: a gateway
/// owned by the first VPC's account with a route table; attachments of two VPCs (one associated, one
/// not) and a peering to a gateway elsewhere; and a gateway owned outside the snapshot. The snapshot
/// is built anew so that its lookups (by id, the accounts) hold them. Edges are drawn in attachment-id
/// order, which replacing the ids changes: every attachment has a state of its own (drawn as a
/// line), so that each edge has the same shape whatever its place.
func withTransitGateways(_ snapshot: Snapshot, _ replace: Replacer) -> Snapshot {
    let vpcs = snapshot.vpcs.filter { !$0.isDefault }
    let owner = vpcs[0].scope
    let gatewayId = replace("tgw-0hub"), tableId = replace("tgw-rtb-0spokes")
    let attachmentIds = (1...3).map { replace("tgw-attach-0\($0)") }
    let gateways = [
        TransitGateway(scope: owner, id: gatewayId, ownerId: owner.account, state: replace("gateway state"),
                       tags: Tags(["Name": replace("gateway Name tag")])),
        TransitGateway(scope: owner, id: replace("tgw-0elsewhere"), ownerId: replace("outside account"),
                       tags: Tags(["Name": replace("outside gateway Name tag")])),
    ]
    let attachments = [
        TransitGatewayAttachment(scope: owner, id: attachmentIds[0], transitGatewayId: gatewayId, resourceId: vpcs[0].id,
                                 state: replace("attachment state 1"), tags: Tags(["Name": replace("attachment Name tag")])),
        TransitGatewayAttachment(scope: owner, id: attachmentIds[1], transitGatewayId: gatewayId,
                                 resourceOwnerId: vpcs[1].scope.account, resourceId: vpcs[1].id, state: replace("attachment state 2")),
        TransitGatewayAttachment(scope: owner, id: attachmentIds[2], transitGatewayId: gatewayId, kind: .peering,
                                 resourceId: replace("peer gateway"), state: replace("attachment state 3"),
                                 peerTransitGatewayId: replace("peer gateway"), peerAccountId: replace("peer account"),
                                 peerRegion: replace("peer region")),
    ]
    let table = TransitGatewayRouteTable(
        scope: owner, id: tableId, transitGatewayId: gatewayId,
        associations: [.init(attachmentId: attachmentIds[0], resourceId: vpcs[0].id, state: "associated")],
        propagations: [], routes: [], tags: Tags(["Name": replace("route table Name tag")]))
    var coverage = snapshot.coverage
    coverage.set(.collected(files: []), scope: owner, action: .describeTransitGatewayRouteTables)
    return Snapshot(metadata: snapshot.metadata, scopes: snapshot.scopes, vpcs: snapshot.vpcs, subnets: snapshot.subnets,
                    routeTables: snapshot.routeTables, peerings: snapshot.peerings, securityGroups: snapshot.securityGroups,
                    flowLogs: snapshot.flowLogs, networkAcls: snapshot.networkAcls, endpoints: snapshot.endpoints,
                    prefixLists: snapshot.prefixLists, interfaces: snapshot.interfaces, instances: snapshot.instances,
                    transitGateways: gateways, transitGatewayAttachments: attachments, transitGatewayRouteTables: [table],
                    coverage: coverage, problems: snapshot.problems)
}

/// The finance-hub example with every string that comes from outside hubaudit (the snapshot's ids,
/// tags, names, regions, manifest fields, file names, error codes and messages; the policy's source,
/// parameters and waivers; the baseline's fields) replaced: the report input every writer formats.
enum HostileInput {
    /// The example as read and audited, once: each build only replaces its strings.
    static let example = Result { () throws -> (Snapshot, AuditResult) in
        let snapshot = try SnapshotReader.read(Repo.path("examples/finance-hub"))
        return (snapshot, RuleEngine.run(snapshot, configurations: Policy.builtIn.rules))
    }

    static func build(_ replace: Replacer) throws -> ReportInput {
        let (original, result) = try example.get()
        func scope(_ value: Scope) -> Scope { Scope(account: replace(value.account), region: replace(value.region)) }

        var snapshot = original
        snapshot.metadata.takenAt = replace("manifest taken_at")
        snapshot.metadata.collector = replace("manifest collector")
        snapshot.metadata.accountNames = Dictionary(uniqueKeysWithValues: original.metadata.accountNames.sorted { $0.key < $1.key }
            .map { (replace($0.key), replace("account name \($0.value)")) })
        snapshot.metadata.skippedFiles = [replace("skipped file 1"), replace("skipped file 2")]
        snapshot.scopes = original.scopes.map(scope)
        snapshot.vpcs = original.vpcs.map { vpc in
            var vpc = vpc
            vpc.id = replace(vpc.id)
            vpc.scope = scope(vpc.scope)
            vpc.tags = Tags(["Name": replace("Name tag of \(vpc.id)")])
            return vpc
        }
        snapshot.peerings = original.peerings.map { peering in
            var peering = peering
            peering.id = replace(peering.id)
            peering.statusCode = replace("status \(peering.statusCode)")
            for side in [\PeeringConnection.requester, \PeeringConnection.accepter] {
                peering[keyPath: side].vpcId = replace(peering[keyPath: side].vpcId)
                peering[keyPath: side].ownerId = replace(peering[keyPath: side].ownerId)
            }
            return peering
        }
        // One peering with a VPC outside the snapshot: drawn as a node of its own.
        if var outside = snapshot.peerings.first {
            outside.id = replace("outside peering")
            outside.accepter.vpcId = replace("outside vpc")
            snapshot.peerings.append(outside)
        }
        snapshot.problems = [InputProblem(file: replace("problem file"), line: 7, message: replace("problem message")),
                             InputProblem(file: replace("problem file 2"), message: replace("problem message 2"))]
        var coverage = Coverage()
        for place in original.coverage.scopes {
            for action in Action.allCases { coverage.set(original.coverage.status(place, action), scope: scope(place), action: action) }
        }
        let gapScope = scope(original.coverage.scopes[0])
        coverage.set(.failed(code: replace("error code"), message: replace("error message")), scope: gapScope, action: .describeFlowLogs)
        coverage.set(.unreadable(file: replace("unreadable file"), message: replace("parser message")), scope: gapScope,
                     action: .describeNetworkAcls)
        snapshot.coverage = coverage
        snapshot = withTransitGateways(snapshot, replace)

        var audit = result
        audit.findings = result.findings.map { finding in
            var finding = finding
            finding.message = replace("message \(finding.fingerprint)")
            finding.evidence = [replace("evidence 1 \(finding.fingerprint)"), replace("evidence 2 \(finding.fingerprint)")]
            finding.resourceIds = finding.resourceIds.map { replace($0) }
            finding.scope = scope(finding.scope)
            finding.remediation = replace("remediation \(finding.ruleId)/\(finding.caseId)")
            finding.fixCommands = finding.fixCommands.map { replace($0) }
            finding.fingerprint = replace("fingerprint \(finding.fingerprint)")
            return finding
        }
        let gap = NotEvaluated(ruleId: "vpc-flow-logs", scope: gapScope, resourceIds: [replace("gap resource")],
                               reason: .missingInput, detail: replace("gap detail"))
        let acceptedGap = NotEvaluated(ruleId: "sg-broad-ingress", scope: gapScope, reason: .missingInput,
                                       detail: replace("accepted gap detail"))
        audit.notEvaluated += [gap, acceptedGap]

        var policy = Policy.builtIn
        policy.source = replace("policy source")
        policy.rules["vpc-flow-logs", default: RuleConfiguration()].parameters["required_traffic_type"] = .string(replace("parameter"))

        let first = audit.findings[0]
        let waived = [first.fingerprint: WaiverNote(id: replace("waiver id"), reason: replace("waiver reason"),
                                                     owner: replace("waiver owner"), expires: replace("waiver expires"))]
        func waiver(_ name: String) -> Waiver {
            Waiver(id: replace("\(name) id"), rule: replace("\(name) rule"), resources: [replace("\(name) resource")],
                   reason: replace("\(name) reason"), owner: replace("\(name) owner"), expires: replace("\(name) expires"),
                   origin: replace("\(name) origin"))
        }
        var outcome = WaiverOutcome()
        outcome.expired = [(waiver("expired waiver"), [first.fingerprint])]
        outcome.stale = [waiver("stale waiver")]

        let previous = BaselineReport.Entry(
            fingerprint: replace("old fingerprint"), rule: replace("old rule"), case: replace("old case"),
            severity: replace("old severity"), account: replace("old account"), region: replace("old region"),
            message: replace("old message"), waiver: .init(id: replace("old waiver")))
        let baseline = BaselineReport(path: replace("baseline path"), takenAt: replace("baseline taken_at"),
                                      findings: [previous, BaselineReport.Entry(first, waiverId: nil)])
        let verdict = Verdict.decide(findings: audit.findings, notEvaluated: [gap], problems: snapshot.problems,
                                     threshold: policy.failOn, waived: Set(waived.keys), expiredWaivers: 1)
        return ReportInput(snapshot: snapshot, snapshotLabel: replace("snapshot label"), result: audit, policy: policy,
                           verdict: verdict, waived: waived,
                           baseline: BaselineComparison(baseline: baseline, current: audit.findings.map(\.fingerprint)),
                           waiverReview: WaiverReview(asOf: replace("as of"), outcome: outcome),
                           acceptedGaps: [acceptedGap: replace("accepted reason")])
    }
}
