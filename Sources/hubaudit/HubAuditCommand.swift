import ArgumentParser
import Foundation
import HubAudit
import HubModel

/// The executable: argument parsing only, one library call per command.
@main
struct HubAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hubaudit",
        abstract: "Audit a multi-account AWS network snapshot: peering routes, overlaps, security groups, flow logs.",
        discussion: """
            Exit codes (scan): 0 clean; 1 unwaived findings at or above --fail-on; 2 the input could not be \
            fully trusted (unreadable, missing or failed responses, bad policy); 64 usage. \
            collect: 0 everything collected, 2 some calls failed; merge: 0 merged, 2 refused; \
            diff: 1 when an unwaived finding is new; export: 0 all imported, 2 a finding or call failed or the report could not be read.
            """,
        version: hubauditVersion,
        subcommands: [CollectCommand.self, MergeCommand.self, ScanCommand.self, PathCommand.self, DiffCommand.self, RulesCommand.self,
                      ExportCommand.self])
}

/// Diagnostics go to stderr, each line escaped for the terminal but for its line breaks.
func standardError(_ line: String) {
    FileHandle.standardError.write(Data((TerminalText.escapeKeepingNewlines(line) + "\n").utf8))
}
