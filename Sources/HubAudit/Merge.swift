import HubCollect
import HubModel

/// `hubaudit merge OUT SHARD…`: the shard snapshots of one sharded collection into one snapshot
/// (`ShardMerge`). Exit 0 when merged; 2 when refused (nothing is left in OUT).
public enum Merge {
    public static func run(out: String, shards: [String]) -> (exitCode: Int32, lines: [String]) {
        do {
            let summary = try ShardMerge.run(out: out, shards: shards)
            return (0, ["merged \(Plural.count(summary.shards, "shard")) (\(Plural.count(summary.accounts, "account"))) into "
                + "\(terminal: summary.out): \(Plural.count(summary.linked, "file")) linked, \(summary.copied) copied"])
        } catch {
            return (2, ["error: \(terminal: error)"])
        }
    }
}
