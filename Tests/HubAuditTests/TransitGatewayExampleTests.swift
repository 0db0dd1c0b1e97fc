import Foundation
import HubAudit
import Testing

/// examples/tgw-hub with policies/tgw-hub.yml (issue 12): each planted defect reported once, by
/// resource id, and the correct resources left alone. The ids are moto's seeded ones
/// (examples/tgw-hub.md lists the organisation; record_examples.py prints the ids).
struct TransitGatewayExampleTests {
    static let json = Scan.run(ScanRequest(snapshotPath: Repo.path("examples/tgw-hub"), policyPath: Repo.path("policies/tgw-hub.yml"),
                                           snapshotLabel: "examples/tgw-hub")).json ?? ""

    static func findings() throws -> [[String: Any]] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try #require(document["findings"] as? [[String: Any]])
    }

    typealias Expected = ExampleReportTests.Expected

    /// The README's planted defects, one per transit-gateway check.
    static let planted: [Expected] = [
        // 1. analytics-b-rt has no route back to shared services' subnets.
        Expected(rule: "tgw-routes", case: "one-way-path", resource: "rtb-ffa56a7502e234a8e", "tgw-2ef1fd780aa34d0b0"),
        // 2. payments-rt sends 10.50.0.0/16 into the spokes table's blackhole.
        Expected(rule: "tgw-routes", case: "route-to-blackhole", resource: "rtb-0d90f18da805a9a88", "tgw-rtb-13ef485c94aedeb76"),
        // 3. payments-batch's attachment is associated with no table.
        Expected(rule: "tgw-routes", case: "unassociated-attachment", resource: "tgw-attach-b45a38ccd0bef1d2f"),
        // 4. analytics-sandbox routes to hub-tgw without an attachment.
        Expected(rule: "tgw-routes", case: "route-to-unattached-gateway", resource: "rtb-b23c6d1879e82ffa5"),
        // 5. payments-reporting (us-east-1c) is outside payments' attachment zones.
        Expected(rule: "tgw-routes", case: "uncovered-availability-zone", resource: "tgw-attach-1f4f027886a6848eb",
                 "subnet-a14d4817f3f53fd81"),
        // 6. the spokes table (payments') routes analytics' block to analytics.
        Expected(rule: "isolation-breach", case: "isolated-route", resource: "tgw-rtb-13ef485c94aedeb76", "tgw-attach-d185bcb6d00bedf0f"),
        // 7. legacy-tgw's settings and its inspection attachment.
        Expected(rule: "tgw-settings", case: "auto-accept-shared-attachments", resource: "tgw-ff2b638d9e08dfcb3"),
        Expected(rule: "tgw-settings", case: "default-route-table-with-isolation", resource: "tgw-ff2b638d9e08dfcb3"),
        Expected(rule: "tgw-settings", case: "appliance-mode-off", resource: "tgw-attach-62f9970bc5385fe06"),
        // 8. analytics and analytics-dr propagate 10.2.0.0/16 into the hub table.
        Expected(rule: "overlapping-vpc-cidrs", case: "transit-gateway-overlap", resource: "vpc-3cf5ff7575ab86a6f", "vpc-b2be8e01a190bf09d"),
        // The policy's intent that defect 1 breaks.
        Expected(rule: "reachability-intent", case: "missing-path", resource: "rtb-ffa56a7502e234a8e"),
    ]

    @Test(arguments: planted)
    func eachPlantedDefectIsReportedOnce(expected: Expected) throws {
        let matches = try Self.findings().filter {
            $0["rule"] as? String == expected.rule && $0["case"] as? String == expected.case
                && Set($0["resources"] as? [String] ?? []).isSuperset(of: expected.resources)
        }
        #expect(matches.count == 1, "\(expected.rule)/\(expected.case) on \(expected.resources)")
        let evidence = matches.first?["evidence"] as? [String] ?? []
        #expect(!evidence.isEmpty)
    }

    /// The CIS baseline rules that flag the AWS defaults moto gives every VPC (the default network
    /// ACL admits all traffic, the default group sends all): true findings, but not the example's
    /// planted defects — checked apart, below.
    static let awsDefaultRules: Set<String> = ["nacl-open-admin-ports", "default-security-group"]

    /// The example's VPCs with instances have no internet route and no Session Manager endpoint: true
    /// findings of `ssm-endpoints` (one `endpoint-missing` per such VPC), not planted defects.
    @Test func vpcsWithInstancesLackSessionManagerEndpoints() throws {
        let ssm = try Self.findings().filter { $0["rule"] as? String == "ssm-endpoints" }
        let byVpc = Dictionary(uniqueKeysWithValues: ssm.map { (($0["resources"] as? [String])?.first ?? "", $0["case"] as? String ?? "") })
        #expect(byVpc == ["vpc-bb75d55e3d2a31305": "endpoint-missing", "vpc-97081a761aca52d02": "endpoint-missing",
                          "vpc-3cf5ff7575ab86a6f": "endpoint-missing"])
    }

    static func isAboutSessionManager(_ finding: [String: Any]) -> Bool { finding["rule"] as? String == "ssm-endpoints" }

    static func isAboutAWSDefaults(_ finding: [String: Any]) -> Bool {
        awsDefaultRules.contains(finding["rule"] as? String ?? "")
    }

    /// Nothing but the planted defects: one finding each.
    @Test func noOtherFindings() throws {
        let findings = try Self.findings().filter { !Self.isAboutAWSDefaults($0) && !Self.isAboutSessionManager($0) }
        #expect(findings.count == Self.planted.count, "\(findings.map { "\($0["rule"] ?? "")/\($0["case"] ?? "")" })")
    }

    /// The baseline rules flag exactly the defaults: each of the 7 VPCs' default ACL (rule 100 admits
    /// all traffic) and its unused default group (all traffic out), and — one level lower — the 4 ACLs
    /// moto leaves behind the deleted default VPCs, which filter no subnet.
    @Test func theAWSDefaultsAreFlaggedOncePerVpcAndNothingElseByTheBaselineRules() throws {
        let findings = try Self.findings().filter(Self.isAboutAWSDefaults)
        let acls = findings.filter { $0["rule"] as? String == "nacl-open-admin-ports" }
        let groups = findings.filter { $0["rule"] as? String == "default-security-group" }
        #expect(acls.count == 11)
        #expect(acls.allSatisfy { ($0["message"] as? String ?? "").hasSuffix("admits tcp 22, 3389; udp 22, 3389 from 0.0.0.0/0 (rule 100)") })
        let inUse = acls.filter { ($0["evidence"] as? [String] ?? []).contains { $0.hasPrefix("the VPC's default network ACL, associated with") } }
        #expect(inUse.count == 7)
        #expect(inUse.allSatisfy { $0["severity"] as? String == "medium" })
        #expect(acls.filter { $0["severity"] as? String == "low" }.count == 4)
        #expect(groups.count == 7)
        #expect(groups.allSatisfy { $0["severity"] as? String == "low" && ($0["message"] as? String ?? "").hasSuffix("no network interface uses it") })
        #expect(Set(groups.compactMap { ($0["resources"] as? [String])?.last }) == Set(inUse.compactMap { ($0["resources"] as? [String])?.last }))
    }

    /// Correct resources that must not be named by any finding.
    @Test(arguments: [
        "tgw-attach-847509d1c9e142ab2", // shared services' attachment: two zones, appliance mode on, associated with hub
        "rtb-171a6ededea8c962f", // analytics-rt: routes the hub both ways
        "tgw-attach-6f737d1724f472c78", // analytics-dr's attachment: associated; its propagation loses the overlap (named by the VPC)
        "tgw-rtb-e8e6f20fade28385f", // the hub table: every spoke propagates, as designed
        "vpc-bb75d55e3d2a31305", // shared services: the hub
    ])
    func correctResourcesAreLeftAlone(resource: String) throws {
        // The hub VPC keeps AWS's default ACL and group, and has no Session Manager endpoint: those
        // findings name it, and are checked above.
        let hits = try Self.findings().filter {
            !Self.isAboutAWSDefaults($0) && !Self.isAboutSessionManager($0) && ($0["resources"] as? [String] ?? []).contains(resource)
        }
        #expect(hits.isEmpty, "\(resource) flagged: \(hits.map { $0["message"] ?? "" })")
    }

    /// hub-tgw (auto-accept, default association and propagation off) is not a settings finding.
    @Test func theHubGatewaysSettingsPass() throws {
        let hits = try Self.findings().filter { $0["rule"] as? String == "tgw-settings" && ($0["resources"] as? [String] ?? []).contains("tgw-2ef1fd780aa34d0b0") }
        #expect(hits.isEmpty)
    }
}
