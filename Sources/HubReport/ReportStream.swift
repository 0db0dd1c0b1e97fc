/// Where a report goes while it is rendered. A large organisation's report is a hundred MB of text
/// (56,586 findings at 5,000 accounts): built whole, beside the encoder's own tree and the copy a
/// file write makes, it was most of what a scan held on top of the snapshot. A stream hands its text
/// on in pieces of about `chunkSize` bytes as they are rendered; without anywhere to hand them
/// (`collecting`) it keeps the whole text, for callers that want it as a String.
public final class ReportStream {
    /// Large enough that a write costs nothing per finding, small beside any report worth streaming.
    public static let defaultChunkSize = 1 << 20

    private var buffer = ""
    private let chunkSize: Int
    private let deliver: ((inout String) throws -> Void)?
    /// The first error `deliver` threw: later text is dropped, and `finish` throws it. The renderers
    /// need not handle a full disk on every line.
    private var failure: (any Error)?
    /// The most text held at once, in bytes: what the stream cost in memory.
    public private(set) var largestHeld = 0

    /// Hands the text to `deliver` in pieces of about `chunkSize` bytes (and the rest at `finish`).
    public init(chunkSize: Int = ReportStream.defaultChunkSize, deliver: @escaping (inout String) throws -> Void) {
        self.chunkSize = chunkSize
        self.deliver = deliver
    }

    private init() {
        chunkSize = .max
        deliver = nil
    }

    /// Keeps the whole text (`text`).
    public static func collecting() -> ReportStream { ReportStream() }

    /// The whole text, for a collecting stream.
    public var text: String { buffer }

    public func write(_ piece: String) {
        guard failure == nil else { return }
        buffer.append(piece)
        let held = buffer.utf8.count
        if held > largestHeld { largestHeld = held }
        if held >= chunkSize { drain() }
    }

    /// `text` and a newline.
    public func line(_ text: String) {
        write(text)
        write("\n")
    }

    /// Each text and a newline.
    public func lines(_ texts: [String]) {
        for text in texts { line(text) }
    }

    /// Hands on what is left; throws the first error met on the way.
    public func finish() throws {
        if deliver != nil { drain() }
        if let failure { throw failure }
    }

    private func drain() {
        guard let deliver, !buffer.isEmpty else { return }
        do {
            try deliver(&buffer)
        } catch {
            failure = error
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
