import Foundation
import Testing
import HubAWS
import HubModel
@testable import HubCollect

/// How many accounts and calls the collector keeps going at once: accounts are started as others
/// finish (a task per account started up front held memory for the whole run), and each account's
/// calls go out through at most perAccountConcurrency workers.
struct AccountWindowTests {
    /// Answers as an organisation would: AssumeRole into account N gives the key `ASIA<N>`, and
    /// GetCallerIdentity names the account of the key that signed it; EC2 pages are empty. Every
    /// request waits a little, so that calls overlap, and is logged with its account.
    final class Organisation: HTTPTransport, @unchecked Sendable {
        private let lock = NSLock()
        private(set) var log: [(account: String, action: String, region: String)] = []
        private var inFlight: [String: Int] = [:]
        private(set) var mostInFlight = 0
        private(set) var mostInFlightInOneAccount = 0

        var entries: [(account: String, action: String, region: String)] {
            lock.lock()
            defer { lock.unlock() }
            return log
        }

        func post(_ url: URL, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResponse {
            let form = String(decoding: body, as: UTF8.self)
            let action = Self.field("Action=", in: form, until: "&") ?? ""
            let account: String
            // Credential=<key>/<date>/<region>/<service>/aws4_request
            let scope = headers.first { $0.0 == "Authorization" }?.1.split(separator: "/") ?? []
            let region = scope.count > 2 ? String(scope[2]) : "?"
            if action == "AssumeRole" {
                // RoleArn=arn%3Aaws%3Aiam%3A%3A<account>%3Arole%2Faudit
                account = Self.field("iam%3A%3A", in: form, until: "%3A") ?? "?"
            } else {
                let authorization = headers.first { $0.0 == "Authorization" }?.1 ?? ""
                account = Self.field("Credential=ASIA", in: authorization, until: "/") ?? "?"
            }
            started(account, action, region)
            try await Task.sleep(nanoseconds: 2_000_000)
            finished(account)
            switch action {
            case "AssumeRole":
                return ScriptedTransport.ok("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>"
                    + "<AccessKeyId>ASIA\(account)</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>"
                    + "</Credentials></AssumeRoleResult></AssumeRoleResponse>")
            case "GetCallerIdentity":
                return ScriptedTransport.ok("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                    + "<Arn>arn:aws:sts::\(account):assumed-role/audit/h</Arn><Account>\(account)</Account></GetCallerIdentityResult></GetCallerIdentityResponse>")
            default:
                return ScriptedTransport.defaultAnswer(action)
            }
        }

        private func started(_ account: String, _ action: String, _ region: String) {
            lock.lock()
            log.append((account, action, region))
            inFlight[account, default: 0] += 1
            mostInFlight = max(mostInFlight, inFlight.values.reduce(0, +))
            mostInFlightInOneAccount = max(mostInFlightInOneAccount, inFlight[account]!)
            lock.unlock()
        }

        private func finished(_ account: String) {
            lock.lock()
            inFlight[account]! -= 1
            lock.unlock()
        }

        private static func field(_ prefix: String, in text: String, until end: String) -> String? {
            guard let start = text.range(of: prefix)?.upperBound else { return nil }
            let rest = text[start...]
            return String(rest[..<(rest.range(of: end)?.lowerBound ?? rest.endIndex)])
        }
    }

    static func accounts(_ count: Int) -> [AccountTarget] {
        (0..<count).map { AccountTarget(id: AccountId(String(format: "1000000000%02d", $0))!) }
    }

    static func collect(_ accounts: [AccountTarget], concurrency: Int, regions: [String] = ["us-east-1"],
                        transport: Organisation) async throws -> CollectSummary {
        var request = CollectorTests.request(accounts, store: try temporaryFolder() + "/store", regions: regions)
        request.concurrency = concurrency
        request.pacing = nil
        return try await Collector.run(request, base: CollectorTests.base, transport: transport, progress: CollectProgress(interactive: false))
    }

    /// When an account is entered (its AssumeRole), fewer than `accountsInProgress` others are
    /// between their first call and their last: the rest wait unstarted.
    @Test func accountsStartAsOthersFinish() async throws {
        let transport = Organisation()
        let summary = try await Self.collect(Self.accounts(8), concurrency: 2, transport: transport)
        #expect(summary.failures.isEmpty)
        let log = transport.entries
        var first: [String: Int] = [:], last: [String: Int] = [:]
        for (index, entry) in log.enumerated() {
            if first[entry.account] == nil { first[entry.account] = index }
            last[entry.account] = index
        }
        #expect(first.count == 8)
        var mostOpen = 0
        for (index, entry) in log.enumerated() where entry.action == "AssumeRole" {
            let open = first.keys.filter { first[$0]! < index && last[$0]! > index }.count
            mostOpen = max(mostOpen, open)
        }
        #expect(mostOpen < 2, "accounts in progress when another was entered: \(mostOpen)")
    }

    /// An account's regions take turns in its queue: pacing is per account and region, so working
    /// through one region before the next would hold the account to one region's rate.
    @Test func anAccountsRegionsTakeTurns() async throws {
        let transport = Organisation()
        let regions = ["us-east-1", "eu-west-1", "ap-south-1"]
        let summary = try await Self.collect(Self.accounts(1), concurrency: 8, regions: regions, transport: transport)
        #expect(summary.failures.isEmpty)
        let ec2 = transport.entries.filter { $0.action.hasPrefix("Describe") }
        #expect(ec2.count == regions.count * Collector.actions.count)
        // The first calls handed out are one of each region (four workers: the first three calls
        // start before any could finish).
        #expect(Set(ec2.prefix(regions.count).map(\.region)) == Set(regions))
        #expect(Collector.takingTurns([[1, 2, 3], [10], [20, 21]]) == [1, 10, 20, 2, 21, 3])
    }

    /// Each account's calls overlap, up to perAccountConcurrency and no further, across all its
    /// regions (concurrency to spare); the whole collection keeps to the concurrency (none to
    /// spare). Every call is still made.
    @Test func callsKeepToTheAccountsAndTheRunsLimits() async throws {
        let spare = Organisation()
        let summary = try await Self.collect(Self.accounts(3), concurrency: 12, regions: ["us-east-1", "eu-west-1"], transport: spare)
        #expect(summary.failures.isEmpty)
        #expect(spare.mostInFlightInOneAccount == 4)
        #expect(spare.entries.filter { $0.action.hasPrefix("Describe") }.count == 3 * 2 * Collector.actions.count)
        let tight = Organisation()
        _ = try await Self.collect(Self.accounts(3), concurrency: 3, transport: tight)
        #expect(tight.mostInFlight == 3)
    }
}
