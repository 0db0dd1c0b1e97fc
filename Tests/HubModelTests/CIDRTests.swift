import Testing
@testable import HubModel

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
        #expect(CIDR("010.000.000.000/008") == CIDR("10.0.0.0/8"))
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
                      "10.0.0.0/+8", "10.0.0.0/8 ", " 10.0.0.0/8", "10.0.0.0\u{0}/8", "１０.0.0.0/8"])
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
}
