import Foundation
import HubModel
import HubTestSupport
import HubXML
import Testing

/// The streaming parser's contract: depth 1 is the root, depth-2 leaves are fields, each child of a
/// depth-2 container arrives as one `OwnedElement` tree.
@Suite struct ParserStructureTests {
    static let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
          <requestId>req-1</requestId>
          <vpcSet>
            <item>
              <vpcId>vpc-1</vpcId>
              <cidrBlockAssociationSet>
                <item><cidrBlock>10.0.0.0/16</cidrBlock><cidrBlockState><state>associated</state></cidrBlockState></item>
                <item><cidrBlock>10.1.0.0/16</cidrBlock><cidrBlockState><state>disassociated</state></cidrBlockState></item>
              </cidrBlockAssociationSet>
              <tagSet><item><key>Name</key><value>hub</value></item></tagSet>
            </item>
            <item>
              <vpcId>vpc-2</vpcId>
              <tagSet/>
            </item>
          </vpcSet>
          <nextToken>tok-9</nextToken>
        </DescribeVpcsResponse>
        """

    @Test func rootIsReportedOnceWithItsLine() throws {
        let recorder = try parse(Self.document)
        #expect(recorder.roots == ["DescribeVpcsResponse"])
        #expect(recorder.events.first == .root("DescribeVpcsResponse", line: 2))
    }

    @Test func depthTwoLeavesAreFieldsAndContainersAreNot() throws {
        let recorder = try parse(Self.document)
        #expect(recorder.fieldNames == ["requestId", "nextToken"])
        #expect(recorder.fields["requestId"] == "req-1")
        #expect(recorder.fields["nextToken"] == "tok-9")
        // The container itself is never a field, and its items name it.
        #expect(recorder.fields["vpcSet"] == nil)
        #expect(recorder.containers == ["vpcSet", "vpcSet"])
    }

    @Test func fieldLinesAreTheirSourceLines() throws {
        let recorder = try parse(Self.document)
        #expect(recorder.events.contains(.field("requestId", text: "req-1", line: 3)))
        #expect(recorder.events.contains(.field("nextToken", text: "tok-9", line: 18)))
    }

    @Test func eventsArriveInDocumentOrder() throws {
        let recorder = try parse(Self.document)
        let kinds = recorder.events.map { event -> String in
            switch event {
            case .root: return "root"
            case .field(let name, _, _): return name
            case .item(let node, _): return node.value("vpcId") ?? "?"
            }
        }
        #expect(kinds == ["root", "requestId", "vpc-1", "vpc-2", "nextToken"])
    }

    @Test func itemsCarryTheirWholeSubtree() throws {
        let recorder = try parse(Self.document)
        let first = try #require(recorder.items.first)
        #expect(first.name == "item")
        #expect(first.line == 5)
        #expect(first.value("vpcId") == "vpc-1")
        let blocks = first.items("cidrBlockAssociationSet")
        #expect(blocks.count == 2)
        #expect(blocks.map { $0.value("cidrBlock") } == ["10.0.0.0/16", "10.1.0.0/16"])
        #expect(blocks.map { $0.value("cidrBlockState/state") } == ["associated", "disassociated"])
        #expect(first.value("tagSet/item/key") == "Name")
        #expect(first.value("tagSet/item/value") == "hub")
        // A container has no text of its own: the indentation between its children is dropped.
        #expect(first.text == "")
        #expect(first.child("cidrBlockAssociationSet")?.text == "")
    }

    @Test func nestedNodesKeepTheirLines() throws {
        let recorder = try parse(Self.document)
        let first = try #require(recorder.items.first)
        #expect(first.child("vpcId")?.line == 6)
        #expect(first.child("cidrBlockAssociationSet")?.line == 7)
        #expect(first.items("cidrBlockAssociationSet").map(\.line) == [8, 9])
        let second = try #require(recorder.items.last)
        #expect(second.line == 13)
    }

    @Test func deepItemsOfOtherContainersAreNamedByTheirContainer() throws {
        let recorder = try parse("""
            <R><a><x>1</x></a><b><y><z>2</z></y><y><z>3</z></y></b><c>leaf</c></R>
            """)
        #expect(recorder.containers == ["a", "b", "b"])
        #expect(recorder.items.map(\.name) == ["x", "y", "y"])
        #expect(recorder.items[0].text == "1")
        #expect(recorder.items[1].value("z") == "2")
        #expect(recorder.items[2].value("z") == "3")
        #expect(recorder.fieldNames == ["c"])
    }

    @Test func rootWithoutChildrenGivesOnlyTheRoot() throws {
        let recorder = try parse("<Empty/>")
        #expect(recorder.events == [.root("Empty", line: 1)])
    }

    @Test func attributesAreIgnored() throws {
        let recorder = try parse(#"<R a="1"><set kind="x"><item id="7"><v b="2">text</v></item></set></R>"#)
        let item = try #require(recorder.items.first)
        #expect(item.value("v") == "text")
        #expect(item.children.count == 1)
    }
}

@Suite struct ParserNamespaceTests {
    @Test func prefixedElementsAreReportedByLocalName() throws {
        let recorder = try parse("""
            <ec2:DescribeVpcsResponse xmlns:ec2="http://ec2.amazonaws.com/doc/2016-11-15/">
            <ec2:requestId>r</ec2:requestId>
            <ec2:vpcSet><ec2:item><ec2:vpcId>vpc-1</ec2:vpcId></ec2:item></ec2:vpcSet>
            </ec2:DescribeVpcsResponse>
            """)
        #expect(recorder.roots == ["DescribeVpcsResponse"])
        #expect(recorder.fields["requestId"] == "r")
        #expect(recorder.containers == ["vpcSet"])
        let item = try #require(recorder.items.first)
        #expect(item.name == "item")
        #expect(item.value("vpcId") == "vpc-1")
    }

    @Test func differentUrisGiveTheSameTree() throws {
        func tree(_ open: String, _ close: String) throws -> [OwnedElement] {
            try parse("\(open)<vpcSet><item><vpcId>vpc-1</vpcId><tagSet/></item></vpcSet>\(close)").items
        }
        let modern = try tree(#"<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15">"#,
                              "</DescribeVpcsResponse>")
        let old = try tree(#"<DescribeVpcsResponse xmlns='http://ec2.amazonaws.com/doc/2014-06-15/'>"#,
                           "</DescribeVpcsResponse>")
        let none = try tree("<DescribeVpcsResponse>", "</DescribeVpcsResponse>")
        #expect(modern == old)
        #expect(modern == none)
    }

    @Test func mixedPrefixesInsideAnItem() throws {
        let recorder = try parse("""
            <R xmlns="urn:a" xmlns:b="urn:b"><set><b:item><b:id>1</b:id><id2 xmlns="urn:c">2</id2></b:item></set></R>
            """)
        let item = try #require(recorder.items.first)
        #expect(item.name == "item")
        #expect(item.value("id") == "1")
        #expect(item.value("id2") == "2")
    }
}

@Suite struct ParserListFormTests {
    /// EC2 says "no members" three ways; all must give an empty list and none may be a member.
    @Test(arguments: ["<tagSet/>", "<tagSet></tagSet>", "<tagSet>\n    </tagSet>", ""])
    func emptyListForms(_ form: String) throws {
        let recorder = try parse("<R><vpcSet><item><vpcId>vpc-1</vpcId>\(form)</item></vpcSet></R>")
        let item = try #require(recorder.items.first)
        #expect(item.items("tagSet").isEmpty)
        #expect(item.strings("tagSet").isEmpty)
        #expect(item.value("vpcId") == "vpc-1")
    }

    @Test func emptyContainerAtDepthTwoIsAnEmptyField() throws {
        let recorder = try parse("<R><vpcSet/><subnetSet></subnetSet><requestId>x</requestId></R>")
        #expect(recorder.items.isEmpty)
        #expect(recorder.fields["vpcSet"] == "")
        #expect(recorder.fields["subnetSet"] == "")
        #expect(recorder.fields["requestId"] == "x")
    }

    @Test func valueDistinguishesAbsentFromEmpty() throws {
        let recorder = try parse("<R><set><item><present>x</present><empty/><open></open><nested><leaf/></nested></item></set></R>")
        let item = try #require(recorder.items.first)
        #expect(item.value("present") == "x")
        #expect(item.value("empty") == "")
        #expect(item.value("open") == "")
        #expect(item.value("absent") == nil)
        #expect(item.value("nested/leaf") == "")
        #expect(item.value("nested/absent") == nil)
        #expect(item.value("absent/leaf") == nil)
        #expect(item.value("present/deeper") == nil)
    }

    @Test func scalarListsAndFirstChildWins() throws {
        let recorder = try parse("""
            <R><set><item><routeTableIdSet><item>rtb-1</item><item>rtb-2</item><member>rtb-3</member></routeTableIdSet>\
            <dup>first</dup><dup>second</dup></item></set></R>
            """)
        let item = try #require(recorder.items.first)
        #expect(item.strings("routeTableIdSet") == ["rtb-1", "rtb-2", "rtb-3"])
        #expect(item.value("dup") == "first")
    }
}

@Suite struct ParserTextTests {
    @Test func entitiesAreDecoded() throws {
        let recorder = try parse("""
            <R><message>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#65;&#x42;</message>\
            <set><item><description>x &amp;&amp; y &quot;q&quot;</description></item></set></R>
            """)
        #expect(recorder.fields["message"] == #"a & b <c> "d" 'e' AB"#)
        #expect(recorder.items.first?.value("description") == #"x && y "q""#)
    }

    @Test func cdataIsText() throws {
        let recorder = try parse("""
            <R><message><![CDATA[a < b && <c> ]]></message><set><item><p><![CDATA[{"x": "<y>"}]]></p></item></set></R>
            """)
        #expect(recorder.fields["message"] == "a < b && <c> ")
        #expect(recorder.items.first?.value("p") == #"{"x": "<y>"}"#)
    }

    @Test func textMixingCdataEntitiesAndPlainIsJoined() throws {
        let recorder = try parse("<R><m>one &amp; <![CDATA[two & ]]>three</m></R>")
        #expect(recorder.fields["m"] == "one & two & three")
    }

    @Test func whitespaceInsideLeavesIsKept() throws {
        let recorder = try parse("<R><m>  padded  </m><set><item><v>\n x \n</v></item></set></R>")
        #expect(recorder.fields["m"] == "  padded  ")
        #expect(recorder.items.first?.value("v") == "\n x \n")
    }

    @Test func nonAsciiText() throws {
        let recorder = try parse("<R><m>Zürich – ✓ 東京</m></R>")
        #expect(recorder.fields["m"] == "Zürich – ✓ 東京")
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let recorder = try parse("\u{FEFF}<R><m>x</m></R>")
        #expect(recorder.roots == ["R"])
        #expect(recorder.fields["m"] == "x")
    }

    @Test func declaredEncodingIsHonoured() throws {
        var bytes = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><R><m>caf"#.utf8)
        bytes += [0xE9]
        bytes += Array("</m></R>".utf8)
        let recorder = Recorder()
        try ResponseParser.parse(bytes: bytes, name: "latin1.xml", handler: recorder)
        #expect(recorder.fields["m"] == "café")
    }

    @Test func undefinedEntityIsAnError() throws {
        let error = try #require(parseError("<R><m>&nbsp;</m></R>"))
        #expect(error.file == "doc.xml")
        #expect(error.message.contains("nbsp"))
    }
}

@Suite struct ParserChunkTests {
    static let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
          <requestId>0f1e-2d3c</requestId>
          <securityGroupInfo>
            <item>
              <groupId>sg-0123456789abcdef0</groupId>
              <groupName>web &amp; api</groupName>
              <groupDescription><![CDATA[ssh <from> "bastion"]]></groupDescription>
              <ipPermissions>
                <item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort>
                  <ipRanges><item><cidrIp>10.0.0.0/8</cidrIp><description>Zürich ✓ office</description></item></ipRanges>
                </item>
              </ipPermissions>
              <tagSet/>
            </item>
            <item><groupId>sg-2</groupId><ipPermissions></ipPermissions></item>
          </securityGroupInfo>
          <nextToken>abc==</nextToken>
        </DescribeSecurityGroupsResponse>
        """

