import Foundation
import Testing

/// Issue 9, the command line: what is not a snapshot (or a store) says so in one line; a store
/// yields only its timestamp-named snapshots; reports never go where they would be lost or read
/// back as input (usage errors, exit 64).
struct ScanPathTests {
    /// A copy of the two-night store in a temporary folder, plus `extra` folders named as given.
    static func store(extra: [String: String] = [:]) throws -> URL {
        let store = try Repo.temporaryFolder().appendingPathComponent("store")
        try FileManager.default.copyItem(atPath: Repo.path("examples/nightly"), toPath: store.path)
        for (name, source) in extra {
            try FileManager.default.copyItem(atPath: Repo.path(source), toPath: store.appendingPathComponent(name).path)
        }
        return store
    }

    @Test func anEmptyFolderIsNotASnapshot() throws {
        let empty = try Repo.temporaryFolder()
        let result = try runHubaudit(["scan", empty.path])
        #expect(result.status == 2)
        #expect(!result.stdout.contains("PASS"))
        #expect(result.stderr == "error: \(empty.path) is not a snapshot: expected ACCOUNT/REGION/Describe*.xml (ACCOUNT: a 12-digit account id, REGION: a region name such as us-east-1)\n")
    }

    @Test func aStoreGivenAsASnapshotSuggestsStore() throws {
        let result = try runHubaudit(["scan", "examples/nightly"])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("did you mean --store examples/nightly --reports DIR?"))
    }

    @Test func anAccountFolderSaysItIsOne() throws {
        let result = try runHubaudit(["scan", "examples/finance-hub/111111111111"])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("looks like an account folder"))
        #expect(!result.stderr.contains("--store"))
    }

    /// `lost+found` sorts after every timestamp: it was audited as the newest night.
    @Test func aStoreIgnoresFoldersThatAreNotTimestamps() throws {
        let store = try Self.store(extra: ["lost+found": "examples/peering-pair"])
        let reports = try Repo.temporaryFolder().path
        let result = try runHubaudit(["scan", "--store", store.path, "--reports", reports])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(store.path)/lost+found: not a snapshot of the store"))
        #expect(result.stderr.contains("scanning \(store.path)/2026-11-23T020000Z"))
        #expect(FileManager.default.fileExists(atPath: "\(reports)/2026-11-23T020000Z/report.json"))
    }

    /// Two collections in the same second: `-2`, `-10` come after the plain stamp, by number.
    @Test func aSameSecondSuffixIsOrderedByNumber() throws {
        let store = try Self.store(extra: ["2026-11-23T020000Z-2": "examples/nightly/2026-11-22T020000Z",
                                           "2026-11-23T020000Z-10": "examples/nightly/2026-11-23T020000Z"])
        let reports = try Repo.temporaryFolder().path
        let result = try runHubaudit(["scan", "--store", store.path, "--reports", reports])
        #expect(result.stderr.contains("scanning \(store.path)/2026-11-23T020000Z-10, baseline \(reports)/2026-11-23T020000Z-2/report.json"))
    }

    @Test func aSnapshotGivenAsAStoreIsAnError() throws {
        let reports = try Repo.temporaryFolder().path
        let result = try runHubaudit(["scan", "--store", "examples/finance-hub", "--reports", reports])
        #expect(result.status == 2)
        #expect(result.stderr.contains("examples/finance-hub is a snapshot, not a store: scan it as `hubaudit scan examples/finance-hub`"))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: reports)) == [])
    }

    @Test func twoReportsToOneFileIsAUsageError() throws {
        let path = try Repo.temporaryFolder().appendingPathComponent("r.out").path
        let result = try runHubaudit(["scan", "examples/peering-pair", "--json", path, "--markdown", path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--json and --markdown both write to \(path)"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// A report inside the snapshot would be read back by the next scan of it.
    @Test func aReportInsideTheSnapshotIsAUsageError() throws {
        let snapshot = try Repo.temporaryFolder().appendingPathComponent("snap")
        try FileManager.default.copyItem(atPath: Repo.path("examples/peering-pair"), toPath: snapshot.path)
        let inside = snapshot.appendingPathComponent("444444444444/report.md").path
        let result = try runHubaudit(["scan", snapshot.path, "--markdown", inside])
        #expect(result.status == 64)
        #expect(result.stderr.contains("is inside the snapshot being read"))
        #expect(!FileManager.default.fileExists(atPath: inside))
    }

    @Test func reportsInsideTheStoreAreAUsageError() throws {
        let store = try Self.store()
        let result = try runHubaudit(["scan", "--store", store.path, "--reports", store.appendingPathComponent("reports").path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("is inside the store being read"))
        #expect(!FileManager.default.fileExists(atPath: store.appendingPathComponent("reports").path))
    }

    @Test func aReportPathThatIsAFolderSaysSo() throws {
        let folder = try Repo.temporaryFolder()
        let result = try runHubaudit(["scan", "examples/peering-pair", "--json", folder.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--json \(folder.path) is a folder"))
    }

    /// `--sarif -` wrote a file named `-` in the working folder; it is stdout, like `--json -`.
    @Test(arguments: ["--sarif", "--junit"])
    func aDashIsStdoutForEveryFormat(option: String) throws {
        let stray = Repo.path("-")
        func wroteAFile() -> Bool {
            defer { try? FileManager.default.removeItem(atPath: stray) }
            return FileManager.default.fileExists(atPath: stray)
        }
        let result = try runHubaudit(["scan", "examples/peering-pair", option, "-"])
        #expect(!wroteAFile())
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix(option == "--sarif" ? "{" : "<?xml"))
        #expect(!result.stdout.contains("PASS"))
        #expect(try runHubaudit(["scan", "examples/peering-pair", option, "-", "--markdown", "-"]).status == 64)
        #expect(!wroteAFile())
    }

    @Test func reportsWithoutStoreIsAUsageError() throws {
        let result = try runHubaudit(["scan", "examples/peering-pair", "--reports", try Repo.temporaryFolder().path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--reports goes with --store"))
    }

    /// Without --reports, a store's reports went into the repository's committed `reports/` folder.
    @Test func storeWithoutReportsIsAUsageError() throws {
        let store = try Repo.temporaryFolder().appendingPathComponent("store")
        let stamp = "2031-01-01T000000Z"
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repo.path("examples/peering-pair"), toPath: store.appendingPathComponent(stamp).path)
        let result = try runHubaudit(["scan", "--store", store.path])
        let stray = Repo.path("reports/\(stamp)")
        let wroteIntoTheRepository = FileManager.default.fileExists(atPath: stray)
        if wroteIntoTheRepository { try? FileManager.default.removeItem(atPath: stray) }
        #expect(!wroteIntoTheRepository)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--store needs --reports"))
    }
}
