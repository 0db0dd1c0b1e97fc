import Foundation
import HubAWS
import HubSnapshot
import HubModel
import HubXML

/// Collects every account and region into a new snapshot of the store. One account's failure (its
/// role cannot be assumed, an action is denied) is recorded in the manifest and the others go on.
/// The snapshot is written in a hidden folder and renamed into place only when complete; then
/// `<store>/latest` points at it (SnapshotFolder).
public enum Collector {
    /// EC2 calls collected in every account and region, with the MaxResults range each accepts.
    static let actions: [(Action, ClosedRange<Int>?)] = [
        (.describeVpcs, 5...1000), (.describeSubnets, 5...1000), (.describeRouteTables, 5...100),
        (.describeSecurityGroups, 5...1000), (.describeFlowLogs, 1...1000), (.describeVpcPeeringConnections, 5...1000),
        (.describeNetworkAcls, 5...1000), (.describeVpcEndpoints, 1...1000), (.describeManagedPrefixLists, 1...100),
        (.describeNetworkInterfaces, 5...1000), (.describeInstances, 5...1000),
        (.describeTransitGateways, 5...1000), (.describeTransitGatewayAttachments, 5...1000),
        (.describeTransitGatewayVpcAttachments, 5...1000), (.describeTransitGatewayPeeringAttachments, 5...1000),
        (.describeTransitGatewayRouteTables, 5...1000),
    ]

    /// The calls made once per resource a listing names (`FollowUp`), recorded in the manifest too.
    /// One entry per action: DescribeVpcAttribute is one action called once per attribute.
    static var perResourceActions: [Action] {
        var seen = Set<Action>()
        return FollowUp.all.flatMap { $0.calls.map(\.action) }.filter { seen.insert($0).inserted }
    }

    /// Where accounts whose entry names no region are collected when the request names none either.
    public static let defaultRegion = RegionName("us-east-1")!

    public static func run(_ request: CollectRequest, base: CredentialSource, transport: HTTPTransport,
                           progress: CollectProgress) async throws -> CollectSummary {
        let started = Date()
        let endpoints = try endpoints(for: request)
        let folder = try SnapshotFolder.begin(store: request.store)
        do {
            let recorder = Recorder()
            let limiter = Limiter(request.concurrency)
            await progress.start(accounts: request.accounts.count)
            let baseCredentials = try await resolve(base, request: request, transport: transport, progress: progress)
            // Accounts are started as others finish, never all at once: a task started per
            // account waited for its permits with its frames held, so memory grew with the
            // organisation (about 100 KB an account and region: Benchmarks/README "Collection").
            let accountsInProgress = Limiter(request.accountsInProgress)
            await withDiscardingTaskGroup { group in
                for account in request.accounts {
                    await accountsInProgress.acquire()
                    group.addTask {
                        await collectAccount(account, request: request, endpoints: endpoints, base: baseCredentials, folder: folder.working,
                                      transport: transport, limiter: limiter, recorder: recorder, progress: progress)
                        await progress.accountDone()
                        await accountsInProgress.release()
                    }
                }
            }
            let manifest = await manifest(request, recorder: recorder, started: started)
            try FileSystem.write(try manifest.encoded(), to: "\(folder.working)/\(SnapshotLayout.manifestName)", what: "the manifest")
            let name = try folder.publish(stamp: timestamp(started))
            try folder.pointLatest(at: name)
            let counters = await progress.counters
            return CollectSummary(snapshot: "\(request.store)/\(name)", manifest: manifest, calls: counters.calls,
                                  retries: counters.retries, seconds: Date().timeIntervalSince(started))
        } catch {
            folder.discard()
            throw error
        }
    }

    private static func manifest(_ request: CollectRequest, recorder: Recorder, started: Date) async -> Manifest {
        let state = await recorder.state
        return Manifest(
            takenAt: isoTime(started), collector: "hubaudit collect", accounts: request.accounts.map { account in
                Manifest.Account(id: account.id.digits, name: account.name, regions: regions(of: account, request).map(\.name))
            },
            actions: (actions.map(\.0) + perResourceActions).map(\.rawValue),
            pages: state.pages, failures: state.failures.sorted { ($0.account, $0.region, $0.action) < ($1.account, $1.region, $1.action) },
            identities: state.identities, finishedAt: isoTime(Date()), shard: request.shard)
    }

    static func regions(of account: AccountTarget, _ request: CollectRequest) -> [RegionName] {
        account.regions.isEmpty ? request.regions : account.regions
    }

    /// The EC2 and STS endpoint of every region to collect, decided before any call: the override
    /// when one is given (checked), else each region's public endpoints.
    static func endpoints(for request: CollectRequest) throws -> [RegionName: RegionEndpoints] {
        if let endpoint = request.endpoint, let problem = Endpoints.overrideProblem(endpoint) { throw CollectFailure(problem) }
        var result: [RegionName: RegionEndpoints] = [:]
        let all = Set(request.accounts.flatMap { regions(of: $0, request) } + [request.regions.first ?? defaultRegion])
        for region in all.sorted() {
            result[region] = try request.endpoint.map { RegionEndpoints(ec2: $0, sts: $0) }
                ?? RegionEndpoints(ec2: Endpoints.regional("ec2", region), sts: Endpoints.regional("sts", region))
        }
        return result
    }

    struct RegionEndpoints: Sendable {
        var ec2: URL
        var sts: URL
    }

    /// Static keys as they are; a profile's role (role_arn + source_profile) assumed through STS.
    public static func resolve(_ source: CredentialSource, request: CollectRequest, transport: HTTPTransport,
                        progress: CollectProgress) async throws -> AWSCredentials {
        switch source {
        case .credentials(let credentials):
            return credentials
        case .assumeRole(let roleArn, let externalId, let sessionName, let inner, _):
            let sourceCredentials = try await resolve(inner, request: request, transport: transport, progress: progress)
            let region = request.regions.first ?? defaultRegion
            let sts = STSClient(endpoint: try request.endpoint ?? Endpoints.regional("sts", region), region: region.name,
                                credentials: sourceCredentials, transport: transport, retry: request.retry)
            await progress.call()
            return try await sts.assumeRole(arn: roleArn, sessionName: sessionName ?? request.sessionName,
                                            externalId: externalId).credentials
        }
    }

    /// `2026-11-23T020000Z`: sorts as text, safe in a file name.
    static func timestamp(_ date: Date) -> String { format(date, "yyyy-MM-dd'T'HHmmss'Z'") }
    static func isoTime(_ date: Date) -> String { format(date, "yyyy-MM-dd'T'HH:mm:ss'Z'") }

    private static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
