import Foundation
import HubAWS
import HubSnapshot
import HubModel

/// What `hubaudit collect` does, and with what.
public struct CollectRequest: Sendable {
    public var accounts: [AccountTarget]
    /// Regions for accounts whose entry names none.
    public var regions: [RegionName]
    public var store: String
    /// A role name (`HubAuditRead`) or ARN template (`arn:aws:iam::{account_id}:role/HubAuditRead`)
    /// for accounts whose entry names no role.
    public var roleTemplate: String?
    public var externalId: String?
    public var sessionName: String
    /// One endpoint for EC2 and STS (a local moto server); nil: the AWS regional endpoints. Checked
    /// by `Endpoints.overrideProblem` before any call.
    public var endpoint: URL?
    /// Overrides each action's MaxResults (clamped to what the action accepts).
    public var pageSize: Int?
    public var concurrency: Int
    public var perAccountConcurrency: Int
    /// Accounts collected at once: as many as requests in flight. Each keeps at most
    /// perAccountConcurrency calls in flight, so this leaves enough accounts started to fill the
    /// requests' places while some enter (STS) or finish their last follow-ups, and bounds what is
    /// alive by the concurrency, not by the organisation's size.
    public var accountsInProgress: Int { max(1, concurrency) }
    public var retry: RetryPolicy
    /// The client-side bucket of each account and region (nil: no pacing, retries alone).
    public var pacing: PacingPolicy?
    /// With `collect --shard`: which part of which account set `accounts` is, for the manifest.
    public var shard: Manifest.Shard?

    public init(accounts: [AccountTarget], regions: [RegionName], store: String, roleTemplate: String? = nil,
                externalId: String? = nil, sessionName: String = "hubaudit", endpoint: URL? = nil, pageSize: Int? = nil,
                concurrency: Int = 8, perAccountConcurrency: Int = 4, retry: RetryPolicy = RetryPolicy(),
                pacing: PacingPolicy? = PacingPolicy(), shard: Manifest.Shard? = nil) {
        self.shard = shard
        self.accounts = accounts
        self.regions = regions
        self.store = store
        self.roleTemplate = roleTemplate
        self.externalId = externalId
        self.sessionName = sessionName
        self.endpoint = endpoint
        self.pageSize = pageSize
        self.concurrency = concurrency
        self.perAccountConcurrency = perAccountConcurrency
        self.retry = retry
        self.pacing = pacing
    }
}

public struct CollectSummary: Sendable {
    /// The new snapshot folder (`<store>/<timestamp>`).
    public var snapshot: String
    public var manifest: Manifest
    public var calls: Int
    public var retries: Int
    public var seconds: Double

    public var failures: [Manifest.Failure] { manifest.failures ?? [] }
}
