import ArgumentParser
import HubAudit

/// `hubaudit diff`: the work is `HubAudit.Diff`.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two JSON reports: new and resolved findings (exit 1 when an unwaived finding is new).")

    @Argument(help: "The older JSON report.")
    var old: String

    @Argument(help: "The newer JSON report.")
    var new: String

    func run() throws {
        let result = Diff.run(old: old, new: new)
        for line in result.diagnostics { standardError(line) }
        if !result.output.isEmpty { print(result.output, terminator: "") }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
