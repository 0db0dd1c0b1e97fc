import Foundation
import HubTestSupport
import HubAWS

/// A new temporary folder's path (HubTestSupport's, as a path: the collector takes paths).
func temporaryFolder() throws -> String { try HubTestSupport.temporaryFolder("collect").path }

/// Answers every signed request in memory, as its script says, and records where each went: no
/// request leaves the process.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    struct Request {
        var url: URL
        var action: String
        var form: [String: String]
    }

    private let lock = NSLock()
    private var recorded: [Request] = []
    private let script: @Sendable (String, [String: String]) -> HTTPResponse?

    /// `script` answers an action (nil: the default — STS identities for 222222222222, empty EC2 pages).
    init(_ script: @escaping @Sendable (String, [String: String]) -> HTTPResponse? = { _, _ in nil }) {
        self.script = script
    }

    var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    private func record(_ request: Request) {
        lock.lock()
        recorded.append(request)
        lock.unlock()
    }

    func post(_ url: URL, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResponse {
        var form: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            form[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let action = form["Action"] ?? ""
        record(Request(url: url, action: action, form: form))
        return script(action, form) ?? ScriptedTransport.defaultAnswer(action)
    }

    static func ok(_ text: String) -> HTTPResponse { HTTPResponse(status: 200, body: Array(text.utf8)) }

    static func defaultAnswer(_ action: String) -> HTTPResponse {
        let sts = "https://sts.amazonaws.com/doc/2011-06-15/"
        switch action {
        case "AssumeRole":
            return ok("<AssumeRoleResponse xmlns=\"\(sts)\"><AssumeRoleResult><Credentials><AccessKeyId>ASIA1</AccessKeyId>"
                      + "<SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken></Credentials></AssumeRoleResult></AssumeRoleResponse>")
        case "GetCallerIdentity":
            return ok("<GetCallerIdentityResponse xmlns=\"\(sts)\"><GetCallerIdentityResult><Arn>arn:aws:sts::222222222222:assumed-role/a/h</Arn>"
                      + "<Account>222222222222</Account></GetCallerIdentityResult></GetCallerIdentityResponse>")
        default:
            return ok("<\(action)Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId></\(action)Response>")
        }
    }
}
