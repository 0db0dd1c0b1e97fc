import HubModel
import HubSnapshot
import HubTestSupport
import Testing
@testable import HubCollect

/// `collect --shard K/N`: which accounts a shard takes (`ShardSelector`).
struct ShardingTests {
    /// `count` distinct account ids, the same on every run.
    static func accounts(_ count: Int, seed: UInt64 = 14) -> [AccountTarget] {
        var generator = SplitMix64(seed: seed)
        var ids: [String] = []
        var seen: Set<String> = []
        while ids.count < count {
            let id = String(format: "%012llu", generator.next() % 1_000_000_000_000)
            if seen.insert(id).inserted { ids.append(id) }
        }
        return ids.map { AccountTarget(id: AccountId($0)!) }
    }

    static func ids(_ targets: [AccountTarget]) -> [String] { targets.map(\.id.digits) }

    @Test(arguments: ["0/1", "0/3", "2/3", "99999/100000"])
    func acceptsIndexesFromZero(_ text: String) throws {
        let selector = try ShardSelector.parse(text).get()
        #expect(selector.label == text)
    }

    @Test(arguments: ["3/3", "1/0", "0/0", "-1/3", "+1/3", " 1/3", "1/3 ", "1", "1/3/4", "a/b", "", "/3", "1/", "0/100001", "1e1/20"])
    func refusesWhatIsNotAShard(_ text: String) {
        guard case .failure(let failure) = ShardSelector.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(failure.description.hasPrefix("--shard takes INDEX/COUNT"))
    }

    /// The usual mistake, counting from 1: the message says where numbering starts.
    @Test func theLastShardOfThreeIsTwo() {
        guard case .failure(let failure) = ShardSelector.parse("3/3") else { return #expect(Bool(false)) }
        #expect(failure.description.contains("the last of 3 is 2/3"))
    }

    /// Every account is in exactly one of the N shards, for several N.
    @Test(arguments: [1, 2, 3, 7, 64])
    func everyAccountIsInExactlyOneShard(_ count: Int) {
        let all = Self.accounts(500)
        var seen: [String: Int] = [:]
        for index in 0..<count {
            for account in ShardSelector(index: index, count: count)!.select(from: all).accounts {
                seen[account.id.digits, default: 0] += 1
            }
        }
        #expect(seen.count == all.count)
        #expect(seen.values.allSatisfy { $0 == 1 })
    }

    /// Shuffled, the accounts file gives each shard the same accounts and the same set digest.
    @Test func stableUnderReordering() {
        let all = Self.accounts(1_000)
        var generator = SplitMix64(seed: 7)
        for _ in 0..<5 {
            let shuffled = all.shuffled(using: &generator)
            for index in 0..<5 {
                let selector = ShardSelector(index: index, count: 5)!
                let (original, entry) = selector.select(from: all)
                let (reordered, reorderedEntry) = selector.select(from: shuffled)
                #expect(Set(Self.ids(original)) == Set(Self.ids(reordered)))
                #expect(entry == reorderedEntry)
            }
        }
    }

    /// 1,000 random ids, and 1,000 consecutive ones (as an organisation's may be): as even as a
    /// random assignment, every shard within 4 standard deviations of an even share (the binomial's:
    /// ±60 of 333 for 3 shards; a biased partition, say by the last digit, misses by hundreds).
    @Test(arguments: [3, 7, 10])
    func balanced(_ count: Int) {
        let consecutive = (0..<1_000).map { AccountTarget(id: AccountId(String(100_000_000_000 + $0))!) }
        for set in [Self.accounts(1_000), consecutive] {
            let sizes = (0..<count).map { ShardSelector(index: $0, count: count)!.select(from: set).accounts.count }
            let share = 1 / Double(count), even = Double(set.count) * share
            let deviation = (Double(set.count) * share * (1 - share)).squareRoot()
            #expect(sizes.allSatisfy { abs(Double($0) - even) <= 4 * deviation }, "shard sizes \(sizes) for \(count) shards")
        }
    }

    /// The partition is part of the snapshot format: shards collected by two versions of hubaudit
    /// must agree. Pinned: SHA-256 of the id, its first 8 bytes big-endian, modulo N.
    @Test func thePartitionIsPinned() {
        #expect(ShardSelector.shard(of: "111111111111", count: 3) == 1)
        #expect(ShardSelector.shard(of: "222222222222", count: 3) == 2)
        #expect(ShardSelector.shard(of: "444444444444", count: 3) == 1)
        #expect(ShardSelector.shard(of: "111111111111", count: 7) == 4)
        #expect(ShardSelector.shard(of: "123456789012", count: 1_000) == 834)
    }

    /// The digest names the set: any order, but one account more, less or different changes it.
    @Test func theAccountSetDigestNamesTheSet() {
        let ids = Self.ids(Self.accounts(10))
        let digest = ShardSelector.accountSetDigest(ids)
        #expect(Manifest.Shard.isDigest(digest))
        #expect(ShardSelector.accountSetDigest(ids.reversed()) == digest)
        #expect(ShardSelector.accountSetDigest(Array(ids.dropLast())) != digest)
        #expect(ShardSelector.accountSetDigest(ids.dropLast() + ["999999999999"]) != digest)
        let entry = ShardSelector(index: 1, count: 4)!.select(from: Self.accounts(10)).entry
        #expect(entry == Manifest.Shard(index: 1, count: 4, accountSet: digest, accountsInSet: 10))
    }
}
