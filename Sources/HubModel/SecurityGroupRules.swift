/// Every rule of one security group, ingress then egress, stored in columns: one fixed-size record
/// per permission and one flat array per kind of source, the permissions naming index ranges into
/// them. A snapshot holds hundreds of thousands of permissions and about a million source ranges:
/// as values with arrays of their own each permission cost up to four allocations and each range two
/// strings; here a group costs a handful of arrays whatever its rule count.
///
/// Immutable once built (`Builder`): the views (`PermissionList`, `Permission`, `SourceRanges`,
/// `RuleEntries`) share it and read it without allocating. Equality and hashing are by content.
public final class SecurityGroupRules: Hashable, Sendable {
    let records: [PermissionRecord]
    let ingressCount: Int
    /// The ranges of every permission, each permission's `ipRanges` followed by its `ipv6Ranges`:
    /// an IPv4 block in 8 bytes (a `CIDR` takes 24), an IPv6 one as its index in `ipv6Blocks`.
    let ranges: [PackedBlock]
    let ipv6Blocks: [CIDR]
    /// The text of a range only where it differs from its CIDR's canonical form (`10.0.0.1/16`),
    /// sorted by range index.
    let rangeTexts: [RangeNote]
    /// The descriptions of the ranges that have one, sorted by range index.
    let rangeDescriptions: [RangeNote]
    /// The texts the notes name, each kept once per run of notes (rules of a group tend to repeat
    /// their descriptions: "partner range").
    let noteTexts: [String]
    let prefixListIds: [String]
    let groups: [GroupReference]
    /// Protocols other than the common ones (`ProtocolCode.common`), by code minus their count.
    let otherProtocols: [String]

    /// From a builder whose last permission is finished (`Builder.build`).
    fileprivate init(_ builder: Builder) {
        records = builder.records
        ingressCount = builder.ingressCount ?? builder.records.count
        ranges = builder.ranges
        ipv6Blocks = builder.ipv6Blocks
        rangeTexts = builder.rangeTexts
        rangeDescriptions = builder.rangeDescriptions
        noteTexts = builder.noteTexts
        prefixListIds = builder.prefixListIds
        groups = builder.groups
        otherProtocols = builder.otherProtocols
    }

    public convenience init(ingress: some Sequence<Permission>, egress: some Sequence<Permission>) {
        var builder = Builder()
        for permission in ingress { builder.append(permission) }
        builder.endIngress()
        for permission in egress { builder.append(permission) }
        builder.finishPermission()
        self.init(builder)
    }

    public var ingress: PermissionList { PermissionList(self, 0..<ingressCount) }
    public var egress: PermissionList { PermissionList(self, ingressCount..<records.count) }
    /// Ingress then egress.
    public var all: PermissionList { PermissionList(self, 0..<records.count) }

    /// The block of every range of every permission, in order, each made as it is read: the
    /// reachability model reads them once per group, and a copied array per group was garbage.
    public var rangeBlocks: LazyMapSequence<Range<Int>, CIDR> { ranges.indices.lazy.map(block(at:)) }

