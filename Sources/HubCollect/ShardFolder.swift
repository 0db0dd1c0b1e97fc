import Foundation
import HubModel
import HubSnapshot

/// One shard snapshot given to `hubaudit merge`, read and checked on its own: its manifest (read
/// by the snapshot reader's manifest reader, with its caps and checks: a shard is untrusted input
/// like any snapshot) says it is shard K of N, and every file in it is where a collector puts one.
/// Anything else is refused, naming the folder: merged, it would hide among the good shards' files.
struct ShardFolder {
    let path: String
    let manifest: Manifest
    let shard: Manifest.Shard
    /// Response files, relative to the folder: `<account>/<region>/<Action>….xml`.
    var files: [String]
    /// The account and region folders, relative, parents first.
    var folders: [String]

    /// The shard's own accounts.
    var accounts: Set<String> { Set(manifest.accounts.map(\.id)) }

    static func read(_ path: String) throws -> ShardFolder {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CollectFailure("\(path): does not exist")
        }
        guard isFolder.boolValue else { throw CollectFailure("\(path): not a shard snapshot: not a folder") }
        var problems: [InputProblem] = []
        guard let manifest = Manifest.read(root: path, problems: &problems), problems.isEmpty else {
            if let first = problems.first {
                let more = problems.count > 1 ? " (and \(Plural.count(problems.count - 1, "other problem")))" : ""
                throw CollectFailure("\(path)/\(first.file): \(first.message)\(more): not merged")
            }
            throw CollectFailure("\(path): not a shard snapshot: it has no \(SnapshotLayout.manifestName) (collect --shard K/N writes one)")
        }
        if manifest.unfinished != nil {
            throw CollectFailure("\(path): an unfinished snapshot (its manifest says it was still being written), not a shard")
        }
        guard let shard = manifest.shard else {
            throw CollectFailure("\(path): not a shard snapshot: its manifest records no shard (a whole snapshot or a merge; "
                + "only the snapshots of collect --shard K/N are merged)")
        }
        let ids = manifest.accounts.map(\.id)
        if let twice = Dictionary(grouping: ids, by: { $0 }).filter({ $0.value.count > 1 }).keys.min() {
            throw CollectFailure("\(path)/\(SnapshotLayout.manifestName): lists account \(twice) twice: not merged")
        }
        var folder = ShardFolder(path: path, manifest: manifest, shard: shard, files: [], folders: [])
        try folder.list()
        try folder.checkRecordsNameOwnAccounts()
        return folder
    }

    /// Every entry, by the snapshot layout: account folders the manifest lists, region folders,
    /// response files. Links, devices and stray names are refused (hidden entries are passed over,
    /// as the reader passes over them).
    private mutating func list() throws {
        let own = accounts
        for account in SnapshotFolders.entries(path) where account.name != SnapshotLayout.manifestName {
            let relative = account.name
            guard SnapshotLayout.isAccountId(account.name), account.kind == .folder else {
                throw refusal(relative, account.kind, expected: "an account folder (12 digits)")
            }
            guard own.contains(account.name) else {
                throw CollectFailure("\(path)/\(relative): an account folder the shard's manifest does not list: not merged")
            }
            folders.append(relative)
            for region in SnapshotFolders.entries("\(path)/\(relative)") {
                let regionPath = "\(relative)/\(region.name)"
                guard SnapshotLayout.isRegion(region.name), region.kind == .folder else {
                    throw refusal(regionPath, region.kind, expected: "a region folder")
                }
                folders.append(regionPath)
                for file in SnapshotFolders.entries("\(path)/\(regionPath)") {
                    guard SnapshotLayout.ResponseFile(file.name) != nil, file.kind == .file else {
                        throw refusal("\(regionPath)/\(file.name)", file.kind, expected: "a response file (Action[.N].xml)")
                    }
                    files.append("\(regionPath)/\(file.name)")
                }
            }
        }
    }

    private func refusal(_ relative: String, _ kind: SnapshotFolders.Kind, expected: String) -> CollectFailure {
        let what: String
        switch kind {
        case .link: what = "a symbolic link"
        case .folder: what = "a folder"
        case .file: what = "a file"
        case .other: what = "neither a file nor a folder"
        }
        return CollectFailure("\(path)/\(relative): \(what), where a shard holds only \(expected): not merged")
    }

    /// Pages, failures and identities concern the shard's own accounts only: merged, a record about
    /// another shard's account would change how that account's files are judged.
    private func checkRecordsNameOwnAccounts() throws {
        let own = accounts
        let named = (manifest.pages ?? [:]).keys.map { String($0.prefix(12)) } + (manifest.failures ?? []).map(\.account)
            + (manifest.identities ?? [:]).keys
        if let stranger = named.sorted().first(where: { !own.contains($0) }) {
            throw CollectFailure("\(path)/\(SnapshotLayout.manifestName): records about account \(Manifest.quoted(stranger)), "
                + "which is not one of the shard's accounts: not merged")
        }
    }
}
