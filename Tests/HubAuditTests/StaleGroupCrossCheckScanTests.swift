import Foundation
import HubAudit
import HubModel
import HubSnapshot
import Testing

/// The finance-hub example as `hubaudit collect` leaves it against moto 5.2.1, which lacks
/// DescribeStaleSecurityGroups: every VPC's call recorded as failed in the manifest. A cross-check
/// no rule needs: the scan lists it as not collected and decides exactly as without it (never exit 2).
struct StaleGroupCrossCheckScanTests {
    /// The example as a collector that never asked for the call would have left it: the call gone
    /// from the manifest's actions and failures (the tests add back what they need).
    static func example() throws -> (folder: URL, snapshot: Snapshot) {
        let folder = try Repo.temporaryFolder().appendingPathComponent("snapshot")
        try FileManager.default.copyItem(at: Repo.root.appendingPathComponent("examples/finance-hub"), to: folder)
        try removeFromManifest("DescribeStaleSecurityGroups", in: folder)
        return (folder, try SnapshotReader.read(folder.path))
    }

    /// Adds the call to the manifest's actions, and `failures` to its failures.
    static func amendManifest(_ folder: URL, failures: [[String: Any]]) throws {
        let url = folder.appendingPathComponent("manifest.json")
        var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        manifest["actions"] = (manifest["actions"] as? [String] ?? []) + ["DescribeStaleSecurityGroups"]
        manifest["failures"] = (manifest["failures"] as? [[String: Any]] ?? []) + failures
        try JSONSerialization.data(withJSONObject: manifest).write(to: url)
    }

    static func scan(_ folder: URL) throws -> (outcome: ScanOutcome, report: [String: Any]) {
        let outcome = Scan.run(ScanRequest(snapshotPath: folder.path, jsonPath: "-", asOf: "2026-11-23"))
        let json = try #require(outcome.json, "\(outcome.diagnostics)")
        return (outcome, try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]))
    }

    static func fingerprints(_ report: [String: Any]) -> [String] {
        (report["findings"] as? [[String: Any]] ?? []).compactMap { $0["fingerprint"] as? String }
    }

    @Test func motosRefusalIsNotCollectedNeverUntrusted() throws {
        let (folder, snapshot) = try Self.example()
        let (before, beforeReport) = try Self.scan(folder)
        try Self.amendManifest(folder, failures: snapshot.vpcs.map { vpc in
            ["account": vpc.scope.account, "region": vpc.scope.region, "action": "DescribeStaleSecurityGroups.\(vpc.id)",
             "code": "HTTP500", "message": "HTTP status 500 without an AWS error body", "http_status": 500]
        })
        let (after, report) = try Self.scan(folder)
        #expect(before.exitCode == 1)
        #expect(after.exitCode == 1)
        #expect(after.verdict?.status == .fail)
        #expect(Self.fingerprints(report) == Self.fingerprints(beforeReport))
        #expect((report["not_evaluated"] as? [Any])?.count == (beforeReport["not_evaluated"] as? [Any])?.count)
        // Listed as not collected in every account/region, with moto's answer.
        let coverage = report["coverage"] as? [[String: Any]] ?? []
        let gaps = coverage.flatMap { $0["gaps"] as? [[String: Any]] ?? [] }.filter { $0["action"] as? String == "DescribeStaleSecurityGroups" }
        #expect(gaps.count == Set(snapshot.vpcs.map(\.scope)).count)
        #expect(gaps.allSatisfy { ($0["status"] as? String)?.hasPrefix("failed: HTTP500") == true })
        let reasons = after.verdict?.reasons ?? []
        #expect(reasons.contains("the cross-check DescribeStaleSecurityGroups was not collected in 3 account/regions "
            + "(no rule needs it: the findings stand on the snapshot alone there)"))
        #expect(after.markdown?.contains("DescribeStaleSecurityGroups: failed: HTTP500") == true)
    }

    /// A snapshot whose collector never asked for the call: no gap, no caveat (older snapshots scan as before).
    @Test func aSnapshotThatNeverAskedHasNoGapForIt() throws {
        let (folder, _) = try Self.example()
        let (outcome, report) = try Self.scan(folder)
        let coverage = report["coverage"] as? [[String: Any]] ?? []
        #expect(!coverage.contains { ($0["gaps"] as? [[String: Any]] ?? []).contains { $0["action"] as? String == "DescribeStaleSecurityGroups" } })
        #expect(!(outcome.markdown ?? "").contains("DescribeStaleSecurityGroups:"))
        #expect(!(outcome.verdict?.reasons ?? []).contains { $0.contains("cross-check") })
    }

    /// Where the call was read, a stale rule EC2 reports that the snapshot does not hold is a finding.
    @Test func aReportedStaleReferenceTheSnapshotLacksIsAFinding() throws {
        let (folder, snapshot) = try Self.example()
        let group = try #require(snapshot.securityGroups.first { !$0.vpcId.isEmpty })
        try Self.amendManifest(folder, failures: [])
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <DescribeStaleSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>
            <staleSecurityGroupSet><item><vpcId>\(group.vpcId)</vpcId><groupId>\(group.id)</groupId><groupName>\(group.name)</groupName>
            <staleIpPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort><groups><item>
            <groupId>sg-0123456789abcdef0</groupId><userId>\(group.ownerId)</userId></item></groups></item></staleIpPermissions>
            </item></staleSecurityGroupSet></DescribeStaleSecurityGroupsResponse>
            """.write(to: folder.appendingPathComponent("\(group.scope.account)/\(group.scope.region)/DescribeStaleSecurityGroups.\(group.vpcId).xml"),
                      atomically: true, encoding: .utf8)
        let (outcome, report) = try Self.scan(folder)
        #expect(outcome.exitCode == 1)
        let findings = (report["findings"] as? [[String: Any]] ?? []).filter { $0["case"] as? String == "reported-stale-reference" }
        #expect(findings.count == 1)
        #expect((findings.first?["resources"] as? [String])?.prefix(3) == [group.id, group.vpcId, "sg-0123456789abcdef0"])
    }

    /// `hubaudit rules` lists the cross-check apart from what the rule needs.
    @Test func theRulesListingSaysTheCrossCheckIsNeverNeeded() throws {
        let listing = RulesListing.render()
        let section = try #require(listing.components(separatedBy: "\n\n").first { $0.hasPrefix("stale-security-group-reference") })
        #expect(section.contains("  needs: DescribeSecurityGroups, DescribeVpcPeeringConnections\n"))
        #expect(section.contains("  compares with, where collected (never needed): DescribeStaleSecurityGroups"))
    }
}
