import Foundation

/// A request to sign: method, URL (its path and query are signed, and its host when the headers
/// carry no `Host`), the headers to sign, and the body.
public struct SigV4Request: Sendable {
    public var method: String
    public var url: URL
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String, url: URL, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// Every step of one signature, for callers that need more than the headers (and for tests).
public struct SigV4Signature: Sendable {
    public var canonicalRequest: String
    public var stringToSign: String
    public var signedHeaders: String
    /// `20150830/us-east-1/service/aws4_request`
    public var scope: String
    /// Lowercase hex.
    public var signature: String
    /// The `Authorization` header's value.
    public var authorization: String
    /// The headers to add to the request: `X-Amz-Date`, `X-Amz-Security-Token` (temporary
    /// credentials), `X-Amz-Content-Sha256` (when asked for) and `Authorization`.
    public var headers: [(String, String)]
}

/// AWS Signature Version 4 (header form), as the AWS General Reference specifies it for every
/// service but S3: each path segment URI-encoded once after the path is normalised, the query
/// sorted and RFC 3986-encoded, headers lowercased, trimmed and sorted, the payload hashed.
public enum SigV4 {
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// Headers never signed: `Authorization` is the signature itself; the others are changed by
    /// proxies and SDK layers on the way (the list botocore keeps).
    static let unsignedHeaders: Set<String> = ["authorization", "user-agent", "expect", "x-amzn-trace-id"]

    /// Returns the headers to add to `request`: `X-Amz-Date`, `X-Amz-Security-Token` when the
    /// credentials have a session token, `X-Amz-Content-Sha256` when `addContentSha256`, and
    /// `Authorization`. The request's own headers of those names are replaced in the signature (do
    /// not send them twice). `Host` is signed from the URL when the request carries none — with the
    /// port when it is not the scheme's default, as HTTP clients send it.
    public static func sign(_ request: SigV4Request, credentials: AWSCredentials, region: String, service: String,
                            date: Date, addContentSha256: Bool = false) -> [(String, String)] {
        signature(for: request, credentials: credentials, region: region, service: service, date: date,
                  addContentSha256: addContentSha256).headers
    }

    /// `sign`, with every intermediate step.
    public static func signature(for request: SigV4Request, credentials: AWSCredentials, region: String, service: String,
                                 date: Date, addContentSha256: Bool = false) -> SigV4Signature {
        let timestamp = amzDate(date)
        let payloadHash = Crypto.hex(Crypto.sha256(request.body))

        var replaced: Set<String> = ["x-amz-date"]
        var added = [("X-Amz-Date", timestamp)]
        if let token = credentials.sessionToken {
            replaced.insert("x-amz-security-token")
            added.append(("X-Amz-Security-Token", token))
        }
        if addContentSha256 {
            replaced.insert("x-amz-content-sha256")
            added.append(("X-Amz-Content-Sha256", payloadHash))
        }
        var headers = request.headers.filter { !replaced.contains(lowercase($0.0)) }
        headers += added

        var signable = request
        signable.headers = headers
        let (canonical, signedHeaders) = canonicalRequest(signable, payloadHash: payloadHash)
        let scope = credentialScope(date: String(timestamp.prefix(8)), region: region, service: service)
        let toSign = stringToSign(canonicalRequest: canonical, amzDate: timestamp, scope: scope)
        let key = signingKey(secret: credentials.secretAccessKey, date: String(timestamp.prefix(8)), region: region, service: service)
        let signature = Crypto.hex(Crypto.hmacSHA256(key: key, data: toSign))
        let authorization = "\(algorithm) Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return SigV4Signature(canonicalRequest: canonical, stringToSign: toSign, signedHeaders: signedHeaders, scope: scope,
                              signature: signature, authorization: authorization, headers: added + [("Authorization", authorization)])
    }

    /// The canonical request of `request` as it stands (its own `X-Amz-Date` and so on), and its
    /// signed-headers list. `payloadHash` nil: the hex SHA-256 of the body.
    public static func canonicalRequest(_ request: SigV4Request, payloadHash: String? = nil) -> (text: String, signedHeaders: String) {
        let parts = URLParts(request.url)
        var headers = request.headers
        if !headers.contains(where: { lowercase($0.0) == "host" }), let host = parts.hostHeader {
            headers.append(("Host", host))
        }
        let (canonicalHeaders, signedHeaders) = canonicalHeaders(headers)
        let text = [
            request.method.uppercased(),
            canonicalURI(parts.path),
            canonicalQuery(parts.query),
            canonicalHeaders,
            signedHeaders,
            payloadHash ?? Crypto.hex(Crypto.sha256(request.body)),
        ].joined(separator: "\n")
        return (text, signedHeaders)
    }

    /// `AWS4-HMAC-SHA256`, the timestamp, the scope and the hex SHA-256 of the canonical request.
    public static func stringToSign(canonicalRequest: String, amzDate: String, scope: String) -> String {
        [algorithm, amzDate, scope, Crypto.hex(Crypto.sha256(canonicalRequest))].joined(separator: "\n")
    }

    /// `yyyyMMdd/region/service/aws4_request`
    public static func credentialScope(date: String, region: String, service: String) -> String {
        "\(date)/\(region)/\(service)/aws4_request"
    }

