import Foundation
import HubXML

/// A failed AWS call, as the manifest records it.
public struct AWSCallError: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var httpStatus: Int?

    public init(code: String, message: String, httpStatus: Int? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    public var description: String {
        "\(code)\(httpStatus.map { " (HTTP \($0))" } ?? ""): \(message)"
    }

    /// Throttling and transient failures are retried (botocore's standard retry mode lists), and
    /// HTTP 429 whatever its body says: REST-JSON services (Security Hub) throttle with it.
    public var isRetryable: Bool {
        AWSCallError.throttlingCodes.contains(code) || AWSCallError.transientCodes.contains(code)
            || [429, 500, 502, 503, 504].contains(httpStatus ?? 0) || code == "NetworkError" || code == "Timeout"
    }

    public var isThrottling: Bool { AWSCallError.throttlingCodes.contains(code) }

    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    ]
    static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
                                              "ServiceUnavailable", "Unavailable"]

    /// The error an HTTP response carries: the EC2 (`<Response><Errors>`) or STS (`<ErrorResponse>`)
    /// body when it is XML, else the status alone (a proxy's HTML page, an empty body).
    public static func from(_ response: HTTPResponse) -> AWSCallError {
        let reader = ErrorBodyReader()
        if (try? ResponseParser.parse(bytes: response.body, name: "response", handler: reader)) != nil, let code = reader.code {
            return AWSCallError(code: code, message: reader.message ?? "", httpStatus: response.status)
        }
        return AWSCallError(code: "HTTP\(response.status)", message: "HTTP status \(response.status) without an AWS error body",
                            httpStatus: response.status)
    }
}

/// Collects an error body's code and message as the parser streams it.
final class ErrorBodyReader: ResponseHandler {
    private var body = AWSErrorBody()
    var code: String? { body.code }
    var message: String? { body.message }

    func didStartRoot(_ name: String, line: Int) throws {}
    func didReadField(_ name: XMLName, text: String, line: Int) throws {}
    func didReadItem(_ item: ItemElement, in container: XMLName) throws { body.read(item, in: container) }
}
