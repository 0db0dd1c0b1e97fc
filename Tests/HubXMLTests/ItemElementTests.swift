@testable import HubXML
import Testing

/// The flat item storage behind `ItemElement`: texts, nesting and reuse from item to item.
@Suite struct ItemElementTests {
    /// Reads every item of a document with `body`, while the views are valid.
    private func eachItem(_ text: String, _ body: @escaping (ItemElement) -> Void) throws {
        final class Visitor: ResponseHandler {
            let body: (ItemElement) -> Void
            init(_ body: @escaping (ItemElement) -> Void) { self.body = body }
            func didStartRoot(_ name: String, line: Int) throws {}
            func didReadField(_ name: XMLName, text: String, line: Int) throws {}
            func didReadItem(_ item: ItemElement, in container: XMLName) throws { body(item) }
        }
        try ResponseParser.parse(bytes: Array(text.utf8), name: "doc.xml", handler: Visitor(body))
    }

    @Test func textsSurviveNestedContainersAndTheWhitespaceBetweenThem() throws {
        let document = """
        <R><set>
         <item>
          <a> x </a>
          <b>
           <c>1</c>
           <d><e>2</e></d>
          </b>
          <f>3</f>
          <g/>
         </item>
        </set></R>
        """
        var seen: [String?] = []
        try eachItem(document) { item in
            seen = [item.value(XMLName("a")), item.value(XMLName("b")), item.value(XMLName("b"), XMLName("c")),
                    item.child(XMLName("b"))?.value(XMLName("d"), XMLName("e")), item.value(XMLName("f")),
                    item.value(XMLName("g")), item.value(XMLName("absent")),
                    item.value(XMLName("absent"), XMLName("c")), item.value(XMLName("b"), XMLName("absent")),
                    item.value(XMLName("f"), XMLName("deeper"))]
        }
        #expect(seen == [" x ", "", "1", "2", "3", "", nil, nil, nil, nil])
    }

    @Test func storageIsReusedWithoutLeakingOneItemIntoTheNext() throws {
        let big = String(repeating: "v", count: 3 << 20)
        let document = "<R><set><item><id>first</id><blob>\(big)</blob></item><item><id>second</id></item></set></R>"
        var ids: [String] = []
        var blobSizes: [Int] = []
        try eachItem(document) { item in
            ids.append(item.value(XMLName("id")) ?? "?")
            blobSizes.append(item.value(XMLName("blob"))?.utf8.count ?? 0)
        }
        #expect(ids == ["first", "second"])
        #expect(blobSizes == [3 << 20, 0])
    }

    @Test func textComparisonsAndListsAllocateNothingButAnswerRight() throws {
        let document = """
        <R><set><item><state>associated</state><empty/><ids><item>a</item><item>b</item></ids></item></set></R>
        """
        var checks: [Bool] = []
        var strings: [String] = []
        try eachItem(document) { item in
            let state = item.child(XMLName("state"))
            checks = [state?.textEquals("associated") == true, state?.textEquals("associate") == false,
                      state?.textEquals("associatedX") == false, item.child(XMLName("empty"))?.textEquals("") == true,
                      item.items(XMLName("absentSet")).isEmpty, item.items(XMLName("empty")).isEmpty,
                      item.items(XMLName("ids")).underestimatedCount == 2, item.items(XMLName("empty")).underestimatedCount == 0]
            strings = item.strings(XMLName("ids"))
        }
        #expect(checks == [true, true, true, true, true, true, true, true])
        #expect(strings == ["a", "b"])
    }

    @Test func anItemWithHundredsOfDistinctNamesKeepsEveryName() throws {
        // More names than the parser's first pointer table holds: it must grow and keep them all.
        let fields = (0..<300).map { "<field\($0)>\($0)</field\($0)>" }.joined()
        var names: [String] = []
        var values: [String] = []
        try eachItem("<R><set><item>\(fields)</item></set></R>") { item in
            let node = item.ownedCopy
            names = node.children.map(\.name)
            values = node.children.map(\.text)
        }
        #expect(names == (0..<300).map { "field\($0)" })
        #expect(values == (0..<300).map { "\($0)" })
    }

    @Test func documentsCannotFillTheNameTableForProgramNames() {
        let table = XMLNameTable(documentCapacity: 3)  // "…" plus two
        let a = table.internFromDocument("a")
        let b = table.internFromDocument("b")
        #expect(table.internFromDocument("c") == 0)
        #expect(table.internFromDocument("a") == a)
        let program = table.intern("vpcId")
        #expect(program != 0)
        #expect(table.internFromDocument("vpcId") == program)
        #expect(table.text(of: b) == "b")
        #expect(table.text(of: 0) == "…")
    }
}
