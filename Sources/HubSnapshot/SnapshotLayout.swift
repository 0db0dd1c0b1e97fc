import HubModel
import HubXML

/// The names a snapshot and a store are made of, in one place: the reader, the store scan and the
/// collector agree on them.
///
/// ```
/// <store>/<timestamp>[-N]/                         2026-11-23T020000Z, 2026-11-23T020000Z-2
///   manifest.json
///   <account>/<region>/<Action>[.<pl-id>|.<tgw-rtb-id>|.<vpc-id>|.<vpc-id>.<attribute>][.N].xml  123456789012/us-east-1/DescribeVpcs.xml
/// ```
public enum SnapshotLayout {
    public static let manifestName = "manifest.json"
    /// A manifest is a few kilobytes per account: 64 MiB is far beyond any organisation, and keeps a
    /// hostile one from being read whole into memory.
    public static let maxManifestBytes = 64 << 20
    /// Responses are streamed, so their cap (2 GiB) only refuses the absurd: see `ResponseParser.maxFileBytes`.
    public static let maxResponseBytes = ResponseParser.maxFileBytes
    /// More pages than any EC2 listing returns (at 1,000 items a page: 100 million items).
    public static let maxPages = 100_000

    /// An AWS account id: exactly 12 ASCII digits (`AccountId`).
    public static func isAccountId(_ name: String) -> Bool { AccountId(name) != nil }

    /// An AWS region name: `us-east-1`, `us-gov-west-1`, `cn-northwest-1` (`RegionName`).
    public static func isRegion(_ name: String) -> Bool { RegionName(name) != nil }

    /// `pl-` and lowercase hexadecimal digits, as EC2 names prefix lists: the id becomes part of a
    /// file name, so an answer or a folder saying `pl-../x` must never pass.
    public static func isPrefixListId(_ id: String) -> Bool { isHexId(id, prefix: "pl-") }

    /// `tgw-rtb-` and lowercase hexadecimal digits: a transit-gateway route table, whose id names
    /// the files of its per-table calls (checked like a prefix-list id).
    public static func isTransitGatewayRouteTableId(_ id: String) -> Bool { isHexId(id, prefix: "tgw-rtb-") }

    /// `vpc-` and lowercase hexadecimal digits: a VPC, whose id names the files of its per-VPC calls.
    public static func isVpcId(_ id: String) -> Bool { isHexId(id, prefix: "vpc-") }

    /// Whether `id` may name the resource of a per-resource action's file (`Action.isPerResource`).
    public static func isResourceId(_ id: String, of action: Action) -> Bool {
        if action.isPerPrefixList { return isPrefixListId(id) }
        if action.isPerTransitGatewayRouteTable { return isTransitGatewayRouteTableId(id) }
        if action.isPerVpc || action.isPerVpcAttribute { return isVpcId(id) }
        return false
    }

    /// The resource part of a per-VPC-attribute call: `vpc-0abc.enableDnsSupport`.
    public static func vpcAttributeParameter(_ vpcId: String, _ attribute: VpcAttribute) -> String { "\(vpcId).\(attribute.rawValue)" }

    /// The VPC and attribute of a per-VPC-attribute parameter, nil when it is not one.
    public static func vpcAttribute(of parameter: String) -> (vpcId: String, attribute: VpcAttribute)? {
        let parts = parameter.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, isVpcId(parts[0]), let attribute = VpcAttribute(rawValue: parts[1]) else { return nil }
        return (parts[0], attribute)
    }

