import Testing
@testable import HubModel
import HubTestSupport

struct CIDRTests {
    @Test(arguments: zip(
        ["10.0.0.0/16", "10.0.0.1/16", "0.0.0.0/0", "192.168.1.77/32", "::/0", "2001:DB8::1/32", "2600:1f18:0:100::/56",
         "::ffff:10.0.0.1/128", "fe80::/10", "2001:db8:0:0:1:0:0:1/128", "1:0:0:0:0:0:0:0/16"],
        ["10.0.0.0/16", "10.0.0.0/16", "0.0.0.0/0", "192.168.1.77/32", "::/0", "2001:db8::/32", "2600:1f18:0:100::/56",
         "::ffff:a00:1/128", "fe80::/10", "2001:db8::1:0:0:1/128", "1::/16"]))
    func parsesAndPrintsCanonically(input: String, canonical: String) throws {
        let cidr = try #require(CIDR(input))
        #expect(cidr.description == canonical)
    }

    @Test func bytesAndStringsParseAlike() throws {
        for text in ["10.0.0.0/16", "172.31.255.255/12", "0.0.0.0/0", "2001:db8::/32", "10.0.0.0/33", "x"] {
            var bytes = Array(text.utf8)
            let fromBytes = bytes.withUnsafeMutableBufferPointer { CIDR(utf8: UnsafeBufferPointer($0)) }
            #expect(fromBytes == CIDR(text))
        }
        // Leading zeros are malformed (some tools read 010 as octal 8), not a spelling of 10.0.0.0/8.
        #expect(CIDR("010.000.000.000/008") == nil)
        #expect(MemoryLayout<CIDR>.stride == 24)
    }

    @Test func nonCanonicalInputIsKeptAsTheBlockAndMarked() throws {
        let cidr = try #require(CIDR("10.0.0.1/16"))
        #expect(!cidr.wasCanonical)
        #expect(cidr == CIDR("10.0.0.0/16"))
        #expect(CIDR("10.0.0.0/16")?.wasCanonical == true)
    }

    @Test(arguments: ["10.0.0.0", "10.0.0.0/33", "256.0.0.0/8", "10.0.0/8", "10.0.0.0/-1", "10.0.0.0/ 8", "::/129",
                      "1:2:3:4:5:6:7:8:9/64", "1::2::3/64", "12345::/16", "", "/", "10.0.0.0/16/1", "01.2.3.4.5/8", "fe80::/x",
                      // edges of the IPv4 byte parser
                      "10.0.0.0/", "/8", "10..0.0/8", ".10.0.0/8", "10.0.0.0./8", "1000.0.0.0/8", "10.0.0.0/1234",
                      "10.0.0.0/+8", "10.0.0.0/8 ", " 10.0.0.0/8", "10.0.0.0\u{0}/8", "１０.0.0.0/8",
                      // signs, leading zeros and spaces, in both parsers
                      "10.0.0.0/-0", "10.0.0.0/+0", "10.0.0.0/000", "10.0.0.0/08", "10.0.0.0/00", "010.0.0.1/8", "10.00.0.1/8",
                      "10.0.0.01/32", "10.0.0.1 /8", "10.0.0.1/ 8", "::/-0", "::/+0", "::/000", "::/08", "2001:db8::/032",
                      "::1 /128", "::+1/128", "::-0/128", "+1::/16", "::ffff:010.0.0.1/128", "::ffff:10.0.0.01/128",
                      "::ffff:10.0.0.1 /128", "::/١٢٨", "::ffff:１.0.0.1/128"])
    func rejectsMalformedText(text: String) {
        #expect(CIDR(text) == nil)
    }

    @Test func containmentAndOverlapAtTheEdges() throws {
        let all = try #require(CIDR("0.0.0.0/0"))
        let host = try #require(CIDR("255.255.255.255/32"))
        let a = try #require(CIDR("10.0.0.0/17")), b = try #require(CIDR("10.0.128.0/17"))
        #expect(all.contains(host))
        #expect(!host.contains(all))
        #expect(host.overlaps(all))
        #expect(!a.overlaps(b))
        #expect(CIDR("10.0.0.0/16")!.contains(a))
        #expect(a.last == b.network - 1)
        // Families never mix: ::/0 does not contain an IPv4 block.
        #expect(!CIDR.anyIPv6.contains(host))
        #expect(!CIDR.anyIPv6.overlaps(all))
        let v6host = try #require(CIDR("2001:db8::1/128"))
        #expect(CIDR.anyIPv6.contains(v6host))
        #expect(v6host.last == v6host.network)
    }

    @Test func intersectionIsTheMoreSpecificBlock() {
        #expect(CIDR("10.0.0.0/8")!.intersection(CIDR("10.20.0.0/16")!) == CIDR("10.20.0.0/16"))
        #expect(CIDR("10.0.0.0/16")!.intersection(CIDR("10.1.0.0/16")!) == nil)
    }

