import Foundation
import HubAWS
import HubCollect
import HubModel
import HubReport

/// `hubaudit export securityhub`: a JSON report's findings into AWS Security Hub (BatchImportFindings,
/// the custom integration's default product ARN), or, with a dry run, the request bodies it would send.
public struct SecurityHubExportOptions: Sendable {
    public var report: String
    public var baseline: String?
    /// As typed; checked by `ExportSecurityHub.usageProblem` first.
    public var region: String?
    public var account: String?
    public var endpoint: URL?
    public var profile: String?
    /// Dry run: write the request bodies, one JSON document a line, here ("-": standard output), send nothing.
    public var output: String?
    public var dryRun: Bool
    public var timeout: Double
    public var attempts: Int

    public init(report: String, baseline: String? = nil, region: String? = nil, account: String? = nil, endpoint: URL? = nil,
                profile: String? = nil, output: String? = nil, dryRun: Bool = false, timeout: Double = 30, attempts: Int = 5) {
        self.report = report
        self.baseline = baseline
        self.region = region
        self.account = account
        self.endpoint = endpoint
        self.profile = profile
        self.output = output
        self.dryRun = dryRun
        self.timeout = timeout
        self.attempts = attempts
    }

    /// A dry run prints or writes the bodies instead of sending them.
    var isDryRun: Bool { dryRun || output != nil }
}

public enum ExportSecurityHub {
    public struct Result: Sendable {
        public var exitCode: Int32
        /// The dry run's request bodies when they go to standard output.
        public var output: String
        /// Diagnostics and the summary, for standard error.
        public var lines: [String]
    }

    /// The BatchImportFindings path of Security Hub's REST-JSON API.
    static let importPath = "/findings/import"

    /// Exit 0: every finding sent was imported (or, dry run, the bodies were written); 2: the report
    /// could not be read, a finding failed to import, the call failed, or archiving was withheld because
    /// the report is not fully trusted; 64: an option is unusable.
    public static func run(_ options: SecurityHubExportOptions,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           transport: HTTPTransport? = nil) async -> Result {
        if let problem = usageProblem(options) { return Result(exitCode: 64, output: "", lines: ["error: \(problem)"]) }
        // 8 connections a host, as URLSession's default gave before.
        return await CommandTransport.run(transport, timeout: options.timeout, connectionsPerHost: 8, environment: environment,
                                          failure: { Result(exitCode: 2, output: "", lines: ["error: \(terminal: $0)"]) }) { transport in
            await export(options, environment: environment, transport: transport)
        }
    }