    private static func isHexId(_ id: String, prefix: String) -> Bool {
        let bytes = Array(id.utf8)
        let prefixLength = prefix.utf8.count
        return bytes.count > prefixLength && bytes.count <= 64 && id.hasPrefix(prefix)
            && bytes.dropFirst(prefixLength).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// `<account>/<region>` of a scope's folder, relative to the snapshot root.
    public static func folder(_ scope: Scope) -> String { "\(scope.account)/\(scope.region)" }

    /// A response file name: `DescribeVpcs.xml`, `DescribeInstances.2.xml`,
    /// `GetManagedPrefixListEntries.pl-0abc.xml`, `GetManagedPrefixListEntries.pl-0abc.3.xml`,
    /// `SearchTransitGatewayRoutes.tgw-rtb-0abc.xml`, `DescribeStaleSecurityGroups.vpc-0abc.xml`,
    /// `DescribeVpcAttribute.vpc-0abc.enableDnsSupport.xml`.
    public struct ResponseFile: Hashable, Sendable {
        public var action: Action
        /// The resource of a per-resource call: a prefix list, a transit-gateway route table, a VPC
        /// and attribute (`vpc-0abc.enableDnsSupport`).
        public var parameter: String?
        /// The page number, 1 and up; nil for an unpaged file.
        public var page: Int?

        public init(action: Action, parameter: String? = nil, page: Int? = nil) {
            self.action = action
            self.parameter = parameter
            self.page = page
        }

        public init?(_ name: String) {
            guard name.hasSuffix(".xml") else { return nil }
            var parts = name.dropLast(4).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard let action = Action(rawValue: parts.removeFirst()) else { return nil }
            self.action = action
            if action.isPerResource {
                guard !parts.isEmpty, SnapshotLayout.isResourceId(parts[0], of: action) else { return nil }
                parameter = parts.removeFirst()
                if action.isPerVpcAttribute {
                    // One action, one file per attribute: the attribute follows the VPC id.
                    guard let id = parameter, !parts.isEmpty, VpcAttribute(rawValue: parts[0]) != nil else { return nil }
                    parameter = "\(id).\(parts.removeFirst())"
                }
            }
            if let last = parts.first {
                guard parts.count == 1, let number = Int(last), number >= 1, String(number) == last else { return nil }
                page = number
            }
        }

        /// The call it answers, as the manifest's `pages` and `failures` name it: `DescribeVpcs`,
        /// `GetManagedPrefixListEntries.pl-0abc`, `SearchTransitGatewayRoutes.tgw-rtb-0abc`,
        /// `DescribeVpcAttribute.vpc-0abc.enableDnsSupport`.
        public var call: String { ([action.rawValue] + (parameter.map { [$0] } ?? [])).joined(separator: ".") }

        public var name: String { ([call] + (page.map { [String($0)] } ?? [])).joined(separator: ".") + ".xml" }
    }

    /// A snapshot's name in a store: `2026-11-23T020000Z` (the collector's UTC start time), with `-N`
    /// (2 and up) when two runs started in the same second. Ordered by time, then by N.
    public struct StoreStamp: Comparable, Hashable, Sendable {
        public var time: String
        public var sequence: Int

        public init?(_ name: String) {
            let parts = name.split(separator: "-", omittingEmptySubsequences: false)
            // The date has two hyphens of its own: yyyy-MM-ddTHHmmssZ[-N].
            guard parts.count == 3 || parts.count == 4 else { return nil }
            let time = parts[0...2].joined(separator: "-")
            guard StoreStamp.isTime(time) else { return nil }
            if parts.count == 4 {
                let suffix = String(parts[3])
                guard let number = Int(suffix), number >= 2, String(number) == suffix else { return nil }
                sequence = number
            } else {
                sequence = 1
            }
            self.time = time
        }

        /// The `sequence`th snapshot taken in the second `time` (1: the first, named by the time alone).
        public init(time: String, sequence: Int = 1) {
            self.time = time
            self.sequence = sequence
        }

        /// The folder name: `<time>`, or `<time>-<sequence>` for a later run in the same second.
        public var name: String { sequence == 1 ? time : "\(time)-\(sequence)" }

        public static func < (a: StoreStamp, b: StoreStamp) -> Bool { (a.time, a.sequence) < (b.time, b.sequence) }

        /// `yyyy-MM-ddTHHmmssZ` with plausible field values.
        private static func isTime(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            guard bytes.count == 18 else { return false }
            let pattern = Array("dddd-dd-ddTddddddZ".utf8)
            for (byte, expected) in zip(bytes, pattern) {
                if expected == UInt8(ascii: "d") {
                    guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return false }
                } else if byte != expected {
                    return false
                }
            }
            func number(_ range: Range<Int>) -> Int { Int(String(decoding: bytes[range], as: UTF8.self)) ?? -1 }
            return (1...12).contains(number(5..<7)) && (1...31).contains(number(8..<10)) && number(11..<13) < 24
                && number(13..<15) < 60 && number(15..<17) < 61
        }
    }
}
