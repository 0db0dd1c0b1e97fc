import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The product's transport: AsyncHTTPClient on SwiftNIO's singleton event loops (Benchmarks/README.md
/// "Transports side by side": a third to half of URLSession's CPU a call, its connections kept, its
/// memory flat). A 2xx body goes to the sink buffer by buffer as NIO reads it; an error body (small)
/// comes back whole. HTTPS uses NIOSSL's default configuration: the system's trust store.
/// Call `shutdown()` when done: AsyncHTTPClient requires it before a client is released.
public final class AsyncHTTPClientTransport: StreamingHTTPTransport {
    /// One client a route: directly, and one for each proxy of the environment (AsyncHTTPClient's
    /// proxy is a client's setting, and `no_proxy` and loopback choose per request).
    private let clients: [ProxyServer?: HTTPClient]
    private let proxies: ProxyEnvironment
    /// The whole request, head to last byte (URLSession's resource timeout was 4 x the idle one).
    private let deadline: TimeAmount
    /// An error body is read whole for its code; one larger than this is not an AWS error.
    private static let errorBodyLimit = 1 << 20

    /// `timeout`: seconds a request may wait for data (AHC's read timeout, URLSession's
    /// timeoutIntervalForRequest) before it fails and is retried. `connectionsPerHost`: connections
    /// kept open to one endpoint. Every account of a region calls the same host
    /// (`ec2.<region>.amazonaws.com`), so this, not the collector's concurrency, would bound the
    /// requests in flight there: give it the concurrency (AHC's default is 8).
    public init(timeout: Double = 30, connectionsPerHost: Int = 8, proxies: ProxyEnvironment = ProxyEnvironment()) {
        func client(_ proxy: ProxyServer?) -> HTTPClient {
            HTTPClient(eventLoopGroupProvider: .singleton,
                       configuration: Self.configuration(timeout: timeout, connectionsPerHost: connectionsPerHost, proxy: proxy))
        }
        var clients: [ProxyServer?: HTTPClient] = [nil: client(nil)]
        for proxy in [proxies.httpsProxy, proxies.httpProxy].compactMap({ $0 }) where clients[proxy] == nil {
            clients[proxy] = client(proxy)
        }
        self.clients = clients
        self.proxies = proxies
        deadline = .nanoseconds(Int64(timeout * 4e9))
    }

    static func configuration(timeout: Double, connectionsPerHost: Int, proxy: ProxyServer?) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        let wait = TimeAmount.nanoseconds(Int64(timeout * 1e9))
        configuration.timeout = .init(connect: min(wait, .seconds(10)), read: wait)
        configuration.connectionPool = .init(idleTimeout: .seconds(60),
                                             concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, connectionsPerHost))
        // A refused or failed connection fails its request at once, as URLSession's did: the
        // retry policy (backoff, attempts, the failure recorded) decides what follows, not the pool
        // (which would otherwise try again until the connect timeout).
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.decompression = .disabled
        configuration.redirectConfiguration = .disallow
        if let proxy {
            let authorization = proxy.username.map { HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "") }
            configuration.proxy = .server(host: proxy.host, port: proxy.port, authorization: authorization)
        }
        return configuration
    }

    /// Closes every pool's connections. Call once, after the last request.
    public func shutdown() async throws {
        for client in clients.values { try await client.shutdown() }
    }

    public func post(_ url: URL, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResponse {
        do {
            let response = try await client(for: url).execute(request(url, headers, body), timeout: deadline)
            let whole = try await response.body.collect(upTo: 256 << 20)
            return HTTPResponse(status: Int(response.status.code), body: Array(buffer: whole))
        } catch {
            throw Self.callError(error)
        }
    }

    public func post(_ url: URL, headers: [(String, String)], body: [UInt8], streamingTo sink: BodySink) async throws -> HTTPResponse {
        let response: HTTPClientResponse
        do {
            response = try await client(for: url).execute(request(url, headers, body), timeout: deadline)
        } catch {
            throw Self.callError(error)
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            do {
                let whole = try await response.body.collect(upTo: Self.errorBodyLimit)
                return HTTPResponse(status: status, body: Array(buffer: whole))
            } catch {
                throw Self.callError(error)
            }
        }
        try sink.begin()
        var parts = response.body.makeAsyncIterator()
        while true {
            // Only the network's errors are mapped: the sink's own (a full disk, a parse error)
            // go up as they are.
            let part: ByteBuffer?
            do { part = try await parts.next() } catch { throw Self.callError(error) }
            guard let part else { break }
            try part.withUnsafeReadableBytes { try sink.consume($0) }
        }
        try sink.end()
        return HTTPResponse(status: status, body: [])
    }

    private func client(for url: URL) -> HTTPClient {
        clients[proxies.proxy(for: url)] ?? clients[nil]!
    }

    private func request(_ url: URL, _ headers: [(String, String)], _ body: [UInt8]) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    /// A network failure as the retry policy and the manifest know it (as URLSession's URLErrors
    /// were mapped): `Timeout` for no answer in time, `NetworkError` for a connection refused,
    /// reset or closed, both retried. The texts name the failure, never a body or a header.
    static func callError(_ error: Error) -> Error {
        if error is CancellationError || error is AWSCallError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .readTimeout, .connectTimeout, .deadlineExceeded, .writeTimeout, .tlsHandshakeTimeout,
                 .httpProxyHandshakeTimeout, .socksHandshakeTimeout, .getConnectionFromPoolTimeout:
                return AWSCallError(code: "Timeout", message: "no answer within the request timeout")
            case .cancelled:
                return CancellationError()
            case .remoteConnectionClosed:
                return AWSCallError(code: "NetworkError", message: "the connection closed before the answer")
            case .proxyAuthenticationRequired:
                return AWSCallError(code: "NetworkError", message: "the proxy asked for authentication")
            case .invalidProxyResponse:
                return AWSCallError(code: "NetworkError", message: "the proxy refused the tunnel")
            default:
                return AWSCallError(code: "NetworkError", message: "http client: \(error)")
            }
        }
        if let error = error as? NIOConnectionError {
            let cause = error.connectionErrors.first.map { Self.reason($0.error) } ?? "no address"
            return AWSCallError(code: "NetworkError", message: "could not connect to \(error.host):\(error.port): \(cause)")
        }
        return AWSCallError(code: "NetworkError", message: Self.reason(error))
    }

    /// `connection refused`, `connection reset by peer`, … for a system error; the error's type otherwise.
    private static func reason(_ error: Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        if let error = error as? ChannelError, case .connectTimeout = error { return "connect timed out" }
        return "\(type(of: error))"
    }
}
