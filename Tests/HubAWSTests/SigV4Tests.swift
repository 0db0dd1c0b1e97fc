import Foundation
import Testing
@testable import HubAWS

/// The signer's parts beyond the suite: the Host it signs, the headers it adds, and our own calls.
struct SigV4Tests {
    static let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = Date(timeIntervalSince1970: 1_440_938_160)

    static func url(_ text: String) throws -> URL {
        try #require(URL(string: text))
    }

    static func hostLine(_ url: String) throws -> String? {
        let request = SigV4Request(method: "POST", url: try Self.url(url))
        let canonical = SigV4.canonicalRequest(request).text
        return canonical.split(separator: "\n").first { $0.hasPrefix("host:") }.map(String.init)
    }

    @Test func hostFromTheURLWithANonDefaultPort() throws {
        #expect(try Self.hostLine("http://127.0.0.1:5055/") == "host:127.0.0.1:5055")
        #expect(try Self.hostLine("https://localhost:8443/path") == "host:localhost:8443")
    }

    @Test func hostFromTheURLWithoutTheDefaultPort() throws {
        #expect(try Self.hostLine("https://ec2.us-east-1.amazonaws.com/") == "host:ec2.us-east-1.amazonaws.com")
        #expect(try Self.hostLine("https://ec2.us-east-1.amazonaws.com:443/") == "host:ec2.us-east-1.amazonaws.com")
        #expect(try Self.hostLine("http://sts.amazonaws.com:80") == "host:sts.amazonaws.com")
        #expect(try Self.hostLine("http://[::1]:5055/") == "host:[::1]:5055")
    }

    @Test func aHostHeaderOfTheRequestIsKept() throws {
        let request = SigV4Request(method: "GET", url: try Self.url("http://127.0.0.1:5055/"), headers: [("Host", "proxy.example")])
        let canonical = SigV4.canonicalRequest(request).text
        #expect(canonical.contains("host:proxy.example\n"))
        #expect(canonical.contains("127.0.0.1") == false)
    }

    /// Our call: EC2 DescribeVpcs, a form body, against a local endpoint.
    @Test func describeVpcsAgainstALocalEndpoint() throws {
        let body = Array("Action=DescribeVpcs&Version=2016-11-15&MaxResults=5".utf8)
        let request = SigV4Request(method: "POST", url: try Self.url("http://127.0.0.1:5055/"),
                                   headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: body)
        let signed = SigV4.signature(for: request, credentials: Self.credentials, region: "us-east-1", service: "ec2", date: Self.date)
        let expected = [
            "POST", "/", "",
            "content-type:application/x-www-form-urlencoded; charset=utf-8",
            "host:127.0.0.1:5055",
            "x-amz-date:20150830T123600Z",
            "",
            "content-type;host;x-amz-date",
            Crypto.hex(Crypto.sha256(body)),
        ].joined(separator: "\n")
        #expect(signed.canonicalRequest == expected)
        #expect(signed.scope == "20150830/us-east-1/ec2/aws4_request")
        #expect(signed.authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ec2/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="))
        // The signature is the HMAC of the string to sign under the derived key: the published steps chained.
        let key = SigV4.signingKey(secret: Self.credentials.secretAccessKey, date: "20150830", region: "us-east-1", service: "ec2")
        #expect(signed.signature == Crypto.hex(Crypto.hmacSHA256(key: key, data: signed.stringToSign)))
    }

    @Test func signAddsDateAndAuthorizationOnly() throws {
        let request = SigV4Request(method: "POST", url: try Self.url("https://sts.amazonaws.com/"), body: Array("Action=GetCallerIdentity".utf8))
        let added = SigV4.sign(request, credentials: Self.credentials, region: "us-east-1", service: "sts", date: Self.date)
        let names = added.map(\.0)
        #expect(names == ["X-Amz-Date", "Authorization"])
    }

    @Test func signAddsTheSessionTokenAndSignsIt() throws {
        let credentials = AWSCredentials(accessKeyId: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "token/with+chars=")
        let request = SigV4Request(method: "POST", url: try Self.url("https://sts.amazonaws.com/"))
        let signed = SigV4.signature(for: request, credentials: credentials, region: "us-east-1", service: "sts", date: Self.date)
        let names = signed.headers.map(\.0)
        #expect(names == ["X-Amz-Date", "X-Amz-Security-Token", "Authorization"])
        #expect(signed.signedHeaders == "host;x-amz-date;x-amz-security-token")
        #expect(signed.canonicalRequest.contains("x-amz-security-token:token/with+chars=\n"))
    }

    @Test func signAddsTheContentHashOnlyWhenAsked() throws {
        let request = SigV4Request(method: "POST", url: try Self.url("https://ec2.us-east-1.amazonaws.com/"), body: Array("a=b".utf8))
        let plain = SigV4.sign(request, credentials: Self.credentials, region: "us-east-1", service: "ec2", date: Self.date)
        let withHash = SigV4.sign(request, credentials: Self.credentials, region: "us-east-1", service: "ec2", date: Self.date,
                                  addContentSha256: true)
        #expect(plain.contains { $0.0 == "X-Amz-Content-Sha256" } == false)
        let hash = withHash.first { $0.0 == "X-Amz-Content-Sha256" }?.1
        #expect(hash == Crypto.hex(Crypto.sha256(Array("a=b".utf8))))
    }

