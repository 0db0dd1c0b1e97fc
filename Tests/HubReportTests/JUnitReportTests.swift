import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HubModel
import HubReport
import HubRules
import Testing

/// The JUnit XML CI dashboards read: parsed by the real consumer (junitparser) and by Foundation,
/// one testcase per rule × account/region, counts that match the elements.
struct JUnitReportTests {
    // MARK: - What the report must contain, worked out from the input

    struct Pair: Hashable, CustomStringConvertible {
        var classname: String
        var name: String
        var description: String { "\(classname) \(name)" }
    }

    struct Expected {
        var pairs: Set<Pair> = []
        var failing: Set<Pair> = []
        var skipped: Set<Pair> = []
        var suites: [String] = []
    }

    /// Every rule that ran × every scope of the snapshot (and any other scope a finding or gap of
    /// the rule names); failing where an unwaived finding reaches the threshold, else skipped where
    /// input was missing. A rule that is not configured is one skipped testcase `*/*`.
    static func expected(_ input: ReportInput) -> Expected {
        var expected = Expected()
        expected.suites = input.result.rulesRun
        let failing = input.failing
        for ruleId in input.result.rulesRun {
            if input.result.notEvaluated.contains(where: { $0.ruleId == ruleId && $0.reason == .notConfigured }) {
                let pair = Pair(classname: "hubaudit.\(ruleId)", name: NotEvaluated.everywhere.description)
                expected.pairs.insert(pair)
                expected.skipped.insert(pair)
                continue
            }
            var scopes = Set(input.snapshot.scopes)
            scopes.formUnion(input.result.findings.filter { $0.ruleId == ruleId }.map(\.scope))
            scopes.formUnion(input.result.notEvaluated.filter { $0.ruleId == ruleId }.map(\.scope))
            for scope in scopes {
                let pair = Pair(classname: "hubaudit.\(ruleId)", name: scope.description)
                expected.pairs.insert(pair)
                let fails = failing.contains { $0.ruleId == ruleId && $0.scope == scope }
                let gap = input.result.notEvaluated.contains { $0.ruleId == ruleId && $0.scope == scope && $0.reason == .missingInput }
                if fails {
                    expected.failing.insert(pair)
                } else if gap {
                    expected.skipped.insert(pair)
                }
            }
        }
        return expected
    }

    // MARK: - junitparser

    static let reader = Python.preamble(["junitparser"]) + """
        from junitparser import JUnitXml, TestSuite
        xml = JUnitXml.fromfile(sys.argv[1])
        suites = list(xml) if isinstance(xml, JUnitXml) else [xml]
        declared = {"tests": xml.tests, "failures": xml.failures, "errors": xml.errors, "skipped": xml.skipped}
        suite_declared = [{"name": s.name, "tests": s.tests, "failures": s.failures, "errors": s.errors,
                           "skipped": s.skipped} for s in suites]
        cases = []
        for suite in suites:
            for case in suite:
                cases.append({
                    "suite": suite.name, "classname": case.classname, "name": case.name,
                    "results": [type(r).__name__.lower() for r in case.result],
                    "messages": [r.message or "" for r in case.result],
                    "texts": [r.text or "" for r in case.result],
                    "system_out": case.system_out or "",
                })
        for s in suites:
            s.update_statistics()
        recounted = {
            "tests": sum(s.tests for s in suites), "failures": sum(s.failures for s in suites),
            "errors": sum(s.errors for s in suites), "skipped": sum(s.skipped for s in suites),
        }
        print(json.dumps({"name": xml.name, "declared": declared, "suites": suite_declared,
                          "recounted": recounted, "cases": cases}))
        """

    struct Parsed: Decodable {
        struct Totals: Decodable, Equatable {
            var tests: Int
            var failures: Int
            var errors: Int
            var skipped: Int
        }

        struct SuiteTotals: Decodable {
            var name: String
            var tests: Int
            var failures: Int
            var errors: Int
            var skipped: Int
        }

        struct Case: Decodable {
            var suite: String
            var classname: String
            var name: String
            var results: [String]
            var messages: [String]
            var texts: [String]
            var systemOut: String
            enum CodingKeys: String, CodingKey {
                case suite, classname, name, results, messages, texts
                case systemOut = "system_out"
            }
            var pair: Pair { Pair(classname: classname, name: name) }
        }

        var name: String?
        var declared: Totals
        var suites: [SuiteTotals]
        var recounted: Totals
        var cases: [Case]
    }

