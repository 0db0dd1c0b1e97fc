#if canImport(FoundationXML)
import FoundationXML
#else
import Foundation
#endif
import HubXML
import Testing

/// HubXML beside Foundation's XML DOM (in Foundation on macOS, FoundationXML elsewhere): a file that
/// imports both names each type unqualified. HubXML's views were once called `XMLElement` and
/// `XMLNode`, and every such use was ambiguous.
@Suite struct FoundationNameTests {
    @Test func foundationsDomTypesAndHubXMLsItemTypesNeedNoModulePrefix() throws {
        let document = "<R><set><item><id>a</id></item><item><id>b</id></item></set></R>"

        final class Copies: ResponseHandler {
            var items: [OwnedElement] = []
            func didStartRoot(_ name: String, line: Int) throws {}
            func didReadField(_ name: XMLName, text: String, line: Int) throws {}
            func didReadItem(_ item: ItemElement, in container: XMLName) throws { items.append(item.ownedCopy) }
        }
        let copies = Copies()
        try ResponseParser.parse(bytes: Array(document.utf8), name: "doc.xml", handler: copies)

        let dom = try XMLDocument(xmlString: document)
        let root: XMLElement? = dom.rootElement()
        let domIds: [XMLNode] = try dom.nodes(forXPath: "//id")
        #expect(root?.name == "R")
        #expect(copies.items.map { $0.children.first?.text } == domIds.map(\.stringValue))
    }
}
