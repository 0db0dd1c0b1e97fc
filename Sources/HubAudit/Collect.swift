import Foundation
import HubAWS
import HubCollect
import HubModel

/// `hubaudit collect`: resolve credentials, pick the accounts and regions, collect into the store.
public struct CollectOptions: Sendable {
    public var accountsFile: String?
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

    public init(accountsFile: String?, regions: [String], store: String, role: String?, externalId: String?,
                sessionName: String, profile: String?, endpoint: URL?, pageSize: Int?, concurrency: Int, timeout: Double,
                attempts: Int) {
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
    }
}

public enum Collect {
    /// Exit 0: everything collected; 2: the snapshot was written but some calls failed (they are in
    /// its manifest, and scan reports the rules that needed them as not evaluated) or nothing could be.
    public static func run(_ options: CollectOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
                           transport: HTTPTransport? = nil, progress: CollectProgress = CollectProgress())
        async -> (exitCode: Int32, lines: [String]) {
        do {
            let chain = CredentialChain(environment: environment)
            let base = try chain.resolve(profile: options.profile)
            let regions = !options.regions.isEmpty ? options.regions : [chain.region(profile: options.profile) ?? "us-east-1"]
            let transport = transport ?? URLSessionTransport(timeout: options.timeout)
            let retry = RetryPolicy(maxAttempts: options.attempts)
            var accounts = try options.accountsFile.map(AccountsFile.load(path:)) ?? []
            var request = CollectRequest(accounts: [], regions: regions, store: options.store, roleTemplate: options.role,
                                         externalId: options.externalId, sessionName: options.sessionName,
                                         endpoint: options.endpoint, pageSize: options.pageSize,
                                         concurrency: options.concurrency, retry: retry)
            if accounts.isEmpty {
                // No accounts file: the account the credentials belong to.
                let credentials = try await Collector.resolve(base, request: request, transport: transport, progress: progress)
                let sts = STSClient(endpoint: options.endpoint ?? URL(string: "https://sts.\(regions[0]).amazonaws.com/")!,
                                    region: regions[0], credentials: credentials, transport: transport, retry: retry)
                accounts = [AccountTarget(id: try await sts.callerIdentity().account)]
            }
            request.accounts = accounts
            let summary = try await Collector.run(request, base: base, transport: transport, progress: progress)
            await progress.finish()
            let regionCount = Set(accounts.flatMap { $0.regions.isEmpty ? regions : $0.regions }).count
            var lines = summary.failures.map {
                "warning: \($0.account)/\($0.region) \($0.action): \($0.code)\($0.httpStatus.map { " (HTTP \($0))" } ?? ""): \($0.message ?? "")"
            }
            lines.append("collected \(Plural.count(accounts.count, "account")) × \(Plural.count(regionCount, "region")) into \(summary.snapshot): "
                + "\(Plural.count(summary.calls, "call")), \(Plural.count(summary.retries, "retry", "retries")), "
                + "\(Plural.count(summary.failures.count, "failure")) in \(String(format: "%.1f", summary.seconds))s")
            return (summary.failures.isEmpty ? 0 : 2, lines)
        } catch {
            await progress.finish()
            return (2, ["error: \(error)"])
        }
    }
}
