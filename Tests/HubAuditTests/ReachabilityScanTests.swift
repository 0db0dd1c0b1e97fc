import Foundation
import Testing

/// Rule `reachability-intent` through `hubaudit scan`, as a gate runs it: intents that hold and
/// intents that fail on the finance hub, a variant where a spoke's network ACL denies the hub, and
/// a selector typo.
@Suite struct ReachabilityScanTests {
    static let policy = "policies/finance-hub-reachability.yml"

    func intentLines(_ stdout: String) -> [Substring] {
        stdout.split(separator: "\n").filter { $0.contains("reachability-intent/") }
    }

    @Test func onTheFinanceHubOnlyTheDatabaseIntentFails() throws {
        let result = try runHubaudit(["scan", "examples/finance-hub", "--policy", Self.policy])
        #expect(result.status == 1)
        let lines = intentLines(result.stdout)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("HIGH reachability-intent/missing-path 333333333333/us-east-1: intent 'developer-to-finance-db'") == true)
        #expect(lines.first?.hasSuffix("is blocked at rtb-5efaacc9d3c2d1d15 (route table, return leg): NO_ROUTE_TO_DESTINATION") == true)
    }

    @Test func theNextNightEveryIntentHolds() throws {
        let result = try runHubaudit(["scan", "examples/nightly/2026-11-23T020000Z", "--policy", Self.policy])
        #expect(intentLines(result.stdout).isEmpty)
        #expect(!result.stdout.contains("NOT EVALUATED reachability-intent"))
    }

    /// Developer's subnet ACL gets rule 50: deny everything from the finance hub's block.
    @Test func aSpokeWhoseAclDeniesTheHubFailsTheIntent() throws {
        let folder = try Repo.temporaryFolder()
        let snapshot = folder.appendingPathComponent("finance-hub")
        try FileManager.default.copyItem(atPath: Repo.path("examples/finance-hub"), toPath: snapshot.path)
        let acls = snapshot.appendingPathComponent("333333333333/us-east-1/DescribeNetworkAcls.xml")
        var items = try String(contentsOf: acls, encoding: .utf8).components(separatedBy: "<item><associationSet>")
        let index = try #require(items.firstIndex { $0.contains("<subnetId>subnet-8ca42924c0a5e9c03</subnetId>") })
        items[index] = items[index].replacingOccurrences(of: "<entrySet>", with:
            "<entrySet><item><cidrBlock>10.10.0.0/16</cidrBlock><egress>false</egress><protocol>-1</protocol><ruleAction>deny</ruleAction><ruleNumber>50</ruleNumber></item>")
        try items.joined(separator: "<item><associationSet>").write(to: acls, atomically: true, encoding: .utf8)
        let policy = folder.appendingPathComponent("intents.yml")
        try """
            version: 1
            reachability:
              - name: hub-to-developer-tools
                from: { instance: finance-server }
                to: { instance: developer-server }
                ports: [tcp/443]
                expect: reachable
            """.write(to: policy, atomically: true, encoding: .utf8)
        let denied = try runHubaudit(["scan", snapshot.path, "--policy", policy.path])
        let lines = intentLines(denied.stdout)
        #expect(lines.count == 1)
        #expect(lines.first?.contains("is blocked at acl-72c593f2c8fb23e55, subnet-8ca42924c0a5e9c03 (network ACL, inbound): NACL_DENY") == true)
        // The near miss: the unedited snapshot lets it through.
        let open = try runHubaudit(["scan", "examples/finance-hub", "--policy", policy.path])
        #expect(intentLines(open.stdout).isEmpty)
    }

    @Test func aSelectorTypoIsAFinding() throws {
        let folder = try Repo.temporaryFolder()
        let policy = folder.appendingPathComponent("intents.yml")
        try """
            version: 1
            reachability:
              - name: typo
                from: { account: marketting }
                to: { account: developer }
                expect: unreachable
            """.write(to: policy, atomically: true, encoding: .utf8)
        let result = try runHubaudit(["scan", "examples/finance-hub", "--policy", policy.path])
        #expect(result.status == 1)
        #expect(intentLines(result.stdout) == ["HIGH reachability-intent/selector-matches-nothing */*: intent 'typo': the from selector (account marketting) matches no network interface in the snapshot"])
    }

    @Test func theReportsCarryTheReachabilitySection() throws {
        let folder = try Repo.temporaryFolder()
        let markdownPath = folder.appendingPathComponent("review.md").path, jsonPath = folder.appendingPathComponent("report.json").path
        let result = try runHubaudit(["scan", "examples/finance-hub", "--policy", Self.policy, "--markdown", markdownPath, "--json", jsonPath])
        #expect(result.status == 1)
        let markdown = try String(contentsOfFile: markdownPath, encoding: .utf8)
        #expect(markdown.contains("## Reachability\n"))
        #expect(markdown.contains("| developer-to-finance-db | reachable | tcp/5432 | ❌ fails: tcp 5432 blocked at rtb-5efaacc9d3c2d1d15 (route table, return leg; NO_ROUTE_TO_DESTINATION) |"))
        #expect(markdown.contains("| marketing-not-to-developer | unreachable | all | ✅ holds (1 pair) |"))
        #expect(markdown.contains("⛔ blocked; PEERING_NOT_ACTIVE at pcx-2b38661691cc6f2ee"))
        #expect(markdown.contains("```mermaid\nflowchart LR\n"))
        #expect(markdown.contains("n8[\"blocked NO_ROUTE_TO_DESTINATION at rtb-5efaacc9d3c2d1d15\"]"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: jsonPath))) as? [String: Any])
        let reachability = try #require(object["reachability"] as? [String: Any])
        let intents = try #require(reachability["intents"] as? [[String: Any]])
        #expect(intents.map { $0["status"] as? String } == ["fails", "holds", "holds", "holds", "holds"])
        let failing = try #require((intents.first?["pairs"] as? [[String: Any]])?.first)
        #expect((failing["blocked"] as? [[String: Any]])?.first?["code"] as? String == "NO_ROUTE_TO_DESTINATION")
        #expect((reachability["matrix"] as? [Any])?.count == 9)
    }

    @Test func withoutIntentsThereIsNoReachabilitySection() throws {
        let result = try runHubaudit(["scan", "examples/finance-hub", "--markdown", "-"])
        #expect(!result.stdout.contains("## Reachability"))
        let json = try runHubaudit(["scan", "examples/finance-hub", "--json", "-"])
        #expect(!json.stdout.contains("\"reachability\" :"))
    }
}
