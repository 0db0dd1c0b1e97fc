import Foundation
import HubAWS
import HubCollect
import HubModel
import HubSnapshot

/// `hubaudit collect`: resolve credentials, pick the accounts and regions, collect into the store.
public struct CollectOptions: Sendable {
    public var accountsFile: String?
    /// As typed (`--regions`): checked by `Collect.regionNames` before anything else happens.
    public var regions: [String]
    public var store: String
    public var role: String?
    public var externalId: String?
    public var sessionName: String
    public var profile: String?
    public var endpoint: URL?
    public var pageSize: Int?
    public var concurrency: Int
    public var timeout: Double
    public var attempts: Int
    /// Calls a second per account and region at most (0: no pacing).
    public var ratePerRegion: Double
    public static let defaultRatePerRegion = PacingPolicy().perSecond
    /// `--shard K/N` as typed: collect only this shard's part of the accounts (`ShardSelector`);
    /// checked by `Collect.shardProblem` before anything else happens.
    public var shard: String?

    public init(accountsFile: String?, regions: [String], store: String, role: String?, externalId: String?,
                sessionName: String, profile: String?, endpoint: URL?, pageSize: Int?, concurrency: Int, timeout: Double,
                attempts: Int, ratePerRegion: Double = PacingPolicy().perSecond, shard: String? = nil) {
        self.shard = shard
        self.accountsFile = accountsFile
        self.regions = regions
        self.store = store
        self.role = role
        self.externalId = externalId
        self.sessionName = sessionName
        self.profile = profile
        self.endpoint = endpoint
        self.pageSize = pageSize
        self.concurrency = concurrency
        self.timeout = timeout
        self.attempts = attempts
        self.ratePerRegion = ratePerRegion
    }
}

public enum Collect {
    /// Exit 0: everything collected; 2: the snapshot was written but some calls failed (they are in
    /// its manifest, and scan reports the rules that needed them as not evaluated) or nothing could be.
    /// A failed cross-check (`Action.isCrossCheck`: moto lacks DescribeStaleSecurityGroups) is in the
    /// manifest and printed as a note, and does not make the exit 2: no rule needs it.
    public static func run(_ options: CollectOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
                           transport: HTTPTransport? = nil, progress: CollectProgress = CollectProgress())
        async -> (exitCode: Int32, lines: [String]) {
        await CommandTransport.run(transport, timeout: options.timeout, connectionsPerHost: options.concurrency,
                                   environment: environment, failure: { (2, ["error: \(terminal: $0)"]) }) { transport in
            await collect(options, environment: environment, transport: transport, progress: progress)
        }
    }

