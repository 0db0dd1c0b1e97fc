import Foundation
import HubSnapshot
import Testing
@testable import HubCollect

struct SnapshotFolderTests {
    static let stamp = "2026-11-30T080000Z"

    /// Two runs in the same second: `<stamp>` and `<stamp>-2`, then `-3`; each run has its own
    /// working folder, even within one process; nothing hidden is left.
    @Test func runsInTheSameSecondGetNumberedNames() throws {
        let store = try temporaryFolder() + "/store"
        let first = try SnapshotFolder.begin(store: store)
        let second = try SnapshotFolder.begin(store: store)
        let third = try SnapshotFolder.begin(store: store)
        #expect(first.working != second.working)
        for folder in [first, second, third] {
            try Data("{}".utf8).write(to: URL(fileURLWithPath: "\(folder.working)/manifest.json"))
        }
        #expect(try second.publish(stamp: Self.stamp) == Self.stamp)
        #expect(try first.publish(stamp: Self.stamp) == Self.stamp + "-2")
        #expect(try third.publish(stamp: Self.stamp) == Self.stamp + "-3")
        try third.pointLatest(at: Self.stamp + "-3")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(store)/latest") == Self.stamp + "-3")
        let entries = try FileManager.default.contentsOfDirectory(atPath: store).sorted()
        #expect(entries == [Self.stamp, Self.stamp + "-2", Self.stamp + "-3", "latest"])
    }

    /// Of two runs, the one that started later may finish first: `latest` stays on its snapshot.
    @Test func latestNeverMovesBackToAnOlderRun() throws {
        let store = try temporaryFolder()
        let earlier = try SnapshotFolder.begin(store: store)
        let later = try SnapshotFolder.begin(store: store)
        let laterName = try later.publish(stamp: "2026-11-30T080001Z")
        try later.pointLatest(at: laterName)
        let earlierName = try earlier.publish(stamp: "2026-11-30T080000Z")
        try earlier.pointLatest(at: earlierName)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(store)/latest") == laterName)
        // Within one second, -10 is newer than -9 (which sorts after it as text).
        for number in 2...10 {
            let folder = try SnapshotFolder.begin(store: store)
            #expect(try folder.publish(stamp: "2026-11-30T080001Z") == "2026-11-30T080001Z-\(number)")
        }
        let last = try SnapshotFolder.begin(store: store)
        try last.pointLatest(at: try last.publish(stamp: "2026-11-30T080000Z"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(store)/latest") == "2026-11-30T080001Z-10")
        // What publish names, scan --store reads back (one name parser, SnapshotLayout.StoreStamp).
        #expect(SnapshotLayout.StoreStamp("2026-11-30T080001Z-10")?.name == "2026-11-30T080001Z-10")
    }

    /// rename(2) would replace an empty folder of that name: the new snapshot takes the next name instead.
    @Test func anExistingEmptyFolderIsNotReplaced() throws {
        let store = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: "\(store)/\(Self.stamp)", withIntermediateDirectories: false)
        let folder = try SnapshotFolder.begin(store: store)
        #expect(try folder.publish(stamp: Self.stamp) == Self.stamp + "-2")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(store)/\(Self.stamp)").isEmpty)
    }

    /// A snapshot is readable as any folder the user makes (the umask decides), not owner-only.
    @Test func aSnapshotHasTheUsualPermissions() throws {
        let store = try temporaryFolder()
        let folder = try SnapshotFolder.begin(store: store)
        let name = try folder.publish(stamp: Self.stamp)
        try FileManager.default.createDirectory(atPath: "\(store)/plain", withIntermediateDirectories: false)
        let permissions = { (path: String) in try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int }
        #expect(try permissions("\(store)/\(name)") == permissions("\(store)/plain"))
    }

    @Test func discardLeavesNothing() throws {
        let store = try temporaryFolder()
        let folder = try SnapshotFolder.begin(store: store)
        try FileManager.default.createDirectory(atPath: "\(folder.working)/222222222222/us-east-1", withIntermediateDirectories: true)
        folder.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: store).isEmpty)
    }

    @Test func problemsArePlainSentencesNamingThePath() throws {
        let folder = try temporaryFolder()
        try Data("x".utf8).write(to: URL(fileURLWithPath: "\(folder)/file"))
        #expect(throws: CollectFailure("\(folder)/file: cannot use it as the snapshot store: it is not a folder")) {
            try SnapshotFolder.begin(store: "\(folder)/file")
        }
        #expect(throws: CollectFailure("\(folder)/file: cannot use it as the snapshot store: it is not a folder")) {
            try SnapshotFolder.begin(store: "\(folder)/file/store")
        }
        // `latest` is a folder with something in it: it cannot be replaced, and the temporary link goes.
        let store = "\(folder)/store"
        try FileManager.default.createDirectory(atPath: "\(store)/latest/x", withIntermediateDirectories: true)
        let snapshot = try SnapshotFolder.begin(store: store)
        let name = try snapshot.publish(stamp: Self.stamp)
        #expect(throws: CollectFailure.self) { try snapshot.pointLatest(at: name) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: store).sorted() == [Self.stamp, "latest"])
    }
}
