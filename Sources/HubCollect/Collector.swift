import Foundation
import HubAWS
import HubCollectors
import HubModel
import HubXML

/// What `hubaudit collect` does, and with what.
public struct CollectRequest: Sendable {
    public var accounts: [AccountTarget]
    /// Regions for accounts whose entry names none.
    public var regions: [String]
    public var store: String
    /// A role name (`HubAuditRead`) or ARN template (`arn:aws:iam::{account_id}:role/HubAuditRead`)
    /// for accounts whose entry names no role.
    public var roleTemplate: String?
    public var externalId: String?
    public var sessionName: String
    /// One endpoint for EC2 and STS (a local moto server); nil: the AWS regional endpoints.
    public var endpoint: URL?
    /// Overrides each action's MaxResults (clamped to what the action accepts).
    public var pageSize: Int?
    public var concurrency: Int
    public var perAccountConcurrency: Int
    public var retry: RetryPolicy

    public init(accounts: [AccountTarget], regions: [String], store: String, roleTemplate: String? = nil,
                externalId: String? = nil, sessionName: String = "hubaudit", endpoint: URL? = nil, pageSize: Int? = nil,
                concurrency: Int = 8, perAccountConcurrency: Int = 4, retry: RetryPolicy = RetryPolicy()) {
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

/// Collects every account and region into a new snapshot of the store. One account's failure (its
/// role cannot be assumed, an action is denied) is recorded in the manifest and the others go on.
/// The snapshot is written in a hidden folder and renamed into place only when complete; then
/// `<store>/latest` points at it.
public enum Collector {
    /// EC2 calls collected in every account and region, with the MaxResults range each accepts.
    static let actions: [(Action, ClosedRange<Int>?)] = [
        (.describeVpcs, 5...1000), (.describeSubnets, 5...1000), (.describeRouteTables, 5...100),
        (.describeSecurityGroups, 5...1000), (.describeFlowLogs, 1...1000), (.describeVpcPeeringConnections, 5...1000),
        (.describeNetworkAcls, 5...1000), (.describeVpcEndpoints, 1...1000), (.describeManagedPrefixLists, 1...100),
        (.describeNetworkInterfaces, 5...1000), (.describeInstances, 5...1000),
    ]

    public static func run(_ request: CollectRequest, base: CredentialSource, transport: HTTPTransport,
                           progress: CollectProgress) async throws -> CollectSummary {
        let started = Date()
        let stamp = timestamp(started)
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: request.store, withIntermediateDirectories: true)
        var name = stamp
        var suffix = 1
        while fileManager.fileExists(atPath: "\(request.store)/\(name)") {
            suffix += 1
            name = "\(stamp)-\(suffix)"
        }
        let temporary = "\(request.store)/.collect-\(name)-\(ProcessInfo.processInfo.processIdentifier)"
        try fileManager.createDirectory(atPath: temporary, withIntermediateDirectories: true)

        let recorder = Recorder()
        let limiter = Limiter(request.concurrency)
        await progress.start(accounts: request.accounts.count)
        let baseCredentials: AWSCredentials
        do {
            baseCredentials = try await resolve(base, request: request, transport: transport, progress: progress)
        } catch {
            try? fileManager.removeItem(atPath: temporary)
            throw error
        }
        await withTaskGroup(of: Void.self) { group in
            for account in request.accounts {
                group.addTask {
                    await collect(account, request: request, base: baseCredentials, folder: temporary, transport: transport,
                                  limiter: limiter, recorder: recorder, progress: progress)
                    await progress.accountDone()
                }
            }
        }

        let state = await recorder.state
        let manifest = Manifest(
            takenAt: isoTime(started), collector: "hubaudit collect", accounts: request.accounts.map { account in
                Manifest.Account(id: account.id, name: account.name, regions: regions(of: account, request))
            },
            actions: actions.map(\.0.rawValue) + [Action.getManagedPrefixListEntries.rawValue],
            pages: state.pages, failures: state.failures.sorted { ($0.account, $0.region, $0.action) < ($1.account, $1.region, $1.action) },
            identities: state.identities)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: "\(temporary)/manifest.json"))
        let final = "\(request.store)/\(name)"
        try fileManager.moveItem(atPath: temporary, toPath: final)
        try pointLatest(store: request.store, at: name)
        let counters = await progress.counters
        return CollectSummary(snapshot: final, manifest: manifest, calls: counters.calls, retries: counters.retries,
                              seconds: Date().timeIntervalSince(started))
    }

    static func regions(of account: AccountTarget, _ request: CollectRequest) -> [String] {
        account.regions.isEmpty ? request.regions : account.regions
    }

    /// Static keys as they are; a profile's role (role_arn + source_profile) assumed through STS.
    public static func resolve(_ source: CredentialSource, request: CollectRequest, transport: HTTPTransport,
                        progress: CollectProgress) async throws -> AWSCredentials {
        switch source {
        case .credentials(let credentials):
            return credentials
        case .assumeRole(let roleArn, let externalId, let sessionName, let inner, _):
            let sourceCredentials = try await resolve(inner, request: request, transport: transport, progress: progress)
            let region = request.regions.first ?? "us-east-1"
            let sts = STSClient(endpoint: request.endpoint ?? stsEndpoint(region), region: region, credentials: sourceCredentials,
                                transport: transport, retry: request.retry)
            await progress.call()
            return try await sts.assumeRole(arn: roleArn, sessionName: sessionName ?? request.sessionName,
                                            externalId: externalId).credentials
        }
    }

    private static func collect(_ account: AccountTarget, request: CollectRequest, base: AWSCredentials, folder: String,
                                transport: HTTPTransport, limiter: Limiter, recorder: Recorder, progress: CollectProgress) async {
        let regions = regions(of: account, request)
        let home = regions.first ?? "us-east-1"
        // Into the account: its role when one is named, else the base identity, which must be this account's.
        let credentials: AWSCredentials
        do {
            credentials = try await limiter.withPermit {
                try await enter(account, request: request, base: base, region: home, transport: transport, recorder: recorder,
                                progress: progress)
            }
        } catch {
            let failure = error as? AWSCallError ?? AWSCallError(code: "CredentialError", message: String(describing: error))
            for region in regions {
                for (action, _) in actions {
                    await recorder.fail(account.id, region, action.rawValue, failure)
                }
            }
            await progress.failed(regions.count * actions.count)
            return
        }
        let accountLimiter = Limiter(request.perAccountConcurrency)
        await withTaskGroup(of: Void.self) { group in
            for region in regions {
                let client = QueryClient(endpoint: request.endpoint ?? ec2Endpoint(region), region: region, service: "ec2",
                                         version: "2016-11-15", credentials: credentials, transport: transport,
                                         retry: request.retry, onRetry: { _ in Task { await progress.retried() } })
                let target = "\(folder)/\(account.id)/\(region)"
                try? FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                for (action, range) in actions {
                    group.addTask {
                        await accountLimiter.withPermit {
                            await limiter.withPermit {
                                await collect(action, range: range, client: client, folder: target, account: account.id,
                                              region: region, request: request, recorder: recorder, progress: progress)
                            }
                        }
                    }
                }
            }
        }
    }

    private static func enter(_ account: AccountTarget, request: CollectRequest, base: AWSCredentials, region: String,
                              transport: HTTPTransport, recorder: Recorder, progress: CollectProgress) async throws -> AWSCredentials {
        let stsEndpoint = request.endpoint ?? stsEndpoint(region)
        var credentials = base
        if let role = account.role ?? request.roleTemplate {
            let arn = role.hasPrefix("arn:") ? role.replacingOccurrences(of: "{account_id}", with: account.id)
                : "arn:aws:iam::\(account.id):role/\(role)"
            let sts = STSClient(endpoint: stsEndpoint, region: region, credentials: base, transport: transport, retry: request.retry)
            await progress.call()
            credentials = try await sts.assumeRole(arn: arn, sessionName: request.sessionName,
                                                   externalId: account.externalId ?? request.externalId).credentials
        }
        let sts = STSClient(endpoint: stsEndpoint, region: region, credentials: credentials, transport: transport, retry: request.retry)
        await progress.call()
        let identity = try await sts.callerIdentity()
        guard identity.account == account.id else {
            throw AWSCallError(code: "WrongAccount", message: "the credentials belong to account \(identity.account), not \(account.id)")
        }
        await recorder.identify(account.id, identity.arn)
        return credentials
    }

    /// One action in one account and region, every page; then, for prefix lists, their entries.
    private static func collect(_ action: Action, range: ClosedRange<Int>?, client: QueryClient, folder: String, account: String,
                                region: String, request: CollectRequest, recorder: Recorder, progress: CollectProgress) async {
        var parameters: [(String, String)] = []
        if let range {
            let size = min(max(request.pageSize ?? range.upperBound, range.lowerBound), range.upperBound)
            parameters.append(("MaxResults", String(size)))
        }
        let listIds = await page(action.rawValue, stem: action.rawValue, parameters: parameters, client: client, folder: folder,
                                 account: account, region: region, recorder: recorder, progress: progress)
        guard action == .describeManagedPrefixLists else { return }
        for id in listIds {
            let entriesRange = 1...100
            let size = min(max(request.pageSize ?? 100, entriesRange.lowerBound), entriesRange.upperBound)
            _ = await page(Action.getManagedPrefixListEntries.rawValue, stem: "GetManagedPrefixListEntries.\(id)",
                           parameters: [("PrefixListId", id), ("MaxResults", String(size))], client: client, folder: folder,
                           account: account, region: region, recorder: recorder, progress: progress)
        }
    }

    /// Follows NextToken to the end, saving each body byte for byte: `stem.xml` for one page,
    /// `stem.1.xml`, `stem.2.xml`, … for several. Returns the prefix-list ids a page listed.
    private static func page(_ action: String, stem: String, parameters: [(String, String)], client: QueryClient, folder: String,
                             account: String, region: String, recorder: Recorder, progress: CollectProgress) async -> [String] {
        var token: String?
        var written: [String] = []
        var listIds: [String] = []
        repeat {
            let number = written.count + 1
            let path = number == 1 ? "\(folder)/\(stem).xml" : "\(folder)/\(stem).\(number).xml"
            let sink = PageSink(path: path, name: "\(account)/\(region)/\(stem)", expected: action)
            do {
                await progress.call()
                // The body streams into the file and the parser together: a page is never held whole.
                try await client.call(action, parameters + (token.map { [("NextToken", $0)] } ?? []), streamingTo: sink)
                token = sink.reader.nextToken.flatMap { $0.isEmpty ? nil : $0 }
                listIds += sink.reader.prefixListIds
            } catch {
                for file in written + [path] { try? FileManager.default.removeItem(atPath: file) }
                let failure = error as? AWSCallError
                    ?? AWSCallError(code: "MalformedResponse", message: String(describing: error))
                await recorder.fail(account, region, stem, failure)
                await progress.failed(1)
                return []
            }
            if number == 2 {
                // A second page: the first becomes page 1.
                let first = "\(folder)/\(stem).1.xml"
                try? FileManager.default.moveItem(atPath: written[0], toPath: first)
                written[0] = first
            }
            written.append(path)
        } while token != nil
        if written.count > 1 { await recorder.pages("\(account)/\(region)/\(stem)", written.count) }
        return listIds
    }

    static func ec2Endpoint(_ region: String) -> URL { URL(string: "https://ec2.\(region).amazonaws.com/")! }
    static func stsEndpoint(_ region: String) -> URL { URL(string: "https://sts.\(region).amazonaws.com/")! }

    /// `<store>/latest` → the new snapshot, replaced atomically (a new link renamed over the old).
    static func pointLatest(store: String, at name: String) throws {
        let link = "\(store)/latest"
        let temporary = "\(store)/.latest-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: temporary)
        try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: name)
        guard rename(temporary, link) == 0 else {
            throw AWSCallError(code: "WriteError", message: "cannot point \(link) at \(name)")
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

/// What the collection recorded for the manifest, shared by the concurrent tasks.
actor Recorder {
    struct State {
        var pages: [String: Int] = [:]
        var failures: [Manifest.Failure] = []
        var identities: [String: String] = [:]
    }

    private(set) var state = State()

    func pages(_ key: String, _ count: Int) { state.pages[key] = count }

    func identify(_ account: String, _ arn: String) { state.identities[account] = arn }

    func fail(_ account: String, _ region: String, _ action: String, _ error: AWSCallError) {
        state.failures.append(Manifest.Failure(account: account, region: region, action: action, code: error.code,
                                               message: error.message, httpStatus: error.httpStatus))
    }
}

/// At most `limit` bodies of work at once (requests overall, or per account).
actor Limiter {
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ limit: Int) { self.limit = max(1, limit) }

    func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    nonisolated func withPermit<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }
}

