import Foundation

/// Capped exponential backoff with full jitter (the AWS SDKs' standard mode).
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval

    public init(maxAttempts: Int = 5, baseDelay: TimeInterval = 0.2, maxDelay: TimeInterval = 20) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1): random in [0, min(cap, base·2^(attempt-1))].
    public func delay(after attempt: Int) -> TimeInterval {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return Double.random(in: 0...ceiling)
    }
}

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
        var attempt = 0
        while true {
            attempt += 1
            await pacer?.permit()
            var headers = [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]
            let request = SigV4Request(method: "POST", url: endpoint, headers: headers, body: body)
            headers += SigV4.sign(request, credentials: credentials, region: region, service: service, date: Date())
            let failure: AWSCallError
            do {
                let response = try await post(endpoint, headers, body)
                if (200..<300).contains(response.status) { return response.body }
                failure = AWSCallError.from(response)
            } catch let error as AWSCallError {
                failure = error
            } catch let error as URLError where error.code == .timedOut {
                failure = AWSCallError(code: "Timeout", message: "no answer within the request timeout")
            } catch let error as URLError {
                failure = AWSCallError(code: "NetworkError", message: error.localizedDescription)
            }
            guard failure.isRetryable, attempt < retry.maxAttempts else {
                var final = failure
                if attempt > 1 { final.message += " (after \(attempt) attempts)" }
                throw final
            }
            if failure.isThrottling { await pacer?.throttled() }
            onRetry(failure)
            try await Task.sleep(nanoseconds: UInt64(retry.delay(after: attempt) * 1_000_000_000))
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
