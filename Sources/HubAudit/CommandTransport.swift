import Foundation
import HubAWS

/// The HTTP transport a command makes for itself when none is given (tests give scripted ones):
/// AsyncHTTPClient with the command's timeout and connections per host, the environment's proxy
/// settings, and its event-loop clients shut down when the command's work ends, whatever the outcome.
enum CommandTransport {
    static func run<T>(_ given: HTTPTransport?, timeout: Double, connectionsPerHost: Int, environment: [String: String],
                       failure: (Error) -> T, _ work: (HTTPTransport) async -> T) async -> T {
        if let given { return await work(given) }
        let transport: AsyncHTTPClientTransport
        do {
            transport = AsyncHTTPClientTransport(timeout: timeout, connectionsPerHost: connectionsPerHost,
                                                 proxies: try ProxyEnvironment(environment: environment))
        } catch {
            return failure(error)
        }
        let result = await work(transport)
        // Nothing is in flight any more: a failure to close an idle pool changes no result.
        try? await transport.shutdown()
        return result
    }
}
