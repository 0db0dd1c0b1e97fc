import HubAWS
import HubModel
import HubSnapshot

/// `collect --shard K/N`: which accounts one of N collectors takes. An account's shard is
/// SHA-256 of its 12-digit id, read as a number, modulo N: the same on every run and on every
/// machine, whatever the order of the accounts file, and even (a cryptographic hash spreads ids
/// that share prefixes, such as an organisation's consecutive ones). Shards are numbered from 0,
/// as Kubernetes' JOB_COMPLETION_INDEX and a GitHub Actions matrix of `[0, 1, 2]` number them.
public struct ShardSelector: Sendable, Equatable {
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard (1...Manifest.Shard.maxCount).contains(count), (0..<count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// `K/N` as typed: decimal digits only, 0 ≤ K < N; else what is wrong, naming the option.
    public static func parse(_ text: String) -> Result<ShardSelector, CollectFailure> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let usage = "--shard takes INDEX/COUNT, 0 ≤ INDEX < COUNT ≤ \(Manifest.Shard.maxCount) (numbered from 0, "
            + "as JOB_COMPLETION_INDEX), such as 0/3"
        guard parts.count == 2, let index = decimal(parts[0]), let count = decimal(parts[1]) else {
            return .failure(CollectFailure("\(usage); not \(Manifest.quoted(text))"))
        }
        if index == count, count > 0 {
            return .failure(CollectFailure("\(usage); not \(text): shards are numbered from 0, the last of \(count) is \(count - 1)/\(count)"))
        }
        guard let selector = ShardSelector(index: index, count: count) else {
            return .failure(CollectFailure("\(usage); not \(text)"))
        }
        return .success(selector)
    }

    /// 1 to 6 ASCII digits (no sign, no space: `+1`, ` 1` and `1e3` are typing mistakes).
    private static func decimal(_ text: String) -> Int? {
        guard (1...6).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }

    /// The shard, of `count`, that collects `account` (its 12-digit id).
    public static func shard(of account: String, count: Int) -> Int {
        let digest = Crypto.sha256(account)
        let number = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(number % UInt64(count))
    }

    public func contains(_ account: AccountId) -> Bool { Self.shard(of: account.digits, count: count) == index }

    /// `sha256:<hex>` of the set's account ids, sorted and one per line: equal for two accounts
    /// files that list the same accounts in any order, different as soon as one account differs.
    public static func accountSetDigest(_ ids: [String]) -> String {
        "sha256:" + Crypto.hex(Crypto.sha256(Set(ids).sorted().map { $0 + "\n" }.joined()))
    }

    /// This shard's accounts of `set`, in the set's order, and the manifest entry that says so.
    public func select(from set: [AccountTarget]) -> (accounts: [AccountTarget], entry: Manifest.Shard) {
        let entry = Manifest.Shard(index: index, count: count, accountSet: Self.accountSetDigest(set.map(\.id.digits)),
                                   accountsInSet: set.count)
        return (set.filter { contains($0.id) }, entry)
    }

    /// `2/3`.
    public var label: String { "\(index)/\(count)" }
}
