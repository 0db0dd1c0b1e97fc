import Foundation
import Testing
@testable import HubAWS
import HubTestSupport

/// The product's transport on real sockets: network failures come out as the retry policy knows
/// them (retried, then recorded with the same codes URLSession's did), and the environment's proxy
/// is where https requests go.
@Suite(.serialized)
struct AsyncHTTPClientTransportTests {
    static func callError(_ call: () async throws -> Void) async -> AWSCallError? {
        do {
            try await call()
            return nil
        } catch {
            return error as? AWSCallError
        }
    }

    @Test func aRefusedConnectionIsANetworkErrorRetriedAndRecordedAfterTheAttempts() async throws {
        // A port bound but not listening: connecting to it is refused.
        let closed = try LoopbackSocket(listening: false)
        let transport = AsyncHTTPClientTransport(timeout: 5, connectionsPerHost: 2)
        let url = URL(string: "http://127.0.0.1:\(closed.port)/")!
        let error = await Self.callError { _ = try await transport.post(url, headers: [], body: []) }
        #expect(error?.code == "NetworkError")
        #expect(error?.isRetryable == true)
        #expect(error?.message.contains("connection refused") == true, "\(String(describing: error))")

        let retries = Counter()
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: 0.001, maxDelay: 0.001)
        let final = await Self.callError {
            _ = try await policy.run(onRetry: { _ in retries.add() }, failure: AWSCallError.from) {
                try await transport.post(url, headers: [], body: [])
            }
        }
        #expect(final?.code == "NetworkError")
        #expect(final?.message.hasSuffix("(after 3 attempts)") == true)
        #expect(retries.value == 2)
        try await transport.shutdown()
    }

    /// The settings URLSession had (read timeout, 4x for the whole request, connections per host),
    /// and a refused connection failing its request at once (not held by the pool, which would try
    /// again until the connect timeout: the retry policy decides). Read from the configuration, as
    /// time measured in a parallel test run says nothing.
    @Test func theClientsSettingsAreURLSessions() throws {
        let configuration = AsyncHTTPClientTransport.configuration(timeout: 30, connectionsPerHost: 64, proxy: nil)
        #expect(configuration.timeout.read == .seconds(30))
        #expect(configuration.timeout.connect == .seconds(10))
        #expect(configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit == 64)
        #expect(configuration.connectionPool.retryConnectionEstablishment == false)
        #expect(configuration.proxy == nil)
        let short = AsyncHTTPClientTransport.configuration(timeout: 2, connectionsPerHost: 0,
                                                           proxy: ProxyServer(host: "proxy.corp", port: 3128))
        #expect(short.timeout.connect == .seconds(2))
        #expect(short.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit == 1)
        #expect(short.proxy == .server(host: "proxy.corp", port: 3128))
    }

    @Test func noAnswerWithinTheTimeoutIsATimeout() async throws {
        // Listening, never accepting: the connection is made by the kernel and no answer comes.
        let silent = try LoopbackSocket(listening: true)
        let transport = AsyncHTTPClientTransport(timeout: 0.5, connectionsPerHost: 1)
        let error = await Self.callError {
            _ = try await transport.post(URL(string: "http://127.0.0.1:\(silent.port)/")!, headers: [], body: [])
        }
        #expect(error?.code == "Timeout")
        #expect(error?.isRetryable == true)
        try await transport.shutdown()
    }

    @Test func httpsRequestsTunnelThroughTheEnvironmentsProxy() async throws {
        let proxy = try LoopbackSocket(listening: true)
        let proxies = try ProxyEnvironment(environment: ["https_proxy": "http://auditor:s3cret@127.0.0.1:\(proxy.port)",
                                                         "no_proxy": "sts.amazonaws.com"])
        let transport = AsyncHTTPClientTransport(timeout: 5, connectionsPerHost: 1, proxies: proxies)
        let seen = Task.detached { proxy.answerOnce("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n") }
        let error = await Self.callError {
            _ = try await transport.post(URL(string: "https://ec2.eu-west-1.amazonaws.com/")!, headers: [], body: [])
        }
        let request = await seen.value
        #expect(request.hasPrefix("CONNECT ec2.eu-west-1.amazonaws.com:443 HTTP/1.1\r\n"), "\(request)")
        // Basic auth of auditor:s3cret, sent to the proxy only, and in no error text.
        #expect(request.contains("Basic YXVkaXRvcjpzM2NyZXQ="))
        #expect(error?.code == "NetworkError")
        #expect(error.map { !"\($0)".contains("s3cret") } == true)
        try await transport.shutdown()
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
