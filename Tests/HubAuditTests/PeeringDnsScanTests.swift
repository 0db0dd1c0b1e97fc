import Foundation
import Testing

/// Rule `peering-dns` through `hubaudit scan` on the finance hub and its gate policy (finance the
/// hub, marketing and developer its spokes): the example was recorded before DescribeVpcAttribute
/// was collected, then the same snapshot as a newer collector would leave it.
@Suite struct PeeringDnsScanTests {
    static let policy = "policies/finance-hub.yml"
    static let hub = "vpc-ef359c86558accdd3"
    static let spokes = ["222222222222": "vpc-0009fa12850f36573", "333333333333": "vpc-08fa0c3cde61054a2"]

    static func report(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    static func entries(_ report: [String: Any], _ key: String) -> [[String: Any]] {
        (report[key] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == "peering-dns" }
    }

    /// moto leaves both sides' option off (AWS's default): each side of both hub-spoke peerings is a
    /// finding in its owner's account. The VPC attributes were never collected: not attempted, and
    /// the gate still decides on the findings (1), not on an input gap (2).
    @Test func anOlderSnapshotJudgesTheOptionsAndSaysTheAttributesWereNotAttempted() throws {
        let folder = try Repo.temporaryFolder()
        let out = folder.appendingPathComponent("r.json").path
        let result = try runHubaudit(["scan", "examples/finance-hub", "--policy", Self.policy, "--as-of", "2026-11-23", "--json", out])
        #expect(result.status == 1)
        let report = try Self.report(out)
        let findings = Self.entries(report, "findings")
        #expect(findings.map { $0["case"] as? String } == Array(repeating: "remote-dns-resolution-disabled", count: 4))
        #expect(Set(findings.compactMap { $0["account"] as? String }) == ["111111111111", "222222222222", "333333333333"])
        let gaps = Self.entries(report, "not_evaluated")
        #expect(gaps.count == 6)
        #expect(gaps.allSatisfy { $0["reason"] as? String == "not-attempted" })
    }

    /// The manifest says DescribeVpcAttribute was attempted: a VPC whose attribute files are absent
    /// is a gap (exit 2); with the files, an attribute off is a finding and the rest pass.
    @Test func attemptedButMissingFailsClosedAndFilesAreJudged() throws {
        let folder = try Repo.temporaryFolder()
        let snapshot = folder.appendingPathComponent("finance-hub")
        try FileManager.default.copyItem(atPath: Repo.path("examples/finance-hub"), toPath: snapshot.path)
        let manifestURL = snapshot.appendingPathComponent("manifest.json")
        var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
        manifest["actions"] = (manifest["actions"] as? [String] ?? []) + ["DescribeVpcAttribute"]
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        let out = folder.appendingPathComponent("r.json").path
        let args = ["scan", snapshot.path, "--policy", Self.policy, "--as-of", "2026-11-23", "--json", out]

        let missing = try runHubaudit(args)
        #expect(missing.status == 2)
        let gaps = Self.entries(try Self.report(out), "not_evaluated")
        #expect(gaps.count == 6)
        #expect(gaps.allSatisfy { $0["reason"] as? String == "missing-input" && ($0["detail"] as? String)?.contains("missing") == true })

        func write(_ account: String, _ vpc: String, _ attribute: String, _ value: Bool) throws {
            try """
                <?xml version="1.0" encoding="utf-8"?>
                <DescribeVpcAttributeResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><\(attribute)><value>\(value)</value></\(attribute)><vpcId>\(vpc)</vpcId><requestId>r</requestId></DescribeVpcAttributeResponse>
                """.write(to: snapshot.appendingPathComponent("\(account)/us-east-1/DescribeVpcAttribute.\(vpc).\(attribute).xml"),
                          atomically: true, encoding: .utf8)
        }
        for (account, vpc) in Self.spokes.merging(["111111111111": Self.hub], uniquingKeysWith: { a, _ in a }) {
            try write(account, vpc, "enableDnsSupport", true)
            try write(account, vpc, "enableDnsHostnames", vpc != Self.spokes["333333333333"])
        }
        let collected = try runHubaudit(args)
        #expect(collected.status == 1)
        let report = try Self.report(out)
        #expect(Self.entries(report, "not_evaluated").isEmpty)
        let hostnames = Self.entries(report, "findings").filter { $0["case"] as? String == "dns-hostnames-disabled" }
        #expect(hostnames.map { $0["resources"] as? [String] } == [["vpc-08fa0c3cde61054a2", "pcx-37a38a4cc5b20f1d1"]])
    }
}
