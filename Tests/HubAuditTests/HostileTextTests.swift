import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HubAWS
@testable import HubAudit
import HubCollect
import HubModel
@testable import HubReport
import Testing

/// Nothing a snapshot, policy, baseline or error body holds is injected into what people read: every
/// such string, hostile (`Hostile.all`: markup of every format, control characters, seeded random
/// mixtures), goes through every writer, and the output is compared with the same report built from
/// plain words. "Active" is defined per format in `MarkdownShape`, `terminalActive` and below.
struct HostileTextTests {
    static let hostile = Result { try HostileInput.build(.hostile) }
    static let plain = Result { try HostileInput.build(.plain) }

    /// Markdown: the same blocks, inline markup, code spans, fences and Mermaid statements as with
    /// plain values. (The hostile input really does carry the values: its report differs.)
    @Test func markdownHasTheShapeOfThePlainReport() throws {
        let hostile = MarkdownReport.render(try Self.hostile.get()), plain = MarkdownReport.render(try Self.plain.get())
        #expect(hostile != plain)
        #expect(hostile.contains("\\<img src=x onerror=alert(1)\\>"))
        let difference = MarkdownShape.firstDifference(hostile, plain)
        #expect(difference == nil, "\(difference ?? "")")
        // The plain report's own statements are safe: a shape equal to an unsafe one would prove nothing.
        #expect(!MarkdownShape(plain).lines.contains { $0.contains("ids-UNSAFE") })
        // The transit gateways are drawn (hexagons), hostile names and all.
        #expect(plain.contains("{{\"") && hostile.contains("{{\""))
    }

    /// Each hostile string alone in each place: a failure names the string.
    @Test func eachFixedStringKeepsTheShape() throws {
        let plain = MarkdownReport.render(try Self.plain.get())
        for text in Hostile.fixed {
            // Every field gets the string (the first exactly, the others with a number after it: ids stay distinct).
            let input = try HostileInput.build(Replacer(pool: [text]))
            let difference = MarkdownShape.firstDifference(MarkdownReport.render(input), plain)
            #expect(difference == nil, "\(text.debugDescription): \(difference ?? "")")
        }
    }

    /// The change report (`hubaudit diff` prints it on a terminal, the nightly report opens with it).
    @Test func changeReportHasTheShapeOfThePlainOne() throws {
        let hostileInput = try Self.hostile.get(), plainInput = try Self.plain.get()
        func render(_ input: ReportInput) -> String {
            ChangeReport.render(input.baseline!, current: input.result.findings.map { BaselineReport.Entry($0, waiverId: nil) })
        }
        let hostile = render(hostileInput)
        let difference = MarkdownShape.firstDifference(hostile, render(plainInput))
        #expect(difference == nil, "\(difference ?? "")")
        #expect(!hostile.unicodeScalars.contains { terminalActive($0) && $0 != "\n" })
    }

    /// The terminal summary: no control, separator or bidi character but the newlines between lines;
    /// one line per finding and gap as with plain values, each starting the same way, the verdict last.
    @Test func terminalSummaryCannotForgeOrHideALine() throws {
        let hostile = Scan.summary(try Self.hostile.get()), plain = Scan.summary(try Self.plain.get())
        let bad = hostile.unicodeScalars.filter { terminalActive($0) && $0 != "\n" }
        #expect(bad.isEmpty, "\(bad.map { String($0.value, radix: 16) })")
        // Lines as any viewer breaks them (CR, CRLF, NEL and U+2028 included).
        let hostileLines = hostile.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let plainLines = plain.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        #expect(hostileLines.count == plainLines.count)
        for (a, b) in zip(hostileLines, plainLines) {
            #expect(a.prefix { $0 != " " } == b.prefix { $0 != " " }, "\(a.debugDescription)")
        }
        #expect(hostileLines.last?.hasPrefix("UNTRUSTED: ") == true)
    }

    /// JSON: valid, no raw control character (only the pretty-printer's newlines), and the values
    /// come back exactly as they went in.
    @Test func jsonCarriesTheValuesExactly() throws {
        let input = try Self.hostile.get()
        let text = JSONReport.render(input)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        let strings = Self.strings(in: try JSONSerialization.jsonObject(with: Data(text.utf8)))
        for value in [input.result.findings[0].message, input.snapshot.metadata.collector!] + input.result.findings[0].evidence {
            #expect(strings.contains(value), "\(value.debugDescription)")
        }
    }

