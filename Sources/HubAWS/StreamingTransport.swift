import Foundation

/// Where a successful response's body goes as it arrives: chunk by chunk, so a large page is
/// parsed and saved without being held in memory. `begin` is called before every attempt
/// (a retry starts over); `end` after the last chunk of a successful attempt.
public protocol BodySink: AnyObject, Sendable {
    func begin() throws
    func consume(_ chunk: UnsafeRawBufferPointer) throws
    func end() throws
}

/// A transport that can hand a 2xx body to a sink while it streams; error bodies (small) are
/// still returned whole, for their error code.
public protocol StreamingHTTPTransport: HTTPTransport {
    func post(_ url: URL, headers: [(String, String)], body: [UInt8], streamingTo sink: BodySink) async throws -> HTTPResponse
}
