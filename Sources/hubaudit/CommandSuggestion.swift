import ArgumentParser

/// `hubaudit scna`: swift-argument-parser answers "Unexpected argument 'scna'" (it suggests near
/// option names, not command names), so the first word is checked here, before parsing: an unknown
/// command is a usage error (exit 64) that names the nearest command.
extension HubAuditCommand {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let word = arguments.first, let message = unknownCommandMessage(word) {
            exit(withError: ValidationError(message))
        }
        await main(arguments)
    }

    /// nil for a command (or `help`) and for options; else the message, with the nearest command
    /// when one is within two edits.
    static func unknownCommandMessage(_ word: String) -> String? {
        guard !word.hasPrefix("-") else { return nil }
        let commands = configuration.subcommands.map { $0._commandName } + ["help"]
        guard !commands.contains(word) else { return nil }
        let ranked = commands.map { (name: $0, distance: editDistance(word.lowercased(), $0)) }.min { $0.distance < $1.distance }
        if let nearest = ranked, nearest.distance <= 2 {
            return "unknown command '\(word)': did you mean \(nearest.name)?"
        }
        return "unknown command '\(word)' (commands: \(commands.dropLast().joined(separator: ", ")))"
    }

    /// Levenshtein distance, counting a swap of neighbours (`scna` → `scan`) as one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