    @Test func sarifIsValidJSONWithoutRawControls() throws {
        let text = SARIFReport.render(try Self.hostile.get())
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        _ = try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// OCSF JSON Lines: as many lines as with plain values (for every reader's idea of a line: CR,
    /// NEL, U+2028 too), each a JSON object, and the values come back exactly.
    @Test func ocsfKeepsOneEventPerLineAndTheValuesExactly() throws {
        let input = try Self.hostile.get()
        let hostile = OCSFReport.render(input), plain = OCSFReport.render(try Self.plain.get())
        #expect(hostile != plain)
        let lines = hostile.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        #expect(lines.count == plain.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count)
        #expect(!hostile.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        var strings = Set<String>()
        for line in lines.dropLast() {
            let event = try JSONSerialization.jsonObject(with: Data(line.utf8))
            #expect((event as? [String: Any])?["class_uid"] as? Int == 2004)
            strings.formUnion(Self.strings(in: event))
        }
        #expect(lines.last == "")
        for value in [input.result.findings[0].message] + input.result.findings[0].evidence + input.result.findings[0].resourceIds {
            #expect(strings.contains(value), "\(value.debugDescription)")
        }
    }

    /// JUnit: well-formed XML (no `]]>`, `</`, or character XML 1.0 cannot carry breaks it), with
    /// the same elements as the plain report: no value adds a test case, failure or element.
    @Test func junitIsWellFormedWithTheSameElements() throws {
        let hostile = JUnitReport.render(try Self.hostile.get()), plain = JUnitReport.render(try Self.plain.get())
        let elements = try #require(Self.elements(hostile)), expected = try #require(Self.elements(plain))
        #expect(elements == expected)
    }

    // MARK: - Diagnostics and collection output

    /// Three ways a snapshot puts hostile text in front of the terminal: a folder that is not an
    /// account (listed as not read), a truncated response (an input problem on stderr), and an EC2
    /// error body whose code and message carry a C1 CSI, CR/LF, NEL and a bidi override as
    /// character references (the NOT EVALUATED lines quote them).
    static func plantHostileNames(in snapshot: URL, folder: String) throws {
        let stray = snapshot.appendingPathComponent("\(folder)/us-east-1")
        try FileManager.default.createDirectory(at: stray, withIntermediateDirectories: true)
        try Data("<DescribeVpcsResponse><vpcSet><item>".utf8).write(to: stray.appendingPathComponent("DescribeVpcs.xml"))
        let account = snapshot.appendingPathComponent("222222222222/us-east-1")
        try Data("<DescribeVpcsResponse><vpcSet><item>\u{1B}[31m".utf8).write(to: account.appendingPathComponent("DescribeVpcs.xml"))
        let body = "<Response><Errors><Error><Code>Denied&#x9B;2J&#13;&#10;PASS: fine</Code>"
            + "<Message>no&#x202E;&#10;PASS: every input was read&#x85;</Message></Error></Errors></Response>"
        try Data(body.utf8).write(to: snapshot.appendingPathComponent("111111111111/us-east-1/DescribeFlowLogs.xml"))
    }

    /// `scan` on a snapshot whose account folder name and file hold escape sequences and newlines:
    /// each diagnostic and summary line stays one inert line.
    @Test func scanDiagnosticsEscapeFileNames() throws {
        let folder = try Repo.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let snapshot = folder.appendingPathComponent("snapshot")
        try FileManager.default.copyItem(atPath: Repo.path("examples/finance-hub"), toPath: snapshot.path)
        try Self.plantHostileNames(in: snapshot, folder: "1234\u{1B}[2J\r\nPASS: fine\u{202E}")
        let outcome = Scan.run(ScanRequest(snapshotPath: snapshot.path))
        #expect(outcome.exitCode == 2)
        #expect(!outcome.diagnostics.isEmpty)
        for line in outcome.diagnostics + outcome.summary.split(whereSeparator: \.isNewline).map(String.init) {
            #expect(!line.unicodeScalars.contains(where: terminalActive), "\(line.debugDescription)")
            #expect(!line.hasPrefix("PASS"))
        }
    }

    /// The same through the executable: nothing on stdout or stderr but printable text and newlines.
    @Test func theExecutablePrintsNoControlCharacters() throws {
        let folder = try Repo.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let snapshot = folder.appendingPathComponent("snap\u{1B}]0;title\u{7}shot")
        try FileManager.default.copyItem(atPath: Repo.path("examples/finance-hub"), toPath: snapshot.path)
        try Self.plantHostileNames(in: snapshot, folder: "1234\u{1B}[2J\r\nPASS: fine\u{9B}31m")
        let result = try runHubaudit(["scan", snapshot.path])
        #expect(result.status == 2)
        for (name, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
            let bad = text.unicodeScalars.filter { terminalActive($0) && $0 != "\n" }
            #expect(bad.isEmpty, "\(name): \(bad.map { String($0.value, radix: 16) })")
            // Any line break a viewer honours (CR, CRLF, NEL, U+2028) counts: none may start a forged line.
            #expect(!text.split(whereSeparator: \.isNewline).contains { $0.hasPrefix("PASS") }, "\(name)")
        }
        #expect(result.stdout.split(separator: "\n").last?.hasPrefix("UNTRUSTED: ") == true)
    }

    /// `collect` lines: error codes and messages from response bodies carry newlines, carriage returns,
    /// NEL, line separators and bidi overrides (as XML character references); each warning stays one line.
    @Test func collectLinesEscapeErrorBodies() async throws {
        let folder = try Repo.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let options = CollectOptions(accountsFile: nil, regions: ["us-east-1"], store: folder.path, role: nil, externalId: nil,
                                     sessionName: "test", profile: nil, endpoint: URL(string: "http://127.0.0.1:9"),
                                     pageSize: nil, concurrency: 2, timeout: 1, attempts: 1)
        let environment = ["AWS_ACCESS_KEY_ID": "AKIATEST", "AWS_SECRET_ACCESS_KEY": "secret", "HOME": folder.path,
                           "AWS_CONFIG_FILE": "/nonexistent/c", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/s"]
        let result = await Collect.run(options, environment: environment, transport: HostileErrorTransport(),
                                       progress: CollectProgress(interactive: false))
        #expect(result.exitCode == 2)
        let warnings = result.lines.filter { $0.hasPrefix("warning: ") }
        #expect(!warnings.isEmpty)
        for line in result.lines {
            #expect(!line.unicodeScalars.contains(where: terminalActive), "\(line.debugDescription)")
        }
        #expect(warnings.allSatisfy { $0.contains("Denied\\u{D}PASS") && $0.contains("no\\u{A}PASS: all collected\\u{85}\\u{2028}\\u{202E}") })
    }

    // MARK: - Helpers

    static func strings(in value: Any) -> Set<String> {
        switch value {
        case let text as String: return [text]
        case let array as [Any]: return array.reduce(into: []) { $0.formUnion(strings(in: $1)) }
        case let object as [String: Any]: return object.values.reduce(into: Set(object.keys)) { $0.formUnion(strings(in: $1)) }
        default: return []
        }
    }

    /// Element names with their counts, or nil when the document is not well-formed.
    static func elements(_ xml: String) -> [String: Int]? {
        final class Collector: NSObject, XMLParserDelegate {
            var names: [String: Int] = [:]
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                names[name, default: 0] += 1
            }
        }
        let parser = XMLParser(data: Data(xml.utf8)), collector = Collector()
        parser.delegate = collector
        return parser.parse() ? collector.names : nil
    }
}

/// Answers STS GetCallerIdentity for account 111111111111 and every EC2 call with a 403 whose error
/// code and message hold control and separator characters.
struct HostileErrorTransport: HTTPTransport {
    func post(_ url: URL, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResponse {
        let request = String(decoding: body, as: UTF8.self)
        if request.contains("Action=GetCallerIdentity") {
            let xml = """
                <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>\
                <Arn>arn:aws:iam::111111111111:user/test</Arn><UserId>AIDATEST</UserId><Account>111111111111</Account>\
                </GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>
                """
            return HTTPResponse(status: 200, body: Array(xml.utf8))
        }
        let xml = "<Response><Errors><Error><Code>Denied&#13;PASS</Code><Message>no&#10;PASS: all collected&#x85;&#x2028;&#x202E;</Message>"
            + "</Error></Errors><RequestID>r</RequestID></Response>"
        return HTTPResponse(status: 403, body: Array(xml.utf8))
    }
}
