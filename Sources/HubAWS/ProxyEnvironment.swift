import Foundation

/// An HTTP proxy that requests are tunnelled through (CONNECT), from the environment.
public struct ProxyServer: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// `user:password@` in the variable's URL: sent as Basic proxy authorization, never printed.
    public var username: String?
    public var password: String?

    public init(host: String, port: Int, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
    }

    /// Host and port only: the credentials stay out of every message.
    public var description: String { "\(host):\(port)" }
}

/// A proxy variable that cannot be used, named without its value (it may hold a password).
public struct ProxyEnvironmentError: Error, CustomStringConvertible, Equatable {
    public var description: String
}

/// The proxy settings URLSession's libcurl honoured, read the way curl reads them, so that moving
/// the transport to AsyncHTTPClient (which reads no environment) changes nothing for a user behind
/// a proxy: `https_proxy`/`HTTPS_PROXY` for https URLs, `http_proxy` for http ones (curl ignores
/// `HTTP_PROXY`: CGI servers set it from a request header), `all_proxy`/`ALL_PROXY` for both, and
/// `no_proxy`/`NO_PROXY` (comma-separated host names, domain suffixes with or without a leading
/// dot, addresses, `*` for all). Loopback is always reached directly: a local endpoint
/// (`--endpoint-url http://127.0.0.1:…`) behind a corporate proxy variable is the common case.
public struct ProxyEnvironment: Sendable, Equatable {
    public var httpsProxy: ProxyServer?
    public var httpProxy: ProxyServer?
    public var exclusions: [String]

    public init(httpsProxy: ProxyServer? = nil, httpProxy: ProxyServer? = nil, exclusions: [String] = []) {
        self.httpsProxy = httpsProxy
        self.httpProxy = httpProxy
        self.exclusions = exclusions
    }

    public init(environment: [String: String]) throws {
        func value(_ names: String...) -> (name: String, text: String)? {
            for name in names {
                if let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty { return (name, text) }
            }
            return nil
        }
        httpsProxy = try value("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY").map(Self.server)
        httpProxy = try value("http_proxy", "all_proxy", "ALL_PROXY").map(Self.server)
        exclusions = (value("no_proxy", "NO_PROXY")?.text ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    /// The proxy a request to `url` goes through, or nil: directly.
    public func proxy(for url: URL) -> ProxyServer? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return nil }
        let proxy = scheme == "https" ? httpsProxy : scheme == "http" ? httpProxy : nil
        guard let proxy, !Self.isLoopback(host), !isExcluded(host) else { return nil }
        return proxy
    }

    /// `no_proxy`: `*`, the host itself, or a domain it is under (`example.com` and `.example.com`
    /// both cover `ec2.example.com`); an entry's `:port` is ignored, as curl did before 8.
    func isExcluded(_ host: String) -> Bool {
        let bare = Self.withoutBrackets(host)
        for entry in exclusions {
            if entry == "*" { return true }
            var name = Self.withoutBrackets(entry.hasPrefix("[") ? String(entry.prefix { $0 != "]" }) + "]" : entry)
            if !entry.hasPrefix("["), entry.filter({ $0 == ":" }).count == 1 { name = String(name.prefix { $0 != ":" }) }
            if name.hasPrefix(".") { name.removeFirst() }
            if name.isEmpty { continue }
            if bare == name || bare.hasSuffix("." + name) { return true }
        }
        return false
    }

    static func isLoopback(_ host: String) -> Bool {
        let bare = withoutBrackets(host)
        if bare == "localhost" || bare.hasSuffix(".localhost") || bare == "::1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    private static func withoutBrackets(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// `http://[user:password@]host[:port][/]` or `host[:port]`; curl's default port 1080.
    /// AsyncHTTPClient speaks to a proxy in plain HTTP only: an `https://` or SOCKS proxy is refused
    /// rather than silently bypassed.
    static func server(_ variable: (name: String, text: String)) throws -> ProxyServer {
        let text = variable.text.contains("://") ? variable.text : "http://" + variable.text
        guard let url = URL(string: text), let host = url.host, !host.isEmpty else {
            throw ProxyEnvironmentError(description: "\(variable.name): not a proxy URL (http://host:port)")
        }
        guard url.scheme?.lowercased() == "http" else {
            throw ProxyEnvironmentError(description: "\(variable.name): only an http:// proxy is supported, not \(url.scheme ?? "")://")
        }
        guard url.path.isEmpty || url.path == "/", url.query == nil else {
            throw ProxyEnvironmentError(description: "\(variable.name): a proxy URL has no path (http://host:port)")
        }
        return ProxyServer(host: withoutBrackets(host), port: url.port ?? 1080,
                           username: url.user.map { $0.removingPercentEncoding ?? $0 },
                           password: url.password.map { $0.removingPercentEncoding ?? $0 })
    }
}
