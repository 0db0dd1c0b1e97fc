import Synchronization

/// An element's local name, interned process-wide: comparing two names compares two integers.
///
/// Decoders hold their names as constants (`static let vpcId = XMLName("vpcId")`) and the parser
/// resolves each libxml2 name once per document, so reading an item never builds or compares strings.
public struct XMLName: Hashable, Sendable, CustomStringConvertible {
    let id: UInt32

    /// The name a program looks for: always interned, so it is never `overflow`.
    public init(_ text: String) {
        id = XMLNameTable.shared.intern(text)
    }

    init(id: UInt32) { self.id = id }

    /// What a document's names become once documents have filled the table: equal to no name a
    /// program looks for, so such elements are skipped like any unknown element.
    public static let overflow = XMLName(id: 0)

    public var description: String { XMLNameTable.shared.text(of: id) }
}

/// The names seen so far. It only grows, so what documents add is capped: hostile input with
/// millions of distinct element names cannot grow it without bound, nor crowd out the names that
/// code interns later (those are always added).
final class XMLNameTable: Sendable {
    static let shared = XMLNameTable(documentCapacity: 1 << 16)

    private struct State {
        var ids: [String: UInt32] = ["…": 0]
        var texts: [String] = ["…"]
    }

    private let state = Mutex(State())
    private let documentCapacity: Int

    init(documentCapacity: Int) {
        self.documentCapacity = documentCapacity
    }

    /// A name from program text.
    func intern(_ text: String) -> UInt32 {
        intern(text, bounded: false)
    }

    /// A name read from a document: `overflow`'s id once the table holds `documentCapacity` names.
    func internFromDocument(_ text: String) -> UInt32 {
        intern(text, bounded: true)
    }

    private func intern(_ text: String, bounded: Bool) -> UInt32 {
        state.withLock { state in
            if let id = state.ids[text] { return id }
            if bounded && state.texts.count >= documentCapacity { return 0 }
            let id = UInt32(state.texts.count)
            state.ids[text] = id
            state.texts.append(text)
            return id
        }
    }

    func text(of id: UInt32) -> String {
        state.withLock { $0.texts[Int(id)] }
    }
}
