import Foundation
import HubModel
import HubSnapshot
import HubXML

/// `hubaudit merge OUT SHARD…`: the shards of one sharded collection (`collect --shard K/N`,
/// K = 0…N-1) into one snapshot, which scan reads like any other. Every shard is checked first
/// and nothing is written unless all of them fit together: same N, same account set, each K
/// once, every K there (a missing shard's accounts would otherwise pass unaudited), each account
/// in one shard and the shard its id hashes to. OUT is new or empty; only OUT is written to.
public enum ShardMerge {
    public struct Summary: Sendable {
        public var out: String
        public var shards: Int
        public var accounts: Int
        public var linked: Int
        public var copied: Int
    }

    public static func run(out: String, shards paths: [String]) throws -> Summary {
        guard !paths.isEmpty else { throw CollectFailure("merge: no shard snapshots given") }
        let shards = try paths.map(ShardFolder.read)
        try checkFitTogether(shards)
        let manifest = merged(shards)
        return try assemble(manifest, shards, into: out)
    }

    /// The checks across shards, in the order that names the first real difference.
    static func checkFitTogether(_ shards: [ShardFolder]) throws {
        let first = shards[0]
        for shard in shards.dropFirst() {
            if shard.shard.count != first.shard.count || shard.shard.accountSet != first.shard.accountSet {
                let what = shard.shard.count != first.shard.count
                    ? "split into \(shard.shard.count) shards, not \(first.shard.count)"
                    : "partitioned from another account set (\(shard.shard.accountSet.prefix(19))…, not \(first.shard.accountSet.prefix(19))…)"
                throw CollectFailure("\(shard.path): shard \(shard.shard.label) is of another collection than \(first.path) "
                    + "(shard \(first.shard.label)): \(what): not merged")
            }
        }
        var byIndex: [Int: ShardFolder] = [:]
        for shard in shards {
            if let other = byIndex[shard.shard.index] {
                throw CollectFailure("\(shard.path) and \(other.path) are both shard \(shard.shard.label): not merged")
            }
            byIndex[shard.shard.index] = shard
        }
        var owner: [String: ShardFolder] = [:]
        for shard in shards {
            for account in shard.manifest.accounts.map(\.id).sorted() {
                if let other = owner[account] {
                    throw CollectFailure("account \(account) is in two shards: \(other.path) (shard \(other.shard.label)) "
                        + "and \(shard.path) (shard \(shard.shard.label)): not merged")
                }
                owner[account] = shard
            }
        }
        for shard in shards {
            for account in shard.manifest.accounts.map(\.id).sorted() {
                let home = ShardSelector.shard(of: account, count: shard.shard.count)
                guard home == shard.shard.index else {
                    throw CollectFailure("\(shard.path): account \(account) belongs to shard \(home)/\(shard.shard.count), "
                        + "not to shard \(shard.shard.label) that holds it: not merged")
                }
            }
        }
        let missing = (0..<first.shard.count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            let list = missing.prefix(10).map { "\($0)/\(first.shard.count)" }.joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
            throw CollectFailure("\(Plural.count(missing.count, "shard")) of \(first.shard.count) not given (\(list)): "
                + "their accounts would pass unaudited; merge every shard of the collection (given: "
                + shards.map { "\($0.path) as \($0.shard.label)" }.joined(separator: ", ") + ")")
        }
        // Every shard is there and each holds only its own accounts: together they must be the set.
        let union = shards.flatMap { $0.manifest.accounts.map(\.id) }
        guard ShardSelector.accountSetDigest(union) == first.shard.accountSet, union.count == first.shard.accountsInSet else {
            throw CollectFailure("the shards hold \(Plural.count(union.count, "account")), which is not the set of "
                + "\(first.shard.accountsInSet) they were partitioned from (an account is missing from a shard's manifest): not merged")
        }
    }

    /// One manifest: the union of the shards' accounts, actions, pages, failures and identities;
    /// the collection's span from the first shard's start to the last one's end; and the shards.
    static func merged(_ shards: [ShardFolder]) -> Manifest {
        let manifests = shards.sorted { $0.shard.index < $1.shard.index }.map(\.manifest)
        // Absent `actions` means "every action": absent in one shard, absent (the larger) in the merge.
        var actions: [String]? = []
        for manifest in manifests {
            guard let own = manifest.actions, actions != nil else { actions = nil; continue }
            for action in own where !actions!.contains(action) { actions!.append(action) }
        }
        func union<Value>(_ part: (Manifest) -> [String: Value]?) -> [String: Value]? {
            let parts = manifests.compactMap(part)
            return parts.isEmpty ? nil : parts.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
        }
        let failures = manifests.contains { $0.failures != nil }
            ? manifests.flatMap { $0.failures ?? [] }.sorted { ($0.account, $0.region, $0.action) < ($1.account, $1.region, $1.action) }
            : nil
        let starts = manifests.compactMap(\.takenAt), ends = manifests.compactMap(\.finishedAt)
        let first = shards[0].shard
        return Manifest(
            takenAt: starts.min(), collector: "hubaudit merge",
            accounts: manifests.flatMap(\.accounts).sorted { $0.id < $1.id },
            actions: actions, pages: union(\.pages), failures: failures, identities: union(\.identities),
            finishedAt: ends.count == manifests.count ? ends.max() : nil,
            mergedFrom: Manifest.MergedFrom(count: first.count, accountSet: first.accountSet, shards: shards.map { shard in
                Manifest.MergedFrom.Part(index: shard.shard.index, takenAt: shard.manifest.takenAt,
                                         finishedAt: shard.manifest.finishedAt, accounts: shard.manifest.accounts.count)
            }.sorted { $0.index < $1.index }))
    }

