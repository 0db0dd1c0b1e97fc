import HubModel

/// A value from a snapshot, policy, baseline or error body placed into the Markdown report, escaped for
/// the place it lands in. The report's own markup (headings, lists, tables, fences) is the writer's;
/// a value must never add to it: no HTML, link, image, emphasis, heading, list item, table column or
/// line of its own, and it can never close the code span or fence that holds it.
///
/// Every form first writes control characters visibly (`TerminalText`): a newline would start a new
/// block (a heading, a fence) whatever inline markup surrounds it. Ordinary ids, CIDRs and names
/// (letters, digits, `-`, `.`, `/`, `:`) come out unchanged.
public enum MarkdownText {
    /// Inline text (a paragraph, list item, heading or table cell). ASCII punctuation that can open
    /// markup is backslash-escaped (CommonMark: any ASCII punctuation may be); `|` too, so a value
    /// never splits a table cell. A value at the start of a list item cannot start a nested block.
    public static func text(_ value: String) -> String {
        if isPlain(value) { return value }
        let value = TerminalText.escape(value)
        var out = ""
        out.reserveCapacity(value.utf8.count)
        let characters = Array(value)
        let marker = blockMarker(characters)
        for (index, character) in characters.enumerated() {
            if isEscapedAnywhere(character) || startsAutolink(characters, at: index) || index == marker
                || (character == "_" && !isIntraword(characters, at: index)) {
                out.append("\\")
            }
            out.append(character)
        }
        return out
    }

