import Foundation

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

    enum CodingKeys: String, CodingKey {
        case format, collector, accounts, actions, pages, failures, identities
        case takenAt = "taken_at"
    }

    public init(format: String = Manifest.format, takenAt: String? = nil, collector: String? = nil,
                accounts: [Account], actions: [String]? = nil, pages: [String: Int]? = nil, failures: [Failure]? = nil,
                identities: [String: String]? = nil) {
        self.identities = identities
        self.format = format
        self.takenAt = takenAt
        self.collector = collector
        self.accounts = accounts
        self.actions = actions
        self.pages = pages
        self.failures = failures
    }
}
