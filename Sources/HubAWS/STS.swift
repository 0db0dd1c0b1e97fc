import Foundation
import HubXML

/// The two STS calls collection needs: AssumeRole into each account, GetCallerIdentity to record who
/// collected. Responses are parsed with the same streaming parser as EC2's.
public struct STSClient: Sendable {
    public var client: QueryClient

    public init(endpoint: URL, region: String, credentials: AWSCredentials, transport: HTTPTransport,
                retry: RetryPolicy = RetryPolicy()) {
        client = QueryClient(endpoint: endpoint, region: region, service: "sts", version: "2011-06-15",
                             credentials: credentials, transport: transport, retry: retry)
    }

    public struct AssumedRole: Sendable {
        public var credentials: AWSCredentials
        public var arn: String
    }

    public func assumeRole(arn: String, sessionName: String, externalId: String?, duration: Int = 3600) async throws -> AssumedRole {
        var parameters = [("RoleArn", arn), ("RoleSessionName", sessionName), ("DurationSeconds", String(duration))]
        if let externalId { parameters.append(("ExternalId", externalId)) }
        let body = try await client.call("AssumeRole", parameters)
        let reader = STSReader()
        try ResponseParser.parse(bytes: body, name: "AssumeRole response", handler: reader)
        guard let key = reader.values["AccessKeyId"], let secret = reader.values["SecretAccessKey"] else {
            throw AWSCallError(code: "MalformedResponse", message: "AssumeRole answered without credentials")
        }
        return AssumedRole(credentials: AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: reader.values["SessionToken"]),
                           arn: reader.values["Arn"] ?? arn)
    }

    /// The ARN of the caller (`arn:aws:sts::111111111111:assumed-role/audit/hubaudit`) and its account.
    public func callerIdentity() async throws -> (arn: String, account: String) {
        let body = try await client.call("GetCallerIdentity")
        let reader = STSReader()
        try ResponseParser.parse(bytes: body, name: "GetCallerIdentity response", handler: reader)
        guard let arn = reader.values["Arn"], let account = reader.values["Account"] else {
            throw AWSCallError(code: "MalformedResponse", message: "GetCallerIdentity answered without an identity")
        }
        return (arn, account)
    }
}

/// Collects the leaf values of an STS result (`AssumeRoleResult/Credentials/AccessKeyId`, …) by name.
final class STSReader: ResponseHandler {
    var values: [String: String] = [:]

    func didStartRoot(_ name: String, line: Int) throws {}
    func didReadField(_ name: XMLName, text: String, line: Int) throws {}

    func didReadItem(_ item: ItemElement, in container: XMLName) throws {
        collect(item)
    }

    private func collect(_ element: ItemElement) {
        if !element.hasChildren { values[element.name.description] = element.text }
        for child in element.children { collect(child) }
    }
}
