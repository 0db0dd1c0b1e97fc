/// One element of the list item being read (the item itself or any element under it): a view into
/// the parser's item storage, valid only during `ResponseHandler.didReadItem` (the parser reuses the
/// storage for the next item). Take what you need as values (`value`, `text`), or `ownedCopy` for an
/// `OwnedElement` that outlives the call.
///
/// Named for what it is rather than `XMLElement`, which Foundation declares on macOS (a DOM node
/// that owns its children): a file importing both would have to qualify every use.
///
/// The item is stored flat — elements in document order, texts in one byte buffer — so reading an item
/// allocates nothing but the strings a decoder asks for. Names are local names; namespaces are ignored
/// on purpose (moto, real AWS and old API versions use different URIs).
public struct ItemElement {
    /// The parser's storage, which outlives every callback (see `ItemStorage`).
    let storage: UnsafePointer<ItemStorage>
    let index: Int

    init(storage: UnsafePointer<ItemStorage>, index: Int) {
        self.storage = storage
        self.index = index
    }

    private var record: ItemStorage.Record { storage.pointee.records[index] }

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
        return try body(UnsafeBufferPointer(start: storage.pointee.bytes + record.textStart, count: count))
    }

    /// Whether the text is exactly `expected` (compared as bytes, nothing allocated).
    public func textEquals(_ expected: StaticString) -> Bool {
        withUTF8 { text in
            text.elementsEqual(UnsafeBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount))
        }
    }

    public var children: ItemChildren { ItemChildren(storage: storage, first: record.firstChild) }

    /// The first child element with this name.
    public func child(_ name: XMLName) -> ItemElement? {
        var next = record.firstChild
        while next >= 0 {
            let child = storage.pointee.records[next]
            if child.name == name { return ItemElement(storage: storage, index: next) }
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
    public func items(_ listName: XMLName) -> ItemChildren {
        ItemChildren(storage: storage, first: child(listName)?.record.firstChild ?? -1)
    }

    /// Text of the list members of a list of scalars (`<routeTableIdSet><item>rtb-1</item>…`).
    public func strings(_ listName: XMLName) -> [String] {
        items(listName).map(\.text)
    }

    /// An owned copy of this element and everything under it, valid after the callback returns.
    public var ownedCopy: OwnedElement {
        OwnedElement(name: name.description, text: hasChildren ? "" : text, children: children.map(\.ownedCopy), line: line)
    }
}

/// The child elements of one element, in document order.
public struct ItemChildren: Sequence, IteratorProtocol {
    let storage: UnsafePointer<ItemStorage>
    var nextIndex: Int

    init(storage: UnsafePointer<ItemStorage>, first: Int) {
        self.storage = storage
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
            index = storage.pointee.records[index].next
        }
        return count
    }

    public mutating func next() -> ItemElement? {
        guard nextIndex >= 0 else { return nil }
        let element = ItemElement(storage: storage, index: nextIndex)
        nextIndex = storage.pointee.records[nextIndex].next
        return element
    }
}
