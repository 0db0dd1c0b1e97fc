import HubModel
import HubXML

/// One callback the parser made, in order.
enum Event: Equatable, CustomStringConvertible {
    case root(String, line: Int)
    case field(String, text: String, line: Int)
    case item(OwnedElement, container: String)

    var description: String {
        switch self {
        case .root(let name, let line): return "root \(name) @\(line)"
        case .field(let name, let text, let line): return "field \(name)=\(text) @\(line)"
        case .item(let node, let container): return "item \(node.name) in \(container) @\(node.line)"
        }
    }
}

/// Records every callback; optionally throws from `didReadItem` once `throwOnItem` items have arrived.
final class Recorder: ResponseHandler {
    var events: [Event] = []
    var throwOnItem: Int?
    var errorToThrow: Error = HandlerFailure(reason: "stop here")

    init(throwOnItem: Int? = nil, errorToThrow: Error? = nil) {
        self.throwOnItem = throwOnItem
        if let errorToThrow { self.errorToThrow = errorToThrow }
    }

    func didStartRoot(_ name: String, line: Int) throws {
        events.append(.root(name, line: line))
    }

    func didReadField(_ name: XMLName, text: String, line: Int) throws {
        events.append(.field(name.description, text: text, line: line))
    }

    func didReadItem(_ item: ItemElement, in container: XMLName) throws {
        events.append(.item(item.ownedCopy, container: container.description))
        if let throwOnItem, items.count >= throwOnItem { throw errorToThrow }
    }

    var roots: [String] {
        events.compactMap { if case .root(let name, _) = $0 { return name } else { return nil } }
    }

    var fields: [String: String] {
        var result: [String: String] = [:]
        for event in events {
            if case .field(let name, let text, _) = event { result[name] = text }
        }
        return result
    }

    var fieldNames: [String] {
        events.compactMap { if case .field(let name, _, _) = $0 { return name } else { return nil } }
    }

    var items: [OwnedElement] {
        events.compactMap { if case .item(let node, _) = $0 { return node } else { return nil } }
    }

    var containers: [String] {
        events.compactMap { if case .item(_, let container) = $0 { return container } else { return nil } }
    }

    /// Every text the handler saw, fields and item leaves, joined: for "was it ever expanded" checks.
    var allText: String {
        var parts: [String] = []
        func collect(_ node: OwnedElement) {
            parts.append(node.text)
            for child in node.children { collect(child) }
        }
        for event in events {
            switch event {
            case .root: break
            case .field(_, let text, _): parts.append(text)
            case .item(let node, _): collect(node)
            }
        }
        return parts.joined(separator: "|")
    }
}

struct HandlerFailure: Error, CustomStringConvertible {
    var reason: String
    var description: String { "HandlerFailure: \(reason)" }
}

/// Parses a whole document held in memory.
func parse(_ text: String, name: String = "doc.xml") throws -> Recorder {
    let recorder = Recorder()
    try ResponseParser.parse(bytes: Array(text.utf8), name: name, handler: recorder)
    return recorder
}

/// Parses a document fed in chunks of `size` bytes.
func parseChunked(_ bytes: [UInt8], size: Int, name: String = "doc.xml") throws -> Recorder {
    let recorder = Recorder()
    let parser = ResponseParser(name: name, handler: recorder)
    var start = 0
    while start < bytes.count {
        let end = min(start + size, bytes.count)
        try parser.feed(Array(bytes[start..<end]))
        start = end
    }
    try parser.finish()
    return recorder
}

/// The parse error of a document, or nil when it parsed (or threw something else).
func parseError(_ text: String, name: String = "doc.xml") -> InputProblem? {
    do {
        _ = try parse(text, name: name)
        return nil
    } catch let error as InputProblem {
        return error
    } catch {
        return nil
    }
}

/// Lookups by string on recorded copies, so the parser tests read like the documents they parse.
/// (Production code looks up through `ItemElement` by `XMLName`.)
extension OwnedElement {
    /// The first child element with this local name.
    func child(_ name: String) -> OwnedElement? {
        children.first { $0.name == name }
    }

    /// The text of the child at a slash-separated path (`status/code`), or nil when any step is absent.
    /// An empty element gives "" (present), an absent one nil — EC2 distinguishes the two.
    func value(_ path: String) -> String? {
        var node = self
        for step in path.split(separator: "/") {
            guard let next = node.child(String(step)) else { return nil }
            node = next
        }
        return node.text
    }

    /// The members of a list wrapper (`<tagSet><item>…</item></tagSet>`): every child element of the
    /// wrapper, whatever its name. Absent and empty wrappers both give [] — EC2 uses both for "none".
    func items(_ listName: String) -> [OwnedElement] {
        child(listName)?.children ?? []
    }

    /// Text of the list members of a list of scalars (`<routeTableIdSet><item>rtb-1</item>…`).
    func strings(_ listName: String) -> [String] {
        items(listName).map(\.text)
    }
}
