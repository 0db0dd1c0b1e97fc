/// A value from a snapshot, policy, credentials file or error body shown on a terminal or in a log.
/// Such a value may hold control characters: a newline or carriage return that forges a line of its
/// own ("PASS: …"), an escape sequence that clears the screen or recolours the verdict, a bidi override
/// that reverses what follows. Every character that acts instead of printing is written visibly,
/// Swift-style (`\u{1B}`), so the value reads as one inert run of text. Ordinary text is unchanged.
///
/// Escape values where they are interpolated (`"\(terminal: finding.message)"`), never whole lines: a
/// message may legitimately span lines; the values in it may not.
public enum TerminalText {
    /// `text` with every control, line or paragraph separator and bidi control written as `\u{HEX}`.
    public static func escape(_ text: String) -> String {
        // Printable ASCII (most ids, CIDRs and messages) is decided on the bytes alone.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        guard text.unicodeScalars.contains(where: isActive) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isActive(scalar) {
                out.append(contentsOf: visible(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A whole message for a terminal whose line breaks are the writer's: every active character but
    /// `\n` written visibly. The last guard before stderr; values in the message are escaped (newlines
    /// included) where they are interpolated.
    public static func escapeKeepingNewlines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "\n")
    }

    /// `\u{1B}` for U+001B: the notation a reader can look up, never the character itself.
    public static func visible(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    /// Characters a terminal or a text viewer acts on rather than prints: C0 controls (tab, newline,
    /// carriage return, ESC among them), DEL, C1 controls (NEL U+0085, CSI U+009B), the Unicode line
    /// and paragraph separators, and the bidirectional formatting controls (U+202E reverses text).
    public static func isActive(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028, 0x2029: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}

extension DefaultStringInterpolation {
    /// `"\(terminal: value)"`: the value with its control characters written visibly (`TerminalText`).
    public mutating func appendInterpolation<Value>(terminal value: Value) {
        appendLiteral(TerminalText.escape(String(describing: value)))
    }
}
