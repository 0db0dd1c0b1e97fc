import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

public struct HTTPResponse: Sendable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// Sends one signed POST. A protocol so tests can count and script calls; the real one is URLSession.
public protocol HTTPTransport: Sendable {
    func post(_ url: URL, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResponse
}

/// Foundation's URLSession (FoundationNetworking on Linux), with a timeout on every request.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    /// A second session whose delegate streams bodies (see StreamingTransport.swift).
    let streamingSession: URLSession
    let router = StreamRouter()

    /// `timeout`: seconds a request may wait for data before it fails (and is retried).
    /// `connectionsPerHost`: connections kept open to one endpoint. Every account of a region calls
    /// the same host (`ec2.<region>.amazonaws.com`), so this, not the collector's concurrency, would
    /// bound the requests in flight there: give it the concurrency.
    public init(timeout: TimeInterval = 30, connectionsPerHost: Int = 8) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 4
        configuration.httpMaximumConnectionsPerHost = max(1, connectionsPerHost)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
        streamingSession = URLSession(configuration: configuration, delegate: router, delegateQueue: nil)
    }

    public func post(_ url: URL, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResponse {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(body)
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return HTTPResponse(status: status, body: [UInt8](data))
    }
}