/// Saves a page byte for byte while parsing it: what arrives goes to the file and the push parser.
final class PageSink: BodySink, @unchecked Sendable {
    let path: String
    let name: String
    let expected: String
    private(set) var reader: PageReader
    private var parser: ResponseParser?
    private var file: UnsafeMutablePointer<FILE>?

    init(path: String, name: String, expected: String) {
        self.path = path
        self.name = name
        self.expected = expected
        reader = PageReader(expected: expected)
    }

    deinit { if let file { fclose(file) } }

    func begin() throws {
        if let file { fclose(file) }
        guard let opened = fopen(path, "wb") else {
            throw AWSCallError(code: "WriteError", message: "\(path): cannot write")
        }
        file = opened
        reader = PageReader(expected: expected)
        parser = ResponseParser(name: name, handler: reader)
    }

    func consume(_ chunk: UnsafeRawBufferPointer) throws {
        guard chunk.count > 0 else { return }
        guard fwrite(chunk.baseAddress, 1, chunk.count, file) == chunk.count else {
            throw AWSCallError(code: "WriteError", message: "\(path): write failed")
        }
        try parser?.feed(chunk)
    }

    func end() throws {
        if let file, fclose(file) != 0 {
            self.file = nil
            throw AWSCallError(code: "WriteError", message: "\(path): write failed")
        }
        file = nil
        try parser?.finish()
    }
}

/// Reads what collection needs from a page: that it is the expected response, its nextToken, and
/// (for DescribeManagedPrefixLists) the list ids whose entries to fetch next.
final class PageReader: ResponseHandler {
    let expected: String
    var nextToken: String?
    var prefixListIds: [String] = []

    init(expected: String) { self.expected = expected }

    func didStartRoot(_ name: String, line: Int) throws {
        guard name == "\(expected)Response" else {
            throw AWSCallError(code: "MalformedResponse", message: "expected <\(expected)Response>, got <\(name)>")
        }
    }

    func didReadField(_ name: XMLName, text: String, line: Int) throws {
        if name == .nextToken { nextToken = text }
    }

    func didReadItem(_ item: ItemElement, in container: XMLName) throws {
        if container == .prefixListSet, let id = item.value(.prefixListId) { prefixListIds.append(id) }
    }
}