    private static func collect(_ options: CollectOptions, environment: [String: String], transport: HTTPTransport,
                                progress: CollectProgress) async -> (exitCode: Int32, lines: [String]) {
        do {
            if let endpoint = options.endpoint, let problem = Endpoints.overrideProblem(endpoint) { throw CollectFailure(problem) }
            let chain = CredentialChain(environment: environment)
            let base = try chain.resolve(profile: options.profile)
            let regions = try regionNames(options.regions).get()
            let defaultRegions = try regions.isEmpty ? [profileRegion(chain, options.profile)] : regions
            let retry = RetryPolicy(maxAttempts: options.attempts)
            var accounts = try options.accountsFile.map(AccountsFile.load(path:)) ?? []
            var request = CollectRequest(accounts: [], regions: defaultRegions, store: options.store, roleTemplate: options.role,
                                         externalId: options.externalId, sessionName: options.sessionName,
                                         endpoint: options.endpoint, pageSize: options.pageSize,
                                         concurrency: options.concurrency, retry: retry,
                                         pacing: options.ratePerRegion > 0 ? PacingPolicy(perSecond: options.ratePerRegion) : nil)
            if accounts.isEmpty {
                // No accounts file: the account the credentials belong to.
                let credentials = try await Collector.resolve(base, request: request, transport: transport, progress: progress)
                let sts = STSClient(endpoint: try options.endpoint ?? Endpoints.regional("sts", defaultRegions[0]),
                                    region: defaultRegions[0].name, credentials: credentials, transport: transport, retry: retry)
                let answered = try await sts.callerIdentity().account
                // The id names the snapshot's folder: an answer that is not an account id is refused.
                guard let id = AccountId(answered) else {
                    throw CollectFailure("GetCallerIdentity answered with \(AccountId.problem(with: answered))")
                }
                accounts = [AccountTarget(id: id)]
            }
            var shardNote = ""
            if let shard = try options.shard.map({ try ShardSelector.parse($0).get() }) {
                // Partitioned after the whole set is known (the file, or the credentials' own
                // account): a shard with no account of its own is still a shard, never "the
                // credentials' account".
                let setSize = accounts.count
                (accounts, request.shard) = shard.select(from: accounts)
                shardNote = "shard \(shard.label) (\(accounts.count) of \(Plural.count(setSize, "account"))): "
            }
            request.accounts = accounts
            let summary = try await Collector.run(request, base: base, transport: transport, progress: progress)
            await progress.finish()
            let regionCount = Set(accounts.flatMap { $0.regions.isEmpty ? defaultRegions : $0.regions }).count
            // Error codes and messages come from response bodies, accounts and regions from the accounts
            // file: escaped for the terminal.
            let failures = summary.failures.filter { !$0.isCrossCheck }
            let crossChecks = summary.failures.filter(\.isCrossCheck)
            var lines = failures.map { "warning: \(describe($0))" }
            lines += crossChecks.map { "note: \(describe($0)) (a cross-check no rule needs: recorded as not collected)" }
            let notCollected = crossChecks.isEmpty ? "" : ", \(Plural.count(crossChecks.count, "cross-check call")) not collected"
            lines.append("\(shardNote)collected \(Plural.count(accounts.count, "account")) × \(Plural.count(regionCount, "region")) into \(terminal: summary.snapshot): "
                + "\(Plural.count(summary.calls, "call")), \(Plural.count(summary.retries, "retry", "retries")), "
                + "\(Plural.count(failures.count, "failure"))\(notCollected) in \(String(format: "%.1f", summary.seconds))s")
            return (failures.isEmpty ? 0 : 2, lines)
        } catch {
            await progress.finish()
            return (2, ["error: \(terminal: error)"])
        }
    }

    /// `111111111111/us-east-1 DescribeVpcs: UnauthorizedOperation (HTTP 403): …`, escaped for the terminal.
    private static func describe(_ failure: Manifest.Failure) -> String {
        "\(terminal: failure.account)/\(terminal: failure.region) \(terminal: failure.action): \(terminal: failure.code)"
            + "\(failure.httpStatus.map { " (HTTP \($0))" } ?? ""): \(terminal: failure.message ?? "")"
    }

        /// `--regions`, split at commas: each a region name (spaces around the commas are allowed), or
    /// the problem, naming the option. Empty input: no regions.
    public static func regionNames(_ typed: [String]) -> Result<[RegionName], CollectFailure> {
        var regions: [RegionName] = []
        for text in typed {
            guard let region = RegionName(text.trimmingCharacters(in: .whitespaces)) else {
                return .failure(CollectFailure("--regions: \(RegionName.problem(with: text))"))
            }
            if !regions.contains(region) { regions.append(region) }
        }
        return .success(regions)
    }

    /// The region of the environment or the profile, checked like any other, else us-east-1.
    private static func profileRegion(_ chain: CredentialChain, _ profile: String?) throws -> RegionName {
        guard let text = chain.region(profile: profile) else { return Collector.defaultRegion }
        guard let region = RegionName(text) else {
            throw CollectFailure("the region from AWS_REGION, AWS_DEFAULT_REGION or the profile: \(RegionName.problem(with: text))")
        }
        return region
    }

    /// `--shard` as typed, checked: nil when usable, else what is wrong.
    public static func shardProblem(_ text: String) -> String? {
        if case .failure(let failure) = ShardSelector.parse(text) { return failure.description }
        return nil
    }

    /// `--endpoint-url` as typed, checked: nil when usable, else what is wrong.
    public static func endpointProblem(_ text: String) -> String? {
        if case .failure(let failure) = Endpoints.parseOverride(text) { return failure.description }
        return nil
    }
}