    @Test(arguments: [1, 2, 3, 7, 64])
    func chunkedParseEqualsWholeParse(chunkSize: Int) throws {
        let bytes = Array(Self.document.utf8)
        let whole = try parse(Self.document)
        let chunked = try parseChunked(bytes, size: chunkSize)
        #expect(chunked.events == whole.events)
    }

    @Test func oneByteAtATimeKeepsSplitTextIntact() throws {
        let recorder = try parseChunked(Array(Self.document.utf8), size: 1)
        let group = try #require(recorder.items.first)
        #expect(group.value("groupId") == "sg-0123456789abcdef0")
        #expect(group.value("groupName") == "web & api")
        #expect(group.value("groupDescription") == #"ssh <from> "bastion""#)
        let range = try #require(group.items("ipPermissions").first?.items("ipRanges").first)
        #expect(range.value("description") == "Zürich ✓ office")
        #expect(recorder.fields["nextToken"] == "abc==")
        #expect(recorder.items.count == 2)
    }

    @Test func emptyChunksAreHarmless() throws {
        let recorder = Recorder()
        let parser = ResponseParser(name: "doc.xml", handler: recorder)
        try parser.feed([])
        try parser.feed(Array("<R><m>x</m>".utf8))
        try parser.feed([])
        try parser.feed(Array("</R>".utf8))
        try parser.finish()
        #expect(recorder.fields["m"] == "x")
    }

