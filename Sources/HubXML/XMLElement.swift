/// One element of the list item being read: a view into the parser's item storage, valid only during
/// `ResponseHandler.didReadItem` (the parser reuses the storage for the next item). Take what you
/// need as values (`value`, `text`), or `node` for an owned copy.
///
/// The item is stored flat — elements in document order, texts in one byte buffer — so reading an item
/// allocates nothing but the strings a decoder asks for. Names are local names; namespaces are ignored
/// on purpose (moto, real AWS and old API versions use different URIs).
public struct XMLElement {
    /// The parser's storage, which outlives every callback (see `XMLItemTree`).
    let tree: UnsafePointer<XMLItemTree>
    let index: Int

    init(tree: UnsafePointer<XMLItemTree>, index: Int) {
        self.tree = tree
        self.index = index
    }

    private var record: XMLItemTree.Record { tree.pointee.records[index] }

    public var name: XMLName { record.name }

    /// Line of the start tag in the source document (1-based), for error messages.
    public var line: Int { Int(record.line) }

    public var hasChildren: Bool { record.firstChild >= 0 }

    /// Text of a leaf element, entities decoded. Empty for containers and empty elements.
    public var text: String {
        withUTF8 { String(decoding: $0, as: UTF8.self) }
    }

    /// The text's bytes, for parsing numbers and addresses without building a string.
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let record = self.record
        let count = record.firstChild >= 0 ? 0 : record.textEnd - record.textStart
        return try body(UnsafeBufferPointer(start: tree.pointee.bytes + record.textStart, count: count))
    }

    /// Whether the text is exactly `expected` (compared as bytes, nothing allocated).
    public func textEquals(_ expected: StaticString) -> Bool {
        withUTF8 { text in
            text.elementsEqual(UnsafeBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount))
        }
    }

    public var children: XMLChildren { XMLChildren(tree: tree, first: record.firstChild) }

    /// The first child element with this name.
    public func child(_ name: XMLName) -> XMLElement? {
        var next = record.firstChild
        while next >= 0 {
            let child = tree.pointee.records[next]
            if child.name == name { return XMLElement(tree: tree, index: next) }
            next = child.next
        }
        return nil
    }

    /// The text of a child, or nil when it is absent. An empty element gives "" (present), an absent
    /// one nil — EC2 distinguishes the two.
    public func value(_ name: XMLName) -> String? {
        child(name)?.text
    }

    /// The text at a two-step path (`status`, `code`), or nil when either step is absent.
    public func value(_ first: XMLName, _ second: XMLName) -> String? {
        child(first)?.child(second)?.text
    }

    /// The members of a list wrapper (`<tagSet><item>…</item></tagSet>`): every child element of the
    /// wrapper, whatever its name. Absent and empty wrappers both give none — EC2 uses both for "none".
    public func items(_ listName: XMLName) -> XMLChildren {
        XMLChildren(tree: tree, first: child(listName)?.record.firstChild ?? -1)
    }

    /// Text of the list members of a list of scalars (`<routeTableIdSet><item>rtb-1</item>…`).
    public func strings(_ listName: XMLName) -> [String] {
        items(listName).map(\.text)
    }

    /// An owned copy of this element and everything under it.
    public var node: XMLNode {
        XMLNode(name: name.description, text: hasChildren ? "" : text, children: children.map(\.node), line: line)
    }
}

/// The child elements of one element, in document order.
public struct XMLChildren: Sequence, IteratorProtocol {
    let tree: UnsafePointer<XMLItemTree>
    var nextIndex: Int

    init(tree: UnsafePointer<XMLItemTree>, first: Int) {
        self.tree = tree
        nextIndex = first
    }

    public var isEmpty: Bool { nextIndex < 0 }

    /// The exact count (a walk over sibling links, no allocation): lets `map` and `reserveCapacity`
    /// size an array once instead of growing it element by element.
    public var underestimatedCount: Int {
        var count = 0
        var index = nextIndex
        while index >= 0 {
            count += 1
            index = tree.pointee.records[index].next
        }
        return count
    }

    public mutating func next() -> XMLElement? {
        guard nextIndex >= 0 else { return nil }
        let element = XMLElement(tree: tree, index: nextIndex)
        nextIndex = tree.pointee.records[nextIndex].next
        return element
    }
}

/// The storage of one item: element records in document order, linked to their first child and next
/// sibling, and every leaf text in one byte buffer. Reset (capacity kept) before each item.
///
/// A struct, not a class, and held by the parser behind an `UnsafeMutablePointer` allocated once:
/// accesses through an unsafe pointer are checked for exclusivity at compile time only, where a
/// class's stored properties pay a run-time check on every access (a fifth of the parse, measured
/// in Benchmarks/README.md). Noncopyable, so the buffers it frees in `deinit` have one owner.
struct XMLItemTree: ~Copyable {
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
