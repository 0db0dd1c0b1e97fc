import Foundation
import Testing

/// The two automated users: the pre-production gate and the nightly scan, end to end.
struct GateAndNightlyTests {
    static let policy = "policies/finance-hub.yml"

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func findings(_ report: [String: Any]) -> [[String: Any]] { report["findings"] as? [[String: Any]] ?? [] }

    @Test func hubIntentFindsTheIsolationBreachAndAcceptsTheConnectedSpokes() throws {
        let folder = try Repo.temporaryFolder()
        let out = folder.appendingPathComponent("r.json").path
        let result = try runHubaudit(["scan", "examples/finance-hub", "--policy", Self.policy, "--as-of", "2026-11-23", "--json", out])
        #expect(result.status == 1)
        let findings = Self.findings(try Self.json(out))
        let isolation = findings.filter { $0["rule"] as? String == "isolation-breach" }
        // The pending marketing→developer peering, its route, and developer's route to marketing through the hub.
        #expect(isolation.map { $0["case"] as? String ?? "" }.sorted() == ["isolated-peering", "isolated-route", "isolated-route"])
        #expect(!findings.contains { $0["rule"] as? String == "hub-spoke-connectivity" })
        // Account names come from the policy.
        #expect(findings.contains { $0["account_name"] as? String == "developer" })
    }

    @Test func aWaivedFindingStaysInTheReportButDoesNotFailTheGate() throws {
        let folder = try Repo.temporaryFolder()
        let waivers = folder.appendingPathComponent("waivers.yml")
        try """
            version: 1
            waivers:
              - id: ISO-1
                rule: isolation-breach
                resources: ["pcx-2b38661691cc6f2ee"]
                reason: marketing/developer data exchange approved until the transit gateway lands
                owner: network-team@example.com
                expires: 2026-12-15
            """.write(to: waivers, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("r.json").path
        let args = ["scan", "examples/finance-hub", "--policy", Self.policy, "--fail-on", "critical", "--json", out]
        #expect(try runHubaudit(args + ["--as-of", "2026-11-23"]).status == 1) // the isolated peering is critical
        let waived = try runHubaudit(args + ["--as-of", "2026-11-23", "--waivers", waivers.path])
        #expect(waived.status == 0)
        #expect(waived.stdout.contains("[waived: ISO-1 until 2026-12-15]"))
        let report = try Self.json(out)
        let peering = Self.findings(report).first { $0["case"] as? String == "isolated-peering" }
        #expect((peering?["waiver"] as? [String: Any])?["owner"] as? String == "network-team@example.com")
        // After the expiry day the waiver stops applying, and the report says so.
        let expired = try runHubaudit(args + ["--as-of", "2026-12-16", "--waivers", waivers.path])
        #expect(expired.status == 1)
        #expect(expired.stderr.contains("waiver ISO-1 expired on 2026-12-15"))
        let expiredList = (try Self.json(out)["waivers"] as? [String: Any])?["expired"] as? [[String: Any]] ?? []
        #expect(expiredList.map { $0["id"] as? String } == ["NET-087", "ISO-1"]) // policy first, then the file
    }

    /// The nightly snapshots were recorded with other ids: the finance policy's waiver matches nothing there.
    @Test func aStaleWaiverIsReported() throws {
        let folder = try Repo.temporaryFolder()
        let out = folder.appendingPathComponent("r.md").path
        let result = try runHubaudit(["scan", "examples/nightly/2026-11-22T020000Z", "--policy", Self.policy,
                                      "--as-of", "2026-11-23", "--markdown", out])
        #expect(result.status == 1)
        #expect(result.stderr.contains("waiver NET-101 matches no finding"))
        // The owner's `@` is escaped: an address in a value is text, not a mailto link (it reads the same).
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("`NET-101` (sg-broad-ingress, owner finance-platform\\@example.com, policies/finance-hub.yml:26) is **stale**"))
    }

    /// DescribeFlowLogs missing for one account: the gate fails closed (2) unless the policy accepts that gap.
    @Test func aMissingInputFailsClosedUnlessThePolicyAcceptsIt() throws {
        let folder = try Repo.temporaryFolder()
        let snapshot = folder.appendingPathComponent("snap")
        try FileManager.default.copyItem(atPath: Repo.path("examples/peering-pair"), toPath: snapshot.path)
        try FileManager.default.removeItem(at: snapshot.appendingPathComponent("555555555555/us-east-1/DescribeFlowLogs.xml"))
        let closed = try runHubaudit(["scan", snapshot.path])
        #expect(closed.status == 2)
        #expect(closed.stdout.contains("NOT EVALUATED vpc-flow-logs 555555555555/us-east-1: DescribeFlowLogs missing"))
        let policy = folder.appendingPathComponent("p.yml")
        try """
            version: 1
            accepted_gaps:
              - accounts: ["555555555555"]
                actions: [DescribeFlowLogs]
                reason: flow logs of the accepter are audited by its owner
            """.write(to: policy, atomically: true, encoding: .utf8)
        let accepted = try runHubaudit(["scan", snapshot.path, "--policy", policy.path])
        #expect(accepted.status == 0)
        #expect(accepted.stdout.contains("[accepted: flow logs of the accepter are audited by its owner]"))
        // Accepting another account's gap does not help.
        try policy.path.write(toFile: folder.appendingPathComponent("unused").path, atomically: true, encoding: .utf8)
        try """
            version: 1
            accepted_gaps:
              - accounts: ["444444444444"]
                actions: [DescribeFlowLogs]
                reason: wrong account
            """.write(to: policy, atomically: true, encoding: .utf8)
        #expect(try runHubaudit(["scan", snapshot.path, "--policy", policy.path]).status == 2)
    }