    /// More than the 1 MiB slice `feed` hands libxml2 at once.
    @Test func documentsLargerThanOneSliceParse() throws {
        let count = 30_000
        var text = "<DescribeSubnetsResponse><subnetSet>"
        for index in 0..<count {
            text += "<item><subnetId>subnet-\(index)</subnetId><note>αβγ-\(index)-padding-padding-padding</note></item>\n"
        }
        text += "</subnetSet><nextToken>end</nextToken></DescribeSubnetsResponse>"
        let bytes = Array(text.utf8)
        #expect(bytes.count > 2 << 20)
        let recorder = try parse(text)
        #expect(recorder.items.count == count)
        #expect(recorder.items.last?.value("subnetId") == "subnet-\(count - 1)")
        #expect(recorder.items.last?.value("note") == "αβγ-\(count - 1)-padding-padding-padding")
        #expect(recorder.items.last?.line == count)
        #expect(recorder.fields["nextToken"] == "end")
    }

    @Test func parseFileMatchesParseBytes() throws {
        let directory = try temporaryFolder("xml")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("doc.xml").path
        try Data(Self.document.utf8).write(to: URL(fileURLWithPath: path))
        let fromFile = Recorder()
        try ResponseParser.parse(file: path, handler: fromFile)
        #expect(fromFile.events == (try parse(Self.document)).events)
    }

