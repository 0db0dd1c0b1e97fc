/// An IPv4 or IPv6 block. IPv4 addresses live in the low 32 bits of `network`, so one type serves
/// both families; blocks of different families never contain or overlap each other.
///
/// Parsing accepts non-canonical input (`10.0.0.1/16` is the block 10.0.0.0/16, with `wasCanonical`
/// false) because AWS accepts and echoes such strings in security-group rules. It accepts nothing
/// else: numbers are ASCII digits with no sign and no leading zero (`010.0.0.1`, `/08` and `/000`
/// are malformed — some tools read `010` as octal), and there is no space anywhere. The byte
/// parser (IPv4, the hot path) and the String parsers (IPv6 and its embedded IPv4 tail) follow the
/// same rules; CIDRTests compares them on random and hostile text.
public struct CIDR: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Family: Int, Sendable, Comparable, Codable {
        case v4 = 4, v6 = 6
        public var bits: Int { self == .v4 ? 32 : 128 }
        public static func < (a: Family, b: Family) -> Bool { a.rawValue < b.rawValue }
    }

    // Stored as two 64-bit halves and three bytes: 19 bytes with stride 24, where a UInt128 field
    // (16-byte aligned) and an Int length took 48 — a snapshot holds hundreds of thousands of these.
    private let networkHigh: UInt64
    private let networkLow: UInt64
    private let storedPrefixLength: UInt8
    public let family: Family
    /// False when the text had host bits set (`10.0.0.1/16`).
    public let wasCanonical: Bool

    /// The first address of the block (host bits cleared).
    public var network: UInt128 { UInt128(networkHigh) << 64 | UInt128(networkLow) }

    public var prefixLength: Int { Int(storedPrefixLength) }

    public init(family: Family, network: UInt128, prefixLength: Int) {
        precondition(prefixLength >= 0 && prefixLength <= family.bits)
        self.family = family
        self.storedPrefixLength = UInt8(prefixLength)
        let masked = network & CIDR.mask(family: family, prefixLength: prefixLength)
        networkHigh = UInt64(truncatingIfNeeded: masked >> 64)
        networkLow = UInt64(truncatingIfNeeded: masked)
        self.wasCanonical = masked == network
    }

    /// A block from its stored parts (`PackedBlock`): `network` already masked.
    init(family: Family, maskedNetwork: UInt128, prefixLength: Int, wasCanonical: Bool) {
        self.family = family
        storedPrefixLength = UInt8(prefixLength)
        networkHigh = UInt64(truncatingIfNeeded: maskedNetwork >> 64)
        networkLow = UInt64(truncatingIfNeeded: maskedNetwork)
        self.wasCanonical = wasCanonical
    }

    /// Parses `a.b.c.d/n` or an IPv6 block such as `2001:db8::/32`. nil for anything else.
    public init?(_ text: String) {
        var text = text
        if let parsed = text.withUTF8({ CIDR(utf8: $0) }) { self = parsed } else { return nil }
    }

    /// The same, from UTF-8 bytes: IPv4 (nearly every block in a snapshot) is read without building
    /// any string.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        if let v4 = CIDR.parseIPv4Block(bytes) {
            self = v4
            return
        }
        guard bytes.contains(UInt8(ascii: ":")) else { return nil }
        self.init(ipv6: String(decoding: bytes, as: UTF8.self))
    }

    /// `a.b.c.d/n` with 1–3 decimal digits per octet and 1–2 for the length, no leading zeros, else nil.
    private static func parseIPv4Block(_ bytes: UnsafeBufferPointer<UInt8>) -> CIDR? {
        var value: UInt32 = 0, octet: UInt32 = 0, digits = 0, dots = 0, index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte >= 0x30 && byte <= 0x39 {
                // A digit after a leading 0 (`010`, `00`).
                guard digits == 0 || octet != 0 else { return nil }
                octet = octet * 10 + UInt32(byte - 0x30)
                digits += 1
                guard digits <= 3, octet <= 255 else { return nil }
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/") {
                guard digits > 0 else { return nil }
                value = value << 8 | octet
                octet = 0
                digits = 0
                if byte == UInt8(ascii: "/") { break }
                dots += 1
                guard dots <= 3 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, index > 0, bytes[index - 1] == UInt8(ascii: "/"), index < bytes.count, bytes.count - index <= 2 else {
            return nil
        }
        guard bytes.count - index == 1 || bytes[index] != UInt8(ascii: "0") else { return nil }
        var length = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            length = length * 10 + Int(byte - 0x30)
            index += 1
        }
        guard length <= 32 else { return nil }
        return CIDR(family: .v4, network: UInt128(value), prefixLength: length)
    }

    private init?(ipv6 text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let length = CIDR.parsePrefixLength(parts[1], family: .v6),
              let value = CIDR.parseIPv6(String(parts[0])) else { return nil }
        self.init(family: .v6, network: value, prefixLength: length)
    }

    /// The length after the slash, by the byte parser's rules: ASCII digits, no sign, no leading
    /// zero, at most the family's bits (`Int("+8")` and `Int("-0")` would pass).
    static func parsePrefixLength(_ text: Substring, family: Family) -> Int? {
        guard isDecimal(text), let length = Int(text), length <= family.bits else { return nil }
        return length
    }

    /// 1–3 ASCII digits, without a leading zero unless it is the only digit.
    private static func isDecimal(_ text: Substring) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, bytes.count <= 3, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        return bytes.count == 1 || first != UInt8(ascii: "0")
    }

    public static let anyIPv6 = CIDR(family: .v6, network: 0, prefixLength: 0)

    /// The last address of the block.
    public var last: UInt128 { network | ~CIDR.mask(family: family, prefixLength: prefixLength) & CIDR.familyMask(family) }

    /// 0.0.0.0/0 or ::/0.
    public var isAny: Bool { prefixLength == 0 }

    public func contains(_ other: CIDR) -> Bool {
        family == other.family && prefixLength <= other.prefixLength
            && other.network & CIDR.mask(family: family, prefixLength: prefixLength) == network
    }

    public func overlaps(_ other: CIDR) -> Bool {
        family == other.family && (contains(other) || other.contains(self))
    }

    /// The common block of two overlapping blocks (the more specific one), else nil.
    /// Two CIDR blocks either nest or are disjoint, so the intersection is always one of them.
    public func intersection(_ other: CIDR) -> CIDR? {
        guard overlaps(other) else { return nil }
        return prefixLength >= other.prefixLength ? self : other
    }

    /// The two halves of the block, or nil for a single address.
    public func halves() -> (CIDR, CIDR)? {
        guard prefixLength < family.bits else { return nil }
        let bit = UInt128(1) << UInt128(family.bits - prefixLength - 1)
        return (CIDR(family: family, network: network, prefixLength: prefixLength + 1),
                CIDR(family: family, network: network | bit, prefixLength: prefixLength + 1))
    }

    /// `self` minus the given blocks, as a minimal list of CIDR blocks in address order.
    public func subtracting(_ others: [CIDR]) -> [CIDR] {
        let relevant = others.filter { $0.overlaps(self) }
        if relevant.isEmpty { return [self] }
        if relevant.contains(where: { $0.contains(self) }) { return [] }
        guard let (low, high) = halves() else { return [] }
        return low.subtracting(relevant) + high.subtracting(relevant)
    }

    /// RFC 1918, RFC 6598 (carrier-grade NAT) and IPv6 unique-local space: addresses that only
    /// reach a VPC through private connectivity (peering, VPN, transit gateway).
    public var isPrivate: Bool {
        CIDR.privateBlocks.contains { $0.contains(self) }
    }

    private static let privateBlocks: [CIDR] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"]
        .compactMap { CIDR($0) }

    public var description: String {
        switch family {
        case .v4: return "\(CIDR.formatIPv4(UInt32(truncatingIfNeeded: network)))/\(prefixLength)"
        case .v6: return "\(CIDR.formatIPv6(network))/\(prefixLength)"
        }
    }

    public static func < (a: CIDR, b: CIDR) -> Bool {
        (a.family, a.network, a.prefixLength) < (b.family, b.network, b.prefixLength)
    }

    public static func == (a: CIDR, b: CIDR) -> Bool {
        a.family == b.family && a.network == b.network && a.prefixLength == b.prefixLength
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(family)
        hasher.combine(network)
        hasher.combine(prefixLength)
    }

    // MARK: - Address arithmetic

    static func familyMask(_ family: Family) -> UInt128 {
        family == .v4 ? UInt128(UInt32.max) : UInt128.max
    }

    static func mask(family: Family, prefixLength: Int) -> UInt128 {
        if prefixLength == 0 { return 0 }
        let hostBits = UInt128(family.bits - prefixLength)
        return (UInt128.max << hostBits) & familyMask(family)
    }

    static func parseIPv4(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard isDecimal(octet), let number = UInt32(octet), number <= 255 else { return nil }
            value = value << 8 | number
        }
        return value
    }

    static func parseIPv6(_ text: String) -> UInt128? {
        var text = Substring(text)
        // An embedded IPv4 tail (::ffff:10.0.0.1) stands for the last two groups.
        var tail: [UInt16] = []
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let v4 = parseIPv4(String(text[text.index(after: lastColon)...])) else { return nil }
            tail = [UInt16(v4 >> 16), UInt16(v4 & 0xffff)]
            text = text[...lastColon]
            if text.hasSuffix(":") && !text.hasSuffix("::") { text = text.dropLast() }
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                // ASCII hex digits only: UInt16(_:radix:) would take a sign (`+1`, `-0`).
                guard (1...4).contains(group.utf8.count), group.utf8.allSatisfy(isHexDigit),
                      let value = UInt16(group, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all: [UInt16]
        if halves.count == 2 {
            guard let rest = groups(halves[1]) else { return nil }
            let missing = 8 - head.count - rest.count - tail.count
            guard missing >= 1 else { return nil }
            all = head + Array(repeating: 0, count: missing) + rest + tail
        } else {
            all = head + tail
        }
        guard all.count == 8 else { return nil }
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    static func formatIPv4(_ value: UInt32) -> String {
        "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
    }

    /// RFC 5952: lower case, no leading zeros, the longest run (≥ 2) of zero groups as `::`.
    static func formatIPv6(_ value: UInt128) -> String {
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> UInt128(112 - 16 * $0)) }
        var bestStart = -1, bestLength = 0, index = 0
        while index < 8 {
            if groups[index] == 0 {
                var end = index
                while end < 8 && groups[end] == 0 { end += 1 }
                if end - index > bestLength { bestStart = index; bestLength = end - index }
                index = end
            } else {
                index += 1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        if bestLength < 2 { return hex.joined(separator: ":") }
        let head = hex[0..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}

private extension Substring {
    func components(separatedBy separator: String) -> [Substring] {
        var parts: [Substring] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            parts.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        parts.append(rest)
        return parts
    }
}