    @Test func theNightlyStoreComparesWithThePreviousNight() throws {
        let reports = try Repo.temporaryFolder().path
        let result = try runHubaudit(["scan", "--store", "examples/nightly", "--reports", reports])
        #expect(result.status == 1)
        // Unchanged: 15, the CIS baseline rules' 16 on AWS's default ACLs and groups (one per VPC each), ssm-endpoints' 3
        // (the finance, marketing and developer VPCs: instances without internet route, no endpoints), the
        // marketing-archive plants (its unused peering, its stale group reference, its missing flow log), and
        // sandbox-nacl's 3389 from anywhere.
        #expect(result.stdout.contains("CHANGES since 2026-11-22T02:00:00Z: 1 new, 2 resolved, 38 unchanged"))
        let review = try String(contentsOfFile: "\(reports)/2026-11-23T020000Z/review.md", encoding: .utf8)
        let lines = review.split(separator: "\n")
        #expect(lines.count > 2)
        #expect(lines[1] == "## What changed since 2026-11-22T02:00:00Z")
        let report = try Self.json("\(reports)/2026-11-23T020000Z/report.json")
        let new = Self.findings(report).filter { $0["change"] as? String == "new" }
        #expect(new.map { $0["message"] as? String ?? "" }.first?.contains("tcp 3306 from 0.0.0.0/0") == true)
        let resolved = (report["changes"] as? [String: Any])?["resolved"] as? [[String: Any]] ?? []
        #expect(resolved.count == 2)
        #expect(resolved.allSatisfy { $0["case"] as? String == "missing-return-route" })

        let diff = try runHubaudit(["diff", "\(reports)/2026-11-22T020000Z/report.json", "\(reports)/2026-11-23T020000Z/report.json"])
        #expect(diff.status == 1)
        #expect(diff.stdout.contains("1 new, 2 resolved, 38 unchanged"))
        let same = try runHubaudit(["diff", "\(reports)/2026-11-23T020000Z/report.json", "\(reports)/2026-11-23T020000Z/report.json"])
        #expect(same.status == 0)
        #expect(same.stdout.contains("0 new, 0 resolved"))
    }

    @Test func aScanNeedsASnapshotOrAStore() throws {
        #expect(try runHubaudit(["scan"]).status == 64)
        #expect(try runHubaudit(["scan", "examples/finance-hub", "--store", "examples/nightly"]).status == 64)
        // A bad --as-of is a usage error, like a bad --fail-on.
        #expect(try runHubaudit(["scan", "examples/finance-hub", "--as-of", "2026-13-01"]).status == 64)
    }

    /// The CI formats from the command line; every SARIF result names the snapshot file that holds
    /// its resource (code-scanning services reject results without a physical location).
    @Test func sarifAndJUnitAreWrittenAndPointAtRealFiles() throws {
        let folder = try Repo.temporaryFolder()
        let sarif = folder.appendingPathComponent("out/hubaudit.sarif").path
        let junit = folder.appendingPathComponent("out/hubaudit.xml").path
        let result = try runHubaudit(["scan", "examples/finance-hub", "--sarif", sarif, "--junit", junit])
        #expect(result.status == 1)
        let document = try Self.json(sarif)
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        let results = run["results"] as? [[String: Any]] ?? []
        // 17, the CIS baseline rules' 16 (the 8 VPCs' default network ACLs and default groups), ssm-endpoints'
        // 3 (one endpoint-missing per VPC whose instances have no internet route), marketing-archive's
        // unused peering, stale group reference and missing flow log, and sandbox-nacl's open 3389.
        #expect(results.count == 40)
        for entry in results {
            let location = (entry["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            let uri = (location?["artifactLocation"] as? [String: Any])?["uri"] as? String ?? "(none)"
            #expect(FileManager.default.fileExists(atPath: Repo.path(uri)), "\(uri)")
        }
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<testsuite name=\"peering-routes\""))
    }
}