    @Test func parseFileNamesErrorsByPathOrName() throws {
        let directory = try temporaryFolder("xml")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.xml").path
        try Data("<R>\n<a>\n</b>\n</R>\n".utf8).write(to: URL(fileURLWithPath: path))

        let byPath = #expect(throws: InputProblem.self) { try ResponseParser.parse(file: path, handler: Recorder()) }
        #expect(byPath?.file == path)
        #expect(byPath?.line == 3)
        let byName = #expect(throws: InputProblem.self) {
            try ResponseParser.parse(file: path, name: "acct/region/bad.xml", handler: Recorder())
        }
        #expect(byName?.file == "acct/region/bad.xml")
    }

    @Test func missingFileIsAParseError() throws {
        let error = #expect(throws: InputProblem.self) {
            try ResponseParser.parse(file: "/nonexistent/hubaudit/none.xml", handler: Recorder())
        }
        #expect(error?.file == "/nonexistent/hubaudit/none.xml")
        #expect(error?.line == nil)
    }
}

@Suite struct ParserErrorTests {
    @Test func mismatchedTagGivesItsLine() throws {
        let error = try #require(parseError("<R>\n<set>\n<item>\n</set>\n</R>\n", name: "acct/us-east-1/DescribeVpcs.xml"))
        #expect(error.file == "acct/us-east-1/DescribeVpcs.xml")
        #expect(error.line == 4)
        #expect(!error.message.isEmpty)
        #expect(!error.message.hasSuffix("\n"))
        #expect(error.description.hasPrefix("acct/us-east-1/DescribeVpcs.xml:4: "))
    }

