/// Texts stored back to back in one allocation: their count and where each ends (4 bytes each),
/// then their UTF-8. A finding holds about ten texts (message, fingerprint, resource ids, evidence
/// lines, commands); as `String`s and arrays each cost an allocation of its own, about half again as
/// much as the text, for tens of thousands of findings held until the reports are written.
/// Reading a text builds its `String` anew.
struct PackedTexts: Sendable, Hashable {
    private let bytes: [UInt8]

    init(_ texts: some Collection<String>) {
        let header = 4 * (texts.count + 1)
        let total = texts.reduce(0) { $0 + $1.utf8.count }
        precondition(total <= Int(UInt32.max) - header, "a finding's texts exceed 4 GB")
        var bytes = [UInt8]()
        bytes.reserveCapacity(header + total)
        Self.append(UInt32(texts.count), to: &bytes)
        var end = 0
        for text in texts {
            end += text.utf8.count
            Self.append(UInt32(end), to: &bytes)
        }
        for text in texts { bytes.append(contentsOf: text.utf8) }
        self.bytes = bytes
    }

    var count: Int { Int(word(0)) }

    subscript(index: Int) -> String {
        String(decoding: bytes[range(of: index)], as: UTF8.self)
    }

    subscript(range: Range<Int>) -> [String] { range.map { self[$0] } }

    /// Whether text `index` comes before `other`'s text `otherIndex` byte by byte, without building
    /// either: the order of `String`'s `<` for ASCII texts (a fingerprint's hex digits).
    func precedes(_ index: Int, _ other: PackedTexts, _ otherIndex: Int) -> Bool {
        bytes[range(of: index)].lexicographicallyPrecedes(other.bytes[other.range(of: otherIndex)])
    }

    private func range(of index: Int) -> Range<Int> {
        precondition(index >= 0 && index < count, "text \(index) of \(count)")
        let start = 4 * (count + 1)
        return (start + (index == 0 ? 0 : Int(word(index))))..<(start + Int(word(index + 1)))
    }

    private func word(_ index: Int) -> UInt32 {
        bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)) }
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
