import Foundation
import HubModel
import HubXML

/// `manifest.json` at the root of a snapshot: when it was taken, by what, which accounts, regions
/// and actions were attempted, how many pages each paginated call returned, and which calls
/// failed. Documented in README ("Snapshot format"). Unknown keys are ignored so that later
/// collectors can add fields.
public struct Manifest: Codable, Sendable, Equatable {
    public static let format = "hubaudit-snapshot/1"

    public struct Account: Codable, Sendable, Equatable {
        public var id: String
        public var name: String?
        public var regions: [String]
        public init(id: String, name: String? = nil, regions: [String]) {
            self.id = id
            self.name = name
            self.regions = regions
        }
    }

    public struct Failure: Codable, Sendable, Equatable {
        public var account: String
        public var region: String
        public var action: String
        public var code: String
        public var message: String?
        public var httpStatus: Int?

        enum CodingKeys: String, CodingKey {
            case account, region, action, code, message
            case httpStatus = "http_status"
        }

        /// The action of the failed call: `GetManagedPrefixListEntries.pl-0abc` names one list's
        /// call of `GetManagedPrefixListEntries`; nil for a name hubaudit does not know.
        public var calledAction: Action? {
            action.split(separator: ".", maxSplits: 1).first.flatMap { Action(rawValue: String($0)) }
        }

        /// A failed cross-check (`Action.isCrossCheck`): recorded, never a reason to distrust the snapshot.
        public var isCrossCheck: Bool { calledAction?.isCrossCheck == true }

        public init(account: String, region: String, action: String, code: String, message: String? = nil,
                    httpStatus: Int? = nil) {
            self.account = account
            self.region = region
            self.action = action
            self.code = code
            self.message = message
            self.httpStatus = httpStatus
        }
    }

    public var format: String
    public var takenAt: String?
    public var collector: String?
    public var accounts: [Account]
    /// The actions attempted in every account and region; absent means "all that hubaudit reads".
    public var actions: [String]?
    /// `account/region/Action` → number of pages, for calls that returned more than one.
    public var pages: [String: Int]?
    public var failures: [Failure]?
    /// Account id → the identity (ARN) the collector used there.
    public var identities: [String: String]?
    /// When the collector wrote the manifest: with `taken_at`, the span the collection took.
    public var finishedAt: String?
    /// Set by `collect --shard`: this snapshot holds one part of the accounts, and is no audit of
    /// the set until merged (`SnapshotReader` refuses it).
    public var shard: Shard?
    /// Set by `hubaudit merge`: the shards this snapshot was merged from.
    public var mergedFrom: MergedFrom?
    /// Set while a snapshot is still being written in place (`hubaudit merge`): what was writing
    /// it. A manifest that still says so is a merge that stopped half way, and is refused.
    public var unfinished: String?

    /// One part of a sharded collection: shard `index` (0-based, as Kubernetes' JOB_COMPLETION_INDEX)
    /// of `count`, partitioned from the set of accounts whose digest is `accountSet`.
    public struct Shard: Codable, Sendable, Equatable {
        public var index: Int
        public var count: Int
        /// `sha256:<hex>` of the set's account ids, sorted, one per line: shards of different
        /// accounts files cannot be merged by mistake.
        public var accountSet: String
        /// How many accounts the whole set has.
        public var accountsInSet: Int

        enum CodingKeys: String, CodingKey {
            case index, count
            case accountSet = "account_set"
            case accountsInSet = "accounts_in_set"
        }

        public init(index: Int, count: Int, accountSet: String, accountsInSet: Int) {
            self.index = index
            self.count = count
            self.accountSet = accountSet
            self.accountsInSet = accountsInSet
        }

        /// `2/3`: how messages name a shard.
        public var label: String { "\(index)/\(count)" }

        /// More shards than any collection is split into (a Kubernetes Indexed Job allows 100,000 completions).
        public static let maxCount = 100_000

        /// What is wrong with the entry, or nil.
        public var problem: String? {
            guard (1...Shard.maxCount).contains(count), (0..<count).contains(index) else {
                return "\(index)/\(count) is not a shard of a collection (0 ≤ index < count ≤ \(Shard.maxCount))"
            }
            guard Shard.isDigest(accountSet) else {
                return "account_set \(Manifest.quoted(accountSet)) is not sha256: and 64 lowercase hexadecimal digits"
            }
            guard accountsInSet >= 0 else { return "accounts_in_set is \(accountsInSet), not a count" }
            return nil
        }

        /// `sha256:` and 64 lowercase hexadecimal digits.
        public static func isDigest(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            return text.hasPrefix("sha256:") && bytes.count == 71
                && bytes.dropFirst(7).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        }
    }

    /// The shards a merged snapshot was made of: all `count` of them, of one account set.
    public struct MergedFrom: Codable, Sendable, Equatable {
        public var count: Int
        public var accountSet: String
        public var shards: [Part]

        public struct Part: Codable, Sendable, Equatable {
            public var index: Int
            public var takenAt: String?
            public var finishedAt: String?
            public var accounts: Int

            enum CodingKeys: String, CodingKey {
                case index, accounts
                case takenAt = "taken_at"
                case finishedAt = "finished_at"
            }

            public init(index: Int, takenAt: String?, finishedAt: String?, accounts: Int) {
                self.index = index
                self.takenAt = takenAt
                self.finishedAt = finishedAt
                self.accounts = accounts
            }
        }

        enum CodingKeys: String, CodingKey {
            case count, shards
            case accountSet = "account_set"
        }

