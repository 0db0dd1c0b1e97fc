import HubModel
import Testing

/// Values shown on a terminal: every character that acts instead of printing is written visibly.
struct TerminalTextTests {
    @Test func ordinaryTextIsUnchanged() {
        for text in ["vpc-0a1b2c3d", "10.20.0.0/16", "2001:db8::/32", "finance-hub ✓ → é", "a 'quoted' \"x\" <y> & z", ""] {
            #expect(TerminalText.escape(text) == text)
        }
    }

    @Test(arguments: [
        ("\u{1B}[2J", "\\u{1B}[2J"),
        ("ok\r PASS", "ok\\u{D} PASS"),
        ("a\nPASS: fine", "a\\u{A}PASS: fine"),
        ("\r\n", "\\u{D}\\u{A}"),
        ("tab\there", "tab\\u{9}here"),
        ("nul\u{0}del\u{7F}", "nul\\u{0}del\\u{7F}"),
        ("nel\u{85}csi\u{9B}31m", "nel\\u{85}csi\\u{9B}31m"),
        ("line\u{2028}para\u{2029}", "line\\u{2028}para\\u{2029}"),
        ("\u{202E}SSAP", "\\u{202E}SSAP"),
        ("\u{2066}\u{2069}\u{200E}\u{200F}\u{61C}", "\\u{2066}\\u{2069}\\u{200E}\\u{200F}\\u{61C}"),
    ])
    func controlsAreWrittenVisibly(_ text: String, _ expected: String) {
        #expect(TerminalText.escape(text) == expected)
    }

    @Test func interpolationEscapesTheValueOnly() {
        let message = "x\nPASS"
        #expect("FAIL \(terminal: message)\nnext" == "FAIL x\\u{A}PASS\nnext")
    }

    @Test func escapeKeepingNewlinesKeepsOnlyTheWritersLineBreaks() {
        #expect(TerminalText.escapeKeepingNewlines("one\u{1B}[31m\ntwo\r") == "one\\u{1B}[31m\ntwo\\u{D}")
    }
}
