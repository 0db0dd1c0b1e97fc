/// An owned copy of an element of a list item (`ItemElement.ownedCopy`), with its element children
/// and its text (leaf elements only): for handlers that keep what they read past `didReadItem`
/// (tests do). Unlike the `ItemElement` view it copies every name and text, so production code
/// looks things up through `ItemElement`, which allocates nothing. (Formerly `XMLNode`, a name
/// Foundation also declares on macOS.)
public struct OwnedElement: Sendable, Equatable {
    public var name: String
    /// Text of a leaf element, entities decoded. Empty for containers and empty elements.
    public var text: String
    public var children: [OwnedElement]
    /// Line of the start tag in the source document (1-based), for error messages.
    public var line: Int

    public init(name: String, text: String = "", children: [OwnedElement] = [], line: Int = 0) {
        self.name = name
        self.text = text
        self.children = children
        self.line = line
    }
}
