import Foundation
import HubModel
import HubSnapshot
import Testing
@testable import HubCollect

/// `hubaudit merge OUT SHARD…` (`ShardMerge`): the shards of one collection into one snapshot,
/// and a refusal, naming the folder at fault and writing nothing, for every way they can fail to
/// fit together.
struct ShardMergeTests {
    /// An account set of 9 whose ids fall in every one of 3 shards.
    static let set: [String] = (0..<9).map { String(100_000_000_000 + $0) }
    static let count = 3

    static func own(_ index: Int, of set: [String] = set, count: Int = count) -> [String] {
        set.filter { ShardSelector.shard(of: $0, count: count) == index }
    }

    /// Shard `index` as `collect --shard` writes it: a manifest, and a response file per account.
    @discardableResult
    static func writeShard(_ root: String, index: Int, count: Int = count, set: [String] = set, accounts: [String]? = nil,
                           takenAt: String = "2026-11-30T02:00:00Z", finishedAt: String = "2026-11-30T02:05:00Z",
                           edit: (inout Manifest) -> Void = { _ in }) throws -> String {
        let accounts = accounts ?? own(index, of: set, count: count)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var manifest = Manifest(
            takenAt: takenAt, collector: "hubaudit collect",
            accounts: accounts.map { Manifest.Account(id: $0, regions: ["us-east-1"]) }, actions: ["DescribeVpcs"],
            pages: [:], failures: [], identities: Dictionary(uniqueKeysWithValues: accounts.map { ($0, "arn:aws:sts::\($0):assumed-role/R/s") }),
            finishedAt: finishedAt,
            shard: Manifest.Shard(index: index, count: count, accountSet: ShardSelector.accountSetDigest(set), accountsInSet: set.count))
        edit(&manifest)
        try manifest.encoded().write(to: URL(fileURLWithPath: "\(root)/manifest.json"))
        for account in accounts {
            let folder = "\(root)/\(account)/us-east-1"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(vpcs(account).utf8).write(to: URL(fileURLWithPath: "\(folder)/DescribeVpcs.xml"))
        }
        return root
    }

    static func vpcs(_ account: String) -> String {
        """
        <DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><vpcSet><item>\
        <vpcId>vpc-\(account.suffix(8))</vpcId><ownerId>\(account)</ownerId><state>available</state>\
        <cidrBlock>10.\(Int(account.suffix(2))!).0.0/16</cidrBlock><isDefault>false</isDefault></item></vpcSet></DescribeVpcsResponse>
        """
    }

    /// Three good shards in a new temporary folder: their paths, and where OUT goes.
    static func threeShards() throws -> (shards: [String], out: String) {
        let folder = try temporaryFolder()
        let shards = try (0..<count).map { try writeShard("\(folder)/shard-\($0)", index: $0) }
        return (shards, "\(folder)/merged")
    }

