import ArgumentParser
import HubAudit

/// `hubaudit merge`: arguments only; the work is `HubAudit.Merge`.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard snapshots of a sharded collection (collect --shard K/N) into one snapshot to scan.",
        discussion: """
            Every shard 0/N … N-1/N of one collection must be given, once each, all partitioned from the same \
            accounts: otherwise nothing is written and the exit code is 2, naming the folder at fault. OUT must \
            not exist or be empty; the shards' response files are hard-linked into it (copied across file systems).
            """)

    @Argument(help: "The merged snapshot's folder: new, or empty.")
    var out: String

    @Argument(help: "The shard snapshot folders (each written by collect --shard K/N).")
    var shards: [String] = []

    func validate() throws {
        if shards.isEmpty { throw ValidationError("give the shard snapshot folders after OUT: hubaudit merge OUT SHARD…") }
    }

    func run() throws {
        let result = Merge.run(out: out, shards: shards)
        result.lines.forEach(standardError)
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
