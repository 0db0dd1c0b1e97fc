import Foundation
import HubAudit
import Testing

/// reports/ holds the reports of the bundled examples so a reader sees the output without
/// running anything; these tests keep them equal to a fresh run, and check what they must say.
struct ExampleReportTests {
    /// The reports in reports/, each the scan of an example folder.
    static let examples = ["finance-hub", "finance-hub-policy", "peering-pair", "tgw-hub"]
    /// The reports scanned with a policy (the hubs, spokes, isolation and waivers it declares), named
    /// in the reports by its path in the repository.
    static let policies = ["tgw-hub": "policies/tgw-hub.yml", "finance-hub-policy": "policies/finance-hub.yml"]
    /// The example folder of a report named otherwise: finance-hub under its gate policy.
    static let folders = ["finance-hub-policy": "finance-hub"]
    /// Waivers expire: a report that applies them is made as of a fixed day, so it stays the same.
    static let asOf = ["finance-hub-policy": "2026-11-30"]

    static func scan(_ example: String) -> ScanOutcome {
        let policy = policies[example], folder = "examples/\(folders[example] ?? example)"
        return Scan.run(ScanRequest(snapshotPath: Repo.path(folder), policyPath: policy.map(Repo.path), asOf: asOf[example],
                                    snapshotLabel: folder, policyLabel: policy))
    }

    @Test(arguments: examples)
    func reportsInTheRepositoryMatchAFreshRun(example: String) throws {
        let outcome = Self.scan(example)
        // Where the repository was cloned must not show: the reports would differ from one clone to the next.
        #expect(!(outcome.json ?? "").contains(Repo.root.path) && !(outcome.markdown ?? "").contains(Repo.root.path))
        try assertMatchesGolden(try #require(outcome.json), path: Repo.path("reports/\(example).json"))
        try assertMatchesGolden(try #require(outcome.markdown), path: Repo.path("reports/\(example).md"))
    }

    @Test(arguments: examples)
    func sameInputGivesByteIdenticalReports(example: String) {
        let first = Self.scan(example), second = Self.scan(example)
        #expect(first.json == second.json)
        #expect(first.markdown == second.markdown)
    }

    struct Expected: Sendable {
        var rule: String
        var `case`: String
        /// Ids the finding must name (all of them).
        var resources: [String]

        init(rule: String, case caseId: String, resource: String...) {
            self.rule = rule
            self.case = caseId
            self.resources = resource
        }
    }

    /// The defects planted by examples/record_examples.py, by resource id.
    static let planted: [Expected] = [
        Expected(rule: "overlapping-vpc-cidrs", case: "common-peer-overlap", resource: "vpc-896dbfea67c783140"),
        // finance-db uses the main table, which has no route back to marketing.
        Expected(rule: "peering-routes", case: "missing-return-route", resource: "rtb-5efaacc9d3c2d1d15", "pcx-c52319df5537f408f"),
        Expected(rule: "peering-routes", case: "route-beyond-peer", resource: "rtb-c57d724ae6a8ff89b"),
        Expected(rule: "peering-routes", case: "route-to-inactive-peering", resource: "pcx-2b38661691cc6f2ee"),
        Expected(rule: "sg-broad-ingress", case: "internet-sensitive-port", resource: "sg-d57a34de847d48232"),
        Expected(rule: "sg-broad-ingress", case: "internet-sensitive-port", resource: "sg-eaee4363c9442230e"),
        Expected(rule: "sg-broad-ingress", case: "internet-sensitive-port", resource: "sg-361d50d31b18f105c"),
        Expected(rule: "sg-broad-ingress", case: "internet-sensitive-port", resource: "sg-675f85de99b37b06d"),
        Expected(rule: "sg-broad-ingress", case: "private-too-wide", resource: "sg-c39ccae629ae66ed5"),
        Expected(rule: "vpc-flow-logs", case: "no-flow-log", resource: "vpc-0009fa12850f36573"),
        // finance<->marketing-archive: active, no route through it on either side.
        Expected(rule: "unused-peering", case: "no-route-through-peering", resource: "pcx-740c6fff9c3ef084f"),
        // sandbox-nacl denies tcp 22 from anywhere at rule 100, then admits everything at 110: 3389 is open.
        Expected(rule: "nacl-open-admin-ports", case: "internet-admin-port", resource: "acl-e6a57e4f529ed48dc"),
        // archive-sg admits 443 from marketing-web-sg across the deleted marketing<->marketing-archive peering.
        Expected(rule: "stale-security-group-reference", case: "reference-across-inactive-peering",
                 resource: "sg-12c32e1f4125f9532", "sg-eaee4363c9442230e", "pcx-057007904a246a2fe"),
        Expected(rule: "vpc-flow-logs", case: "insufficient-traffic-type", resource: "vpc-08fa0c3cde61054a2"),
    ]

    /// Scanned once per example for all the cases that read it.
    static let reports = Dictionary(uniqueKeysWithValues: examples.map { ($0, scan($0).json ?? "") })

    static func findings(_ example: String) throws -> [[String: Any]] {
        let json = try #require(reports[example])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try #require(document["findings"] as? [[String: Any]])
    }

    @Test(arguments: planted)
    func financeHubReportsEachPlantedDefect(expected: Expected) throws {
        let matches = try Self.findings("finance-hub").filter {
            $0["rule"] as? String == expected.rule && $0["case"] as? String == expected.case
                && Set($0["resources"] as? [String] ?? []).isSuperset(of: expected.resources)
        }
        #expect(matches.count == 1, "\(expected.rule)/\(expected.case) on \(expected.resources)")
        let evidence = matches.first?["evidence"] as? [String] ?? []
        #expect(!evidence.isEmpty)
    }

    /// Correct resources of the finance hub that must not appear in any finding.
    @Test(arguments: [
        "sg-d6bb4ec8c36d27c21", // finance-app-sg: 443 from the two spokes' blocks
        "sg-8b46ace7f97169a82", // finance-vpn-sg: 22 from the corp-vpn prefix list
        "fl-d1d0829d56d2711ff", // the finance VPC's flow log, ALL
        // finance VPC: logged (its routing gaps are named by route table); its own finding is ssm-endpoints',
        // checked in financeHubsIsolatedInstancesLackSessionManagerEndpoints.
        "vpc-ef359c86558accdd3:vpc-flow-logs",
        "vpc-896dbfea67c783140:vpc-flow-logs", // dev-sandbox: covered at subnet level
        "vpc-d787cbefb0a1a3c80:overlapping-vpc-cidrs", // default VPCs overlap by design
        "vpc-a0c73988f87339ce6:overlapping-vpc-cidrs",
    ])
    func financeHubLeavesCorrectResourcesAlone(spec: String) throws {
        let parts = spec.split(separator: ":").map(String.init)
        let relevant = try Self.findings("finance-hub").filter { parts.count == 1 || $0["rule"] as? String == parts[1] }
        let hits = relevant.filter { finding in
            let resources = finding["resources"] as? [String] ?? []
            // The finance VPC id legitimately appears in messages of route findings; only its own findings count.
            return parts[0] == "vpc-ef359c86558accdd3" ? resources.first == parts[0] : resources.contains(parts[0])
        }
        #expect(hits.isEmpty, "\(spec) flagged: \(hits.map { $0["message"] ?? "" })")
    }

    /// peering-pair is built right for its peering (routes both ways, ICMP from the peer only, flow
    /// logs): it passes the gate, and no rule about the peering finds anything. What the CIS baseline
    /// rules flag are the AWS defaults it keeps, below the threshold: each VPC's default network ACL
    /// (rule 100 admits all traffic, so 22 and 3389 from anywhere), each unused default security group
    /// (all traffic out), and the ACLs moto leaves behind its deleted default VPCs (filtering no subnet:
    /// low). Re-recording the example with closed defaults would make it findings-free again. The
    /// requester VPC has the three Session Manager endpoints and passes `ssm-endpoints`; the accepter's
    /// instance (the ping target) has no internet route and no endpoint: one `endpoint-missing`, medium,
    /// below the threshold.
    @Test func peeringPairPassesWithOnlyTheAWSDefaultsFlagged() throws {
        let outcome = Self.scan("peering-pair")
        #expect(outcome.exitCode == 0)
        let findings = try Self.findings("peering-pair")
        let byRule = Dictionary(grouping: findings) { $0["rule"] as? String ?? "" }.mapValues { $0.map { $0["severity"] as? String ?? "" }.sorted() }
        #expect(byRule == ["nacl-open-admin-ports": ["low", "low", "medium", "medium"], "default-security-group": ["low", "low"],
                           "ssm-endpoints": ["medium"]])
        let ssm = findings.filter { $0["rule"] as? String == "ssm-endpoints" }
        #expect(ssm.map { $0["case"] as? String } == ["endpoint-missing"])
        #expect(ssm.first?["resources"] as? [String] == ["vpc-e9ad253834ac0e455", "i-0cd9b52028f36744f"])
    }

