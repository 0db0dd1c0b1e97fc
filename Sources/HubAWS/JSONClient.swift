import Foundation

/// An AWS REST-JSON client (Security Hub): a JSON body POSTed to a path of the service's endpoint,
/// signed with SigV4, retried as the Query client is (`RetryPolicy.run`), over the same transport.
public struct JSONClient: Sendable {
    public var endpoint: URL
    public var region: String
    public var service: String
    public var credentials: AWSCredentials
    public var transport: HTTPTransport
    public var retry: RetryPolicy
    public var onRetry: @Sendable (AWSCallError) -> Void

    public init(endpoint: URL, region: String, service: String, credentials: AWSCredentials, transport: HTTPTransport,
                retry: RetryPolicy = RetryPolicy(), onRetry: @escaping @Sendable (AWSCallError) -> Void = { _ in }) {
        self.endpoint = endpoint
        self.region = region
        self.service = service
        self.credentials = credentials
        self.transport = transport
        self.retry = retry
        self.onRetry = onRetry
    }

    /// POSTs `body` to `path` (`/findings/import`) under the endpoint and returns the 2xx answer's body.
    public func post(_ path: String, body: [UInt8]) async throws -> [UInt8] {
        let url = JSONClient.url(endpoint, path)
        return try await retry.run(onRetry: onRetry, failure: AWSCallError.fromJSON) {
            var headers = [("Content-Type", "application/json")]
            let request = SigV4Request(method: "POST", url: url, headers: headers, body: body)
            headers += SigV4.sign(request, credentials: credentials, region: region, service: service, date: Date())
            return try await transport.post(url, headers: headers, body: body)
        }
    }

    /// The endpoint's scheme, host and port with `path` (after the endpoint's own path, if any).
    static func url(_ endpoint: URL, _ path: String) -> URL {
        var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false) ?? URLComponents()
        let base = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        components.path = base + path
        return components.url ?? endpoint
    }
}

extension AWSCallError {
    /// The error a REST-JSON answer carries: `{"__type": "…#InvalidAccessException", "message": "…"}`
    /// (or `code` / `Code`, `Message`), else the status alone.
    public static func fromJSON(_ response: HTTPResponse) -> AWSCallError {
        struct Body: Decodable {
            var type: String?
            var code: String?
            var upperCode: String?
            var message: String?
            var upperMessage: String?
            enum CodingKeys: String, CodingKey {
                case type = "__type", code, upperCode = "Code", message, upperMessage = "Message"
            }
        }
        if let body = try? JSONDecoder().decode(Body.self, from: Data(response.body)),
           let raw = body.type ?? body.code ?? body.upperCode, !raw.isEmpty {
            // `aws.protocoltests#InvalidAccessException` or `InvalidAccessException:http://…`: the name alone.
            let afterHash = raw.split(separator: "#").last.map(String.init) ?? raw
            let code = afterHash.split(separator: ":").first.map(String.init) ?? afterHash
            return AWSCallError(code: code, message: body.message ?? body.upperMessage ?? "", httpStatus: response.status)
        }
        return AWSCallError(code: "HTTP\(response.status)", message: "HTTP status \(response.status) without an AWS error body",
                            httpStatus: response.status)
    }
}
