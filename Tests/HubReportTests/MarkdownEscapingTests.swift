import Foundation
import HubModel
@testable import HubReport
import HubRules
import HubTestSupport
import Testing

/// Values from a snapshot in the Markdown report: each lands escaped for its place (text, table cell,
/// code span, code fence, Mermaid label or id). The property test over every field and writer is
/// HubAuditTests.HostileTextTests; these are the cases one by one.
struct MarkdownReportEscapingTests {
    static func lines(_ input: ReportInput) -> [String] {
        MarkdownReport.render(input).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Whether the report has this line; on failure, the lines that start the same way (not the whole report).
    static func expectLine(_ line: String, in lines: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let near = lines.filter { $0.prefix(12) == line.prefix(12) }
        #expect(lines.contains(line), "near: \(near)", sourceLocation: sourceLocation)
    }

    @Test func evidenceCannotCloseItsFence() throws {
        var input = try Fixture.input()
        input.result.findings[0].evidence = ["```", "# owned", "~~~"]
        let text = MarkdownReport.render(input)
        #expect(text.contains("  ````text\n  ```\n  # owned\n  ~~~\n  ````\n"))
    }

    @Test func aMessageCannotStartABlockOrAddMarkup() throws {
        var input = try Fixture.input()
        input.result.findings[0].message = "x\n# owned <img src=x onerror=alert(1)> [a](javascript:alert(1)) ![i](http://e/i.png)"
        let lines = Self.lines(input)
        #expect(!lines.contains { $0.hasPrefix("# owned") })
        let expected = ". x\\\\u{A}\\# owned \\<img src=x onerror=alert(1)\\> \\[a\\](javascript:alert(1)) \\!\\[i\\](http\\://e/i.png)"
        #expect(lines.contains { $0.hasPrefix("#### ") && $0.hasSuffix(expected) }, "\(lines.filter { $0.contains("owned") })")
    }

    @Test func aValueAfterAListMarkerCannotStartANestedBlock() throws {
        var input = try Fixture.gapInput()
        input.result.notEvaluated = []
        var coverage = input.snapshot.coverage
        coverage.set(.failed(code: "x", message: "y"), scope: Scope(account: "1. x", region: "r"), action: .describeVpcs)
        input.snapshot.coverage = coverage
        input.verdict.reasons = ["- nested", "2) ordered", "---"]
        let lines = Self.lines(input)
        Self.expectLine("- \\- nested", in: lines)
        Self.expectLine("- 2\\) ordered", in: lines)
        Self.expectLine("- \\---", in: lines)
        Self.expectLine("- 1\\. x/r DescribeVpcs: failed: x (y)", in: lines)
    }

    @Test func aTableCellKeepsItsColumnsAndLine() throws {
        var input = try Fixture.input()
        input.result.notEvaluated.append(NotEvaluated(ruleId: "vpc-flow-logs", scope: Fixture.gapScope, resourceIds: ["vpc-|1"],
                                                      reason: .missingInput, detail: "a|b\nc\r| forged | row |"))
        let lines = Self.lines(input)
        Self.expectLine("| vpc-flow-logs | 222222222222/us-east-1 | vpc-\\|1 | missing-input | a\\|b\\\\u{A}c\\\\u{D}\\| forged \\| row \\| |", in: lines)
    }

    @Test func aCodeSpanHoldsBackticks() throws {
        var input = try Fixture.input()
        input.result.findings[0].resourceIds = ["sg-`x`", "a``b", "plain"]
        Self.expectLine("- **Resources:** `` sg-`x` ``, ```a``b```, `plain`", in: Self.lines(input))
    }

    @Test func mermaidLabelsAreEntityEncoded() throws {
        var input = try Fixture.input()
        input.snapshot.metadata.accountNames["111111111111"] = "<img src=x onerror=alert(1)> %%{init}%%"
        let index = try #require(input.snapshot.vpcs.firstIndex { $0.id == "vpc-ef359c86558accdd3" })
        input.snapshot.vpcs[index].tags = Tags(["Name": "\"] --> evil[\"x\nclick evil call alert()\nend"])
        let lines = Self.lines(input)
        Self.expectLine("  subgraph acct_111111111111[\"111111111111 #60;img src#61;x onerror#61;alert(1)#62; #37;#37;#123;init#125;#37;#37;\"]", in: lines)
        Self.expectLine("    vpc_ef359c86558accdd3[\"#34;#93; --#62; evil#91;#34;x#92;u#123;A#125;click evil call alert()#92;u#123;A#125;end<br/>vpc-ef359c86558accdd3<br/>us-east-1<br/>10.10.0.0/16\"]", in: lines)
        #expect(!lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("click") })
    }

    /// Ids that differ only in characters outside `[A-Za-z0-9]` once shared one node (`vpc_a_b`).
    @Test func differentVpcIdsNeverShareANode() throws {
        var input = try Fixture.input()
        let shown = input.snapshot.vpcs.indices.filter { !input.snapshot.vpcs[$0].isDefault }
        try #require(shown.count >= 3)
        input.snapshot.vpcs[shown[0]].id = "vpc-a.b"
        input.snapshot.vpcs[shown[1]].id = "vpc-a_b"
        input.snapshot.vpcs[shown[2]].id = "end"
        let lines = Self.lines(input)
        func node(_ label: String) throws -> String {
            let line = try #require(lines.first { $0.contains("[\"\(label)<br/>") || $0.contains("<br/>\(label)<br/>") })
            return String(line.trimmingCharacters(in: .whitespaces).prefix { $0 != "[" })
        }
        let ids = [try node("vpc-a.b"), try node("vpc-a_b"), try node("end")]
        #expect(Set(ids).count == 3, "\(ids)")
        #expect(ids.allSatisfy { $0 != "end" && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } })
    }
}

/// The escaping type alone.
struct MarkdownTextTests {
    @Test func ordinaryValuesAreUnchanged() {
        for value in ["vpc-0a1b2c3d", "10.20.0.0/16", "2001:db8::/32", "us-east-1", "finance-hub", "include_ipv6",
                      "2026-11-23T11:13:26Z", "tcp 0-1024 from 0.0.0.0/0: the range contains 20, 21", "(marketing) → é"] {
            #expect(MarkdownText.text(value) == value)
        }
    }