    private static func export(_ options: SecurityHubExportOptions, environment: [String: String],
                               transport: HTTPTransport) async -> Result {
        do {
            let report = try ReportFile.load(path: options.report)
            let baseline = try options.baseline.map { try ReportFile.load(path: $0, label: "baseline report") }
            let chain = CredentialChain(environment: environment)
            let region = try self.region(options, chain)
            let retry = RetryPolicy(maxAttempts: options.attempts)
            var credentials: AWSCredentials?
            func resolved() async throws -> AWSCredentials {
                if let credentials { return credentials }
                let base = try chain.resolve(profile: options.profile)
                let request = CollectRequest(accounts: [], regions: [region], store: "", endpoint: options.endpoint, retry: retry)
                let found = try await Collector.resolve(base, request: request, transport: transport,
                                                        progress: CollectProgress(interactive: false))
                credentials = found
                return found
            }
            let account: AccountId
            if let typed = options.account.flatMap(AccountId.init) {
                account = typed
            } else {
                let sts = STSClient(endpoint: try options.endpoint ?? Endpoints.regional("sts", region), region: region.name,
                                    credentials: try await resolved(), transport: transport, retry: retry)
                let answered = try await sts.callerIdentity().account
                guard let id = AccountId(answered) else {
                    throw CollectFailure("GetCallerIdentity answered with \(AccountId.problem(with: answered))")
                }
                account = id
            }
            let target = SecurityHubExport.Target(account: account, region: region)
            let plan = try SecurityHubExport.plan(report: report, baseline: baseline, target: target)
            let batches = SecurityHubBatches.batches(plan.findings)
            var lines = notes(plan, target: target, report: report)
            if options.isDryRun {
                let text = batches.map { String(decoding: $0.body, as: UTF8.self) + "\n" }.joined()
                var output = ""
                if let path = options.output, path != "-" {
                    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                        throw CollectFailure("cannot write \(path)")
                    }
                } else {
                    output = text
                }
                lines.append("dry run: \(Plural.count(plan.findings.count, "finding")) for account \(account) in \(region) "
                    + "(\(plan.active) from the report, \(plan.archived) archived) in \(Plural.count(batches.count, "request")), none sent")
                return Result(exitCode: withheldForTrust(plan, baseline) ? 2 : 0, output: output, lines: lines)
            }
            let client = JSONClient(endpoint: try options.endpoint ?? Endpoints.regional("securityhub", region), region: region.name,
                                    service: "securityhub", credentials: try await resolved(), transport: transport, retry: retry)
            let outcome = await send(batches, with: client)
            lines += outcome.lines
            let archivedIds = Set(plan.findings.filter { $0.recordState == "ARCHIVED" }.map(\.id))
            let archived = outcome.imported.filter(archivedIds.contains).count
            lines.append("exported to Security Hub (account \(account), \(region)): imported \(outcome.imported.count - archived), "
                + "archived \(archived), failed \(outcome.failed)"
                + (outcome.unsent > 0 ? ", not sent \(outcome.unsent)" : ""))
            let clean = outcome.failed == 0 && outcome.unsent == 0 && !withheldForTrust(plan, baseline)
            return Result(exitCode: clean ? 0 : 2, output: "", lines: lines)
        } catch {
            return Result(exitCode: 2, output: "", lines: ["error: \(terminal: error)"])
        }
    }

    /// Why the options cannot be used (exit 64), or nil.
    public static func usageProblem(_ options: SecurityHubExportOptions) -> String? {
        if let endpoint = options.endpoint, let problem = Endpoints.overrideProblem(endpoint) { return problem }
        if let region = options.region, RegionName(region) == nil { return "--region: \(RegionName.problem(with: region))" }
        if let account = options.account, AccountId(account) == nil { return "--account: \(AccountId.problem(with: account))" }
        if options.attempts < 1 || options.timeout <= 0 { return "--attempts takes at least 1, --timeout a positive number" }
        return nil
    }

    /// `--region`, else the environment's or the profile's, else us-east-1.
    static func region(_ options: SecurityHubExportOptions, _ chain: CredentialChain) throws -> RegionName {
        if let typed = options.region.flatMap(RegionName.init) { return typed }
        guard let text = chain.region(profile: options.profile) else { return Collector.defaultRegion }
        guard let region = RegionName(text) else {
            throw CollectFailure("the region from AWS_REGION, AWS_DEFAULT_REGION or the profile: \(RegionName.problem(with: text))")
        }
        return region
    }

    /// Archiving was asked for (a baseline) and refused because the report is not fully trusted.
    static func withheldForTrust(_ plan: SecurityHubExport.Plan, _ baseline: ReportFile?) -> Bool {
        baseline != nil && plan.untrusted && !plan.withheld.isEmpty
    }

    /// What the export leaves out and why, before it sends anything.
    static func notes(_ plan: SecurityHubExport.Plan, target: SecurityHubExport.Target, report: ReportFile) -> [String] {
        var lines: [String] = []
        if plan.untrusted {
            lines.append("warning: \(terminal: report.path): the scan could not trust all of its input (verdict exit 2): "
                + "its findings are exported, but they may not be all there are")
        }
        if !plan.otherAccounts.isEmpty {
            let accounts = plan.otherAccounts.keys.sorted().map { "\($0) (\(plan.otherAccounts[$0]!))" }.joined(separator: ", ")
            lines.append("note: not sent: \(Plural.count(plan.otherAccounts.values.reduce(0, +), "finding")) of other accounts, "
                + "\(accounts): Security Hub takes a custom integration's findings only from their own account; "
                + "export with each account's credentials")
        }
        if !plan.withheld.isEmpty {
            lines.append("warning: not archived: \(Plural.count(plan.withheld.count, "finding")) of the baseline missing from the report, "
                + "whose absence proves nothing: "
                + plan.withheld.prefix(10).map { "\($0.fingerprint) (\(terminal: $0.reason))" }.joined(separator: "; ")
                + (plan.withheld.count > 10 ? "; …" : ""))
        }
        return lines
    }

    struct Outcome {
        var imported: [String] = []
        var failed = 0
        /// Findings of batches not sent after a call failed for good.
        var unsent = 0
        var lines: [String] = []
    }

    /// Each batch in turn. A finding Security Hub refuses is named with its error; a call that fails
    /// for good (after the retries) stops the export, the rest counted as not sent.
    static func send(_ batches: [SecurityHubBatches.Batch], with client: JSONClient) async -> Outcome {
        var outcome = Outcome()
        for (index, batch) in batches.enumerated() {
            let body: [UInt8]
            do {
                body = try await client.post(importPath, body: batch.body)
            } catch {
                outcome.lines.append("error: BatchImportFindings (request \(index + 1) of \(batches.count), "
                    + "\(Plural.count(batch.ids.count, "finding"))): \(terminal: error)")
                outcome.unsent = batches[index...].map(\.ids.count).reduce(0, +)
                return outcome
            }
            let answer = ImportAnswer.read(body, ids: batch.ids)
            outcome.imported += answer.imported
            outcome.failed += answer.failed.count
            outcome.lines += answer.failed.map { "failed: \(terminal: $0.id): \(terminal: $0.code): \(terminal: $0.message)" }
        }
        return outcome
    }
}

