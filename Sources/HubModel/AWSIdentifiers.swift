/// Account ids and region names as they come from accounts files, policies, the command line and
/// STS answers. Both end up in host names, request signatures and snapshot folder names, so they are
/// checked byte by byte in ASCII: Swift's `Character.isNumber` would let `１２３…` or `١٢٣…` through,
/// and `../x` or `x@host:port/#` must never reach a path or a URL.

/// A 12-digit AWS account id (`111111111111`).
public struct AccountId: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let digits: String

    public init?(_ text: String) {
        guard text.utf8.count == 12, text.utf8.allSatisfy(isASCIIDigit) else { return nil }
        digits = text
    }

    public var description: String { digits }

    public static func < (a: AccountId, b: AccountId) -> Bool { a.digits < b.digits }

    /// Why `text` is not an account id, for a message that names the file or option it came from.
    public static func problem(with text: String) -> String {
        "\(quotedForMessage(text)) is not an account id (exactly 12 digits 0-9)"
    }
}

/// An AWS region name (`us-east-1`, `us-gov-west-1`, `ap-southeast-3`, `cn-north-1`): lowercase
/// letter groups joined by hyphens, ending in a number of one or two digits. The first group has two
/// letters, or up to four for the sovereign partitions (`eusc-de-east-1`).
public struct RegionName: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let name: String

    public init?(_ text: String) {
        guard RegionName.isWellFormed(Array(text.utf8)) else { return nil }
        name = text
    }

    public var description: String { name }

    public static func < (a: RegionName, b: RegionName) -> Bool { a.name < b.name }

    /// The domain of the region's public endpoints (`ec2.<region>.<domain>`): `amazonaws.com`, or
    /// `amazonaws.com.cn` in China. nil for the isolated and sovereign partitions (`us-iso-east-1`,
    /// `eusc-de-east-1`), whose endpoints hubaudit does not know: they need an explicit endpoint.
    public var endpointDomain: String? {
        let groups = name.split(separator: "-")
        if groups.count > 2, groups[1].hasPrefix("iso") { return nil }
        switch groups[0] {
        case "cn": return "amazonaws.com.cn"
        case _ where groups[0].count == 2: return "amazonaws.com"
        default: return nil
        }
    }

    /// The ARN partition of the region's accounts: `aws`, `aws-cn` or `aws-us-gov`.
    public var partition: String {
        if name.hasPrefix("cn-") { return "aws-cn" }
        if name.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    /// Why `text` is not a region name.
    public static func problem(with text: String) -> String {
        "\(quotedForMessage(text)) is not an AWS region name (such as us-east-1 or eu-central-2)"
    }

    /// `[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}`, at most 32 bytes.
    private static func isWellFormed(_ bytes: [UInt8]) -> Bool {
        guard bytes.count <= 32 else { return false }
        let groups = bytes.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard groups.count >= 3, let first = groups.first, let last = groups.last else { return false }
        let letters = { (group: ArraySlice<UInt8>) in !group.isEmpty && group.allSatisfy { $0 >= 0x61 && $0 <= 0x7A } }
        return (2...4).contains(first.count) && letters(first)
            && groups.dropFirst().dropLast().allSatisfy(letters)
            && (1...2).contains(last.count) && last.allSatisfy(isASCIIDigit)
    }
}

private func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

/// `text` quoted for a message: at most 40 characters, anything but printable ASCII escaped, so a
/// hostile value can neither flood nor drive the terminal.
public func quotedForMessage(_ text: String) -> String {
    var shown = ""
    for (index, scalar) in text.unicodeScalars.enumerated() {
        if index == 40 {
            shown += "…"
            break
        }
        shown += scalar.value >= 0x20 && scalar.value < 0x7F ? String(scalar) : TerminalText.visible(scalar)
    }
    return "'\(shown)'"
}