    /// finance-hub's VPCs with instances have no internet route (no internet or NAT gateway) and no
    /// interface endpoint: one `endpoint-missing` per VPC, naming its instances.
    @Test func financeHubsIsolatedInstancesLackSessionManagerEndpoints() throws {
        let ssm = try Self.findings("finance-hub").filter { $0["rule"] as? String == "ssm-endpoints" }
        let byVpc = Dictionary(uniqueKeysWithValues: ssm.map { (($0["resources"] as? [String])?.first ?? "", $0["case"] as? String ?? "") })
        #expect(byVpc == ["vpc-ef359c86558accdd3": "endpoint-missing", "vpc-0009fa12850f36573": "endpoint-missing",
                          "vpc-08fa0c3cde61054a2": "endpoint-missing"])
    }

    /// Under its gate policy (finance is the hub of marketing and developer) the hub's peerings must
    /// resolve names privately: finance<->marketing does both ways; finance<->developer does not —
    /// developer never allowed it on its side and keeps DNS hostnames off (planted).
    @Test func financeHubUnderItsPolicyFlagsThePlantedDnsGaps() throws {
        let dns = try Self.findings("finance-hub-policy").filter { $0["rule"] as? String == "peering-dns" }
        let cases = dns.map { "\($0["case"] as? String ?? "") \(($0["resources"] as? [String] ?? []).joined(separator: " "))" }.sorted()
        #expect(cases == ["dns-hostnames-disabled vpc-08fa0c3cde61054a2 pcx-37a38a4cc5b20f1d1",
                          "remote-dns-resolution-disabled pcx-37a38a4cc5b20f1d1 vpc-08fa0c3cde61054a2 vpc-ef359c86558accdd3"])
        #expect(!dns.contains { ($0["resources"] as? [String] ?? []).contains("pcx-c52319df5537f408f") })
    }
}
