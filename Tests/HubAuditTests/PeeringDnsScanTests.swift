import Foundation
import Testing

/// Rule `peering-dns` through `hubaudit scan` on the finance hub and its gate policy (finance the
/// hub, marketing and developer its spokes). The example resolves names both ways over
/// finance<->marketing; developer, finance's other spoke, allows no resolution on its side and keeps
/// DNS hostnames off (planted). Then the same snapshot as an older collector, one that never called
/// DescribeVpcAttribute, would have left it, and as one whose calls went missing.
@Suite struct PeeringDnsScanTests {
    static let policy = "policies/finance-hub.yml"
    static let developer = "vpc-08fa0c3cde61054a2"
    static let financeDeveloper = "pcx-37a38a4cc5b20f1d1"

    static func report(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    static func entries(_ report: [String: Any], _ key: String) -> [[String: Any]] {
        (report[key] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == "peering-dns" }
    }

    /// A copy of the example without its DescribeVpcAttribute files; `attempted` false: the call also
    /// gone from the manifest's actions (a collector older than the rule).
    static func withoutAttributes(attempted: Bool) throws -> (snapshot: URL, folder: URL) {
        let folder = try Repo.temporaryFolder()
        let snapshot = folder.appendingPathComponent("finance-hub")
        try FileManager.default.copyItem(atPath: Repo.path("examples/finance-hub"), toPath: snapshot.path)
        for account in ["111111111111", "222222222222", "333333333333"] {
            let region = snapshot.appendingPathComponent("\(account)/us-east-1")
            for file in try FileManager.default.contentsOfDirectory(atPath: region.path) where file.hasPrefix("DescribeVpcAttribute.") {
                try FileManager.default.removeItem(at: region.appendingPathComponent(file))
            }
        }
        if !attempted { try removeFromManifest("DescribeVpcAttribute", in: snapshot) }
        return (snapshot, folder)
    }

    /// The example: the planted side and attribute are findings, in developer's account; nothing
    /// else of the hub's peerings is.
    @Test func theExampleFlagsDevelopersSideAndHostnames() throws {
        let out = try Repo.temporaryFolder().appendingPathComponent("r.json").path
        let result = try runHubaudit(["scan", "examples/finance-hub", "--policy", Self.policy, "--as-of", "2026-11-23", "--json", out])
        #expect(result.status == 1)
        let report = try Self.report(out)
        #expect(Self.entries(report, "not_evaluated").isEmpty)
        let findings = Self.entries(report, "findings")
        #expect(findings.map { $0["case"] as? String ?? "" }.sorted() == ["dns-hostnames-disabled", "remote-dns-resolution-disabled"])
        #expect(findings.allSatisfy { $0["account"] as? String == "333333333333" })
        #expect(findings.allSatisfy { ($0["resources"] as? [String] ?? []).contains(Self.financeDeveloper) })
    }

    /// A snapshot whose collector never called DescribeVpcAttribute: the options are judged, the
    /// attributes are not attempted — an input gap (exit 2) named apart, which the policy may accept.
    @Test func anOlderSnapshotIsAGapNamedApartUnlessAccepted() throws {
        let (snapshot, folder) = try Self.withoutAttributes(attempted: false)
        let out = folder.appendingPathComponent("r.json").path
        let result = try runHubaudit(["scan", snapshot.path, "--policy", Self.policy, "--as-of", "2026-11-23", "--json", out])
        #expect(result.status == 2)
        #expect(result.stdout.contains("not evaluated because the snapshot's collector did not make the call"))
        let report = try Self.report(out)
        #expect(Self.entries(report, "findings").map { $0["case"] as? String } == ["remote-dns-resolution-disabled"])
        let gaps = Self.entries(report, "not_evaluated")
        #expect(!gaps.isEmpty)
        #expect(gaps.allSatisfy { $0["reason"] as? String == "not-attempted" })

        let policy = folder.appendingPathComponent("policy.yml")
        try (String(contentsOfFile: Repo.path(Self.policy), encoding: .utf8) + """

            accepted_gaps:
              - actions: [DescribeVpcAttribute]
                reason: snapshot taken before hubaudit read VPC attributes
            """).write(to: policy, atomically: true, encoding: .utf8)
        let accepted = try runHubaudit(["scan", snapshot.path, "--policy", policy.path, "--as-of", "2026-11-23"])
        #expect(accepted.status == 1)
    }

    /// The manifest says DescribeVpcAttribute was attempted but its files are absent: a gap (exit 2).
    @Test func attemptedButMissingFailsClosed() throws {
        let (snapshot, folder) = try Self.withoutAttributes(attempted: true)
        let out = folder.appendingPathComponent("r.json").path
        let missing = try runHubaudit(["scan", snapshot.path, "--policy", Self.policy, "--as-of", "2026-11-23", "--json", out])
        #expect(missing.status == 2)
        let gaps = Self.entries(try Self.report(out), "not_evaluated")
        #expect(!gaps.isEmpty)
        #expect(gaps.allSatisfy { $0["reason"] as? String == "missing-input" && ($0["detail"] as? String)?.contains("missing") == true })
        #expect(gaps.contains { ($0["resources"] as? [String] ?? []).contains(Self.developer) })
    }
}
