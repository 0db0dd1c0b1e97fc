/// The storage of one item: element records in document order, linked to their first child and next
/// sibling, and every leaf text in one byte buffer. Reset (capacity kept) before each item.
///
/// A struct, not a class, and held by the parser behind an `UnsafeMutablePointer` allocated once:
/// accesses through an unsafe pointer are checked for exclusivity at compile time only, where a
/// class's stored properties pay a run-time check on every access (a fifth of the parse, measured
/// in Benchmarks/README.md). Noncopyable, so the buffers it frees in `deinit` have one owner.
struct ItemStorage: ~Copyable {
    struct Record {
        var name: XMLName
        var line: Int32
        var firstChild = -1
        var lastChild = -1
        var next = -1
        var textStart = 0
        var textEnd = 0
    }

    private(set) var records: UnsafeMutablePointer<Record>
    private(set) var count = 0
    private var capacity = 64
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private(set) var byteCount = 0
    private var byteCapacity = 4096

    init() {
        records = .allocate(capacity: capacity)
        bytes = .allocate(capacity: byteCapacity)
    }

    deinit {
        records.deinitialize(count: count)
        records.deallocate()
        bytes.deallocate()
    }

    mutating func reset() {
        records.deinitialize(count: count)
        count = 0
        byteCount = 0
    }

    /// Adds an element under `parent` (-1 for the item itself) and returns its index.
    mutating func open(_ name: XMLName, line: Int, parent: Int) -> Int {
        if count == capacity {
            let larger = UnsafeMutablePointer<Record>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: records, count: count)
            records.deallocate()
            records = larger
            capacity *= 2
        }
        let index = count
        (records + index).initialize(to: Record(name: name, line: Int32(clamping: line), textStart: byteCount, textEnd: byteCount))
        count += 1
        if parent >= 0 {
            if records[parent].lastChild >= 0 { records[records[parent].lastChild].next = index }
            else { records[parent].firstChild = index }
            records[parent].lastChild = index
        }
        return index
    }

    /// Ends an element. A leaf keeps the text since its start; a container's own text (the whitespace
    /// between its children) is dropped. `textEnd` is where the element's content ends in `bytes`.
    mutating func close(_ index: Int) {
        if records[index].lastChild >= 0 { byteCount = records[records[index].lastChild].textEnd }
        records[index].textEnd = byteCount
    }

    /// Text that arrives before a child element starts is whitespace of the container: dropped.
    mutating func dropTextSince(_ index: Int) {
        let record = records[index]
        byteCount = record.lastChild >= 0 ? records[record.lastChild].textEnd : record.textStart
    }

    mutating func append(_ text: UnsafePointer<UInt8>, _ length: Int) {
        if byteCount + length > byteCapacity {
            var newCapacity = byteCapacity * 2
            while newCapacity < byteCount + length { newCapacity *= 2 }
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            larger.update(from: bytes, count: byteCount)
            bytes.deallocate()
            bytes = larger
            byteCapacity = newCapacity
        }
        (bytes + byteCount).update(from: text, count: length)
        byteCount += length
    }

    /// A large item (a 20 MB text) should not pin its buffer for the rest of the document.
    mutating func shrinkIfLarge() {
        guard byteCapacity > 1 << 20, byteCount == 0 else { return }
        bytes.deallocate()
        byteCapacity = 4096
        bytes = .allocate(capacity: byteCapacity)
    }
}
