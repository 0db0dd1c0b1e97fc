import ArgumentParser
import Foundation
import HubAudit

/// `hubaudit collect`: options and their cross-checks; the work is `HubAudit.Collect`.
struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Collect every account's network configuration into a new snapshot of a store.",
        discussion: """
            Credentials come from the standard chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, \
            then the shared credentials and config files (profiles, role_arn + source_profile), or --profile. \
            For each account the role is assumed (its entry's role, else --role), then every Describe* action \
            hubaudit reads is called in every region, following NextToken. Exit 0: all collected; 2: some calls \
            failed (recorded in the snapshot's manifest) or nothing could be collected.
            """)

    @Option(help: "Accounts file: c7n-org format (accounts: [{account_id, name, role, external_id, regions}]) or a hubaudit policy with organization.accounts. Default: the credentials' own account.")
    var accounts: String?

    @Option(help: "Comma-separated regions for accounts whose entry names none. Default: the profile's or AWS_REGION, else us-east-1.")
    var regions: String?

    @Option(help: "The snapshot store: the snapshot goes to <out>/<timestamp>/, and <out>/latest points at it.")
    var out = "snapshots"

    @Option(help: "Role to assume in accounts whose entry names none: a name, or an ARN template with {account_id}.")
    var role: String?

    @Option(help: "External id for AssumeRole, where the account entry gives none.")
    var externalId: String?

    @Option(help: "RoleSessionName for AssumeRole.")
    var sessionName = "hubaudit"

    @Option(help: "Profile of the shared credentials/config files to start from.")
    var profile: String?

    @Option(help: "One endpoint for EC2 and STS (an EC2-compatible endpoint such as a local moto server): http or https, without user:password@, ?query or #fragment.")
    var endpointUrl: String?

    @Option(help: "MaxResults for every paginated call (clamped to what each action accepts). Default: the largest.")
    var pageSize: Int?

    @Option(help: "Requests in flight at most, over all accounts (each account: at most 4). 64 kept 84% of the bound busy at about 1 ms of CPU a call on 2 cores (Benchmarks/README.md).")
    var concurrency = 64

    @Option(help: "Calls a second per account and region at most, so that EC2's request bucket (20 a second for Describe* calls) is never emptied: throttling paced away, not retried. 0: no pacing.")
    var rate = CollectOptions.defaultRatePerRegion

    @Option(help: "Seconds a request may wait for an answer before it is retried.")
    var timeout = 30.0

    @Option(help: "Attempts per call for throttling and transient failures (capped exponential backoff with jitter).")
    var attempts = 5

    @Option(help: "Collect only shard INDEX of COUNT (0 ≤ INDEX < COUNT, numbered from 0 like JOB_COMPLETION_INDEX): each account belongs to one shard, by a hash of its id. Merge the shards' snapshots with `hubaudit merge` before scanning.")
    var shard: String?

    func validate() throws {
        if let shard, let problem = Collect.shardProblem(shard) {
            throw ValidationError(problem)
        }
        if let endpointUrl, let problem = Collect.endpointProblem(endpointUrl) {
            throw ValidationError(problem)
        }
        if case .failure(let failure) = Collect.regionNames(regionList) {
            throw ValidationError(failure.description)
        }
        guard concurrency >= 1, attempts >= 1, timeout > 0, rate >= 0, rate.isFinite else {
            throw ValidationError("--concurrency and --attempts take at least 1, --timeout a positive number, --rate 0 or more")
        }
    }

    /// `--regions a,b`: one entry per comma, empty ones kept so that `a,,b` is refused, not read as `a,b`.
    var regionList: [String] {
        regions.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? []
    }

    func run() async throws {
        let options = CollectOptions(
            accountsFile: accounts, regions: regionList, store: out,
            role: role, externalId: externalId, sessionName: sessionName, profile: profile,
            endpoint: endpointUrl.flatMap(URL.init(string:)), pageSize: pageSize, concurrency: concurrency,
            timeout: timeout, attempts: attempts, ratePerRegion: rate, shard: shard)
        let result = await Collect.run(options)
        result.lines.forEach(standardError)
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
