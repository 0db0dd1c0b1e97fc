import Foundation

/// An AWS Query-protocol client (EC2, STS): form-encoded POST, SigV4, retries.
public struct QueryClient: Sendable {
    public var endpoint: URL
    public var region: String
    public var service: String
    public var version: String
    public var credentials: AWSCredentials
    public var transport: HTTPTransport
    public var retry: RetryPolicy
    /// Called before each retry with the error (counts and progress).
    public var onRetry: @Sendable (AWSCallError) -> Void
    /// The bucket of the account and region this client calls (nil: calls go as fast as permitted).
    public var pacer: RequestPacer?

    public init(endpoint: URL, region: String, service: String, version: String, credentials: AWSCredentials,
                transport: HTTPTransport, retry: RetryPolicy = RetryPolicy(), pacer: RequestPacer? = nil,
                onRetry: @escaping @Sendable (AWSCallError) -> Void = { _ in }) {
        self.endpoint = endpoint
        self.region = region
        self.service = service
        self.version = version
        self.credentials = credentials
        self.transport = transport
        self.retry = retry
        self.onRetry = onRetry
        self.pacer = pacer
    }

    /// Calls `action` with `parameters` (already in Query form: `Filter.1.Name`, `NextToken`, …).
    /// Throws `AWSCallError` when the call fails for good: a client error such as access denied at
    /// once, throttling and transient failures after the retries run out.
    public func call(_ action: String, _ parameters: [(String, String)] = []) async throws -> [UInt8] {
        try await send(action, parameters) { url, headers, body in
            try await transport.post(url, headers: headers, body: body)
        }
    }

    /// `call`, with the successful body streamed into `sink` as it arrives (when the transport can
    /// stream; else handed over whole).
    public func call(_ action: String, _ parameters: [(String, String)] = [], streamingTo sink: BodySink) async throws {
        _ = try await send(action, parameters) { url, headers, body in
            if let streaming = transport as? StreamingHTTPTransport {
                return try await streaming.post(url, headers: headers, body: body, streamingTo: sink)
            }
            let response = try await transport.post(url, headers: headers, body: body)
            if (200..<300).contains(response.status) {
                try sink.begin()
                try response.body.withUnsafeBytes { try sink.consume($0) }
                try sink.end()
                return HTTPResponse(status: response.status, body: [])
            }
            return response
        }
    }

    private func send(_ action: String, _ parameters: [(String, String)],
                      _ post: (URL, [(String, String)], [UInt8]) async throws -> HTTPResponse) async throws -> [UInt8] {
        let body = Array(QueryClient.formEncode([("Action", action), ("Version", version)] + parameters).utf8)
        return try await retry.run(pacer: pacer, onRetry: onRetry, failure: AWSCallError.from) {
            var headers = [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]
            let request = SigV4Request(method: "POST", url: endpoint, headers: headers, body: body)
            headers += SigV4.sign(request, credentials: credentials, region: region, service: service, date: Date())
            return try await post(endpoint, headers, body)
        }
    }

    /// `application/x-www-form-urlencoded`, with RFC 3986 unreserved characters left as they are.
    public static func formEncode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.append(Character(UnicodeScalar(byte)))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}