    @Test(arguments: [
        ("<R>\n<a>1</a>\n<b x=1/>\n</R>", 3),
        ("<R>\n\n\n\n<a>&</a></R>", 5),
        ("<R><a>1</a></R>\n<extra/>", 2),
        ("\n\n<R><a<b/></a></R>", 3),
    ])
    func malformedDocumentsGiveLines(document: String, line: Int) throws {
        let error = try #require(parseError(document))
        #expect(error.line == line)
    }

    @Test func errorsInLaterChunksComeFromFeed() throws {
        let recorder = Recorder()
        let parser = ResponseParser(name: "doc.xml", handler: recorder)
        try parser.feed(Array("<R>\n<a>1</a>\n".utf8))
        let error = #expect(throws: InputProblem.self) { try parser.feed(Array("<b></c>\n</R>".utf8)) }
        #expect(error?.line == 3)
        // The parser is unusable afterwards: the same error comes out again.
        let again = #expect(throws: InputProblem.self) { try parser.finish() }
        #expect(again == error)
    }

    @Test func truncatedDocumentIsReportedByFinish() throws {
        let recorder = Recorder()
        let parser = ResponseParser(name: "cut.xml", handler: recorder)
        try parser.feed(Array("<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-1</vpcId></item><item><vpcId>vp".utf8))
        let error = #expect(throws: InputProblem.self) { try parser.finish() }
        #expect(error?.file == "cut.xml")
        // What was complete before the cut was delivered; the half item never was.
        #expect(recorder.items.count == 1)
    }

    @Test func truncatedDocumentFailsWholeParse() throws {
        let error = try #require(parseError("<R><set><item><a>1</a></item></set>"))
        #expect(error.file == "doc.xml")
    }