    @Test func subtractingGivesTheMinimalRemainder() {
        let rest = CIDR("10.0.0.0/8")!.subtracting([CIDR("10.0.0.0/9")!, CIDR("10.128.0.0/10")!])
        #expect(rest.map(\.description) == ["10.192.0.0/10"])
        #expect(CIDR("10.20.0.0/16")!.subtracting([CIDR("10.0.0.0/8")!]).isEmpty)
        #expect(CIDR("0.0.0.0/0")!.subtracting([]).map(\.description) == ["0.0.0.0/0"])
        let v6 = CIDR("2600::/63")!.subtracting([CIDR("2600::/64")!])
        #expect(v6.map(\.description) == ["2600:0:0:1::/64"])
    }

    @Test func privateSpace() {
        #expect(CIDR("10.0.0.0/8")!.isPrivate)
        #expect(CIDR("172.20.0.0/16")!.isPrivate)
        #expect(!CIDR("172.32.0.0/16")!.isPrivate)
        #expect(CIDR("100.64.1.0/24")!.isPrivate)
        #expect(CIDR("fd00::/8")!.isPrivate)
        #expect(!CIDR("0.0.0.0/0")!.isPrivate)
        #expect(!CIDR("2600::/16")!.isPrivate)
    }

    // MARK: - Properties on random and hostile text

    /// Numbers as a careless or hostile writer spells them: leading zeros, signs, spaces, other digits.
    static func number(_ value: Int, _ random: inout SplitMix64) -> String {
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return "0\(value)"
        case 1: return "+\(value)"
        case 2: return "-\(value)"
        case 3: return " \(value)"
        case 4: return "\(value) "
        case 5: return "00\(value)"
        case 6: return String(String(value).unicodeScalars.map { Character(UnicodeScalar($0.value + 0xFEE0)!) })  // fullwidth
        default: return "\(value)"
        }
    }

    static func hostileStrings(count: Int) -> [String] {
        var random = SplitMix64(seed: 2026)
        let alphabet = Array("0123456789./:abcdefABCDEF+- x\u{0}١")
        return (0..<count).map { index in
            switch index % 3 {
            case 0:
                let octets = (0..<Int.random(in: 3...5, using: &random)).map { _ in number(Int.random(in: 0...300, using: &random), &random) }
                return octets.joined(separator: ".") + "/" + number(Int.random(in: 0...40, using: &random), &random)
            case 1:
                let groups = (0..<Int.random(in: 1...8, using: &random)).map { _ -> String in
                    Int.random(in: 0..<5, using: &random) == 0 ? "" : String(Int.random(in: 0...0x1ffff, using: &random), radix: 16)
                }
                return groups.joined(separator: ":") + "/" + number(Int.random(in: 0...140, using: &random), &random)
            default:
                return String((0..<Int.random(in: 0...20, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            }
        }
    }

    /// The byte parser (CIDR(utf8:), the hot path for IPv4) and the String parsers (CIDR.parseIPv4,
    /// CIDR.parsePrefixLength, the IPv6 path) agree on every string, and nothing with a sign, a
    /// space, a leading zero or a non-ASCII digit gets through.
    @Test func theByteAndStringParsersAgreeOnRandomAndHostileText() {
        for text in Self.hostileStrings(count: 30_000) {
            var bytes = Array(text.utf8)
            let fromBytes = bytes.withUnsafeMutableBufferPointer { CIDR(utf8: UnsafeBufferPointer($0)) }
            #expect(fromBytes == CIDR(text), "\(text.debugDescription)")
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            if !text.contains(":") {
                // IPv4: the String parsers give the same block as the byte parser, or both refuse.
                var expected: CIDR?
                if parts.count == 2, let address = CIDR.parseIPv4(String(parts[0])),
                   let length = CIDR.parsePrefixLength(parts[1], family: .v4) {
                    expected = CIDR(family: .v4, network: UInt128(address), prefixLength: length)
                }
                #expect(fromBytes == expected, "\(text.debugDescription)")
                // The same address as an IPv6 tail is accepted exactly when it is accepted alone.
                if parts.count == 2, parts[0].contains(".") {
                    let tail = CIDR("::ffff:\(parts[0])/128")
                    #expect((tail != nil) == (CIDR.parseIPv4(String(parts[0])) != nil), "\(text.debugDescription)")
                }
            }
            guard let cidr = fromBytes else { continue }
            // Whatever is accepted is plain ASCII text, and its canonical form reads back as itself.
            #expect(text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F } && !text.contains("+") && !text.contains("-"), "\(text.debugDescription)")
            #expect(CIDR(cidr.description) == cidr)
            // IPv4 has one spelling: canonical IPv4 input is printed back byte for byte.
            if cidr.family == .v4, cidr.wasCanonical { #expect(cidr.description == text, "\(text.debugDescription)") }
        }
    }
}