/// BatchImportFindings' answer: `{"FailedCount": n, "SuccessCount": m, "FailedFindings": [{Id, ErrorCode, ErrorMessage}]}`.
struct ImportAnswer {
    struct Failure {
        var id: String
        var code: String
        var message: String
    }

    var imported: [String]
    var failed: [Failure]

    private struct Body: Decodable {
        struct Failed: Decodable {
            var Id: String?
            var ErrorCode: String?
            var ErrorMessage: String?
        }
        var FailedCount: Int?
        var SuccessCount: Int?
        var FailedFindings: [Failed]?
    }

    /// Fail closed: an answer that cannot be read, or that counts more failures than it names,
    /// leaves every finding it does not account for failed — never imported.
    static func read(_ bytes: [UInt8], ids: [String]) -> ImportAnswer {
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(bytes)) else {
            return ImportAnswer(imported: [], failed: ids.map { Failure(id: $0, code: "UnreadableAnswer", message: "BatchImportFindings answered with no readable result") })
        }
        let sent = Set(ids)
        var failed = (body.FailedFindings ?? []).map {
            Failure(id: $0.Id ?? "(no id)", code: $0.ErrorCode ?? "(no code)", message: $0.ErrorMessage ?? "")
        }
        let named = Set(failed.map(\.id)).intersection(sent)
        let unnamedFailures = max(0, (body.FailedCount ?? failed.count) - failed.count)
        let succeeded = body.SuccessCount ?? (ids.count - failed.count)
        var imported = ids.filter { !named.contains($0) }
        if unnamedFailures > 0 || succeeded < imported.count {
            // The answer does not say which ones failed: none of the unnamed ones is counted imported.
            failed += imported.map { Failure(id: $0, code: "Unconfirmed", message: "the answer does not confirm this finding was imported") }
            imported = []
        }
        return ImportAnswer(imported: imported, failed: failed)
    }
}