    @Test(arguments: ["", "   \n\t\n", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "<!-- only a comment -->"])
    func emptyDocumentsAreErrors(document: String) throws {
        let recorder = Recorder()
        let error = #expect(throws: InputProblem.self) {
            try ResponseParser.parse(bytes: Array(document.utf8), name: "empty.xml", handler: recorder)
        }
        #expect(error?.file == "empty.xml")
        #expect(recorder.events.isEmpty)
    }

    @Test func finishWithoutFeedIsAnEmptyDocument() throws {
        let parser = ResponseParser(name: "never-fed.xml", handler: Recorder())
        let error = #expect(throws: InputProblem.self) { try parser.finish() }
        #expect(error?.file == "never-fed.xml")
    }

    @Test func htmlIsNotAccepted() throws {
        let html = """
            <!doctype html>
            <html lang=en>
            <title>500 Internal Server Error</title>
            """
        let error = try #require(parseError(html))
        #expect(error.line == 1)
    }

    /// The parser's own "the document is empty" message is meant for this case, but with libxml2 2.9.14
    /// libxml2 2.9 calls this "Extra content at the end of the document"; the parser says what happened.
    @Test func emptyDocumentMessageSaysEmpty() throws {
        let error = try #require(parseError(""))
        #expect(error.message == "the document is empty (no root element)")
    }

    @Test func truncatedDocumentNamesTheUnclosedElement() throws {
        let error = try #require(parseError("<DescribeVpcsResponse>\n<vpcSet><item><vpcId>vpc-1</vpcId>"))
        #expect(error.message == "the document is truncated: <DescribeVpcsResponse> is never closed")
        #expect(error.line == 2)
    }

    @Test func undefinedNamespacePrefixIsAnError() throws {
        let error = try #require(parseError("<R>\n<a:set><a:item><v>1</v></a:item></a:set></R>"))
        #expect(error.line == 2)
        #expect(error.message.contains("prefix"))
    }

    @Test func directoryIsAReadError() throws {
        let directory = FileManager.default.temporaryDirectory.path
        let error = #expect(throws: InputProblem.self) { try ResponseParser.parse(file: directory, handler: Recorder()) }
        #expect(error?.file == directory)
    }

    @Test func nonXmlBytesAreAnError() throws {
        let recorder = Recorder()
        #expect(throws: InputProblem.self) {
            try ResponseParser.parse(bytes: [0xff, 0xfe, 0x00, 0x01, 0x42], name: "bin", handler: recorder)
        }
        #expect(recorder.roots.isEmpty)
    }
}

/// EC2 never sends a DTD: any DOCTYPE is refused before anything it declares can be used.
@Suite struct ParserDoctypeTests {
    @Test func plainDoctypeIsRefused() throws {
        let recorder = Recorder()
        let error = #expect(throws: InputProblem.self) {
            try ResponseParser.parse(bytes: Array("<!DOCTYPE R>\n<R><a>1</a></R>".utf8), name: "d.xml", handler: recorder)
        }
        #expect(error?.message.contains("document type") == true)
        #expect(error?.line == 1)
        #expect(recorder.events.isEmpty)
    }

    @Test func internalEntityIsNeverExpanded() throws {
        let document = """
            <?xml version="1.0"?>
            <!DOCTYPE R [<!ENTITY secret "EXPANDED-VALUE">]>
            <R><m>&secret;</m><set><item><v>&secret;</v></item></set></R>
            """
        let recorder = Recorder()
        let error = #expect(throws: InputProblem.self) {
            try ResponseParser.parse(bytes: Array(document.utf8), name: "d.xml", handler: recorder)
        }
        #expect(error?.message.contains("document type") == true)
        #expect(!recorder.allText.contains("EXPANDED"))
        #expect(recorder.events.isEmpty)
    }

    @Test func billionLaughsIsRefusedQuickly() throws {
        var document = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        document += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        for level in 2...9 {
            let previous = "&lol\(level - 1);"
            document += "<!ENTITY lol\(level) \"\(String(repeating: previous, count: 10))\">\n"
        }
        document += "]>\n<lolz><m>&lol9;</m></lolz>\n"
        let recorder = Recorder()
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: InputProblem.self) {
            try ResponseParser.parse(bytes: Array(document.utf8), name: "lol.xml", handler: recorder)
        }
        #expect(clock.now - start < .seconds(5))
        #expect(error?.message.contains("document type") == true)
        #expect(!recorder.allText.contains("lol"))
        #expect(recorder.events.isEmpty)
    }

    @Test(arguments: [1, 4096])
    func externalEntityIsRefusedAndNeverRead(chunkSize: Int) throws {
        let document = """
            <?xml version="1.0"?>
            <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
            <x><m>&e;</m><set><item><v>&e;</v></item></set></x>
            """
        let recorder = Recorder()
        let parser = ResponseParser(name: "xxe.xml", handler: recorder)
        var caught: InputProblem?
        do {
            let bytes = Array(document.utf8)
            var start = 0
            while start < bytes.count {
                let end = min(start + chunkSize, bytes.count)
                try parser.feed(Array(bytes[start..<end]))
                start = end
            }
            try parser.finish()
        } catch let error as InputProblem {
            caught = error
        }
        let error = try #require(caught)
        #expect(error.message.contains("document type"))
        #expect(!recorder.allText.contains("root:"))
        #expect(!recorder.allText.contains("/bin/"))
        #expect(recorder.events.isEmpty)
    }

    @Test func externalDtdIsRefused() throws {
        let document = #"<!DOCTYPE R SYSTEM "http://127.0.0.1:1/evil.dtd"><R><m>x</m></R>"#
        let recorder = Recorder()
        let error = #expect(throws: InputProblem.self) {
            try ResponseParser.parse(bytes: Array(document.utf8), name: "d.xml", handler: recorder)
        }
        #expect(error?.message.contains("document type") == true)
        #expect(recorder.events.isEmpty)
    }
}

