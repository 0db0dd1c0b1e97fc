internal import CLibXML2
import HubModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Receives a response document as it streams through the parser.
///
/// Depth 1 is the root (`DescribeVpcsResponse`, `Response` for errors). Depth-2 elements are either
/// leaf fields (`requestId`, `nextToken`, `RequestID`) or containers (`vpcSet`, `Errors`), and every
/// child of a container arrives as one `ItemElement` (with the elements under it), valid during the call.
public protocol ResponseHandler: AnyObject {
    func didStartRoot(_ name: String, line: Int) throws
    func didReadField(_ name: XMLName, text: String, line: Int) throws
    func didReadItem(_ item: ItemElement, in container: XMLName) throws
}

/// A streaming SAX2 push parser over libxml2. Feed it chunks as they arrive (a file read, an HTTP
/// body), then `finish()`. Safe by construction: no entity expansion, no DTD loading, no network
/// (`XML_PARSE_NONET`), and any DOCTYPE is refused — EC2 never sends one.
public final class ResponseParser {
    /// The parser's mutable state, allocated once and handed to libxml2 as the callbacks' context.
    /// A struct behind an unsafe pointer rather than a class: its fields change on every callback
    /// (millions a snapshot), and accesses through a pointer carry no run-time exclusivity checks,
    /// where a class's stored properties pay one per access (Benchmarks/README.md, "What the
    /// exclusivity flag cost"). Only this parser and its callbacks touch it, one call at a time.
    private let state: UnsafeMutablePointer<ParserState>
    private let context: xmlParserCtxtPtr?

    /// libxml2 must be initialised once before it is used from several threads.
    private static let libraryInitialized: Void = xmlInitParser()

    /// `name` is what errors call the document (usually its path).
    public init(name: String, handler: ResponseHandler) {
        _ = ResponseParser.libraryInitialized
        state = .allocate(capacity: 1)
        state.initialize(to: ParserState(name: name, handler: handler))
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        // The parser owns `state` for as long as libxml2 can call back.
        sax.startElementNs = { ctx, localname, _, _, _, _, _, _, _ in
            guard let ctx, let localname else { return }
            ParserState.at(ctx).pointee.start(localname)
        }
        sax.endElementNs = { ctx, _, _, _ in
            guard let ctx else { return }
            ParserState.at(ctx).pointee.end()
        }
        sax.characters = { ctx, chars, length in
            guard let ctx, let chars else { return }
            ParserState.at(ctx).pointee.characters(chars, Int(length))
        }
        sax.cdataBlock = sax.characters
        sax.internalSubset = { ctx, _, _, _ in
            guard let ctx else { return }
            ParserState.at(ctx).pointee.fail("document type declarations are not accepted (EC2 responses have none)")
        }
        sax.serror = { ctx, error in
            guard let ctx, let error else { return }
            ParserState.at(ctx).pointee.libxmlError(error.pointee)
        }
        context = xmlCreatePushParserCtxt(&sax, UnsafeMutableRawPointer(state), nil, 0, name)
        if let context {
            xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
            state.pointee.context = context
        }
    }

    deinit {
        if let context { xmlFreeParserCtxt(context) }
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Parses the next chunk. Throws the first error; the parser is unusable after that.
    public func feed(_ bytes: UnsafeRawBufferPointer) throws {
        guard let context else { throw InputProblem(file: state.pointee.name, line: nil, message: "cannot create an XML parser") }
        try state.pointee.throwIfFailed()
        var offset = 0
        // xmlParseChunk takes an Int32 length: hand over large buffers in pieces.
        while offset < bytes.count {
            let size = min(bytes.count - offset, 1 << 20)
            let base = bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self)
            xmlParseChunk(context, base, Int32(size), 0)
            try state.pointee.throwIfFailed()
            offset += size
        }
    }