    /// The merge refuses: the message names `naming`, and OUT is not there afterwards.
    static func expectRefusal(_ shards: [String], out: String, naming: String, saying: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try ShardMerge.run(out: out, shards: shards)
            Issue.record("merged, expected a refusal saying \(saying)", sourceLocation: sourceLocation)
        } catch {
            let message = "\(error)"
            #expect(message.contains(naming), "\(message)", sourceLocation: sourceLocation)
            #expect(message.contains(saying), "\(message)", sourceLocation: sourceLocation)
        }
        #expect(!FileManager.default.fileExists(atPath: out), "a refused merge left \(out)", sourceLocation: sourceLocation)
    }

    @Test func mergesTheShardsOfOneCollection() throws {
        let folder = try temporaryFolder()
        let shards = [
            try Self.writeShard("\(folder)/a", index: 2, takenAt: "2026-11-30T02:00:03Z", finishedAt: "2026-11-30T02:09:00Z"),
            try Self.writeShard("\(folder)/b", index: 0, takenAt: "2026-11-30T02:00:01Z", finishedAt: "2026-11-30T02:04:00Z"),
            try Self.writeShard("\(folder)/c", index: 1, takenAt: "2026-11-30T02:00:02Z", finishedAt: "2026-11-30T02:06:00Z"),
        ]
        let out = "\(folder)/merged"
        let summary = try ShardMerge.run(out: out, shards: shards)
        #expect(summary.accounts == 9 && summary.linked == 9 && summary.copied == 0)

        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: "\(out)/manifest.json")))
        #expect(manifest.accounts.map(\.id) == Self.set)
        #expect(manifest.shard == nil && manifest.unfinished == nil)
        #expect(manifest.takenAt == "2026-11-30T02:00:01Z" && manifest.finishedAt == "2026-11-30T02:09:00Z")
        #expect(manifest.mergedFrom?.count == 3 && manifest.mergedFrom?.shards.map(\.index) == [0, 1, 2])
        #expect(manifest.mergedFrom?.accountSet == ShardSelector.accountSetDigest(Self.set))
        #expect(manifest.identities?.count == 9 && manifest.actions == ["DescribeVpcs"] && manifest.failures == [])

        // Hard links (one file system here): the shard's file and the merged one are one inode.
        let account = Self.own(2)[0]
        let original = try FileManager.default.attributesOfItem(atPath: "\(folder)/a/\(account)/us-east-1/DescribeVpcs.xml")
        let merged = try FileManager.default.attributesOfItem(atPath: "\(out)/\(account)/us-east-1/DescribeVpcs.xml")
        #expect(original[.systemFileNumber] as? Int == merged[.systemFileNumber] as? Int)

        let snapshot = try SnapshotReader.read(out)
        #expect(snapshot.problems.isEmpty, "\(snapshot.problems)")
        #expect(snapshot.vpcs.count == 9)
        #expect(Set(snapshot.scopes.map(\.account)) == Set(Self.set))
    }

    /// A folder on another file system than the temporary folder (/dev/shm, where it is one).
    static let otherFileSystem: String? = {
        var shared = stat(), temporary = stat()
        guard stat("/dev/shm", &shared) == 0, access("/dev/shm", W_OK) == 0,
              stat(FileManager.default.temporaryDirectory.path, &temporary) == 0, shared.st_dev != temporary.st_dev else { return nil }
        return "/dev/shm"
    }()

    /// Where no hard link can be made (another file system), the files are copied, byte for byte.
    @Test(.enabled(if: ShardMergeTests.otherFileSystem != nil, "needs a writable /dev/shm on another file system"))
    func copiesAcrossFileSystems() throws {
        let (shards, _) = try Self.threeShards()
        let out = "\(Self.otherFileSystem!)/hubaudit-merge-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let summary = try ShardMerge.run(out: out, shards: shards)
        #expect(summary.linked == 0 && summary.copied == 9)
        let account = Self.own(1)[0]
        let relative = "\(account)/us-east-1/DescribeVpcs.xml"
        #expect(FileManager.default.contents(atPath: "\(out)/\(relative)") == FileManager.default.contents(atPath: "\(shards[1])/\(relative)"))
        #expect(try SnapshotReader.read(out).vpcs.count == 9)
    }

    /// A shard may hold no account (more shards than accounts): still a shard, and merged.
    @Test func aShardWithoutAccountsIsMerged() throws {
        let folder = try temporaryFolder()
        let set = ["111111111111", "222222222222", "333333333333"]
        // 111111111111 → 1, 222222222222 and 333333333333 → 2: shard 0 is empty.
        let shards = try (0..<3).map { try Self.writeShard("\(folder)/s\($0)", index: $0, set: set) }
        #expect(Self.own(0, of: set).isEmpty)
        let summary = try ShardMerge.run(out: "\(folder)/merged", shards: shards)
        #expect(summary.accounts == 3)
    }

    /// Alone, a shard is not an audit: the reader refuses it, and a merge stopped half way.
    @Test func theReaderRefusesAShardAndAnUnfinishedMerge() throws {
        let (shards, _) = try Self.threeShards()
        #expect(throws: SnapshotReader.Failure.shard(path: shards[1], label: "1/3")) { try SnapshotReader.read(shards[1]) }
        let unfinished = try temporaryFolder()
        try Manifest(accounts: [], unfinished: "hubaudit merge").encoded().write(to: URL(fileURLWithPath: "\(unfinished)/manifest.json"))
        #expect(throws: SnapshotReader.Failure.unfinished(path: unfinished)) { try SnapshotReader.read(unfinished) }
        // Even a shard entry that is not well formed keeps the snapshot refused.
        let odd = try Self.writeShard(try temporaryFolder(), index: 0) { $0.shard?.index = 5 }
        #expect(throws: SnapshotReader.Failure.shard(path: odd, label: "5/3")) { try SnapshotReader.read(odd) }
        // A shard entry that does not even decode: the manifest is an input problem (exit 2), never "no shard".
        let garbled = try Self.writeShard(try temporaryFolder(), index: 0)
        let text = try String(contentsOfFile: "\(garbled)/manifest.json", encoding: .utf8)
        try text.replacingOccurrences(of: "\"count\" : 3", with: "\"count\" : \"three\"")
            .write(toFile: "\(garbled)/manifest.json", atomically: true, encoding: .utf8)
        let read = try SnapshotReader.read(garbled)
        #expect(read.problems.contains { $0.file == "manifest.json" && $0.message.hasPrefix("not a valid manifest") }, "\(read.problems)")
    }

    @Test func refusesShardsSplitDifferently() throws {
        let (shards, out) = try Self.threeShards()
        let other = try Self.writeShard(shards[2] + "-of-4", index: 2, count: 4)
        Self.expectRefusal([shards[0], shards[1], other], out: out, naming: other, saying: "split into 4 shards, not 3")
    }

    @Test func refusesShardsOfAnotherAccountSet() throws {
        let (shards, out) = try Self.threeShards()
        let other = try Self.writeShard(shards[2] + "-other", index: 2, set: Self.set + ["999999999999"])
        Self.expectRefusal([shards[0], shards[1], other], out: out, naming: other, saying: "another account set")
    }

    @Test func refusesTheSameShardTwice() throws {
        let (shards, out) = try Self.threeShards()
        let copy = try Self.writeShard(shards[1] + "-again", index: 1)
        Self.expectRefusal(shards + [copy], out: out, naming: copy, saying: "are both shard 1/3")
    }

    @Test func refusesAnAccountInTwoShards() throws {
        let (shards, out) = try Self.threeShards()
        let stolen = Self.own(0)[0]
        let greedy = try Self.writeShard(shards[1] + "-greedy", index: 1, accounts: Self.own(1) + [stolen])
        Self.expectRefusal([shards[0], greedy, shards[2]], out: out, naming: greedy, saying: "account \(stolen) is in two shards")
    }

    @Test func refusesAnAccountInTheWrongShard() throws {
        let (shards, out) = try Self.threeShards()
        let moved = Self.own(0)[0]
        let without = try Self.writeShard(shards[0] + "-without", index: 0, accounts: Array(Self.own(0).dropFirst()))
        let with = try Self.writeShard(shards[1] + "-with", index: 1, accounts: Self.own(1) + [moved])
        Self.expectRefusal([without, with, shards[2]], out: out, naming: with, saying: "belongs to shard 0/3")
    }

    @Test func refusesAMissingShard() throws {
        let (shards, out) = try Self.threeShards()
        Self.expectRefusal([shards[0], shards[2]], out: out, naming: shards[0], saying: "1 shard of 3 not given (1/3)")
    }

    /// Every shard there, but one account of the set in none (a manifest that lost an entry).
    @Test func refusesShardsThatDoNotHoldTheWholeSet() throws {
        let (shards, out) = try Self.threeShards()
        let short = try Self.writeShard(shards[2] + "-short", index: 2, accounts: Array(Self.own(2).dropFirst()))
        Self.expectRefusal([shards[0], shards[1], short], out: out, naming: "the shards hold 8 accounts",
                           saying: "not the set of 9")
    }

    @Test func refusesAFolderThatIsNotAShard() throws {
        let (shards, out) = try Self.threeShards()
        let empty = try temporaryFolder()
        Self.expectRefusal([shards[0], shards[1], empty], out: out, naming: empty, saying: "it has no manifest.json")
        let whole = try Self.writeShard(try temporaryFolder(), index: 2) { $0.shard = nil }
        Self.expectRefusal([shards[0], shards[1], whole], out: out, naming: whole, saying: "its manifest records no shard")
        Self.expectRefusal([shards[0], shards[1], "\(empty)/nowhere"], out: out, naming: "\(empty)/nowhere", saying: "does not exist")
    }

    /// Manifests are untrusted: the snapshot reader's checks apply, and any problem refuses the shard.
    @Test func refusesAMalformedManifest() throws {
        let (shards, out) = try Self.threeShards()
        try Data("{\"format\": \"hubaudit-snapshot/1\", \"accounts\": [".utf8).write(to: URL(fileURLWithPath: "\(shards[2])/manifest.json"))
        Self.expectRefusal(shards, out: out, naming: "\(shards[2])/manifest.json", saying: "not a valid manifest")

        let traversal = try Self.writeShard(try temporaryFolder(), index: 2) { $0.accounts.append(Manifest.Account(id: "../../etc", regions: [])) }
        Self.expectRefusal([shards[0], shards[1], traversal], out: out, naming: "\(traversal)/manifest.json", saying: "not an account id")

        let badShard = try Self.writeShard(try temporaryFolder(), index: 2) { $0.shard?.accountSet = "md5:abc" }
        Self.expectRefusal([shards[0], shards[1], badShard], out: out, naming: badShard, saying: "account_set 'md5:abc' is not sha256")

        let repeated = try Self.writeShard(try temporaryFolder(), index: 2) { $0.accounts.append($0.accounts[0]) }
        Self.expectRefusal([shards[0], shards[1], repeated], out: out, naming: "\(repeated)/manifest.json",
                           saying: "lists account \(Self.own(2)[0]) twice")

        let foreign = try Self.writeShard(try temporaryFolder(), index: 2) { $0.pages = ["\(Self.own(0)[0])/us-east-1/DescribeVpcs": 2] }
        Self.expectRefusal([shards[0], shards[1], foreign], out: out, naming: foreign, saying: "records about account '\(Self.own(0)[0])'")
    }

    /// A link, a stray file or an account folder the manifest does not list: refused, not copied.
    @Test func refusesWhatACollectorDoesNotWrite() throws {
        let (shards, out) = try Self.threeShards()
        let account = Self.own(2)[0]
        let region = "\(shards[2])/\(account)/us-east-1"
        try FileManager.default.createSymbolicLink(atPath: "\(region)/DescribeSubnets.xml", withDestinationPath: "/etc/passwd")
        Self.expectRefusal(shards, out: out, naming: "\(region)/DescribeSubnets.xml", saying: "a symbolic link")
        try FileManager.default.removeItem(atPath: "\(region)/DescribeSubnets.xml")

        try Data("x".utf8).write(to: URL(fileURLWithPath: "\(shards[2])/notes.txt"))
        Self.expectRefusal(shards, out: out, naming: "\(shards[2])/notes.txt", saying: "only an account folder")
        try FileManager.default.removeItem(atPath: "\(shards[2])/notes.txt")

        let stranger = Self.own(0)[0]
        try FileManager.default.createDirectory(atPath: "\(shards[2])/\(stranger)/us-east-1", withIntermediateDirectories: true)
        Self.expectRefusal(shards, out: out, naming: "\(shards[2])/\(stranger)", saying: "does not list")
    }

    /// OUT is new or empty, and a real folder: a merge never writes beside or through it.
    @Test func refusesAnOutFolderInUse() throws {
        let (shards, out) = try Self.threeShards()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: "\(out)/.hidden"))
        #expect(throws: CollectFailure("\(out): not empty: merge writes into a new or empty folder")) {
            try ShardMerge.run(out: out, shards: shards)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == [".hidden"])

        let target = try temporaryFolder()
        let link = out + "-link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: CollectFailure.self) { try ShardMerge.run(out: link, shards: shards) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: target).isEmpty)

        // An empty folder is fine.
        let empty = try temporaryFolder()
        #expect(try ShardMerge.run(out: empty, shards: shards).accounts == 9)
    }
}
