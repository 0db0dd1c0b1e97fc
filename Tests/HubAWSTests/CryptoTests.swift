import Testing
@testable import HubAWS

/// SHA-256 (FIPS 180-2 examples) and HMAC-SHA256 (RFC 4231 test cases 1 and 2) against libcrypto.
struct CryptoTests {
    @Test func sha256OfTheEmptyString() {
        #expect(Crypto.hex(Crypto.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Crypto.hex(Crypto.sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func sha256OfABC() {
        #expect(Crypto.hex(Crypto.sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func sha256OfTheTwoBlockMessage() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(Crypto.hex(Crypto.sha256(message)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// RFC 4231 §4.2: key = 20 bytes of 0x0b, data = "Hi There".
    @Test func hmacRFC4231TestCase1() {
        let key = [UInt8](repeating: 0x0b, count: 20)
        let mac = Crypto.hmacSHA256(key: key, data: Array("Hi There".utf8))
        #expect(Crypto.hex(mac) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    /// RFC 4231 §4.3: key = "Jefe", data = "what do ya want for nothing?".
    @Test func hmacRFC4231TestCase2() {
        let mac = Crypto.hmacSHA256(key: Array("Jefe".utf8), data: "what do ya want for nothing?")
        #expect(Crypto.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func hexIsLowercaseTwoDigitsAByte() {
        #expect(Crypto.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Crypto.hex([]) == "")
    }
}
