import Foundation
#if canImport(FoundationNetworking)
// Data(contentsOf:) of an http URL (the stub's counts): the product no longer links URLSession.
import FoundationNetworking
#endif
import HubTestSupport
import Testing

/// `hubaudit collect` against a scripted stub on 127.0.0.1 (Tests/Stubs/ec2_stub.py): throttling
/// then success, a 500, a hang, access denied, a malformed body, a 502 HTML page, two pages.
@Suite(.serialized)
struct CollectFailureTests {
    static func withStub<T>(_ body: (String) throws -> T) throws -> T {
        let samples = Repo.path("Tests/Fixtures/samples")
        return try withLoopbackService([Repo.path("Tests/Stubs/ec2_stub.py"), samples], body)
    }

    static func counts(_ endpoint: String) throws -> [String: Int] {
        let data = try Data(contentsOf: URL(string: "\(endpoint)/counts")!)
        return try JSONSerialization.jsonObject(with: data) as? [String: Int] ?? [:]
    }

    @Test func retriesWhatIsTransientAndRecordsWhatFails() throws {
        let folder = try Repo.temporaryFolder()
        let store = folder.appendingPathComponent("store").path
        let (result, counts) = try Self.withStub { endpoint in
            let result = try runHubaudit(["collect", "--regions", "us-east-1", "--out", store, "--endpoint-url", endpoint,
                                          "--timeout", "1", "--attempts", "3"],
                                         environment: ["AWS_ACCESS_KEY_ID": "stub", "AWS_SECRET_ACCESS_KEY": "stub-secret",
                                                       "AWS_SESSION_TOKEN": "", "AWS_CONFIG_FILE": "/nonexistent/c",
                                                       "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/s", "AWS_PROFILE": ""])
            return (result, try Self.counts(endpoint))
        }
        #expect(result.status == 2)
        #expect(!result.stderr.contains("stub-secret"))
        // Throttled twice, then answered: collected after 3 calls. A 502 page once, then answered.
        #expect(counts["DescribeVpcs"] == 3)
        #expect(counts["DescribeNetworkAcls"] == 2)
        // A client error is not retried; a 500 and a hang are, up to --attempts.
        #expect(counts["DescribeSecurityGroups"] == 1)
        #expect(counts["DescribeSubnets"] == 3)
        #expect(counts["DescribeRouteTables"] == 3)
        #expect(counts["DescribeInstances"] == 2)

        let snapshot = "\(store)/\(try FileManager.default.destinationOfSymbolicLink(atPath: "\(store)/latest"))"
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(snapshot)/manifest.json"))) as? [String: Any]
        let failures = manifest?["failures"] as? [[String: Any]] ?? []
        let codes = Dictionary(uniqueKeysWithValues: failures.map { ($0["action"] as? String ?? "", $0["code"] as? String ?? "") })
        #expect(codes == ["DescribeSubnets": "InternalError", "DescribeRouteTables": "Timeout",
                          "DescribeSecurityGroups": "UnauthorizedOperation", "DescribeFlowLogs": "MalformedResponse"])
        let denied = failures.first { $0["action"] as? String == "DescribeSecurityGroups" }
        #expect(denied?["http_status"] as? Int == 403)
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(snapshot)/111111111111/us-east-1")
        #expect(files.contains("DescribeVpcs.xml"))
        #expect(files.contains("DescribeInstances.1.xml"))
        #expect(files.contains("DescribeInstances.2.xml"))
        #expect(!files.contains("DescribeSubnets.xml"))
        #expect(!files.contains("DescribeFlowLogs.xml"))
        #expect(result.stderr.contains("warning: 111111111111/us-east-1 DescribeSecurityGroups: UnauthorizedOperation (HTTP 403)"))
        #expect(result.stderr.contains("4 failures"))

        // Scanning it: the rules that needed the failed calls say "not evaluated", and the run is untrusted.
        let scanned = try runHubaudit(["scan", snapshot])
        #expect(scanned.status == 2)
        #expect(scanned.stdout.contains("NOT EVALUATED sg-broad-ingress 111111111111/us-east-1: DescribeSecurityGroups failed: UnauthorizedOperation"))
    }

    /// A refused endpoint (a loopback port bound, not listening): every call retried up to
    /// --attempts, recorded as `NetworkError` as URLSession's failures were, and the command ends on its
    /// own with exit 2: its AsyncHTTPClient is shut down (a debug build traps on a client released
    /// running, and a running client would keep the process's event loops).
    @Test func aRefusedEndpointIsRecordedAndTheCommandEndsWithItsClientShutDown() throws {
        let folder = try Repo.temporaryFolder()
        let store = folder.appendingPathComponent("store").path
        let accounts = folder.appendingPathComponent("accounts.yml")
        try "accounts:\n  - account_id: \"111111111111\"\n".write(to: accounts, atomically: true, encoding: .utf8)
        let closed = try LoopbackSocket(listening: false)
        let result = try runHubaudit(["collect", "--accounts", accounts.path, "--regions", "us-east-1", "--out", store,
                                      "--endpoint-url", "http://127.0.0.1:\(closed.port)", "--timeout", "2", "--attempts", "2"],
                                     environment: ["AWS_ACCESS_KEY_ID": "stub", "AWS_SECRET_ACCESS_KEY": "stub-secret",
                                                   "AWS_SESSION_TOKEN": "", "AWS_CONFIG_FILE": "/nonexistent/c",
                                                   "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/s", "AWS_PROFILE": "",
                                                   "https_proxy": "http://unused.proxy:3128", "http_proxy": "http://unused.proxy:3128"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(!result.stderr.contains("stub-secret"))
        #expect(result.stderr.contains("warning: 111111111111/us-east-1 DescribeVpcs: NetworkError: connection refused (after 2 attempts)"),
                "\(result.stderr)")
        let snapshot = "\(store)/\(try FileManager.default.destinationOfSymbolicLink(atPath: "\(store)/latest"))"
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(snapshot)/manifest.json"))) as? [String: Any]
        let codes = Set((manifest?["failures"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
        #expect(codes == ["NetworkError"])
    }

    /// An interrupted collection leaves no snapshot that scan would take for whole.
    @Test func nothingButTheHiddenFolderBeforeTheRename() throws {
        let folder = try Repo.temporaryFolder()
        let store = folder.appendingPathComponent("store")
        try FileManager.default.createDirectory(at: store.appendingPathComponent(".collect-2026-11-23T020000Z-123/111111111111/us-east-1"),
                                                withIntermediateDirectories: true)
        let scanned = try runHubaudit(["scan", "--store", store.path, "--reports", folder.appendingPathComponent("reports").path])
        #expect(scanned.status == 2)
        #expect(scanned.stderr.contains("the store holds no snapshot"))
    }
}
