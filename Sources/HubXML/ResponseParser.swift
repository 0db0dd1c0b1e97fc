internal import CLibXML2

/// Receives a response document as it streams through the parser.
///
/// Depth 1 is the root (`DescribeVpcsResponse`, `Response` for errors). Depth-2 elements are either
/// leaf fields (`requestId`, `nextToken`, `RequestID`) or containers (`vpcSet`, `Errors`), and every
/// child of a container arrives as one `XMLNode` tree.
public protocol ResponseHandler: AnyObject {
    func didStartRoot(_ name: String, line: Int) throws
    func didReadField(_ name: String, text: String, line: Int) throws
    func didReadItem(_ item: XMLNode, in container: String) throws
}

/// A parse failure: the document is not well-formed, or a handler rejected what it read.
public struct XMLParseError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// A streaming SAX2 push parser over libxml2. Feed it chunks as they arrive (a file read, an HTTP
/// body), then `finish()`. Safe by construction: no entity expansion, no DTD loading, no network
/// (`XML_PARSE_NONET`), and any DOCTYPE is refused — EC2 never sends one.
public final class ResponseParser {
    private let state: ParserState
    private var context: xmlParserCtxtPtr?

    /// libxml2 must be initialised once before it is used from several threads.
    private static let libraryInitialized: Void = xmlInitParser()

    /// `name` is what errors call the document (usually its path).
    public init(name: String, handler: ResponseHandler) {
        _ = ResponseParser.libraryInitialized
        state = ParserState(name: name, handler: handler)
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = { ctx, localname, _, _, _, _, _, _, _ in
            guard let ctx, let localname else { return }
            Unmanaged<ParserState>.fromOpaque(ctx).takeUnretainedValue().start(localname)
        }
        sax.endElementNs = { ctx, _, _, _ in
            guard let ctx else { return }
            Unmanaged<ParserState>.fromOpaque(ctx).takeUnretainedValue().end()
        }
        sax.characters = { ctx, chars, length in
            guard let ctx, let chars else { return }
            Unmanaged<ParserState>.fromOpaque(ctx).takeUnretainedValue().characters(chars, Int(length))
        }
        sax.cdataBlock = sax.characters
        sax.internalSubset = { ctx, _, _, _ in
            guard let ctx else { return }
            Unmanaged<ParserState>.fromOpaque(ctx).takeUnretainedValue()
                .fail("document type declarations are not accepted (EC2 responses have none)")
        }
        sax.serror = { ctx, error in
            guard let ctx, let error else { return }
            Unmanaged<ParserState>.fromOpaque(ctx).takeUnretainedValue().libxmlError(error.pointee)
        }
        let opaque = Unmanaged.passUnretained(state).toOpaque()
        context = xmlCreatePushParserCtxt(&sax, opaque, nil, 0, name)
        if let context {
            xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
            state.context = context
        }
    }

    deinit {
        if let context { xmlFreeParserCtxt(context) }
    }

