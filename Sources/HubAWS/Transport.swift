import Foundation

public struct HTTPResponse: Sendable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// Sends one signed POST. A protocol so tests can count and script calls; the real one is AsyncHTTPClientTransport.
public protocol HTTPTransport: Sendable {
    func post(_ url: URL, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResponse
}
