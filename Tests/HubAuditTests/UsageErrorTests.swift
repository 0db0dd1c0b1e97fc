import Testing

/// Usage errors exit 64 before any work, with a message that says what to type instead.
struct UsageErrorTests {
    /// `--as-of` was only checked inside the scan, which then exited 2 (untrusted input), not 64.
    @Test(arguments: ["2026-02-30", "2026-13-01", "30/11/2026", "2026-1-1", "tomorrow"])
    func aBadAsOfDateIsAUsageError(day: String) throws {
        let result = try runHubaudit(["scan", "examples/peering-pair", "--as-of", day])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--as-of takes a calendar date YYYY-MM-DD"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: zip(["scna", "colect", "rule", "dif", "SCAN"], ["scan", "collect", "rules", "diff", "scan"]))
    func anUnknownCommandSuggestsTheNearest(word: String, nearest: String) throws {
        let result = try runHubaudit([word, "examples/peering-pair"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown command '\(word)': did you mean \(nearest)?"), "\(result.stderr)")
    }

    @Test func anUnknownCommandFarFromAnyListsThem() throws {
        let result = try runHubaudit(["frobnicate"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown command 'frobnicate' (commands: collect, merge, scan, path, diff, rules, export)"), "\(result.stderr)")
        #expect(try runHubaudit(["help", "scan"]).status == 0)
        #expect(try runHubaudit(["--version"]).status == 0)
    }
}