    /// Writes the merge into OUT: first a manifest that says it is unfinished (a reader refuses
    /// the folder until the end, should the merge stop half way), then the shards' files (hard
    /// links where OUT is on the same file system, else copies), then the real manifest, renamed
    /// over the first. A failure removes what was written.
    static func assemble(_ manifest: Manifest, _ shards: [ShardFolder], into out: String) throws -> Summary {
        let created = try prepare(out)
        var summary = Summary(out: out, shards: shards.count, accounts: manifest.accounts.count, linked: 0, copied: 0)
        do {
            try FileSystem.write(try Manifest(accounts: [], unfinished: "hubaudit merge").encoded(),
                                 to: "\(out)/\(SnapshotLayout.manifestName)", what: "the manifest")
            for shard in shards {
                for folder in shard.folders {
                    guard mkdir("\(out)/\(folder)", 0o777) == 0 else {
                        throw CollectFailure("\(out)/\(folder): cannot create it: \(FileSystem.reason(errno))")
                    }
                }
                for file in shard.files {
                    if try place("\(shard.path)/\(file)", at: "\(out)/\(file)") { summary.linked += 1 } else { summary.copied += 1 }
                }
            }
            let temporary = "\(out)/.\(SnapshotLayout.manifestName).\(UUID().uuidString.lowercased())"
            try FileSystem.write(try manifest.encoded(), to: temporary, what: "the manifest")
            guard rename(temporary, "\(out)/\(SnapshotLayout.manifestName)") == 0 else {
                throw CollectFailure("\(out)/\(SnapshotLayout.manifestName): cannot write the manifest: \(FileSystem.reason(errno))")
            }
            return summary
        } catch {
            clear(out, remove: created)
            throw error
        }
    }

    /// OUT must be new (created here, with its parents) or an empty folder — not a link to one:
    /// nothing is ever written outside it. Returns whether it was created.
    private static func prepare(_ out: String) throws -> Bool {
        var status = stat()
        if lstat(out, &status) != 0 {
            guard errno == ENOENT else { throw CollectFailure("\(out): cannot examine it: \(FileSystem.reason(errno))") }
            try FileSystem.createFolders(out, what: "the merged snapshot's folder")
            return true
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw CollectFailure("\(out): not a folder (or a symbolic link): merge writes into a new or empty folder")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? ["?"]
        guard names.isEmpty else {
            throw CollectFailure("\(out): not empty: merge writes into a new or empty folder")
        }
        return false
    }

    /// A hard link to the shard's file; a copy when a link cannot be made (another file system, a
    /// file system without links). True when linked.
    private static func place(_ source: String, at target: String) throws -> Bool {
        if link(source, target) == 0 { return true }
        let (input, _): (Int32, Int)
        do { (input, _) = try RegularFile.openForReading(source, maxBytes: SnapshotLayout.maxResponseBytes) } catch {
            throw CollectFailure("\(source): not merged: it \(error.reason)")
        }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard output >= 0 else { throw CollectFailure("\(target): cannot create it: \(FileSystem.reason(errno))") }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var failure: Int32 = 0
        while failure == 0 {
            let got = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if got == 0 { break }
            if got < 0 { if errno != EINTR { failure = errno }; continue }
            var done = 0
            while done < got, failure == 0 {
                let wrote = buffer.withUnsafeBytes { write(output, $0.baseAddress! + done, got - done) }
                if wrote < 0 { if errno != EINTR { failure = errno } } else { done += wrote }
            }
        }
        if close(output) != 0, failure == 0 { failure = errno }
        guard failure == 0 else { throw CollectFailure("\(target): cannot copy \(source) there: \(FileSystem.reason(failure))") }
        return false
    }

    /// Removes a failed merge: OUT itself when it was created here, else what was put in it.
    private static func clear(_ out: String, remove created: Bool) {
        if created {
            try? FileManager.default.removeItem(atPath: out)
            return
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? [] {
            try? FileManager.default.removeItem(atPath: "\(out)/\(name)")
        }
    }
}