    public func feed(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try feed($0) }
    }

    /// Ends the document: reports truncation (unclosed elements) and an empty input.
    public func finish() throws {
        guard let context else { throw InputProblem(file: state.pointee.name, line: nil, message: "cannot create an XML parser") }
        try state.pointee.throwIfFailed()
        xmlParseChunk(context, nil, 0, 1)
        // libxml2 2.9 calls both an empty and a cut-short document "Extra content at the end of
        // the document": say what happened instead.
        if !state.pointee.sawRoot {
            throw InputProblem(file: state.pointee.name, line: nil, message: "the document is empty (no root element)")
        }
        if let unclosed = state.pointee.unclosed {
            throw InputProblem(file: state.pointee.name, line: state.pointee.lastLine,
                                message: "the document is truncated: <\(unclosed)> is never closed")
        }
        try state.pointee.throwIfFailed()
        if context.pointee.wellFormed == 0 {
            throw InputProblem(file: state.pointee.name, line: nil, message: "the document is not well-formed")
        }
    }

    /// Responses are streamed (bounded memory), so the cap only refuses the absurd: the largest real
    /// page is a few megabytes, and the hostile-input tests parse 1 GiB files.
    public static let maxFileBytes = 2 << 30

    /// Parses a whole file in 64 KiB reads: bounded memory whatever the file's size. (256 KiB
    /// buffers are above glibc's mmap threshold: each file paid a fresh mapping and its page faults.)
    /// Only a regular file of at most `maxBytes` is opened, never through a symbolic link and never
    /// blocking (a FIFO or device is refused before it is read): see `RegularFile`.
    /// `name` is what errors call it (default: the path).
    public static func parse(file path: String, name: String? = nil, maxBytes: Int = maxFileBytes,
                             handler: ResponseHandler) throws {
        let name = name ?? path
        let descriptor: Int32
        do {
            descriptor = try RegularFile.openForReading(path, maxBytes: maxBytes).descriptor
        } catch {
            throw InputProblem(file: name, line: nil, message: "not read: the file \(error.reason)")
        }
        defer { close(descriptor) }
        let parser = ResponseParser(name: name, handler: handler)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw InputProblem(file: name, line: nil, message: "read error") }
            if count == 0 { break }
            try parser.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        try parser.finish()
    }

    /// Parses a document held in memory (tests, fuzzing, small HTTP bodies).
    public static func parse(bytes: [UInt8], name: String, handler: ResponseHandler) throws {
        let parser = ResponseParser(name: name, handler: handler)
        try parser.feed(bytes)
        try parser.finish()
    }
}

/// The mutable side of the parser, reached from libxml2's C callbacks through the context pointer
/// (`ResponseParser.state`). Noncopyable: it owns the item storage, which it frees when it goes.
private struct ParserState: ~Copyable {
    let name: String
    let handler: ResponseHandler
    var context: xmlParserCtxtPtr?
    var sawRoot = false
    private var error: InputProblem?
    /// The item being read (depth 3 and below), reused from item to item. Allocated apart so that
    /// the `ItemElement` views handed to the handler can point at it.
    private let storage: UnsafeMutablePointer<ItemStorage>
    /// Indices in `storage` of the open elements, from the item down.
    private var open: [Int] = []
    private var depth = 0
    /// The root element, while it is open: what a truncated document leaves unclosed.
    private var openRoot: XMLName?
    private(set) var lastLine = 0
    private var containerName = XMLName.overflow
    /// Text of a depth-2 field (`nextToken`).
    private var fieldText: [UInt8] = []
    private var depth2Name = XMLName.overflow
    private var depth2HasChildren = false
    /// libxml2 interns names in its dictionary, so the same pointer means the same name: an
    /// open-addressing table from pointer to name (a Dictionary's hashing cost 5% of decoding).
    private var nameKeys = [UnsafeRawPointer?](repeating: nil, count: 128)
    private var nameValues = [XMLName](repeating: .overflow, count: 128)
    private var nameCount = 0