    /// A request that already carries X-Amz-Date or a token: replaced in the signature, not doubled.
    @Test func headersTheSignerAddsReplaceTheRequestsOwn() throws {
        let credentials = AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "new")
        let request = SigV4Request(method: "GET", url: try Self.url("https://example.amazonaws.com/"),
                                   headers: [("X-Amz-Date", "19990101T000000Z"), ("x-amz-security-token", "old"), ("Authorization", "stale")])
        let signed = SigV4.signature(for: request, credentials: credentials, region: "us-east-1", service: "ec2", date: Self.date)
        #expect(signed.canonicalRequest.contains("x-amz-date:20150830T123600Z\nx-amz-security-token:new\n\n"))
        #expect(signed.canonicalRequest.contains("19990101") == false)
        #expect(signed.signedHeaders == "host;x-amz-date;x-amz-security-token")
    }

    @Test func amzDateIsUTCWithSecondsTruncated() {
        #expect(SigV4.amzDate(Date(timeIntervalSince1970: 1_440_938_160.999)) == "20150830T123600Z")
        #expect(SigV4.amzDate(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
    }

    @Test func canonicalURIs() {
        #expect(SigV4.canonicalURI("") == "/")
        #expect(SigV4.canonicalURI("/") == "/")
        #expect(SigV4.canonicalURI("/a/b/../c/./d") == "/a/c/d")
        #expect(SigV4.canonicalURI("/a/b/") == "/a/b/")
        #expect(SigV4.canonicalURI("/a/b/..") == "/a/")
        #expect(SigV4.canonicalURI("/../..") == "/")
        #expect(SigV4.canonicalURI("/a:b/c%2Fd") == "/a%3Ab/c%2Fd")
        #expect(SigV4.canonicalURI("/100%") == "/100%25")
    }

    @Test func canonicalQueries() {
        #expect(SigV4.canonicalQuery("") == "")
        #expect(SigV4.canonicalQuery("b=2&a=1&A=0") == "A=0&a=1&b=2")
        #expect(SigV4.canonicalQuery("flag") == "flag=")
        #expect(SigV4.canonicalQuery("a=x&a=") == "a=&a=x")
        #expect(SigV4.canonicalQuery("k=a+b c") == "k=a%2Bb%20c")
        #expect(SigV4.canonicalQuery("k=%2f%7e") == "k=%2F~")
        #expect(SigV4.canonicalQuery("Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1") == "Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1")
    }

    @Test func canonicalHeaderValuesAreTrimmedAndJoined() {
        let (text, signed) = SigV4.canonicalHeaders([("X-B", "  two   words  "), ("x-a", "1"), ("X-A", "\t2 "), ("User-Agent", "x")])
        #expect(text == "x-a:1,2\nx-b:two words\n")
        #expect(signed == "x-a;x-b")
    }

    @Test func uriEncodingIsRFC3986WithUppercaseHex() {
        #expect(SigV4.uriEncode("-._~AZaz09") == "-._~AZaz09")
        #expect(SigV4.uriEncode("a b/c=d&é") == "a%20b%2Fc%3Dd%26%C3%A9")
    }

    /// Nothing the signer returns holds the secret.
    @Test func theSecretIsNeverInTheHeaders() throws {
        let credentials = AWSCredentials(accessKeyId: "AKID", secretAccessKey: "S3cr3tValueThatMustNotLeak", sessionToken: "tok")
        let request = SigV4Request(method: "POST", url: try Self.url("https://sts.amazonaws.com/"))
        let signed = SigV4.signature(for: request, credentials: credentials, region: "us-east-1", service: "sts", date: Self.date)
        let everything = signed.headers.map { "\($0.0): \($0.1)" }.joined(separator: "\n") + signed.canonicalRequest + signed.stringToSign
        #expect(everything.contains("S3cr3tValueThatMustNotLeak") == false)
    }
}

/// `AWSCredentials` prints without its secret or token, however it is printed.
struct CredentialsRedactionTests {
    static let credentials = AWSCredentials(accessKeyId: "AKIAEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                            sessionToken: "FQoGZXIvYXdzEXAMPLETOKEN")

    static func leaks(_ text: String) -> Bool {
        text.contains("wJalrXUtnFEMI") || text.contains("FQoGZXIvYXdzEXAMPLETOKEN")
    }

    @Test func descriptionRedacts() {
        let text = Self.credentials.description
        #expect(Self.leaks(text) == false)
        #expect(text.contains("AKIAEXAMPLE"))
        #expect(text.contains("<redacted>"))
    }

    @Test func debugDescriptionRedacts() {
        #expect(Self.leaks(Self.credentials.debugDescription) == false)
        #expect(Self.leaks(String(reflecting: Self.credentials)) == false)
    }

    @Test func interpolationAndDumpRedact() {
        #expect(Self.leaks("\(Self.credentials)") == false)
        var dumped = ""
        dump(Self.credentials, to: &dumped)
        #expect(Self.leaks(dumped) == false)
        #expect(Self.leaks(String(describing: CredentialSource.credentials(Self.credentials))) == false)
    }

    @Test func withoutATokenSaysSo() {
        let plain = AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret")
        #expect(plain.description == "AWSCredentials(accessKeyId: AKID, secretAccessKey: <redacted>, sessionToken: none)")
    }
}