    public static func == (a: SecurityGroupRules, b: SecurityGroupRules) -> Bool {
        a === b || (a.ingress == b.ingress && a.egress == b.egress)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ingress)
        hasher.combine(egress)
    }

    // MARK: - Reading a record

    /// Where permission `index`'s entries start in the flat arrays: where the one before it ended.
    func starts(of index: Int) -> PermissionRecord.Ends {
        index == 0 ? PermissionRecord.Ends() : records[index - 1].ends
    }

    func block(at index: Int) -> CIDR { ranges[index].cidr(ipv6Blocks) }
    func text(ofRange index: Int) -> String? { RangeNote.find(index, in: rangeTexts).map { noteTexts[$0] } }
    func description(ofRange index: Int) -> String? { RangeNote.find(index, in: rangeDescriptions).map { noteTexts[$0] } }

    func ipProtocol(_ code: UInt32) -> String {
        Int(code) < ProtocolCode.common.count ? ProtocolCode.common[Int(code)] : otherProtocols[Int(code) - ProtocolCode.common.count]
    }

    // MARK: - Building

    /// Appends permissions one by one: `startPermission`, then its ranges (every `ipRanges` member
    /// before any `ipv6Ranges` one), prefix lists and groups in any order; `endIngress` once between
    /// the ingress and the egress permissions; `build` at the end.
    public struct Builder {
        fileprivate var records: [PermissionRecord] = []
        fileprivate var ingressCount: Int?
        fileprivate var ranges: [PackedBlock] = []
        fileprivate var ipv6Blocks: [CIDR] = []
        fileprivate var rangeTexts: [RangeNote] = []
        fileprivate var rangeDescriptions: [RangeNote] = []
        fileprivate var noteTexts: [String] = []
        fileprivate var prefixListIds: [String] = []
        fileprivate var groups: [GroupReference] = []
        fileprivate var otherProtocols: [String] = []
        /// The permission being appended (its ends grow as entries come), not yet in `records`.
        private var current: PermissionRecord?
        private var currentHasIPv6 = false

        public init() {}

        /// Sized once when the counts are known (the decoder counts the items first): arrays grown
        /// by doubling keep up to half their capacity unused for as long as the snapshot lives.
        public init(permissions: Int, ranges: Int, descriptions: Int, prefixListIds: Int, groups: Int) {
            records.reserveCapacity(permissions)
            self.ranges.reserveCapacity(ranges)
            rangeDescriptions.reserveCapacity(descriptions)
            self.prefixListIds.reserveCapacity(prefixListIds)
            self.groups.reserveCapacity(groups)
        }

        public mutating func startPermission(ipProtocol: String, fromPort: Int?, toPort: Int?) {
            finishPermission()
            let ends = records.last?.ends ?? PermissionRecord.Ends()
            current = PermissionRecord(protocolCode: code(of: ipProtocol), fromPort: PermissionRecord.store(fromPort),
                                       toPort: PermissionRecord.store(toPort), ends: ends)
            currentHasIPv6 = false
        }

        /// A member of the permission's `ipRanges` (`ipv6List` false) or `ipv6Ranges` (true). `text`
        /// is the range as sent, nil when the caller knows it is the canonical form.
        public mutating func appendRange(_ cidr: CIDR, text: String?, description: String?, ipv6List: Bool) {
            appendRange(cidr, storedText: text.flatMap { $0 == cidr.description ? nil : $0 }, description: description,
                        ipv6List: ipv6List)
        }

        mutating func appendRange(_ cidr: CIDR, storedText: String?, description: String?, ipv6List: Bool) {
            precondition(current != nil, "a range before startPermission")
            precondition(ipv6List || !currentHasIPv6, "ipRanges after ipv6Ranges in one permission")
            let index = UInt32(ranges.count)
            ranges.append(PackedBlock(cidr, ipv6Blocks: &ipv6Blocks))
            if let storedText { rangeTexts.append(RangeNote(index: index, text: noteText(storedText))) }
            if let description { rangeDescriptions.append(RangeNote(index: index, text: noteText(description))) }
            if ipv6List { currentHasIPv6 = true } else { current!.ends.ipv4 = index + 1 }
            current!.ends.ipv6 = index + 1
        }

        public mutating func appendPrefixListId(_ id: String) {
            precondition(current != nil, "a prefix list before startPermission")
            prefixListIds.append(id)
            current!.ends.prefixLists = UInt32(prefixListIds.count)
        }

        public mutating func appendGroup(_ reference: GroupReference) {
            precondition(current != nil, "a group before startPermission")
            groups.append(reference)
            current!.ends.groups = UInt32(groups.count)
        }

        /// A permission from another store (or built alone), entries and texts as they are.
        public mutating func append(_ permission: Permission) {
            startPermission(ipProtocol: permission.ipProtocol, fromPort: permission.fromPort, toPort: permission.toPort)
            for range in permission.ipv4Ranges {
                appendRange(range.cidr, storedText: range.storedText, description: range.description, ipv6List: false)
            }
            for range in permission.ipv6Ranges {
                appendRange(range.cidr, storedText: range.storedText, description: range.description, ipv6List: true)
            }
            for id in permission.prefixListIds { appendPrefixListId(id) }
            for reference in permission.groups { appendGroup(reference) }
        }

        /// The permissions appended so far are the ingress ones; those after, egress.
        public mutating func endIngress() {
            finishPermission()
            precondition(ingressCount == nil, "endIngress twice")
            ingressCount = records.count
        }

        /// Mutating rather than copying: finishing a copy would copy every column.
        public mutating func build() -> SecurityGroupRules {
            finishPermission()
            return SecurityGroupRules(self)
        }

        fileprivate mutating func finishPermission() {
            guard let record = current else { return }
            records.append(record)
            current = nil
        }

        /// The index of `text` in `noteTexts`: one of the last few distinct texts when equal (a bounded
        /// look-back, so a hostile group of distinct descriptions costs no quadratic search), else new.
        private mutating func noteText(_ text: String) -> UInt32 {
            for index in noteTexts.indices.suffix(8).reversed() where noteTexts[index] == text { return UInt32(index) }
            noteTexts.append(text)
            return UInt32(noteTexts.count - 1)
        }

        /// A common protocol's index, else the protocol's place among the others: one of the last few
        /// when equal (a bounded look-back, as for notes: a hostile group of distinct protocols costs
        /// no quadratic search), else a new one.
        private mutating func code(of ipProtocol: String) -> UInt32 {
            if let common = ProtocolCode.common.firstIndex(of: ipProtocol) { return UInt32(common) }
            for index in otherProtocols.indices.suffix(8).reversed() where otherProtocols[index] == ipProtocol {
                return UInt32(ProtocolCode.common.count + index)
            }
            otherProtocols.append(ipProtocol)
            return UInt32(ProtocolCode.common.count + otherProtocols.count - 1)
        }
    }
}