    init(name: String, handler: ResponseHandler) {
        self.name = name
        self.handler = handler
        storage = .allocate(capacity: 1)
        storage.initialize(to: ItemStorage())
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// The state libxml2 hands back to a callback as its context.
    static func at(_ context: UnsafeMutableRawPointer) -> UnsafeMutablePointer<ParserState> {
        context.assumingMemoryBound(to: ParserState.self)
    }

    private var line: Int {
        guard let context, let input = context.pointee.input else { return 0 }
        return Int(input.pointee.line)
    }

    private mutating func intern(_ pointer: UnsafePointer<xmlChar>) -> XMLName {
        let key = UnsafeRawPointer(pointer)
        var slot = firstSlot(key)
        while let occupant = nameKeys[slot] {
            if occupant == key { return nameValues[slot] }
            slot = (slot + 1) & (nameKeys.count - 1)
        }
        let value = XMLName(id: XMLNameTable.shared.internFromDocument(String(cString: pointer)))
        nameKeys[slot] = key
        nameValues[slot] = value
        nameCount += 1
        if nameCount * 2 > nameKeys.count { growNames() }
        return value
    }

    private func firstSlot(_ key: UnsafeRawPointer) -> Int {
        Int(truncatingIfNeeded: (UInt(bitPattern: key) >> 3) &* 0x9E37_79B9) & (nameKeys.count - 1)
    }

    private mutating func growNames() {
        let entries = zip(nameKeys, nameValues).compactMap { key, value in key.map { ($0, value) } }
        nameKeys = Array(repeating: nil, count: nameKeys.count * 2)
        nameValues = Array(repeating: .overflow, count: nameKeys.count)
        for (key, value) in entries {
            var slot = firstSlot(key)
            while nameKeys[slot] != nil { slot = (slot + 1) & (nameKeys.count - 1) }
            nameKeys[slot] = key
            nameValues[slot] = value
        }
    }

    /// The outermost element still open at the end, if any.
    var unclosed: String? { openRoot?.description }

    /// libxml2 2.9's push parser does not apply its own 256-level limit to SAX callbacks, and an
    /// item nested 100,000 deep once overflowed the stack (when a recursive tree was released).
    /// EC2 responses nest about 10 levels: refuse anything deeper than libxml2's default.
    static let maxDepth = 256

    mutating func start(_ localname: UnsafePointer<xmlChar>) {
        guard error == nil else { return }
        if depth >= ParserState.maxDepth {
            fail("excessive depth: elements nested more than \(ParserState.maxDepth) levels deep")
            return
        }
        depth += 1
        let name = intern(localname)
        let line = self.line
        lastLine = line
        switch depth {
        case 1:
            sawRoot = true
            openRoot = name
            do { try handler.didStartRoot(name.description, line: line) } catch { handlerFailed(error) }
        case 2:
            fieldText.removeAll(keepingCapacity: true)
            depth2Name = name
            depth2HasChildren = false
        case 3:
            depth2HasChildren = true
            containerName = depth2Name
            storage.pointee.reset()
            open.append(storage.pointee.open(name, line: line, parent: -1))
        default:
            let parent = open[open.count - 1]
            storage.pointee.dropTextSince(parent)
            open.append(storage.pointee.open(name, line: line, parent: parent))
        }
    }

    mutating func end() {
        guard error == nil else { return }
        defer {
            depth -= 1
            lastLine = line
        }
        switch depth {
        case 1:
            openRoot = nil
        case 2:
            if !depth2HasChildren {
                let value = String(decoding: fieldText, as: UTF8.self)
                do { try handler.didReadField(depth2Name, text: value, line: line) } catch { handlerFailed(error) }
            }
            fieldText.removeAll(keepingCapacity: true)
        default:
            storage.pointee.close(open.removeLast())
            if open.isEmpty {
                do { try handler.didReadItem(ItemElement(storage: UnsafePointer(storage), index: 0), in: containerName) } catch { handlerFailed(error) }
                storage.pointee.reset()
                storage.pointee.shrinkIfLarge()
            }
        }
    }

    mutating func characters(_ chars: UnsafePointer<xmlChar>, _ length: Int) {
        guard error == nil else { return }
        if depth >= 3 {
            storage.pointee.append(chars, length)
        } else if depth == 2 && !depth2HasChildren {
            fieldText.append(contentsOf: UnsafeBufferPointer(start: chars, count: length))
        }
    }

    mutating func libxmlError(_ raw: xmlError) {
        // Warnings (level 1) do not stop a parse; errors and fatal errors do.
        guard raw.level.rawValue >= XML_ERR_ERROR.rawValue, error == nil else { return }
        let message = raw.message.map { String(cString: $0) } ?? "XML error \(raw.code)"
        setError(InputProblem(file: name, line: raw.line > 0 ? Int(raw.line) : nil, message: trimmed(message)))
    }

    mutating func fail(_ message: String) {
        setError(InputProblem(file: name, line: line > 0 ? line : nil, message: message))
    }

    /// A handler's error stops the parse: its own `InputProblem` as it is, anything else described.
    private mutating func handlerFailed(_ error: any Error) {
        if let parseError = error as? InputProblem {
            setError(parseError)
        } else {
            fail(String(describing: error))
        }
    }

    private mutating func setError(_ newError: InputProblem) {
        guard error == nil else { return }
        error = newError
        if let context { xmlStopParser(context) }
    }

    func throwIfFailed() throws {
        if let error { throw error }
    }
}

/// libxml2 messages end in a newline; HubXML stays free of Foundation, so trim by hand.
private func trimmed(_ text: String) -> String {
    var scalars = Substring(text)
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    return String(scalars)
}
