/// An owned copy of an element (`XMLElement.node`), with its element children and its text (leaf
/// elements only): for handlers that keep what they read (tests) or look up a few values by string.
/// The decoders read `XMLElement` views instead, which allocate nothing.
public struct XMLNode: Sendable, Equatable {
    public var name: String
    /// Text of a leaf element, entities decoded. Empty for containers and empty elements.
    public var text: String
    public var children: [XMLNode]
    /// Line of the start tag in the source document (1-based), for error messages.
    public var line: Int

    public init(name: String, text: String = "", children: [XMLNode] = [], line: Int = 0) {
        self.name = name
        self.text = text
        self.children = children
        self.line = line
    }

    /// The first child element with this local name.
    public func child(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    /// The text of the child at a slash-separated path (`status/code`), or nil when any step is absent.
    /// An empty element gives "" (present), an absent one nil — EC2 distinguishes the two.
    public func value(_ path: String) -> String? {
        var node = self
        for step in path.split(separator: "/") {
            guard let next = node.child(String(step)) else { return nil }
            node = next
        }
        return node.text
    }

    /// The members of a list wrapper (`<tagSet><item>…</item></tagSet>`): every child element of the
    /// wrapper, whatever its name. Absent and empty wrappers both give [] — EC2 uses both for "none".
    public func items(_ listName: String) -> [XMLNode] {
        child(listName)?.children ?? []
    }

    /// Text of the list members of a list of scalars (`<routeTableIdSet><item>rtb-1</item>…`).
    public func strings(_ listName: String) -> [String] {
        items(listName).map(\.text)
    }
}
