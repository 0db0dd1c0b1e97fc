/// What a Markdown document does, line by line, as a CommonMark/GFM renderer reads it. A value is
/// "active" when it changes this: the writer's own markup is the same whatever the values are, so
/// the shape of a report built from hostile values must equal that of one built from plain words.
///
/// Per line: the block it starts (heading level, list item and what its content starts, block quote,
/// table row and its column separators, thematic break, fence open or close, code inside a fence,
/// Mermaid statement), and the inline markup outside code spans: code spans, and every unescaped
/// `<` (HTML, autolinks), `[` `]` `!` (links, images), `*` `_` `~` (emphasis, strikethrough), `&`
/// (entities), `$` (math), `@` (email autolinks), backticks left over, `://` and `www.` (GFM
/// autolinks). In a Mermaid block: the statement keyword, node ids (only `[A-Za-z0-9_]`, never a
/// keyword, and as many distinct ones), and the quotes, brackets, pipes, braces, `%` and `<` `>`.
struct MarkdownShape: Equatable {
    var lines: [String]
    var mermaidIds: Set<String> = []

    init(_ markdown: String) {
        lines = []
        var fence: (mark: Character, length: Int, mermaid: Bool)?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = String(line.drop { $0 == " " })
            let indent = line.count - trimmed.count
            if let open = fence {
                let run = trimmed.prefix { $0 == open.mark }.count
                if run >= open.length && trimmed.dropFirst(run).allSatisfy({ $0 == " " }) {
                    lines.append("\(indent) fence-close")
                    fence = nil
                } else if open.mermaid {
                    lines.append(mermaid(trimmed))
                } else {
                    lines.append("code")
                }
                continue
            }
            if let mark = trimmed.first, mark == "`" || mark == "~" {
                let run = trimmed.prefix { $0 == mark }.count
                let info = String(trimmed.dropFirst(run))
                if run >= 3 && !(mark == "`" && info.contains("`")) {
                    fence = (mark, run, info == "mermaid")
                    lines.append("\(indent) fence-open \(info)")
                    continue
                }
            }
            lines.append("\(indent) \(Self.block(trimmed)) \(Self.inline(trimmed))")
        }
        if fence != nil { lines.append("unclosed fence") }
    }

    /// The block a line (without its indentation) starts; a list item's or quote's content is read again.
    static func block(_ line: String) -> String {
        if line.isEmpty { return "blank" }
        let hashes = line.prefix { $0 == "#" }.count
        if (1...6).contains(hashes), line.count == hashes || line.dropFirst(hashes).first == " " { return "h\(hashes)" }
        let compact = line.filter { $0 != " " }
        if compact.count >= 3, let first = compact.first, "-*_".contains(first), compact.allSatisfy({ $0 == first }) { return "hr" }
        for marker in ["- ", "+ ", "* ", "> "] where line.hasPrefix(marker) || line == marker.trimmingCharacters(in: .whitespaces) {
            return "\(marker.first!)[\(block(String(line.dropFirst(marker.count)).trimmingLeadingSpaces))]"
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }.count
        if (1...9).contains(digits), let after = line.dropFirst(digits).first, after == "." || after == ")" {
            let rest = line.dropFirst(digits + 1)
            if rest.isEmpty || rest.first == " " { return "ol[\(block(String(rest).trimmingLeadingSpaces))]" }
        }
        if line.hasPrefix("|") { return "row\(count("|", in: line))" }
        // A backtick fence's info string holds no backtick (else the line is a code span).
        if line.hasPrefix("```") && !line.drop(while: { $0 == "`" }).contains("`") || line.hasPrefix("~~~") { return "fence" }
        if line.hasPrefix("<") { return "html" }
        return "p"
    }

    /// Unescaped inline markup outside code spans, with the number of code spans.
    static func inline(_ line: String) -> String {
        var outside = "", spans = 0
        let characters = Array(line)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count, characters[index + 1].isASCII, characters[index + 1].isPunctuation || characters[index + 1].isSymbol {
                outside += "\\\(characters[index + 1])"
                index += 2
                continue
            }
            if character == "`" {
                let run = characters[index...].prefix { $0 == "`" }.count
                // A code span closes on the next run of exactly the same length.
                var probe = index + run, close: Int?
                while probe < characters.count {
                    let next = characters[probe...].prefix { $0 == "`" }.count
                    if next == run { close = probe; break }
                    probe += max(next, 1)
                }
                if let close {
                    spans += 1
                    index = close + run
                    continue
                }
            }
            outside.append(character)
            index += 1
        }
        var counts: [String] = ["code:\(spans)"]
        for token in ["<", ">", "[", "]", "!", "*", "~", "&", "$", "@", "`", "://", "www."] {
            let found = count(token, in: outside)
            if found > 0 { counts.append("\(token):\(found)") }
        }
        let underscores = emphasisUnderscores(outside)
        if underscores > 0 { counts.append("_:\(underscores)") }
        return counts.joined(separator: " ")
    }

    /// Occurrences of `token` whose first character is not backslash-escaped (for `://` and `www.`:
    /// neither the `:` nor the `.`).
    static func count(_ token: String, in text: String) -> Int {
        let characters = Array(text), pattern = Array(token)
        guard characters.count >= pattern.count else { return 0 }
        var found = 0
        for start in 0...(characters.count - pattern.count) where Array(characters[start..<(start + pattern.count)]) == pattern {
            let key = token == "www." ? start + 3 : start
            if !isEscaped(characters, key) { found += 1 }
        }
        return found
    }

    /// `_` that may open or close emphasis: not escaped, and not between two letters or digits.
    static func emphasisUnderscores(_ text: String) -> Int {
        let characters = Array(text)
        return characters.indices.filter { index in
            guard characters[index] == "_", !isEscaped(characters, index) else { return false }
            let before = index > 0 ? characters[index - 1] : " ", after = index + 1 < characters.count ? characters[index + 1] : " "
            return !((before.isLetter || before.isNumber) && (after.isLetter || after.isNumber))
        }.count
    }

    static func isEscaped(_ characters: [Character], _ index: Int) -> Bool {
        var backslashes = 0, probe = index - 1
        while probe >= 0 && characters[probe] == "\\" { backslashes += 1; probe -= 1 }
        return backslashes % 2 == 1
    }

    /// A Mermaid statement: its keyword or node ids, and the characters that could end a label.
    private mutating func mermaid(_ line: String) -> String {
        let words = line.split(separator: " ").map(String.init)
        let keyword = words.first ?? ""
        var ids: [String] = []
        switch keyword {
        case "flowchart", "linkStyle", "end":
            break
        case "subgraph":
            ids = [String((words.dropFirst().first ?? "").prefix { $0 != "[" })]
        default:
            // A node's id ends where its shape starts: `[` (box) or `{{` (hexagon, a transit gateway).
            ids = [String(keyword.prefix { $0 != "[" && $0 != "{" })]
            if line.contains("---|") || line.contains("-.-|"), let last = words.last { ids.append(last) }
        }
        let safe = ids.allSatisfy { id in
            !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                && !["end", "click", "subgraph", "style", "classDef", "class", "linkStyle", "flowchart", "graph"].contains(id)
        }
        mermaidIds.formUnion(ids)
        let kind = ["flowchart", "linkStyle", "end", "subgraph"].contains(keyword) ? keyword : "node\(ids.count)"
        let marks = ["\"", "[", "]", "|", "{", "}", "%", "<", ">", "`"].map { mark in "\(mark)\(line.filter { String($0) == mark }.count)" }
        return "mermaid \(kind) ids-\(safe ? "safe" : "UNSAFE") " + marks.joined(separator: " ")
    }

    /// The first line where two shapes differ, with both documents' text there (nil: the same shape).
    static func firstDifference(_ hostile: String, _ plain: String) -> String? {
        let a = MarkdownShape(hostile), b = MarkdownShape(plain)
        let hostileLines = hostile.split(separator: "\n", omittingEmptySubsequences: false)
        let plainLines = plain.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(a.lines.count, b.lines.count) {
            let x = index < a.lines.count ? a.lines[index] : "<end>", y = index < b.lines.count ? b.lines[index] : "<end>"
            if x != y {
                let text = index < hostileLines.count ? String(hostileLines[index]) : "<end>"
                let plainText = index < plainLines.count ? String(plainLines[index]) : "<end>"
                return "line \(index + 1): \(x) ≠ \(y)\n  hostile: \(text.debugDescription)\n  plain:   \(plainText.debugDescription)"
            }
        }
        if a.mermaidIds.count != b.mermaidIds.count {
            return "\(a.mermaidIds.count) distinct Mermaid ids, \(b.mermaidIds.count) expected: two values share a node"
        }
        return nil
    }
}

extension String {
    var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}

/// Characters that act on a terminal instead of printing, as this test defines them (independently of
/// the code under test): C0 controls, DEL, C1 controls, the Unicode line and paragraph separators
/// and the bidi formatting controls.
func terminalActive(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
}
