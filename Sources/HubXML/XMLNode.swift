/// An owned copy of an element (`XMLElement.node`), with its element children and its text (leaf
/// elements only): for handlers that keep what they read past `didReadItem` (tests do). Lookups go
/// through `XMLElement`, which allocates nothing.
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
}
