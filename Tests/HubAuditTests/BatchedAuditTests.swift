import Foundation
import HubAudit
import Testing

/// A scan reads the scopes' own resources in batches, runs the scope rules on each batch and keeps
/// only the shared facts (`AuditStage`) — unless a rule needs every resource at once. Either way the
/// reports must be the same bytes: every format, on the examples, on generated organisations of
/// many accounts (several scopes to a batch), and on snapshots with broken and missing responses.
struct BatchedAuditTests {
    static let formats = ["report.json", "review.md", "hubaudit.sarif", "junit.xml", "findings.ocsf.jsonl"]

    /// Scans `snapshot` both ways into two folders and expects the same files, exit code and diagnostics.
    static func expectSameReportsBothWays(_ snapshot: String, policy: String? = nil, label: String,
                                          sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = try Repo.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var outcomes: [ScanOutcome] = []
        for batched in [true, false] {
            let out = folder.appendingPathComponent(batched ? "batched" : "whole")
            var request = ScanRequest(snapshotPath: snapshot, policyPath: policy, asOf: "2026-11-30", snapshotLabel: label,
                                      policyLabel: policy.map { URL(fileURLWithPath: $0).lastPathComponent })
            request.jsonPath = out.appendingPathComponent(formats[0]).path
            request.markdownPath = out.appendingPathComponent(formats[1]).path
            request.sarifPath = out.appendingPathComponent(formats[2]).path
            request.junitPath = out.appendingPathComponent(formats[3]).path
            request.ocsfPath = out.appendingPathComponent(formats[4]).path
            request.keepsReportTexts = false
            request.readsScopesInBatches = batched
            outcomes.append(Scan.run(request))
        }
        #expect(outcomes[0].exitCode == outcomes[1].exitCode, "\(label)", sourceLocation: sourceLocation)
        #expect(outcomes[0].diagnostics == outcomes[1].diagnostics, "\(label)", sourceLocation: sourceLocation)
        #expect(outcomes[0].summary == outcomes[1].summary, "\(label)", sourceLocation: sourceLocation)
        for file in formats {
            let batched = try Data(contentsOf: folder.appendingPathComponent("batched/\(file)"))
            let whole = try Data(contentsOf: folder.appendingPathComponent("whole/\(file)"))
            #expect(batched == whole, "\(label): \(file) differs", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: ["finance-hub", "peering-pair", "tgw-hub"], [nil, "policies/default.yml"])
    func examplesGiveTheSameReportsBothWays(example: String, policy: String?) throws {
        try Self.expectSameReportsBothWays(Repo.path("examples/\(example)"), policy: policy.map(Repo.path), label: example)
    }

    /// 70 accounts with peerings, and 40 around a transit gateway: three and two scopes to a batch,
    /// every rule with findings (the generator's planted defects and AWS's defaults).
    @Test(arguments: [["--accounts", "70"], ["--accounts", "40", "--tgw"]])
    func generatedOrganisationsGiveTheSameReportsBothWays(arguments: [String]) throws {
        let folder = try Repo.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let snapshot = folder.appendingPathComponent("org").path
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = ["python3", Repo.path("Benchmarks/generate.py"), snapshot, "--regions", "2"] + arguments
        generator.standardOutput = FileHandle.nullDevice
        try generator.run()
        generator.waitUntilExit()
        try #require(generator.terminationStatus == 0)
        try Self.expectSameReportsBothWays(snapshot, label: "generated")
    }

    /// Responses broken in several ways, each in its own account (and so its own batch): the scope
    /// rules say "not evaluated" where they did in a whole read, and judge the rest the same.
    @Test func brokenAndMissingResponsesGiveTheSameReportsBothWays() throws {
        let folder = try Repo.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let snapshot = folder.appendingPathComponent("finance-hub")
        try FileManager.default.copyItem(at: Repo.root.appendingPathComponent("examples/finance-hub"), to: snapshot)
        let accounts = try FileManager.default.contentsOfDirectory(atPath: snapshot.path).filter { $0.allSatisfy(\.isNumber) }.sorted()
        try #require(accounts.count >= 3)
        func file(_ account: String, _ name: String) -> URL { snapshot.appendingPathComponent("\(account)/us-east-1/\(name)") }
        // An implausible security-group response: the default groups left out.
        let groups = file(accounts[0], "DescribeSecurityGroups.xml")
        var text = try String(contentsOf: groups, encoding: .utf8)
        while let name = text.range(of: "<groupName>default</groupName>") {
            let start = text.range(of: "<item>", options: .backwards, range: text.startIndex..<name.lowerBound)!
            let end = text.range(of: "</item>\n", range: name.upperBound..<text.endIndex) ?? text.range(of: "</item>", range: name.upperBound..<text.endIndex)!
            text.removeSubrange(start.lowerBound..<end.upperBound)
        }
        try text.write(to: groups, atomically: true, encoding: .utf8)
        // A truncated network-ACL response, and no interfaces at all.
        let acls = file(accounts[1], "DescribeNetworkAcls.xml")
        let aclText = try String(contentsOf: acls, encoding: .utf8)
        try String(aclText.prefix(aclText.count / 2)).write(to: acls, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: file(accounts[2], "DescribeNetworkInterfaces.xml"))
        // The same security groups listed by two accounts, in different batches (one account's groups
        // pasted into another's response): the first listing wins in both ways.
        let pasted = try String(contentsOf: file(accounts[1], "DescribeSecurityGroups.xml"), encoding: .utf8)
        let host = file(accounts[2], "DescribeSecurityGroups.xml")
        let hostText = try String(contentsOf: host, encoding: .utf8)
        let open = try #require(pasted.range(of: "<securityGroupInfo>")), close = try #require(pasted.range(of: "</securityGroupInfo>"))
        let end = try #require(hostText.range(of: "</securityGroupInfo>"))
        try hostText.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: pasted[open.upperBound..<close.lowerBound])
            .write(to: host, atomically: true, encoding: .utf8)
        // A region with its VPCs only: none of its own resources' responses.
        let lone = snapshot.appendingPathComponent("\(accounts[0])/eu-west-1")
        try FileManager.default.createDirectory(at: lone, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: file(accounts[0], "DescribeVpcs.xml"), to: lone.appendingPathComponent("DescribeVpcs.xml"))

        try Self.expectSameReportsBothWays(snapshot.path, label: "broken")
        // And the gaps are in the report: not a pass for what was not seen.
        var request = ScanRequest(snapshotPath: snapshot.path, asOf: "2026-11-30", snapshotLabel: "broken")
        request.readsScopesInBatches = true
        let outcome = Scan.run(request)
        #expect(outcome.exitCode == 2)
        let json = try #require(outcome.json)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let entries = try #require(report["not_evaluated"] as? [[String: Any]])
        for (rule, account, region) in [("default-security-group", accounts[0], "us-east-1"), ("nacl-open-admin-ports", accounts[1], "us-east-1"),
                                         ("sg-broad-ingress", accounts[0], "eu-west-1")] {
            #expect(entries.contains { $0["rule"] as? String == rule && $0["account"] as? String == account && $0["region"] as? String == region },
                    "\(rule) in \(account)/\(region) should be not evaluated")
        }
    }
}
