import Foundation
import Testing
@testable import HubAWS

/// The proxy settings read from the environment as URLSession's libcurl read them: which variable
/// applies to which URL, what `no_proxy` and loopback bypass, what is refused.
struct ProxyEnvironmentTests {
    static let ec2 = URL(string: "https://ec2.eu-west-1.amazonaws.com/")!
    static let plain = URL(string: "http://ec2.internal.example:8080/")!

    @Test func httpsURLsGoThroughHttpsProxyAndPlainOnesThroughHttpProxy() throws {
        let both = try ProxyEnvironment(environment: ["https_proxy": "http://secure.proxy:3128", "http_proxy": "plain.proxy:8080"])
        #expect(both.proxy(for: Self.ec2) == ProxyServer(host: "secure.proxy", port: 3128))
        #expect(both.proxy(for: Self.plain) == ProxyServer(host: "plain.proxy", port: 8080))

        // Upper case for https (curl reads both); HTTP_PROXY is ignored as curl ignores it (CGI).
        let upper = try ProxyEnvironment(environment: ["HTTPS_PROXY": "http://upper.proxy:3128/", "HTTP_PROXY": "http://cgi.header:1"])
        #expect(upper.proxy(for: Self.ec2) == ProxyServer(host: "upper.proxy", port: 3128))
        #expect(upper.proxy(for: Self.plain) == nil)
        // The lower-case one wins, as in curl.
        let mixed = try ProxyEnvironment(environment: ["https_proxy": "lower:1", "HTTPS_PROXY": "upper:2"])
        #expect(mixed.proxy(for: Self.ec2)?.host == "lower")

        let all = try ProxyEnvironment(environment: ["ALL_PROXY": "every.proxy"])
        #expect(all.proxy(for: Self.ec2) == ProxyServer(host: "every.proxy", port: 1080))
        #expect(all.proxy(for: Self.plain) == ProxyServer(host: "every.proxy", port: 1080))

        let none = try ProxyEnvironment(environment: ["https_proxy": "  ", "PATH": "/usr/bin"])
        #expect(none.proxy(for: Self.ec2) == nil)
    }

    @Test func noProxyNamesHostsAndDomainsAndLoopbackIsAlwaysDirect() throws {
        let proxy = "http://corp.proxy:3128"
        func route(_ url: String, noProxy: String?) throws -> ProxyServer? {
            var environment = ["https_proxy": proxy, "http_proxy": proxy]
            environment["no_proxy"] = noProxy
            return try ProxyEnvironment(environment: environment).proxy(for: URL(string: url)!)
        }
        let corp = ProxyServer(host: "corp.proxy", port: 3128)
        #expect(try route("https://ec2.eu-west-1.amazonaws.com/", noProxy: "amazonaws.com") == nil)
        #expect(try route("https://ec2.eu-west-1.amazonaws.com/", noProxy: "localhost, .amazonaws.com") == nil)
        #expect(try route("https://sts.amazonaws.com/", noProxy: "sts.amazonaws.com:443") == nil)
        #expect(try route("https://ec2.eu-west-1.amazonaws.com/", noProxy: "*") == nil)
        #expect(try route("https://10.1.2.3/", noProxy: "10.1.2.3") == nil)
        // A suffix only at a dot: notamazonaws.com is not under amazonaws.com.
        #expect(try route("https://notamazonaws.com/", noProxy: "amazonaws.com") == corp)
        #expect(try route("https://ec2.eu-west-1.amazonaws.com/", noProxy: "example.com,,") == corp)
        #expect(try ProxyEnvironment(environment: ["https_proxy": proxy, "NO_PROXY": "amazonaws.com"]).proxy(for: Self.ec2) == nil)
        // Loopback never goes through a proxy, listed or not: a local endpoint behind a corporate variable.
        for local in ["http://127.0.0.1:5000/", "https://127.8.9.10/", "http://localhost:4566/", "http://[::1]:5000/",
                      "http://moto.localhost:5000/"] {
            #expect(try route(local, noProxy: nil) == nil, "\(local)")
        }
        #expect(try route("http://127.0.0.1.example.com/", noProxy: nil) == corp)
    }

    @Test func credentialsAreReadButNeverPrintedAndUnusableProxiesAreRefused() throws {
        let withUser = try ProxyEnvironment(environment: ["https_proxy": "http://audit%40corp:s3cr%3At@proxy.corp:8443"])
        let server = try #require(withUser.httpsProxy)
        #expect(server.username == "audit@corp")
        #expect(server.password == "s3cr:t")
        #expect("\(server)" == "proxy.corp:8443")

        for (value, problem) in [("https://user:hunter2@tls.proxy:443", "https_proxy: only an http:// proxy is supported, not https://"),
                                 ("socks5://user:hunter2@socks.proxy:1080", "https_proxy: only an http:// proxy is supported, not socks5://"),
                                 ("http://user:hunter2@proxy:3128/path", "https_proxy: a proxy URL has no path (http://host:port)"),
                                 ("http://", "https_proxy: not a proxy URL (http://host:port)")] {
            #expect(throws: ProxyEnvironmentError(description: problem)) {
                try ProxyEnvironment(environment: ["https_proxy": value])
            }
        }
    }
}
