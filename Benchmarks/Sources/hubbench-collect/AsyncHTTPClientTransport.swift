import AsyncHTTPClient
import Foundation
import HubAWS
import NIOCore
import NIOHTTP1

/// hubaudit's transport protocols on AsyncHTTPClient (SwiftNIO), to measure beside URLSession
/// (Benchmarks/README.md "Collection"). The same contract as `URLSessionTransport`: a 2xx body goes
/// to the sink buffer by buffer as NIO reads it; an error body (small) comes back whole.
final class AsyncHTTPClientTransport: StreamingHTTPTransport {
    private let client: HTTPClient
    /// The whole request, head to last byte (URLSession's resource timeout: 4 x the idle one).
    private let deadline: TimeAmount
    /// An error body is read whole for its code; one larger than this is not an EC2 error.
    private static let errorBodyLimit = 1 << 20

    /// `timeout`: seconds a request may wait for data (AHC's read timeout, URLSession's
    /// timeoutIntervalForRequest). `connectionsPerHost`: as for `URLSessionTransport`, the
    /// collector's concurrency: every account of a region calls one host, and AHC's default is 8.
    init(timeout: Double, connectionsPerHost: Int) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .nanoseconds(Int64(timeout * 1e9)))
        configuration.connectionPool = .init(idleTimeout: .seconds(60),
                                             concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, connectionsPerHost))
        configuration.decompression = .disabled
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        deadline = .nanoseconds(Int64(timeout * 4e9))
    }

    /// Closes the pool's connections: AHC requires it before the client is released.
    func shutdown() async throws {
        try await client.shutdown()
    }

    func post(_ url: URL, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResponse {
        let response = try await client.execute(request(url, headers, body), timeout: deadline)
        let whole = try await response.body.collect(upTo: 256 << 20)
        return HTTPResponse(status: Int(response.status.code), body: Array(buffer: whole))
    }

    func post(_ url: URL, headers: [(String, String)], body: [UInt8], streamingTo sink: BodySink) async throws -> HTTPResponse {
        let response = try await client.execute(request(url, headers, body), timeout: deadline)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let whole = try await response.body.collect(upTo: Self.errorBodyLimit)
            return HTTPResponse(status: status, body: Array(buffer: whole))
        }
        try sink.begin()
        for try await buffer in response.body {
            try buffer.withUnsafeReadableBytes { try sink.consume($0) }
        }
        try sink.end()
        return HTTPResponse(status: status, body: [])
    }

    private func request(_ url: URL, _ headers: [(String, String)], _ body: [UInt8]) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }
}