        public init(count: Int, accountSet: String, shards: [Part]) {
            self.count = count
            self.accountSet = accountSet
            self.shards = shards
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, collector, accounts, actions, pages, failures, identities, shard, unfinished
        case takenAt = "taken_at"
        case finishedAt = "finished_at"
        case mergedFrom = "merged_from"
    }

    public init(format: String = Manifest.format, takenAt: String? = nil, collector: String? = nil,
                accounts: [Account], actions: [String]? = nil, pages: [String: Int]? = nil, failures: [Failure]? = nil,
                identities: [String: String]? = nil, finishedAt: String? = nil, shard: Shard? = nil,
                mergedFrom: MergedFrom? = nil, unfinished: String? = nil) {
        self.identities = identities
        self.finishedAt = finishedAt
        self.shard = shard
        self.mergedFrom = mergedFrom
        self.unfinished = unfinished
        self.format = format
        self.takenAt = takenAt
        self.collector = collector
        self.accounts = accounts
        self.actions = actions
        self.pages = pages
        self.failures = failures
    }
}

extension Manifest {
    /// The manifest as the collector and merge write it: keys sorted, indented.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads `<root>/manifest.json`: nil when there is none. Anything else that is not a readable
    /// regular file of sane size (a folder, a symbolic link, a FIFO, an unreadable or huge file), or
    /// that does not decode, is an input problem — never taken for "no manifest", which would make
    /// the failures it records vanish. Entries that are not well formed are dropped, each a problem.
    package static func read(root: String, problems: inout [InputProblem]) -> Manifest? {
        let name = SnapshotLayout.manifestName
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.contents("\(root)/\(name)", maxBytes: SnapshotLayout.maxManifestBytes)
        } catch {
            if error.isAbsent { return nil }
            problems.append(InputProblem(file: name, message: "not read: the manifest \(error.reason)"))
            return nil
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: Data(bytes))
        } catch {
            problems.append(InputProblem(file: name, message: "not a valid manifest: \(describe(error))"))
            return nil
        }
        if manifest.format != Manifest.format {
            problems.append(InputProblem(file: name, message:
                "unknown format \(quoted(manifest.format)) (expected \(Manifest.format)); read as if there were no manifest"))
            return nil
        }
        return manifest.wellFormed(problems: &problems)
    }

    /// The manifest without the entries that cannot be right: account ids that are not 12 digits,
    /// regions that are not region names (`../../etc` would otherwise be a folder to list), page keys
    /// that name no call, page counts that are not plausible. Each dropped entry is a problem.
    func wellFormed(problems: inout [InputProblem]) -> Manifest {
        var result = self
        func drop(_ message: String) { problems.append(InputProblem(file: SnapshotLayout.manifestName, message: message)) }
        result.accounts = []
        for (index, account) in accounts.enumerated() {
            guard SnapshotLayout.isAccountId(account.id) else {
                drop("accounts[\(index)]: the id \(Manifest.quoted(account.id)) is not an account id (12 digits); the entry is ignored")
                continue
            }
            var kept = account
            kept.regions = account.regions.filter { region in
                if SnapshotLayout.isRegion(region) { return true }
                drop("accounts[\(index)] (\(account.id)): \(Manifest.quoted(region)) is not a region name; it is ignored")
                return false
            }
            result.accounts.append(kept)
        }
        result.failures = failures.map { failures in
            failures.enumerated().compactMap { index, failure in
                guard SnapshotLayout.isAccountId(failure.account), SnapshotLayout.isRegion(failure.region) else {
                    drop("failures[\(index)]: \(Manifest.quoted(failure.account))/\(Manifest.quoted(failure.region)) is not an account id "
                        + "and a region; the failure is ignored")
                    return nil
                }
                return failure
            }
        }
        result.pages = pages.map { pages in
            var kept: [String: Int] = [:]
            for (key, count) in pages.sorted(by: { $0.key < $1.key }) {
                guard Manifest.isPageKey(key) else {
                    drop("pages: the key \(Manifest.quoted(key)) is not ACCOUNT/REGION/Action; it is ignored")
                    continue
                }
                guard (1...SnapshotLayout.maxPages).contains(count) else {
                    drop("pages: \(key) records \(count) pages, not a plausible page count (1 to \(SnapshotLayout.maxPages)); it is ignored")
                    continue
                }
                kept[key] = count
            }
            return kept
        }
        // Kept even when wrong, so that the snapshot is still refused as a shard (fail closed).
        if let problem = shard?.problem { drop("shard: \(problem)") }
        return result
    }

    /// `123456789012/us-east-1/DescribeInstances`, `…/GetManagedPrefixListEntries.pl-0abc`.
    static func isPageKey(_ key: String) -> Bool {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, SnapshotLayout.isAccountId(parts[0]), SnapshotLayout.isRegion(parts[1]),
              let file = SnapshotLayout.ResponseFile("\(parts[2]).xml"), file.page == nil else { return false }
        return true
    }

    /// A value from the manifest, safe to print: at most 64 characters, control characters replaced.
    package static func quoted(_ value: String) -> String {
        let visible = value.unicodeScalars.prefix(64).map { $0.properties.generalCategory == .control ? "?" : String($0) }.joined()
        return "'\(visible)\(value.unicodeScalars.count > 64 ? "…" : "")'"
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            return context.underlyingError.map { "\($0.localizedDescription)" } ?? "\(context.debugDescription) at \(path(context))"
        case DecodingError.keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' at \(path(context))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(context.debugDescription) at \(path(context))"
        default:
            return String(describing: error)
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let steps = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return steps.isEmpty ? "the top level" : String(steps.dropFirst(steps.hasPrefix(".") ? 1 : 0))
    }
}
