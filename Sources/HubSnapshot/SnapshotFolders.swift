import Foundation
import HubModel

/// The first stage of reading a snapshot: which `<account>/<region>/` folders it holds, and what
/// else is there. Only real folders are entered — a symbolic link is never followed, so nothing
/// outside the snapshot is listed or read — and only names that are account ids (12 digits) and
/// region names count; anything else is listed as not read.
package struct SnapshotFolders {
    /// The scopes with a folder on disk.
    var scopes: Set<Scope> = []
    /// Entries that are not part of the layout, relative to the root (folders end in `/`).
    var skipped: [String] = []
    /// Entries that should have been read but were refused (links).
    var problems: [InputProblem] = []

    static func find(root: String) -> SnapshotFolders {
        var found = SnapshotFolders()
        for entry in entries(root) where entry.name != SnapshotLayout.manifestName {
            guard SnapshotLayout.isAccountId(entry.name) else {
                found.skip(entry, relative: entry.name)
                continue
            }
            guard entry.kind == .folder else {
                found.refuse(entry, relative: entry.name, as: "an account folder")
                continue
            }
            for region in entries("\(root)/\(entry.name)") {
                let relative = "\(entry.name)/\(region.name)"
                guard SnapshotLayout.isRegion(region.name) else {
                    found.skip(region, relative: relative)
                    continue
                }
                guard region.kind == .folder else {
                    found.refuse(region, relative: relative, as: "a region folder")
                    continue
                }
                found.scopes.insert(Scope(account: entry.name, region: region.name))
            }
        }
        return found
    }

    private mutating func skip(_ entry: Entry, relative: String) {
        skipped.append(entry.kind == .folder ? relative + "/" : relative)
    }

    private mutating func refuse(_ entry: Entry, relative: String, as role: String) {
        switch entry.kind {
        case .link: problems.append(InputProblem(file: relative, message:
            "not read: \(role) that is a symbolic link (a snapshot is read only inside its folder)"))
        case .file, .other: problems.append(InputProblem(file: relative, message: "not read: named like \(role), but not a folder"))
        case .folder: break
        }
    }

    package enum Kind { case folder, file, link, other }

    package struct Entry {
        package var name: String
        package var kind: Kind
    }

    /// The visible entries of a folder, by name, with what each is (from lstat: links not followed).
    package static func entries(_ folder: String) -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { name in
            var status = stat()
            guard lstat("\(folder)/\(name)", &status) == 0 else { return Entry(name: name, kind: .other) }
            switch status.st_mode & S_IFMT {
            case S_IFDIR: return Entry(name: name, kind: .folder)
            case S_IFREG: return Entry(name: name, kind: .file)
            case S_IFLNK: return Entry(name: name, kind: .link)
            default: return Entry(name: name, kind: .other)
            }
        }
    }
}

/// What a folder that is not a snapshot looks like instead, for a message that says what to do.
public enum SnapshotLookalike: Sendable, Equatable {
    /// Dated snapshot folders: a store, which `scan --store` reads.
    case store
    /// Region folders: an account folder inside a snapshot.
    case accountFolder
    /// Response files: a region folder inside a snapshot.
    case regionFolder
    case nothingKnown

    static func classify(_ path: String) -> SnapshotLookalike {
        let entries = SnapshotFolders.entries(path)
        let stamps = entries.filter { $0.kind == .folder && SnapshotLayout.StoreStamp($0.name) != nil }
        if stamps.contains(where: { stamp in
            SnapshotFolders.entries("\(path)/\(stamp.name)").contains {
                SnapshotLayout.isAccountId($0.name) || $0.name == SnapshotLayout.manifestName
            }
        }) {
            return .store
        }
        if entries.contains(where: { $0.kind == .folder && SnapshotLayout.isRegion($0.name) }) { return .accountFolder }
        if entries.contains(where: { SnapshotLayout.ResponseFile($0.name) != nil }) { return .regionFolder }
        return .nothingKnown
    }
}