/// One permission: protocol code, ports, and where its entries end in the flat arrays (they start
/// where the previous permission's end). 28 bytes, with no reference to count; the code has 32 bits
/// (16 would fit the same stride's padding, but a hostile group can name more distinct protocols).
struct PermissionRecord: Sendable {
    struct Ends: Sendable {
        var ipv4: UInt32 = 0
        /// Also the end of all the permission's ranges: its ipv6 ranges follow its ipv4 ones.
        var ipv6: UInt32 = 0
        var prefixLists: UInt32 = 0
        var groups: UInt32 = 0
    }

    var protocolCode: UInt32
    var fromPort: Int32
    var toPort: Int32
    var ends: Ends

    init(protocolCode: UInt32, fromPort: Int32, toPort: Int32, ends: Ends) {
        self.protocolCode = protocolCode
        self.fromPort = fromPort
        self.toPort = toPort
        // A new permission starts with no entries: its ends are its starts.
        self.ends = Ends(ipv4: ends.ipv6, ipv6: ends.ipv6, prefixLists: ends.prefixLists, groups: ends.groups)
    }

    static func store(_ port: Int?) -> Int32 { port.map { Int32(clamping: $0) } ?? .min }
    static func load(_ stored: Int32) -> Int? { stored == .min ? nil : Int(stored) }
}

/// The protocol strings nearly every rule uses, stored as their index; any other is kept once per store.
enum ProtocolCode {
    static let common = ["-1", "tcp", "udp", "icmp", "icmpv6"]
}

/// A text attached to one range (its non-canonical text or its description): the range's index and
/// the text's in `noteTexts`. 8 bytes.
struct RangeNote: Sendable {
    var index: UInt32
    var text: UInt32

    /// The text index of the note on range `index`, by binary search: notes are appended in range order.
    static func find(_ index: Int, in notes: [RangeNote]) -> Int? {
        guard !notes.isEmpty else { return nil }
        var low = 0, high = notes.count
        while low < high {
            let middle = (low + high) / 2
            if Int(notes[middle].index) < index { low = middle + 1 } else { high = middle }
        }
        return low < notes.count && Int(notes[low].index) == index ? Int(notes[low].text) : nil
    }
}

/// A range's block in 8 bytes: an IPv4 block as its network (bits 0–31), prefix length (32–39) and
/// whether the text was canonical (bit 40); an IPv6 block (bit 63 set) as its index in the store's
/// `ipv6Blocks`. Nearly every rule source is IPv4.
struct PackedBlock: Sendable {
    private let bits: UInt64
    private static let ipv6Flag: UInt64 = 1 << 63

    init(_ cidr: CIDR, ipv6Blocks: inout [CIDR]) {
        switch cidr.family {
        case .v4:
            bits = UInt64(UInt32(truncatingIfNeeded: cidr.network)) | UInt64(cidr.prefixLength) << 32
                | (cidr.wasCanonical ? 1 << 40 : 0)
        case .v6:
            bits = PackedBlock.ipv6Flag | UInt64(ipv6Blocks.count)
            ipv6Blocks.append(cidr)
        }
    }

    func cidr(_ ipv6Blocks: [CIDR]) -> CIDR {
        if bits & PackedBlock.ipv6Flag != 0 { return ipv6Blocks[Int(bits & ~PackedBlock.ipv6Flag)] }
        return CIDR(family: .v4, maskedNetwork: UInt128(UInt32(truncatingIfNeeded: bits)), prefixLength: Int(bits >> 32 & 0xFF),
                    wasCanonical: bits & 1 << 40 != 0)
    }
}