    /// HMAC("AWS4" + secret, date) → region → service → "aws4_request". `date` is `yyyyMMdd`.
    public static func signingKey(secret: String, date: String, region: String, service: String) -> [UInt8] {
        var key = Crypto.hmacSHA256(key: Array("AWS4\(secret)".utf8), data: date)
        for part in [region, service, "aws4_request"] {
            key = Crypto.hmacSHA256(key: key, data: part)
        }
        return key
    }

    /// `20150830T123600Z` (UTC, seconds truncated).
    public static func amzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                      c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    // MARK: - Canonical parts

    /// The normalised path with each segment URI-encoded once: `.` segments and empty segments
    /// (`//`) removed, `..` resolved, a trailing slash kept. The path's existing percent-escapes are
    /// decoded first, so `/%E1%88%B4` and `/ሴ` both give `/%E1%88%B4`.
    public static func canonicalURI(_ path: String) -> String {
        let raw = path.split(separator: "/", omittingEmptySubsequences: false)
        var segments: [[UInt8]] = []
        for piece in raw {
            let segment = percentDecode(piece)
            if segment.isEmpty || segment == [0x2E] { continue }
            if segment == [0x2E, 0x2E] {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        var result = "/" + segments.map { uriEncode($0) }.joined(separator: "/")
        let last = raw.last.map { percentDecode($0) } ?? []
        let endsInDirectory = path.hasSuffix("/") || last == [0x2E] || last == [0x2E, 0x2E]
        if !segments.isEmpty && endsInDirectory { result += "/" }
        return result
    }

    /// The query's parameters, each name and value decoded then URI-encoded (RFC 3986 unreserved
    /// characters as they are, everything else `%XX`), sorted by name then value; `name` alone is
    /// `name=`.
    public static func canonicalQuery(_ query: String) -> String {
        var pairs: [(name: String, value: String)] = []
        for parameter in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring, value: Substring
            if let equals = parameter.firstIndex(of: "=") {
                name = parameter[..<equals]
                value = parameter[parameter.index(after: equals)...]
            } else {
                name = parameter
                value = ""
            }
            pairs.append((uriEncode(percentDecode(name)), uriEncode(percentDecode(value))))
        }
        pairs.sort { a, b in
            a.name != b.name ? a.name.utf8.lexicographicallyPrecedes(b.name.utf8) : a.value.utf8.lexicographicallyPrecedes(b.value.utf8)
        }
        return pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// `name:value\n` lines (names lowercased; values trimmed, runs of spaces collapsed; a name that
    /// appears more than once has its values joined with commas in their order) sorted by name, and
    /// the `;`-joined names.
    public static func canonicalHeaders(_ headers: [(String, String)]) -> (text: String, signedHeaders: String) {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for (name, value) in headers {
            let key = lowercase(name).trimmingCharacters(in: .whitespaces)
            if unsignedHeaders.contains(key) { continue }
            if values[key] == nil { order.append(key) }
            values[key, default: []].append(trimHeaderValue(value))
        }
        order.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let text = order.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (text, order.joined(separator: ";"))
    }

    /// RFC 3986 encoding of every byte but the unreserved `A-Z a-z 0-9 - _ . ~`, with uppercase hex.
    public static func uriEncode(_ text: String) -> String {
        uriEncode(Array(text.utf8))
    }

    static func uriEncode(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `%XX` escapes to their bytes; a `%` not followed by two hex digits stays as it is.
    static func percentDecode(_ text: Substring) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Leading and trailing whitespace removed, every run of spaces and tabs made one space.
    static func trimHeaderValue(_ value: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in value {
            if character == " " || character == "\t" || character == "\n" || character == "\r" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(character)
            }
        }
        return out
    }

    /// ASCII lowercase (header names are ASCII; no locale rules).
    static func lowercase(_ text: String) -> String {
        String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}

/// The parts of a URL that SigV4 signs, read from its encoded text so that nothing is decoded or
/// re-encoded on the way (Foundation's `path` decodes, and drops a trailing slash).
struct URLParts {
    var hostHeader: String?
    var path: String
    var query: String

    init(_ url: URL) {
        let text = url.absoluteString
        var rest = Substring(text)
        var scheme = ""
        if let marker = rest.range(of: "://") {
            scheme = rest[..<marker.lowerBound].lowercased()
            rest = rest[marker.upperBound...]
            let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            var authority = rest[..<end]
            rest = rest[end...]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            hostHeader = URLParts.host(authority, scheme: scheme)
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        if let question = rest.firstIndex(of: "?") {
            path = String(rest[..<question])
            query = String(rest[rest.index(after: question)...])
        } else {
            path = String(rest)
            query = ""
        }
    }

    /// `host` or `host:port`, the port left out when it is the scheme's default.
    static func host(_ authority: Substring, scheme: String) -> String? {
        guard !authority.isEmpty else { return nil }
        var host = authority
        var port: Substring?
        if authority.hasPrefix("[") {
            if let close = authority.firstIndex(of: "]") {
                host = authority[...close]
                let after = authority[authority.index(after: close)...]
                if after.hasPrefix(":") { port = after.dropFirst() }
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        }
        let defaults = ["http": "80", "https": "443"]
        if let port, !port.isEmpty, defaults[scheme] != String(port) {
            return "\(host):\(port)"
        }
        return String(host)
    }
}