@Suite struct ParserHandlerErrorTests {
    static let document = """
        <R>
        <set><item><n>1</n></item><item><n>2</n></item><item><n>3</n></item></set>
        <after>x</after>
        </R>
        """

    @Test func handlerParseErrorComesOutUnchangedAndStopsTheParse() throws {
        let thrown = InputProblem(file: "custom.xml", line: 42, message: "bad value in item")
        let recorder = Recorder(throwOnItem: 2, errorToThrow: thrown)
        let error = #expect(throws: InputProblem.self) {
            try ResponseParser.parse(bytes: Array(Self.document.utf8), name: "doc.xml", handler: recorder)
        }
        #expect(error == thrown)
        #expect(recorder.items.count == 2)
        #expect(recorder.fields["after"] == nil)
    }

    @Test func otherHandlerErrorsBecomeParseErrorsWithTheirDescription() throws {
        let recorder = Recorder(throwOnItem: 1)
        let error = #expect(throws: InputProblem.self) {
            try ResponseParser.parse(bytes: Array(Self.document.utf8), name: "doc.xml", handler: recorder)
        }
        #expect(error?.file == "doc.xml")
        #expect(error?.message.contains("stop here") == true)
        #expect(error?.line == 2)
        #expect(recorder.items.count == 1)
    }

    @Test func rootHandlerErrorStopsBeforeAnyItem() throws {
        final class RejectRoot: ResponseHandler {
            var calls = 0
            func didStartRoot(_ name: String, line: Int) throws {
                throw InputProblem(file: "x", line: line, message: "unexpected root <\(name)>")
            }
            func didReadField(_ name: XMLName, text: String, line: Int) throws { calls += 1 }
            func didReadItem(_ item: ItemElement, in container: XMLName) throws { calls += 1 }
        }
        let handler = RejectRoot()
        let error = #expect(throws: InputProblem.self) {
            try ResponseParser.parse(bytes: Array(Self.document.utf8), name: "doc.xml", handler: handler)
        }
        #expect(error?.message == "unexpected root <R>")
        #expect(error?.line == 1)
        #expect(handler.calls == 0)
    }

    @Test func handlerErrorInAChunkComesFromFeedAndSticks() throws {
        let recorder = Recorder(throwOnItem: 1)
        let parser = ResponseParser(name: "doc.xml", handler: recorder)
        let first = #expect(throws: InputProblem.self) { try parser.feed(Array(Self.document.utf8)) }
        let second = #expect(throws: InputProblem.self) { try parser.feed(Array("<more/>".utf8)) }
        #expect(first == second)
        #expect(recorder.items.count == 1)
    }
}
