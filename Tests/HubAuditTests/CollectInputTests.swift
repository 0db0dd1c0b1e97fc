import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What `hubaudit collect` takes from the command line and from accounts files, and what it leaves
/// in the store: every region name and account id is checked before it reaches a URL or a path,
/// and a run that fails leaves nothing hidden behind. Requests only ever go to 127.0.0.1.
@Suite(.serialized)
struct CollectInputTests {
    static let credentials = [
        "AWS_ACCESS_KEY_ID": "stub", "AWS_SECRET_ACCESS_KEY": "stub-secret", "AWS_SESSION_TOKEN": "",
        "AWS_CONFIG_FILE": "/nonexistent/c", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/s", "AWS_PROFILE": "", "AWS_REGION": "",
    ]

    static func withStub<T>(_ body: (String) throws -> T) throws -> T {
        try withLoopbackService([Repo.path("Tests/Stubs/ec2_stub.py"), Repo.path("Tests/Fixtures/samples")], body)
    }

    static func accountsFile(in folder: URL, _ text: String) throws -> String {
        let path = folder.appendingPathComponent("accounts.yml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// collect with the stub's AssumeRole (any account), one attempt, short timeout.
    static func collect(_ accounts: String, store: String, endpoint: String?, extra: [String] = []) throws -> ProcessResult {
        try runHubaudit(["collect", "--accounts", accounts, "--out", store, "--role", "audit", "--timeout", "1", "--attempts", "1"]
                            + (endpoint.map { ["--endpoint-url", $0] } ?? []) + extra, environment: credentials)
    }

    // MARK: - Region names and account ids from accounts files

    /// `us east-1` made the endpoint URL nil, which was force-unwrapped: the process crashed.
    @Test func aRegionWithASpaceIsAnErrorNamingTheFileAndLine() throws {
        let folder = try Repo.temporaryFolder()
        let accounts = try Self.accountsFile(in: folder, """
            accounts:
              - account_id: "222222222222"
                regions: ["us east-1"]
            """)
        // (Without the fix, an endpoint override avoided the crash, but the folder was named `us east-1`.)
        let listener = try LoopbackListener()
        let result = try Self.collect(accounts, store: folder.appendingPathComponent("store").path,
                                      endpoint: "http://127.0.0.1:\(listener.port)")
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(accounts):3: 'us east-1' is not an AWS region name"), "\(result.stderr)")
        #expect(!listener.wasConnected)
    }

    /// `../../../escaped` as a region wrote the responses outside --out.
    @Test func aRegionCannotWriteOutsideTheStore() throws {
        let folder = try Repo.temporaryFolder()
        let accounts = try Self.accountsFile(in: folder, """
            accounts:
              - account_id: "222222222222"
                regions: ["../../../escaped"]
            """)
        let store = folder.appendingPathComponent("store").path
        let result = try Self.withStub { try Self.collect(accounts, store: store, endpoint: $0) }
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(accounts):3: '../../../escaped' is not an AWS region name"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("escaped").path))
        #expect(!FileManager.default.fileExists(atPath: store), "nothing is created for a refused accounts file")
    }

    /// `x@127.0.0.1:PORT/#` as a region sent the signed STS request to that host.
    @Test func aRegionCannotChooseTheHostRequestsGoTo() throws {
        let listener = try LoopbackListener()
        let folder = try Repo.temporaryFolder()
        let hostile = "x@127.0.0.1:\(listener.port)/#"
        let accounts = try Self.accountsFile(in: folder, """
            accounts:
              - account_id: "222222222222"
                regions: ["\(hostile)"]
            """)
        let result = try Self.collect(accounts, store: folder.appendingPathComponent("store").path, endpoint: nil)
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(accounts):3: '\(hostile)' is not an AWS region name"), "\(result.stderr)")
        #expect(!listener.wasConnected, "a request went to the host named in the region")
    }

    /// `regions: [1, null]` became the regions "1" and "null"; an unquoted id is a YAML number.
    @Test(arguments: [
        ("regions: [1, null]", ":3: a region must be text, not the number '1'"),
        ("regions: [null]", ":3: a region must be text, not null"),
        ("regions: us-east-1", ":3: regions must be a list of region names"),
    ])
    func nonTextRegionsAreErrors(line: String, expected: String) throws {
        let folder = try Repo.temporaryFolder()
        let accounts = try Self.accountsFile(in: folder, "accounts:\n  - account_id: \"222222222222\"\n    \(line)\n")
        let store = folder.appendingPathComponent("store").path
        let result = try Self.withStub { try Self.collect(accounts, store: store, endpoint: $0) }
        #expect(result.status == 2)
        #expect(result.stderr.contains(accounts + expected), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test(arguments: [
        ("account_id: 222222222222", ":2: account_id must be quoted (account_id: \"222222222222\")"),
        ("account_id: \"２２２２２２２２２２２２\"", ":2: '\\u{FF12}"),
        ("account_id: \"٢٢٢٢٢٢٢٢٢٢٢٢\"", ":2: '\\u{662}"),
        ("account_id: \"../222222222\"", ":2: '../222222222' is not an account id (exactly 12 digits 0-9)"),
    ])
    func accountIdsAreTwelveASCIIDigitsWrittenAsText(line: String, expected: String) throws {
        let folder = try Repo.temporaryFolder()
        let accounts = try Self.accountsFile(in: folder, "accounts:\n  - \(line)\n    regions: [us-east-1]\n")
        let store = folder.appendingPathComponent("store").path
        let result = try Self.withStub { try Self.collect(accounts, store: store, endpoint: $0) }
        #expect(result.status == 2)
        #expect(result.stderr.contains(accounts + expected), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    // MARK: - The command line

    @Test(arguments: [
        (["--regions", "us east-1"], "--regions: 'us east-1' is not an AWS region name"),
        (["--regions", "us-east-1,,eu-west-1"], "--regions: '' is not an AWS region name"),
        (["--regions", "../x"], "--regions: '../x' is not an AWS region name"),
        (["--endpoint-url", "http://user:pw@127.0.0.1:9/"], "--endpoint-url must not hold a user name or password"),
        (["--endpoint-url", "http://127.0.0.1:9/?Action=x"], "--endpoint-url must not hold a query"),
        (["--endpoint-url", "http://127.0.0.1:9/#x"], "--endpoint-url must not hold a fragment"),
        (["--endpoint-url", "file:///etc/passwd"], "--endpoint-url takes an http or https URL"),
    ])
    func badRegionsAndEndpointsAreUsageErrors(arguments: [String], expected: String) throws {
        let folder = try Repo.temporaryFolder()
        // Requests, if any were made, would go to a loopback listener that never answers.
        let listener = try LoopbackListener()
        let endpoint = arguments.contains("--endpoint-url") ? [] : ["--endpoint-url", "http://127.0.0.1:\(listener.port)"]
        let result = try runHubaudit(["collect", "--out", folder.appendingPathComponent("store").path, "--timeout", "1",
                                      "--attempts", "1"] + endpoint + arguments, environment: Self.credentials)
        #expect(result.status == 64)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!result.stderr.contains("pw@"), "the password was echoed")
    }

    /// A region from the environment is checked like one from the command line.
    @Test func aBadRegionInTheEnvironmentIsNamed() throws {
        let listener = try LoopbackListener()
        let folder = try Repo.temporaryFolder()
        var environment = Self.credentials
        environment["AWS_REGION"] = "x@127.0.0.1:\(listener.port)/#"
        let result = try runHubaudit(["collect", "--out", folder.appendingPathComponent("store").path, "--timeout", "1",
                                      "--attempts", "1"], environment: environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains("the region from AWS_REGION, AWS_DEFAULT_REGION or the profile: 'x@127.0.0.1:\(listener.port)/#' is not an AWS region name"),
                "\(result.stderr)")
        #expect(!listener.wasConnected)
    }

    // MARK: - The store

    /// Two runs that start in the same second both succeed, as `<timestamp>` and `<timestamp>-2`,
    /// and leave no hidden folder.
    @Test func twoRunsInTheSameSecondBothSucceed() throws {
        let folder = try Repo.temporaryFolder()
        let accounts = try Self.accountsFile(in: folder, "accounts:\n  - account_id: \"222222222222\"\n    regions: [us-east-1]\n")
        let store = folder.appendingPathComponent("store").path
        let results = try Self.withStub { endpoint in
            // Start both just after a second begins, so that they share its timestamp.
            let fraction = Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 1)
            Thread.sleep(forTimeInterval: 1 - fraction + 0.02)
            let box = ResultBox()
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                box.set(index, Result { try Self.collect(accounts, store: store, endpoint: endpoint) })
            }
            return try box.results.map { try $0.get() }
        }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let entries = try FileManager.default.contentsOfDirectory(atPath: store).sorted()
        let snapshots = entries.filter { $0 != "latest" }
        #expect(snapshots.count == 2, "\(entries)")
        if snapshots.count == 2 {
            #expect(snapshots[1] == snapshots[0] + "-2", "\(entries)")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(store)/latest") == snapshots[1])
        }
        #expect(!entries.contains { $0.hasPrefix(".") }, "\(entries)")
        for result in results { #expect(!result.stderr.contains("Error Domain"), "\(result.stderr)") }
    }

    /// A store that cannot be made: a plain sentence naming the path, no Foundation dump.
    @Test func aStoreThatCannotBeCreatedIsNamedPlainly() throws {
        let folder = try Repo.temporaryFolder()
        let file = folder.appendingPathComponent("file").path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let accounts = try Self.accountsFile(in: folder, "accounts:\n  - account_id: \"222222222222\"\n    regions: [us-east-1]\n")
        let listener = try LoopbackListener()
        let result = try Self.collect(accounts, store: "\(file)/store", endpoint: "http://127.0.0.1:\(listener.port)")
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(file): cannot use it as the snapshot store: it is not a folder"), "\(result.stderr)")
        #expect(!result.stderr.contains("Error Domain") && !result.stderr.contains("UserInfo"), "\(result.stderr)")
    }

    /// `latest` cannot be replaced (a folder is in its place): the error names it, and no hidden
    /// link or folder is left in the store.
    @Test func aFailureAtTheEndLeavesNothingHidden() throws {
        let folder = try Repo.temporaryFolder()
        let store = folder.appendingPathComponent("store").path
        try FileManager.default.createDirectory(atPath: "\(store)/latest/x", withIntermediateDirectories: true)
        let accounts = try Self.accountsFile(in: folder, "accounts:\n  - account_id: \"222222222222\"\n    regions: [us-east-1]\n")
        let result = try Self.withStub { try Self.collect(accounts, store: store, endpoint: $0) }
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(store)/latest: cannot point it at"), "\(result.stderr)")
        let entries = try FileManager.default.contentsOfDirectory(atPath: store)
        #expect(!entries.contains { $0.hasPrefix(".") }, "\(entries)")
    }
}

/// Results of concurrent runs, by index.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Int: Result<ProcessResult, any Error>] = [:]

    func set(_ index: Int, _ result: Result<ProcessResult, any Error>) {
        lock.lock()
        stored[index] = result
        lock.unlock()
    }

    var results: [Result<ProcessResult, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return stored.keys.sorted().compactMap { stored[$0] }
    }
}

/// A TCP socket listening on 127.0.0.1 that never answers: the kernel completes any connection
/// into its backlog, so afterwards a non-blocking accept tells whether anything connected.
final class LoopbackListener {
    let socketDescriptor: Int32
    let port: UInt16

    init() throws {
        #if canImport(Glibc)
        let kind = Int32(SOCK_STREAM.rawValue)
        #else
        let kind = SOCK_STREAM
        #endif
        let descriptor = socket(AF_INET, kind, 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard descriptor >= 0, bound == 0, listen(descriptor, 16) == 0 else {
            throw ServiceFailure(description: "cannot listen on 127.0.0.1")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        socketDescriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(socketDescriptor) }

    var wasConnected: Bool {
        _ = fcntl(socketDescriptor, F_SETFL, fcntl(socketDescriptor, F_GETFL) | O_NONBLOCK)
        let connection = accept(socketDescriptor, nil, nil)
        if connection >= 0 { close(connection) }
        return connection >= 0
    }
}