    @Test(arguments: [
        ("<b>&amp;", "\\<b\\>\\&amp;"),
        ("[x](y) ![i](j)", "\\[x\\](y) \\!\\[i\\](j)"),
        ("*a* _b_ ~c~ $d$ `e`", "\\*a\\* \\_b\\_ \\~c\\~ \\$d\\$ \\`e\\`"),
        ("a|b", "a\\|b"),
        ("# h", "\\# h"),
        ("http://x www.y z@w", "http\\://x www\\.y z\\@w"),
        ("- x", "\\- x"), ("+ x", "\\+ x"), ("1. x", "1\\. x"), ("12) x", "12\\) x"), ("1.5", "1.5"),
        ("a\nb\r\u{1B}", "a\\\\u{A}b\\\\u{D}\\\\u{1B}"),
        ("back\\slash", "back\\\\slash"),
    ])
    func textEscapesMarkup(_ value: String, _ expected: String) {
        #expect(MarkdownText.text(value) == expected)
    }

    @Test func codeSpansOutlastTheirContent() {
        #expect(MarkdownText.code("abc") == "`abc`")
        #expect(MarkdownText.code("a`b") == "``a`b``")
        #expect(MarkdownText.code("`a") == "`` `a ``")
        #expect(MarkdownText.code("a```b") == "````a```b````")
        #expect(MarkdownText.code(" a ") == "`  a  `")
        #expect(MarkdownText.code("") == "` `")
        #expect(MarkdownText.code("a\nb") == "`a\\u{A}b`")
    }

    @Test func fencesOutlastTheirLines() {
        #expect(MarkdownText.fence(["a"], info: "text") == ["```text", "a", "```"])
        #expect(MarkdownText.fence(["````", "b"], info: "text", indent: "  ") == ["  `````text", "  ````", "  b", "  `````"])
        #expect(MarkdownText.fence(["x\ny"], info: "") == ["```", "x\\u{A}y", "```"])
    }

    @Test func mermaidIdsAreSafeAndDistinct() {
        let hex: (Character) -> Bool = { "0123456789abcdef".contains($0) }
        #expect(MarkdownText.mermaidId("vpc-0a1b", prefix: "vpc", readable: hex) == "vpc_0a1b")
        let ids = ["vpc-a.b", "vpc-a_b", "vpc-a-b", "vpc_ab", "end", "vpc-", "vpc-AB"].map { MarkdownText.mermaidId($0, prefix: "vpc", readable: hex) }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } })
        #expect(MarkdownText.mermaidId("end", prefix: "vpc", readable: hex) == "vpcH656e64")
    }
}

/// `MarkdownText.text` answers most values from a byte scan (`isPlain`): it must never skip an escape
/// the full path would make.
struct MarkdownPlainFastPathTests {
    @Test func plainValuesAreThoseTheFullPathLeavesUnchanged() {
        var generator = SplitMix64(seed: 20261130)
        let alphabet = Array("ab w.W:/-+_1209 ().,)*[]<>!&|~$#@`\\\u{1B}\n\u{202E}é")
        var plain = 0
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 12)
            let value = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            if MarkdownText.isPlain(value) {
                plain += 1
                #expect(MarkdownText.text(value) == value, "\(value.debugDescription)")
            }
        }
        #expect(plain > 1_000, "the fast path must serve ordinary values")
    }

    @Test(arguments: ["vpc-0a1b2c3d", "10.0.0.0/16", "route table rtb-1 in vpc-2 has no return route to 10.1.0.0/16 via pcx-3",
                      "tcp 22 from 0.0.0.0/0 (finance-admin-sg)"])
    func ordinaryValuesTakeTheFastPath(value: String) {
        #expect(MarkdownText.isPlain(value))
    }

    @Test(arguments: ["- x", "1. x", "12)", "http://x", "see www.example.com", "_a", "a|b", "x\ny"])
    func valuesThatNeedEscapingDoNot(value: String) {
        #expect(!MarkdownText.isPlain(value))
        #expect(MarkdownText.text(value) != value)
    }
}