    static func parseWithJUnitParser(_ xml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Parsed {
        let run = try Python.run(reader, document: xml, name: "report.xml")
        try Python.requireAvailable(run)
        try #require(run.status == 0, "junitparser could not read the report:\n\(run.stderr)", sourceLocation: sourceLocation)
        return try JSONDecoder().decode(Parsed.self, from: Data(run.stdout.utf8))
    }

    /// junitparser's totals (declared and recounted from the testcases) are what the input implies.
    static func checkWithJUnitParser(_ input: ReportInput) throws -> Parsed {
        let expected = Self.expected(input)
        let parsed = try parseWithJUnitParser(JUnitReport.render(input))
        let totals = Parsed.Totals(tests: expected.pairs.count, failures: expected.failing.count, errors: 0,
                                   skipped: expected.skipped.count)
        #expect(parsed.name == "hubaudit")
        #expect(parsed.declared == totals)
        #expect(parsed.recounted == totals)
        #expect(parsed.suites.map(\.name) == expected.suites)
        #expect(Set(parsed.cases.map(\.pair)) == expected.pairs)
        #expect(parsed.cases.count == expected.pairs.count)
        #expect(Set(parsed.cases.filter { $0.results == ["failure"] }.map(\.pair)) == expected.failing)
        #expect(Set(parsed.cases.filter { $0.results == ["skipped"] }.map(\.pair)) == expected.skipped)
        #expect(parsed.cases.filter { $0.results.count > 1 }.isEmpty)
        for suite in parsed.suites {
            let cases = parsed.cases.filter { $0.suite == suite.name }
            #expect(suite.tests == cases.count)
            #expect(suite.failures == cases.filter { $0.results == ["failure"] }.count)
            #expect(suite.skipped == cases.filter { $0.results == ["skipped"] }.count)
        }
        return parsed
    }

    @Test(.enabled(if: Python.hasJUnitReader, Python.skipNote))
    func junitparserReadsTheExampleReportWithTheExpectedTotals() throws {
        let input = try Fixture.input(waive: Fixture.firstFailing)
        let parsed = try Self.checkWithJUnitParser(input)
        #expect(parsed.declared.failures > 0)
        // Nothing is missing; the intent rules and peering-dns (no intent in the built-in policy) are skipped as not configured.
        #expect(parsed.declared.skipped == 5)
        #expect(Set(parsed.cases.filter { $0.results == ["skipped"] }.map(\.pair.name)) == ["*/*"])
        // Failure messages name the count and the threshold, the type the highest severity.
        for testcase in parsed.cases where testcase.results == ["failure"] {
            let ruleId = String(testcase.classname.dropFirst("hubaudit.".count))
            let failing = input.failing.filter { $0.ruleId == ruleId && $0.scope.description == testcase.name }
            let count = "\(failing.count) finding\(failing.count == 1 ? "" : "s")"
            #expect(testcase.messages == ["\(count) at or above high"])
            for finding in failing {
                #expect(testcase.texts[0].contains(finding.fingerprint))
                #expect(testcase.texts[0].contains(finding.message))
            }
        }
    }

    @Test(.enabled(if: Python.hasJUnitReader, Python.skipNote))
    func junitparserReadsTheGapReportWithASkippedTestcase() throws {
        let input = try Fixture.gapInput()
        let parsed = try Self.checkWithJUnitParser(input)
        #expect(parsed.declared.skipped > 0)
        let flowLogs = try #require(parsed.cases.first {
            $0.classname == "hubaudit.vpc-flow-logs" && $0.name == Fixture.gapScope.description
        })
        #expect(flowLogs.results == ["skipped"])
        #expect(flowLogs.messages[0].contains("DescribeFlowLogs"))
    }

    @Test(.enabled(if: Python.hasJUnitReader, Python.skipNote))
    func junitparserReadsAwkwardText() throws {
        let input = try Awkward.input()
        let parsed = try Self.checkWithJUnitParser(input)
        let first = input.result.findings[0]
        let failure = try #require(parsed.cases.first {
            $0.classname == "hubaudit.\(first.ruleId)" && $0.name == first.scope.description
        })
        #expect(failure.texts[0].contains(Awkward.messageFromXML))
        #expect(failure.texts[0].contains("line with #x1B[31mANSI#x1B[0m colour"))
        #expect(failure.texts[0].contains("a < b && c > d"))
        let outside = try #require(parsed.cases.first {
            $0.classname == "hubaudit.\(input.result.findings[1].ruleId)" && $0.name == Awkward.outsideScope.description
        })
        #expect(outside.results == ["failure"])
        let skipped = try #require(parsed.cases.first {
            $0.classname == "hubaudit.\(Awkward.gapRule)" && $0.name == Awkward.gapScope.description
        })
        #expect(skipped.results == ["skipped"])
        #expect(skipped.messages == ["not evaluated in \(Awkward.gapScope): \(Awkward.gapDetail)"])
    }

    // MARK: - Foundation's XML parser

    static func document(_ xml: String) throws -> XMLDocument {
        try XMLDocument(data: Data(xml.utf8), options: [])
    }

    struct Element {
        var suite: String
        var pair: Pair
        var node: XMLElement
        func children(_ name: String) -> [XMLElement] { node.elements(forName: name) }
    }

    static func testcases(_ document: XMLDocument) throws -> [Element] {
        let root = try #require(document.rootElement())
        var out: [Element] = []
        for suite in root.elements(forName: "testsuite") {
            for testcase in suite.elements(forName: "testcase") {
                out.append(Element(suite: suite.attribute(forName: "name")?.stringValue ?? "",
                                   pair: Pair(classname: testcase.attribute(forName: "classname")?.stringValue ?? "",
                                              name: testcase.attribute(forName: "name")?.stringValue ?? ""),
                                   node: testcase))
            }
        }
        return out
    }

    @Test func foundationParsesItAndFindsOneTestcasePerRuleAndScope() throws {
        let input = try Fixture.input(waive: Fixture.firstFailing)
        let document = try Self.document(JUnitReport.render(input))
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        let cases = try Self.testcases(document)
        let expected = Self.expected(input)
        #expect(cases.count == expected.pairs.count)
        #expect(Set(cases.map(\.pair)) == expected.pairs)
        let unconfigured = Set(input.result.notEvaluated.filter { $0.reason == .notConfigured }.map(\.ruleId))
        for ruleId in input.result.rulesRun where !unconfigured.contains(ruleId) {
            for scope in input.snapshot.scopes {
                let pair = Pair(classname: "hubaudit.\(ruleId)", name: scope.description)
                #expect(cases.filter { $0.pair == pair }.count == 1, "\(pair)")
            }
        }
        // Attribute counts match the elements, per suite and in total.
        for suite in root.elements(forName: "testsuite") {
            let testcases = suite.elements(forName: "testcase")
            #expect(suite.attribute(forName: "tests")?.stringValue == String(testcases.count))
            let failures = testcases.filter { !$0.elements(forName: "failure").isEmpty }.count
            #expect(suite.attribute(forName: "failures")?.stringValue == String(failures))
            let skipped = testcases.filter { !$0.elements(forName: "skipped").isEmpty }.count
            #expect(suite.attribute(forName: "skipped")?.stringValue == String(skipped))
        }
        #expect(root.attribute(forName: "tests")?.stringValue == String(cases.count))
        let failures = cases.filter { !$0.children("failure").isEmpty }.count
        #expect(root.attribute(forName: "failures")?.stringValue == String(failures))
        let skipped = cases.filter { !$0.children("skipped").isEmpty }.count
        #expect(root.attribute(forName: "skipped")?.stringValue == String(skipped))
        #expect(cases.filter { $0.children("failure").count > 1 }.isEmpty)
    }

    @Test func theWaivedFindingIsInNoFailureButInSystemOut() throws {
        let input = try Fixture.input(waive: Fixture.firstFailing)
        let waived = try #require(Fixture.firstFailing(input.result).first)
        let cases = try Self.testcases(try Self.document(JUnitReport.render(input)))
        let failureTexts = cases.flatMap { $0.children("failure") }.compactMap(\.stringValue)
        #expect(!failureTexts.isEmpty)
        // Its own "fingerprint:" line (another finding's "see also" may name it: that is no failure of it).
        #expect(failureTexts.filter { $0.contains("fingerprint: \(waived.fingerprint)") }.isEmpty)
        let pair = Pair(classname: "hubaudit.\(waived.ruleId)", name: waived.scope.description)
        let testcase = try #require(cases.first { $0.pair == pair })
        let out = try #require(testcase.children("system-out").first?.stringValue)
        #expect(out.contains(waived.fingerprint))
        #expect(out.contains("waiver: W-1"))
        // The waived finding was the only failing one there: the testcase now passes.
        let othersFailing = input.failing.filter { $0.ruleId == waived.ruleId && $0.scope == waived.scope }
        if othersFailing.isEmpty {
            #expect(testcase.children("failure").isEmpty)
        }
        // Without the waiver the same testcase fails and names the finding.
        let unwaived = try Self.testcases(try Self.document(JUnitReport.render(try Fixture.input())))
        let failing = try #require(unwaived.first { $0.pair == pair }?.children("failure").first?.stringValue)
        #expect(failing.contains("fingerprint: \(waived.fingerprint)"))
    }

    @Test func findingsBelowTheThresholdGoToSystemOut() throws {
        let input = try Fixture.input()
        let below = try #require(input.result.findings.first { $0.severity < input.verdict.threshold })
        let cases = try Self.testcases(try Self.document(JUnitReport.render(input)))
        let testcase = try #require(cases.first {
            $0.pair == Pair(classname: "hubaudit.\(below.ruleId)", name: below.scope.description)
        })
        let out = try #require(testcase.children("system-out").first?.stringValue)
        #expect(out.contains(below.fingerprint))
        let failureTexts = cases.flatMap { $0.children("failure") }.compactMap(\.stringValue)
        #expect(failureTexts.filter { $0.contains("fingerprint: \(below.fingerprint)") }.isEmpty)
    }

    @Test func theNotEvaluatedScopeHasASkippedTestcase() throws {
        let input = try Fixture.gapInput()
        let cases = try Self.testcases(try Self.document(JUnitReport.render(input)))
        let pair = Pair(classname: "hubaudit.vpc-flow-logs", name: Fixture.gapScope.description)
        let testcase = try #require(cases.first { $0.pair == pair })
        let skipped = try #require(testcase.children("skipped").first)
        #expect(skipped.attribute(forName: "message")?.stringValue?.contains("DescribeFlowLogs") == true)
        #expect(testcase.children("failure").isEmpty)
        // The other scopes of that rule were evaluated.
        let others = cases.filter { $0.pair.classname == pair.classname && $0.pair != pair }
        #expect(!others.isEmpty)
        #expect(others.filter { !$0.children("skipped").isEmpty }.isEmpty)
    }

    @Test func awkwardTextIsWellFormedAndOutsideScopesAreKept() throws {
        let input = try Awkward.input()
        let xml = JUnitReport.render(input)
        let parser = XMLParser(data: Data(xml.utf8))
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        let cases = try Self.testcases(try Self.document(xml))
        let moved = input.result.findings[1]
        let outside = try #require(cases.first {
            $0.pair == Pair(classname: "hubaudit.\(moved.ruleId)", name: Awkward.outsideScope.description)
        })
        let text = try #require(outside.children("failure").first?.stringValue)
        #expect(text.contains(moved.fingerprint))
        let first = input.result.findings[0]
        let failing = try #require(cases.first {
            $0.pair == Pair(classname: "hubaudit.\(first.ruleId)", name: first.scope.description)
        }?.children("failure").first?.stringValue)
        #expect(failing.contains(Awkward.messageFromXML))
    }

    @Test func escapingCoversMarkupQuotesAndForbiddenCharacters() {
        #expect(JUnitReport.text("a<b>&c") == "a&lt;b&gt;&amp;c")
        #expect(JUnitReport.text("\"q\" 'a'") == "\"q\" 'a'")
        #expect(JUnitReport.attribute("\"q\" 'a'") == "&quot;q&quot; &apos;a&apos;")
        #expect(JUnitReport.attribute("1\n2\t3\r") == "1&#10;2&#9;3&#13;")
        #expect(JUnitReport.text("1\n2\t3\r") == "1\n2\t3&#13;")
        #expect(JUnitReport.text("\u{0}\u{8}\u{B}\u{C}\u{1F}") == "#x00#x08#x0B#x0C#x1F")
        #expect(JUnitReport.text("\u{FFFE}\u{FFFF}") == "#xFFFE#xFFFF")
        #expect(JUnitReport.text("é ✓ 𝄞") == "é ✓ 𝄞")
    }

    @Test func renderingIsDeterministic() throws {
        let input = try Fixture.input(waive: Fixture.firstFailing)
        let first = JUnitReport.render(input)
        #expect(first == JUnitReport.render(input))
        #expect(first == JUnitReport.render(try Fixture.input(waive: Fixture.firstFailing)))
        let gap = try Fixture.gapInput()
        #expect(JUnitReport.render(gap) == JUnitReport.render(gap))
    }
}
