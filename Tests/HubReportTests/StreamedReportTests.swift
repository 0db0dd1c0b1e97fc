import Foundation
import HubModel
import HubTestSupport
@testable import HubReport
import Testing

/// The reports are written piece by piece as they render (a large organisation's are a hundred MB
/// each): the pieces must make the very bytes the whole-document rendering made.
struct StreamedReportTests {
    /// The finance-hub example three ways: as is, with a collection gap (not-evaluated entries and
    /// coverage gaps), and with an unreadable file (an input problem).
    static func inputs() throws -> [(String, ReportInput)] {
        let temporary = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let broken = temporary.appendingPathComponent("finance-hub")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Fixture.financeHub), to: broken)
        try "<DescribeVpcsResponse><vpcSet><item>".write(
            to: broken.appendingPathComponent("222222222222/us-east-1/DescribeVpcs.xml"), atomically: true, encoding: .utf8)
        return [("finance-hub", try Fixture.input()), ("gap", try Fixture.gapInput()),
                ("problem", try Fixture.input(snapshotPath: broken.path, label: "broken"))]
    }

    /// The long lists encoded a few entries at a time and spliced into the rest of the document
    /// give JSONEncoder's encoding of the whole document, byte for byte, whatever the batch size.
    @Test func jsonInBatchesIsTheEncodingOfTheWholeDocument() throws {
        for (name, input) in try Self.inputs() {
            #expect(!input.result.findings.isEmpty && !input.snapshot.coverage.scopes.isEmpty)
            let whole = String(decoding: try JSONReport.makeEncoder().encode(JSONReport.Document(input)), as: UTF8.self) + "\n"
            for batchSize in [1, 2, 3, 256] {
                let stream = ReportStream.collecting()
                JSONReport.write(input, to: stream, batchSize: batchSize)
                #expect(stream.text == whole, "\(name), \(batchSize) at a time")
            }
        }
        let inputs = try Self.inputs()
        #expect(!inputs[1].1.result.notEvaluated.isEmpty, "the gap input has not-evaluated entries")
        #expect(!inputs[2].1.snapshot.problems.isEmpty, "the broken input has an input problem")
    }

    /// A stream hands its text on in pieces of about its chunk size: never the whole report at once.
    @Test func aStreamHoldsAPieceNotTheReport() throws {
        let input = try Fixture.input()
        for (format, write) in [("json", { JSONReport.write(input, to: $0, batchSize: 2) }),
                                ("markdown", { MarkdownReport.write(input, to: $0) })] as [(String, (ReportStream) -> Void)] {
            var pieces: [String] = []
            let stream = ReportStream(chunkSize: 1024) { pieces.append($0) }
            write(stream)
            try stream.finish()
            let whole = format == "json" ? JSONReport.render(input) : MarkdownReport.render(input)
            #expect(pieces.joined() == whole, "\(format)")
            #expect(pieces.count > 10, "\(format): \(whole.utf8.count) bytes in \(pieces.count) pieces")
            #expect(stream.largestHeld < 8 * 1024, "\(format): held \(stream.largestHeld) bytes of \(whole.utf8.count) at once")
        }
    }

    /// A failed write stops the stream, and `finish` reports it; nothing more is handed on.
    @Test func aFailedWriteIsReportedAtTheEnd() throws {
        struct DiskFull: Error {}
        var calls = 0
        let stream = ReportStream(chunkSize: 16) { _ in
            calls += 1
            throw DiskFull()
        }
        for _ in 0..<10 { stream.line("more than sixteen bytes of report") }
        #expect(throws: DiskFull.self) { try stream.finish() }
        #expect(calls == 1)
    }

    /// The reports read only `ReportAssembly.reportedPart` of the snapshot (a scan frees the rest
    /// before they render): every format is the same from that part as from the whole.
    @Test(arguments: ["examples/finance-hub", "examples/tgw-hub", "examples/peering-pair"])
    func reportsOfTheReportedPartAreThoseOfTheWhole(example: String) throws {
        let whole = try Fixture.input(snapshotPath: Repository.path(example), label: example)
        var part = whole
        part.snapshot = ReportAssembly.reportedPart(of: whole.snapshot)
        #expect(part.snapshot.securityGroups.isEmpty && part.snapshot.interfaces.isEmpty)
        #expect(JSONReport.render(part) == JSONReport.render(whole))
        #expect(MarkdownReport.render(part) == MarkdownReport.render(whole))
        #expect(SARIFReport.render(part) == SARIFReport.render(whole))
        #expect(JUnitReport.render(part) == JUnitReport.render(whole))
        #expect(OCSFReport.render(part) == OCSFReport.render(whole))
    }
}