    /// Parses the next chunk. Throws the first error; the parser is unusable after that.
    public func feed(_ bytes: UnsafeRawBufferPointer) throws {
        guard let context else { throw XMLParseError(file: state.name, line: nil, message: "cannot create an XML parser") }
        try state.throwIfFailed()
        var offset = 0
        // xmlParseChunk takes an Int32 length: hand over large buffers in pieces.
        while offset < bytes.count {
            let size = min(bytes.count - offset, 1 << 20)
            let base = bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self)
            xmlParseChunk(context, base, Int32(size), 0)
            try state.throwIfFailed()
            offset += size
        }
    }

    public func feed(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try feed($0) }
    }

    /// Ends the document: reports truncation (unclosed elements) and an empty input.
    public func finish() throws {
        guard let context else { throw XMLParseError(file: state.name, line: nil, message: "cannot create an XML parser") }
        try state.throwIfFailed()
        xmlParseChunk(context, nil, 0, 1)
        // libxml2 2.9 calls both an empty and a cut-short document "Extra content at the end of
        // the document": say what happened instead.
        if !state.sawRoot {
            throw XMLParseError(file: state.name, line: nil, message: "the document is empty (no root element)")
        }
        if let unclosed = state.unclosed {
            throw XMLParseError(file: state.name, line: state.lastLine,
                                message: "the document is truncated: <\(unclosed)> is never closed")
        }
        try state.throwIfFailed()
        if context.pointee.wellFormed == 0 {
            throw XMLParseError(file: state.name, line: nil, message: "the document is not well-formed")
        }
    }

    /// Parses a whole file in 256 KiB reads: bounded memory whatever the file's size.
    /// `name` is what errors call it (default: the path).
    public static func parse(file path: String, name: String? = nil, handler: ResponseHandler) throws {
        let name = name ?? path
        guard let stream = fopen(path, "rb") else {
            throw XMLParseError(file: name, line: nil, message: "cannot open the file")
        }
        defer { fclose(stream) }
        let parser = ResponseParser(name: name, handler: handler)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = fread(buffer.baseAddress, 1, buffer.count, stream)
            if count > 0 { try parser.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
            if count < buffer.count {
                if ferror(stream) != 0 { throw XMLParseError(file: name, line: nil, message: "read error") }
                break
            }
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

/// The mutable side of the parser, reached from libxml2's C callbacks through an unretained pointer.
private final class ParserState {
    let name: String
    let handler: ResponseHandler
    var context: xmlParserCtxtPtr?
    var sawRoot = false
    private var error: XMLParseError?
    /// Elements being built, from the depth-3 item down to the current element.
    private var open: [XMLNode] = []
    private var depth = 0
    /// Names of the open elements, root first: what a truncated document leaves unclosed.
    private var path: [String] = []
    private(set) var lastLine = 0
    private var containerName = ""
    private var text: [UInt8] = []
    private var depth2Name = ""
    private var depth2HasChildren = false
    /// libxml2 interns names in its dictionary, so the same pointer means the same name.
    private var names: [UnsafeRawPointer: String] = [:]

    init(name: String, handler: ResponseHandler) {
        self.name = name
        self.handler = handler
    }

    private var line: Int {
        guard let context, let input = context.pointee.input else { return 0 }
        return Int(input.pointee.line)
    }

    private func intern(_ pointer: UnsafePointer<xmlChar>) -> String {
        let key = UnsafeRawPointer(pointer)
        if let known = names[key] { return known }
        let value = String(cString: pointer)
        names[key] = value
        return value
    }

    /// The outermost element still open at the end, if any.
    var unclosed: String? { path.first }

    /// libxml2 2.9's push parser does not apply its own 256-level limit to SAX callbacks, and an
    /// item nested 100,000 deep overflowed the stack when its `XMLNode` tree was released (recursive
    /// deinit). EC2 responses nest about 10 levels: refuse anything deeper than libxml2's default.
    static let maxDepth = 256

    func start(_ localname: UnsafePointer<xmlChar>) {
        guard error == nil else { return }
        if depth >= ParserState.maxDepth {
            fail("excessive depth: elements nested more than \(ParserState.maxDepth) levels deep")
            return
        }
        depth += 1
        text.removeAll(keepingCapacity: true)
        let name = intern(localname)
        path.append(name)
        lastLine = line
        switch depth {
        case 1:
            sawRoot = true
            perform { try handler.didStartRoot(name, line: line) }
        case 2:
            depth2Name = name
            depth2HasChildren = false
        default:
            if depth == 3 {
                depth2HasChildren = true
                containerName = depth2Name
            }
            open.append(XMLNode(name: name, line: line))
        }
    }

    func end() {
        guard error == nil else { return }
        defer {
            depth -= 1
            path.removeLast()
            lastLine = line
            text.removeAll(keepingCapacity: true)
        }
        switch depth {
        case 1:
            break
        case 2:
            if !depth2HasChildren {
                let value = String(decoding: text, as: UTF8.self)
                perform { try handler.didReadField(depth2Name, text: value, line: line) }
            }
        default:
            var node = open.removeLast()
            if node.children.isEmpty { node.text = String(decoding: text, as: UTF8.self) }
            if open.isEmpty {
                perform { try handler.didReadItem(node, in: containerName) }
            } else {
                open[open.count - 1].children.append(node)
            }
        }
    }

    func characters(_ chars: UnsafePointer<xmlChar>, _ length: Int) {
        guard error == nil, depth >= 2 else { return }
        text.append(contentsOf: UnsafeBufferPointer(start: chars, count: length))
    }

    func libxmlError(_ raw: xmlError) {
        // Warnings (level 1) do not stop a parse; errors and fatal errors do.
        guard raw.level.rawValue >= XML_ERR_ERROR.rawValue, error == nil else { return }
        let message = raw.message.map { String(cString: $0) } ?? "XML error \(raw.code)"
        setError(XMLParseError(file: name, line: raw.line > 0 ? Int(raw.line) : nil, message: trimmed(message)))
    }

    func fail(_ message: String) {
        setError(XMLParseError(file: name, line: line > 0 ? line : nil, message: message))
    }

    private func perform(_ body: () throws -> Void) {
        do { try body() } catch let parseError as XMLParseError {
            setError(parseError)
        } catch {
            fail(String(describing: error))
        }
    }

    private func setError(_ newError: XMLParseError) {
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
