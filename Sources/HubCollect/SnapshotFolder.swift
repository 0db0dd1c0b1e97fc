import Foundation
import HubSnapshot

/// A new snapshot of a store: written in a hidden working folder, renamed into place only when
/// complete (scan never sees half a snapshot), then `<store>/latest` points at it. Two runs in the
/// same second both succeed: the second is named `<timestamp>-2`, the next `-3`, and so on — the
/// names `scan --store` accepts. A failed run leaves no hidden folder behind, and every problem is
/// a sentence naming the path, not a Foundation error dump.
struct SnapshotFolder {
    let store: String
    /// The hidden working folder (`<store>/.collect-<uuid>`), unique even for two runs of one process.
    let working: String

    /// Creates the store if needed and a working folder in it. (Not mkdtemp: its 0700 folder would
    /// become a snapshot only its owner can read; mkdir applies the umask as any other folder.)
    static func begin(store: String) throws -> SnapshotFolder {
        try FileSystem.createFolders(store, what: "the snapshot store")
        while true {
            let working = "\(store)/.collect-\(UUID().uuidString.lowercased())"
            if mkdir(working, 0o777) == 0 { return SnapshotFolder(store: store, working: working) }
            guard errno == EEXIST else {
                throw CollectFailure("\(store): cannot create a working folder in the snapshot store: \(FileSystem.reason(errno))")
            }
        }
    }

    /// Renames the working folder to `<stamp>`, or the first free `<stamp>-N`; returns that name.
    func publish(stamp: String) throws -> String {
        for number in 1...999 {
            let name = SnapshotLayout.StoreStamp(time: stamp, sequence: number).name
            let target = "\(store)/\(name)"
            switch FileSystem.renameWithoutReplacing(working, to: target) {
            case 0: return name
            case EEXIST, ENOTEMPTY: continue
            case let code: throw CollectFailure("\(target): cannot move the new snapshot into place: \(FileSystem.reason(code))")
            }
        }
        throw CollectFailure("\(store): 999 snapshots named \(stamp) already: not adding another")
    }

    /// Removes the working folder and what is in it: a failed run leaves nothing behind.
    func discard() {
        try? FileManager.default.removeItem(atPath: working)
    }

    /// `<store>/latest` → the newest snapshot: `name`, unless a run that started later finished
    /// first. The link is replaced atomically (a new link renamed over the old), then looked at
    /// again: of two runs that finish together, whichever moves the link last sees the other's
    /// snapshot and leaves the link on the newer one.
    func pointLatest(at name: String) throws {
        let link = "\(store)/latest"
        for _ in 0..<8 {
            let newest = newestSnapshot(atLeast: name)
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == newest { return }
            try replaceLink(link, with: newest)
        }
    }

    private func replaceLink(_ link: String, with name: String) throws {
        let temporary = "\(store)/.latest-\(UUID().uuidString)"
        guard symlink(name, temporary) == 0 else {
            throw CollectFailure("\(link): cannot point it at \(name): \(FileSystem.reason(errno))")
        }
        guard rename(temporary, link) == 0 else {
            let code = errno
            unlink(temporary)
            throw CollectFailure("\(link): cannot point it at \(name): \(FileSystem.reason(code))")
        }
    }

    /// The newest of `name` and the store's snapshots, by timestamp and then run number.
    private func newestSnapshot(atLeast name: String) -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: store)) ?? []
        return names.reduce(name) { newest, candidate in
            guard let key = SnapshotLayout.StoreStamp(candidate), let newestKey = SnapshotLayout.StoreStamp(newest), key > newestKey else {
                return newest
            }
            return candidate
        }
    }
}

/// The few file operations collection needs, with errno turned into a plain reason.
enum FileSystem {
    /// `mkdir -p`.
    static func createFolders(_ path: String, what: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw CollectFailure("\(path): cannot use it as \(what): it is not a folder") }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try createFolders(parent, what: what) }
        guard mkdir(path, 0o777) == 0 || errno == EEXIST else {
            throw CollectFailure("\(path): cannot create \(what): \(reason(errno))")
        }
    }

    /// Writes a whole file; the reason when it cannot.
    static func write(_ bytes: Data, to path: String, what: String) throws {
        guard let file = fopen(path, "wb") else { throw CollectFailure("\(path): cannot write \(what): \(reason(errno))") }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let writeError = written == bytes.count ? 0 : errno
        let closed = fclose(file) == 0
        guard writeError == 0, closed else {
            throw CollectFailure("\(path): cannot write \(what): \(reason(writeError != 0 ? writeError : errno))")
        }
    }

    /// rename(2) that fails with EEXIST instead of replacing an existing (empty) folder; returns
    /// 0 or the errno. Where the kernel or file system cannot promise that, the target is checked
    /// first (and rename(2) itself refuses to replace a non-empty folder such as a snapshot).
    static func renameWithoutReplacing(_ source: String, to target: String) -> Int32 {
        #if os(Linux)
        if let renameat2 = linuxRenameat2 {
            if renameat2(AT_FDCWD, source, AT_FDCWD, target, 1 /* RENAME_NOREPLACE */) == 0 { return 0 }
            let code = errno
            guard code == EINVAL || code == ENOSYS else { return code }
        }
        #elseif canImport(Darwin)
        if renamex_np(source, target, UInt32(RENAME_EXCL)) == 0 { return 0 }
        let code = errno
        guard code == ENOTSUP || code == EINVAL else { return code }
        #endif
        var status = stat()
        if lstat(target, &status) == 0 { return EEXIST }
        return rename(source, target) == 0 ? 0 : errno
    }

    #if os(Linux)
    /// glibc's renameat2 (2.28 and later), looked up at run time: Swift's Glibc module does not
    /// declare it.
    private typealias Renameat2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let linuxRenameat2: Renameat2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2")
        .map { unsafeBitCast($0, to: Renameat2.self) }
    #endif

    /// `permission denied`, `no space left on device`: strerror, in lower case.
    static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
