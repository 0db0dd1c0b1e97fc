import Foundation
import HubAWS
import HubSnapshot
import HubModel
import HubXML

/// One account: into it (its role, checked with GetCallerIdentity), then every action in every
/// region, within the request's limits overall and per account.
extension Collector {
    static func collectAccount(_ account: AccountTarget, request: CollectRequest, endpoints: [RegionName: RegionEndpoints],
                                base: AWSCredentials, folder: String, transport: HTTPTransport, limiter: Limiter, recorder: Recorder,
                                progress: CollectProgress) async {
        let regions = regions(of: account, request)
        let home = regions.first ?? defaultRegion
        // Into the account: its role when one is named, else the base identity, which must be this account's.
        let credentials: AWSCredentials
        do {
            guard let sts = endpoints[home]?.sts else { throw CollectFailure("no STS endpoint for \(home)") }
            credentials = try await limiter.withPermit {
                try await enter(account, request: request, base: base, region: home, sts: sts, transport: transport,
                                recorder: recorder, progress: progress)
            }
        } catch {
            let failure = error as? AWSCallError ?? AWSCallError(code: "CredentialError", message: String(describing: error))
            for region in regions {
                for (action, _) in actions {
                    await recorder.fail(account.id.digits, region.name, action.rawValue, failure)
                }
            }
            await progress.failed(regions.count * actions.count)
            return
        }
        // The account's calls handed out in order to perAccountConcurrency workers: one task per
        // worker, not per call (a task per call, waiting for its permit, held its frames from the
        // start: 16 a region, alive together in every account started). The regions take turns:
        // pacing is per account and region, so calls of one region at a time would hold the whole
        // account to one region's rate.
        var callsByRegion: [[@Sendable () async -> Void]] = []
        for region in regions {
            guard let endpoint = endpoints[region]?.ec2 else { continue }
            let client = QueryClient(endpoint: endpoint, region: region.name, service: "ec2",
                                     version: "2016-11-15", credentials: credentials, transport: transport,
                                     retry: request.retry, pacer: request.pacing.map(RequestPacer.init),
                                     onRetry: { _ in Task { await progress.retried() } })
            // Both parts are checked (AccountId, RegionName): the folder stays inside the snapshot.
            let target = "\(folder)/\(SnapshotLayout.folder(Scope(account: account.id.digits, region: region.name)))"
            try? FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            var calls: [@Sendable () async -> Void] = []
            for (action, range) in actions {
                calls.append {
                    await collectAction(action, range: range, client: client, folder: target, account: account.id.digits,
                                        region: region.name, request: request, recorder: recorder, progress: progress)
                }
            }
            callsByRegion.append(calls)
        }
        let calls = Self.takingTurns(callsByRegion)
        let queue = WorkQueue(calls)
        await withDiscardingTaskGroup { group in
            for _ in 0..<min(max(1, request.perAccountConcurrency), calls.count) {
                group.addTask {
                    while let call = queue.next() {
                        await limiter.withPermit { await call() }
                    }
                }
            }
        }
    }

    private static func enter(_ account: AccountTarget, request: CollectRequest, base: AWSCredentials, region: RegionName,
                              sts stsEndpoint: URL, transport: HTTPTransport, recorder: Recorder,
                              progress: CollectProgress) async throws -> AWSCredentials {
        var credentials = base
        if let role = account.role ?? request.roleTemplate {
            let arn = role.hasPrefix("arn:") ? role.replacingOccurrences(of: "{account_id}", with: account.id.digits)
                : "arn:\(region.partition):iam::\(account.id):role/\(role)"
            let sts = STSClient(endpoint: stsEndpoint, region: region.name, credentials: base, transport: transport, retry: request.retry)
            await progress.call()
            credentials = try await sts.assumeRole(arn: arn, sessionName: request.sessionName,
                                                   externalId: account.externalId ?? request.externalId).credentials
        }
        let sts = STSClient(endpoint: stsEndpoint, region: region.name, credentials: credentials, transport: transport,
                            retry: request.retry)
        await progress.call()
        let identity = try await sts.callerIdentity()
        guard identity.account == account.id.digits else {
            throw AWSCallError(code: "WrongAccount", message: "the credentials belong to account \(quotedForMessage(identity.account)), not \(account.id)")
        }
        await recorder.identify(account.id.digits, identity.arn)
        return credentials
    }

    /// The first item of each list, then the second of each, and so on: `[[a1, a2], [b1]]` gives
    /// `[a1, b1, a2]`.
    static func takingTurns<Item>(_ lists: [[Item]]) -> [Item] {
        var turns: [Item] = []
        turns.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for position in 0..<(lists.map(\.count).max() ?? 0) {
            for list in lists where position < list.count { turns.append(list[position]) }
        }
        return turns
    }
}
