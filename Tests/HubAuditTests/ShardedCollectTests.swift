import Foundation
import Testing

/// Issue 14: `collect --shard K/N` on several machines, `hubaudit merge`, then one scan.
struct ShardedCommandLineTests {
    /// Shards are numbered from 0 (JOB_COMPLETION_INDEX): 3/3 is a usage error, saying so.
    @Test func aShardOutOfRangeIsAUsageError() throws {
        let result = try runHubaudit(["collect", "--shard", "3/3", "--out", "/nonexistent/store"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("the last of 3 is 2/3"), "\(result.stderr)")
        let typo = try runHubaudit(["collect", "--shard", "1-3", "--out", "/nonexistent/store"])
        #expect(typo.status == 64 && typo.stderr.contains("--shard takes INDEX/COUNT"), "\(typo.stderr)")
        let noShards = try runHubaudit(["merge", "/nonexistent/out"])
        #expect(noShards.status == 64 && noShards.stderr.contains("give the shard snapshot folders"), "\(noShards.stderr)")
    }

    /// A shard scanned alone would look like an audit of the organisation: scan refuses it (exit 2).
    @Test func scanRefusesAShard() throws {
        let folder = try Repo.temporaryFolder()
        try """
            {"format": "hubaudit-snapshot/1", "accounts": [],
             "shard": {"index": 0, "count": 2, "accounts_in_set": 1,
                       "account_set": "sha256:\(String(repeating: "0", count: 64))"}}
            """.write(toFile: folder.appendingPathComponent("manifest.json").path, atomically: true, encoding: .utf8)
        let result = try runHubaudit(["scan", folder.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is shard 0/2 of a sharded collection, not a whole snapshot: merge the shards first"),
                "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// A merge that cannot be made exits 2, naming the folder, and leaves no OUT.
    @Test func aRefusedMergeExitsTwo() throws {
        let folder = try Repo.temporaryFolder()
        let out = folder.appendingPathComponent("merged").path
        let result = try runHubaudit(["merge", out, folder.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("error: \(folder.path): not a shard snapshot"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

/// Three shards of `collect` against moto, merged and scanned, against one collect of the same
/// organisation: the same findings and the same "not evaluated", fingerprint for fingerprint.
@Suite(.serialized, .enabled(if: Moto.isUsable, Moto.skipNote))
struct ShardedCollectEndToEndTests {
    /// The report's findings (fingerprints) and not-evaluated entries, as comparable values.
    static func outcome(_ path: String) throws -> (findings: [String], notEvaluated: [String], exitCode: Int) {
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
        let findings = (report["findings"] as? [[String: Any]] ?? []).compactMap { $0["fingerprint"] as? String }
        let notEvaluated = try (report["not_evaluated"] as? [[String: Any]] ?? []).map {
            String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self)
        }
        let verdict = report["verdict"] as? [String: Any] ?? [:]
        return (findings.sorted(), notEvaluated.sorted(), verdict["exit_code"] as? Int ?? -1)
    }

    @Test func threeShardsMergedScanLikeOneCollection() throws {
        let folder = try Repo.temporaryFolder()
        let accounts = folder.appendingPathComponent("accounts.yml")
        // By the partition of 3: 111111111111 and 444444444444 in shard 1, 222222222222 and
        // 333333333333 in shard 2, none in shard 0. 444444444444 has no role: its calls fail
        // (WrongAccount), so there is something not evaluated to compare too.
        try """
            accounts:
              - account_id: "111111111111"
                name: finance
                role: HubAuditRead
              - account_id: "222222222222"
                name: marketing
                role: HubAuditRead
                external_id: mkt-2026
              - account_id: "333333333333"
                name: developer
                role: HubAuditRead
              - account_id: "444444444444"
            """.write(to: accounts, atomically: true, encoding: .utf8)
        func collect(_ endpoint: String, into store: String, _ extra: [String] = []) throws -> ProcessResult {
            try runHubaudit(["collect", "--accounts", accounts.path, "--regions", "us-east-1", "--out", store,
                             "--endpoint-url", endpoint, "--page-size", "5"] + extra,
                            environment: CollectEndToEndTests.credentials)
        }
        let single = folder.appendingPathComponent("single").path
        let shardStores = (0..<3).map { folder.appendingPathComponent("shard-\($0)").path }
        let (whole, shards) = try CollectEndToEndTests.withMotoOrganisation(extraInstances: 6) { endpoint in
            (try collect(endpoint, into: single), try (0..<3).map { try collect(endpoint, into: shardStores[$0], ["--shard", "\($0)/3"]) })
        }
        #expect(whole.status == 2, "\(whole.stderr)")
        #expect(shards.map(\.status) == [0, 2, 0], "\(shards.map(\.stderr))")
        #expect(shards[0].stderr.contains("shard 0/3 (0 of 4 accounts): collected 0 accounts"), "\(shards[0].stderr)")
        #expect(shards[1].stderr.contains("shard 1/3 (2 of 4 accounts): collected 2 accounts"), "\(shards[1].stderr)")

        // Alone, a shard is refused.
        let alone = try runHubaudit(["scan", "\(shardStores[1])/latest"])
        #expect(alone.status == 2 && alone.stderr.contains("is shard 1/3 of a sharded collection"), "\(alone.stderr)")

        let merged = folder.appendingPathComponent("merged").path
        let merge = try runHubaudit(["merge", merged] + shardStores.reversed().map { "\($0)/latest" })
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stderr.contains("merged 3 shards (4 accounts) into \(merged):"), "\(merge.stderr)")
        #expect(merge.stderr.contains(" 0 copied"), "hard links expected on one file system: \(merge.stderr)")

        // One manifest for the whole set: the shards, the span, the failure of the account without a role.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(merged)/manifest.json"))) as? [String: Any] ?? [:]
        let mergedFrom = manifest["merged_from"] as? [String: Any] ?? [:]
        #expect((mergedFrom["shards"] as? [[String: Any]])?.compactMap { $0["accounts"] as? Int } == [0, 2, 2], "\(mergedFrom)")
        #expect(manifest["shard"] == nil && manifest["unfinished"] == nil)
        let (start, end) = (manifest["taken_at"] as? String ?? "", manifest["finished_at"] as? String ?? "")
        #expect(!start.isEmpty && start <= end, "\(start) … \(end)")
        #expect((manifest["failures"] as? [[String: Any]])?.contains { $0["account"] as? String == "444444444444" } == true)

        let wholeReport = folder.appendingPathComponent("single.json").path
        let mergedReport = folder.appendingPathComponent("merged.json").path
        let scannedWhole = try runHubaudit(["scan", "\(single)/latest", "--json", wholeReport])
        let scannedMerged = try runHubaudit(["scan", merged, "--json", mergedReport])
        #expect(scannedWhole.status == 2 && scannedMerged.status == 2, "\(scannedWhole.stderr)\n\(scannedMerged.stderr)")
        let expected = try Self.outcome(wholeReport), actual = try Self.outcome(mergedReport)
        // Not vacuous: the organisation's planted findings, and the account that could not be read.
        #expect(expected.findings.count >= 5, "\(expected.findings)")
        #expect(expected.notEvaluated.contains { $0.contains("444444444444") }, "\(expected.notEvaluated)")
        #expect(actual.findings == expected.findings)
        #expect(actual.notEvaluated == expected.notEvaluated)
        #expect(actual.exitCode == expected.exitCode)
    }
}