    /// Whether `text` would leave `value` unchanged, decided on its bytes: printable ASCII without
    /// markup characters, `_`, an autolink (`://`, `www.`) or a list marker at its start. Most
    /// values (ids, CIDRs, messages) are plain; the character-by-character path is for the rest.
    static func isPlain(_ value: String) -> Bool {
        let bytes = value.utf8
        guard let first = bytes.first else { return true }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { return false }
        var digits = 0, previous: UInt8 = 0, beforePrevious: UInt8 = 0, index = 0
        var leadingDigits = true
        for byte in bytes {
            guard byte >= 0x20, byte < 0x7F, !plainExcluded[Int(byte)] else { return false }
            if leadingDigits {
                if byte >= 0x30 && byte <= 0x39 {
                    digits += 1
                } else {
                    leadingDigits = false
                    // `1. x` or `1)` at the start would be a list item (see `blockMarker`).
                    if digits > 0 && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: ")")) {
                        let rest = bytes.dropFirst(index + 1)
                        if rest.first == nil || rest.first == UInt8(ascii: " ") { return false }
                    }
                }
            }
            // `://` and `www.` start GFM autolinks (see `startsAutolink`).
            if byte == UInt8(ascii: "/") && previous == UInt8(ascii: "/") && beforePrevious == UInt8(ascii: ":") { return false }
            if byte == UInt8(ascii: "."), index >= 3, value.utf8.dropFirst(index - 3).prefix(3).allSatisfy({ $0 | 0x20 == UInt8(ascii: "w") }) {
                return false
            }
            (beforePrevious, previous) = (previous, byte)
            index += 1
        }
        return true
    }

    /// The printable ASCII bytes `isPlain` sends to the full path: every character `text` may escape.
    private static let plainExcluded: [Bool] = {
        var table = escapedAnywhere
        table[Int(UInt8(ascii: "_"))] = true
        return table
    }()

    /// A table cell: the same as `text`, which already escapes `|` and newlines.
    public static func cell(_ value: String) -> String { text(value) }

    /// An inline code span that holds `value` literally. The backtick run around it is longer than any
    /// run inside it (CommonMark closes a span only on a run of the same length); a value that starts
    /// or ends with a backtick or a space is padded with one space each side, which CommonMark strips.
    /// (A span opened by three or more backticks at the start of a list item is no code fence: a
    /// backtick fence's info string cannot hold a backtick, and the closing run is one.)
    /// Not for table cells (a `|` inside a code span still splits a GFM table cell).
    public static func code(_ value: String) -> String {
        let value = TerminalText.escape(value)
        guard !value.isEmpty else { return "` `" }
        let fence = String(repeating: "`", count: longestRun(of: "`", in: value) + 1)
        let pad = value.first == "`" || value.last == "`" || (value.first == " " && value.last == " ")
            ? " " : ""
        return fence + pad + value + pad + fence
    }

    /// A fenced code block of `lines`, each written as is (controls visibly), with `indent` before every
    /// line. The fence is three backticks, or longer than the longest backtick run in the block, so no
    /// line can close it early.
    public static func fence(_ lines: [String], info: String, indent: String = "") -> [String] {
        let body = lines.map(TerminalText.escape)
        let longest = body.map { longestRun(of: "`", in: $0) }.max() ?? 0
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return ["\(indent)\(fence)\(info)"] + body.map { "\(indent)\($0)" } + ["\(indent)\(fence)"]
    }

    // MARK: - Rules

    /// Characters that open inline markup wherever they stand: escapes, code, emphasis, links and
    /// images, raw HTML and entities, table columns, strikethrough, GFM math, headings.
    private static let escapedAnywhere: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for character in "\\`*[]<>!&|~$#@" { table[Int(character.asciiValue!)] = true }
        return table
    }()

    /// A table lookup, not a `Set<Character>`: hashing every character of every value was most of the
    /// Markdown report's time.
    private static func isEscapedAnywhere(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return escapedAnywhere[Int(ascii)]
    }

    /// `_` between two letters or digits (`include_ipv6`) can neither open nor close emphasis
    /// (CommonMark's flanking rules): left as is, so ordinary names read unchanged.
    private static func isIntraword(_ characters: [Character], at index: Int) -> Bool {
        guard index > 0, index + 1 < characters.count else { return false }
        let before = characters[index - 1], after = characters[index + 1]
        return (before.isLetter || before.isNumber) && (after.isLetter || after.isNumber)
    }

    /// GFM turns `http://…` and `www.…` into links without brackets: escaping the `:` of `://` or the
    /// `.` of `www.` stops it.
    private static func startsAutolink(_ characters: [Character], at index: Int) -> Bool {
        switch characters[index] {
        case ":":
            return index + 2 < characters.count && characters[index + 1] == "/" && characters[index + 2] == "/"
        case ".":
            guard index >= 3 else { return false }
            return String(characters[(index - 3)..<index]).lowercased() == "www"
        default:
            return false
        }
    }

    /// A value right after a list marker (`- value`) must not start a nested list item (`- x`, `+ x`,
    /// `1. x`, `1) x`) or a thematic break (`---`): the index of the marker character to escape. A
    /// CIDR (`10.0.0.0/16`) is no list marker: its `.` is followed by a digit.
    private static func blockMarker(_ characters: [Character]) -> Int? {
        guard let first = characters.first else { return nil }
        if first == "-" || first == "+" { return 0 }
        let digits = characters.prefix { $0.isASCII && $0.isNumber }.count
        guard digits > 0, digits < characters.count, characters[digits] == "." || characters[digits] == ")" else { return nil }
        let next = digits + 1
        return next == characters.count || characters[next] == " " ? digits : nil
    }

    /// The longest run of an ASCII `mark` in `text`, counted on its UTF-8 bytes (an ASCII byte is never
    /// part of a multi-byte character).
    private static func longestRun(of mark: Character, in text: String) -> Int {
        let byte = mark.asciiValue!
        var longest = 0, current = 0
        for next in text.utf8 {
            current = next == byte ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }

    // MARK: - Mermaid (inside the report's mermaid fence)

    /// A quoted Mermaid label's text. Letters, digits, spaces and `-._/:,+()'` stay; every other
    /// character becomes a Mermaid entity code (`#34;` for `"`), which Mermaid decodes after parsing:
    /// no `"` ends the label, no `%%` starts a comment or directive, no `<` is HTML, no backtick makes
    /// a Markdown string. Controls are written visibly first (a newline would end the statement).
    public static func mermaidLabel(_ value: String) -> String {
        var out = ""
        for scalar in TerminalText.escape(value).unicodeScalars {
            if scalar.isASCII ? mermaidPlain.contains(scalar) : isLetterOrDigit(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "#\(scalar.value);"
            }
        }
        return out
    }

    /// A Mermaid node or subgraph id: `prefix_rest` when `value` is `prefix-` then lowercase hex or
    /// digits (`vpc-0a1b` → `vpc_0a1b`, as AWS names them), else `prefix` + `H` + the value's UTF-8
    /// bytes in hex. Only `[A-Za-z0-9_]`, never a keyword such as `end`, and two different values
    /// never share an id (the readable form has `_` where the hex form has `H`).
    public static func mermaidId(_ value: String, prefix: String, readable: (Character) -> Bool) -> String {
        let rest = value.hasPrefix(prefix + "-") ? value.dropFirst(prefix.count + 1) : nil
        if let rest, !rest.isEmpty, rest.count <= 64, rest.allSatisfy(readable) { return "\(prefix)_\(rest)" }
        return prefix + "H" + value.utf8.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    private static let mermaidPlain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -._/:,+()'".unicodeScalars)

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber: return true
        default: return false
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

extension DefaultStringInterpolation {
    /// `"\(text: value)"`: `MarkdownText.text(value)`.
    mutating func appendInterpolation(text value: some CustomStringConvertible) {
        appendLiteral(MarkdownText.text(value.description))
    }

    /// `"\(code: value)"`: `MarkdownText.code(value)`.
    mutating func appendInterpolation(code value: some CustomStringConvertible) {
        appendLiteral(MarkdownText.code(value.description))
    }

    /// `"\(label: value)"`: `MarkdownText.mermaidLabel(value)`.
    mutating func appendInterpolation(label value: some CustomStringConvertible) {
        appendLiteral(MarkdownText.mermaidLabel(value.description))
    }
}
