import Foundation
import HubModel

/// Where collection sends its signed requests. A regional endpoint is put together from a checked
/// region name and a fixed host template, never by pasting text into a URL string: a region such as
/// `x@host:port/#` from an accounts file must not send credentials-signed requests elsewhere.
public enum Endpoints {
    /// `https://<service>.<region>.amazonaws.com/` (`.com.cn` in China), or why there is none.
    public static func regional(_ service: String, _ region: RegionName) throws -> URL {
        guard let domain = region.endpointDomain else {
            throw CollectFailure("region \(region) is in a partition whose endpoints hubaudit does not know: collect it with --endpoint-url")
        }
        var components = URLComponents()
        components.scheme = "https"
        components.host = "\(service).\(region.name).\(domain)"
        components.path = "/"
        guard let url = components.url else { throw CollectFailure("no endpoint for \(service) in \(region)") }
        return url
    }

    /// The one endpoint for EC2 and STS given with `--endpoint-url` (a local moto server, a proxy):
    /// http or https with a host, and nothing that would hide where requests go or change what is
    /// signed — no user:password@, no ?query, no #fragment. nil when it is usable.
    public static func overrideProblem(_ url: URL) -> String? {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
              let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = components.host, !host.isEmpty else {
            return "--endpoint-url takes an http or https URL such as http://127.0.0.1:5055"
        }
        if components.user != nil || components.password != nil { return "--endpoint-url must not hold a user name or password" }
        if components.query != nil { return "--endpoint-url must not hold a query (?…)" }
        if components.fragment != nil { return "--endpoint-url must not hold a fragment (#…)" }
        return nil
    }

    /// The endpoint override as typed on the command line, checked; or the problem with it.
    public static func parseOverride(_ text: String) -> Result<URL, CollectFailure> {
        guard let url = URL(string: text) else {
            // Not echoed: the text may hold a password.
            return .failure(CollectFailure("--endpoint-url takes an http or https URL such as http://127.0.0.1:5055"))
        }
        if let problem = overrideProblem(url) { return .failure(CollectFailure(problem)) }
        return .success(url)
    }
}
