import Foundation
import Testing
@testable import HubAWS

/// The REST-JSON client (Security Hub): where it posts, how it signs, which answers it retries, and
/// how it reads a REST-JSON error body.
struct JSONClientTests {
    /// Answers from a list, one per request, and records the requests.
    final class ListedAnswers: HTTPTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var answers: [HTTPResponse]
        private(set) var requests: [(url: URL, headers: [(String, String)], body: [UInt8])] = []

        init(_ answers: [HTTPResponse]) { self.answers = answers }

        var count: Int { lock.withLock { requests.count } }

        func post(_ url: URL, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResponse {
            lock.withLock {
                requests.append((url, headers, body))
                return answers.isEmpty ? HTTPResponse(status: 200, body: Array("{}".utf8)) : answers.removeFirst()
            }
        }
    }

    static func client(_ endpoint: String, _ transport: HTTPTransport, attempts: Int = 3) -> JSONClient {
        JSONClient(endpoint: URL(string: endpoint)!, region: "eu-west-1", service: "securityhub",
                   credentials: AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s", sessionToken: "token"),
                   transport: transport, retry: RetryPolicy(maxAttempts: attempts, baseDelay: 0.001, maxDelay: 0.001))
    }

    static func answer(_ status: Int, _ body: String) -> HTTPResponse { HTTPResponse(status: status, body: Array(body.utf8)) }

    @Test func postsJSONToThePathUnderTheEndpointSignedForTheService() async throws {
        for (endpoint, expected) in [("https://securityhub.eu-west-1.amazonaws.com/", "https://securityhub.eu-west-1.amazonaws.com/findings/import"),
                                     ("http://127.0.0.1:5055", "http://127.0.0.1:5055/findings/import"),
                                     ("http://127.0.0.1:5055/prefix/", "http://127.0.0.1:5055/prefix/findings/import")] {
            let transport = ListedAnswers([Self.answer(200, #"{"SuccessCount":1}"#)])
            let body = try await Self.client(endpoint, transport).post("/findings/import", body: Array(#"{"Findings":[]}"#.utf8))
            #expect(String(decoding: body, as: UTF8.self) == #"{"SuccessCount":1}"#)
            let request = try #require(transport.requests.first)
            #expect(request.url.absoluteString == expected)
            #expect(request.headers.contains { $0 == ("Content-Type", "application/json") })
            #expect(request.headers.contains { $0 == ("X-Amz-Security-Token", "token") })
            let authorization = request.headers.first { $0.0 == "Authorization" }?.1 ?? ""
            #expect(authorization.contains("/eu-west-1/securityhub/aws4_request"))
        }
    }

    @Test func throttlingAndServerErrorsAreRetriedClientErrorsAreNot() async throws {
        let flaky = ListedAnswers([Self.answer(429, ""), Self.answer(503, "<html>"),
                                   Self.answer(429, #"{"__type":"LimitExceededException","message":"slow"}"#), Self.answer(200, "{}")])
        _ = try await Self.client("http://127.0.0.1:1", flaky, attempts: 5).post("/findings/import", body: [])
        #expect(flaky.count == 4)

        let denied = ListedAnswers([Self.answer(403, #"{"__type":"com.amazonaws.securityhub#AccessDeniedException","Message":"no"}"#)])
        await #expect(throws: AWSCallError.self) { try await Self.client("http://127.0.0.1:1", denied).post("/x", body: []) }
        #expect(denied.count == 1)

        let down = ListedAnswers(Array(repeating: Self.answer(500, ""), count: 3))
        do {
            _ = try await Self.client("http://127.0.0.1:1", down).post("/x", body: [])
            Issue.record("a failing service was reported as answering")
        } catch let error as AWSCallError {
            #expect(error.code == "HTTP500" && error.message.hasSuffix("(after 3 attempts)"))
        }
    }

    @Test func readsRESTJSONErrorBodies() {
        let cases: [(String, String, String)] = [
            (#"{"__type":"InvalidAccessException","message":"Account is not subscribed"}"#, "InvalidAccessException", "Account is not subscribed"),
            (#"{"__type":"com.amazonaws.securityhub#InvalidInputException","Message":"bad"}"#, "InvalidInputException", "bad"),
            (#"{"code":"InvalidInputException:http://internal.amazon.com/","message":"m"}"#, "InvalidInputException", "m"),
            (#"{"Code":"LimitExceededException"}"#, "LimitExceededException", ""),
            ("<html>proxy</html>", "HTTP502", "HTTP status 502 without an AWS error body"),
            (#"{"__type":""}"#, "HTTP502", "HTTP status 502 without an AWS error body"),
        ]
        for (body, code, message) in cases {
            let error = AWSCallError.fromJSON(HTTPResponse(status: 502, body: Array(body.utf8)))
            #expect(error.code == code, "\(body)")
            #expect(error.message == message, "\(body)")
            #expect(error.httpStatus == 502)
        }
    }
}
