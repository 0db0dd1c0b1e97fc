import ArgumentParser
import Foundation
import HubAudit
import HubModel
import HubRules

/// The executable: argument parsing only, one library call per command.
@main
struct HubAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hubaudit",
        abstract: "Audit a multi-account AWS network snapshot: peering routes, overlaps, security groups, flow logs.",
        discussion: """
            Exit codes (scan): 0 clean; 1 unwaived findings at or above --fail-on; 2 the input could not be \
            fully trusted (unreadable, missing or failed responses, bad policy); 64 usage. \
            collect: 0 everything collected, 2 some calls failed; diff: 1 when an unwaived finding is new.
            """,
        version: hubauditVersion,
        subcommands: [Collect.self, Scan.self, Path.self, Diff.self, Rules.self])
}

extension HubAuditCommand {
    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Audit a snapshot folder (or the newest snapshot of a store) and write the reports.")

        @Argument(help: "The snapshot folder: <account>/<region>/<Action>.xml, with an optional manifest.json.")
        var snapshot: String?

        @Option(help: "A store of dated snapshots (<store>/<timestamp>/…): audit the newest, compare with the previous one's report.")
        var store: String?

        @Option(help: "With --store: where reports go, as <reports>/<timestamp>/report.json and review.md.")
        var reports = "reports"

        @Option(help: "Policy file (YAML). Default: the built-in defaults, as in policies/default.yml.")
        var policy: String?

        @Option(help: "A waivers file (YAML, `waivers:` list), added to the policy's waivers.")
        var waivers: String?

        @Option(help: "The previous run's JSON report: mark findings new or unchanged and list the resolved ones.")
        var baseline: String?

        @Option(help: "Write the JSON report here ('-' for stdout).")
        var json: String?

        @Option(help: "Write the Markdown report here ('-' for stdout).")
        var markdown: String?

        @Option(help: "Write a SARIF 2.1.0 report here (code-scanning dashboards: one result per unwaived finding).")
        var sarif: String?

        @Option(help: "Write a JUnit XML report here (CI test dashboards: a suite per rule, a case per account/region).")
        var junit: String?

        @Option(help: "Exit 1 when an unwaived finding is at or above this severity (info, low, medium, high, critical). Default: the policy's fail_on.")
        var failOn: String?

        @Option(help: "Judge waiver expiry on this day (YYYY-MM-DD). Default: today, UTC.")
        var asOf: String?

        func validate() throws {
            if let failOn, Severity(name: failOn) == nil {
                throw ValidationError("--fail-on takes info, low, medium, high or critical, not '\(failOn)'")
            }
            if json == "-" && markdown == "-" {
                throw ValidationError("only one of --json and --markdown can write to stdout")
            }
            if (snapshot == nil) == (store == nil) {
                throw ValidationError("give either a snapshot folder or --store DIR")
            }
        }

        func run() throws {
            let request = ScanRequest(snapshotPath: snapshot ?? "", policyPath: policy, waiversPath: waivers,
                                      baselinePath: baseline, jsonPath: json, markdownPath: markdown,
                                      sarifPath: sarif, junitPath: junit,
                                      failOn: failOn.flatMap(Severity.init(name:)), asOf: asOf)
            let outcome: ScanOutcome
            if let store {
                let (storeOutcome, notes) = SnapshotStore.scan(store: store, reports: reports, base: request)
                notes.forEach(standardError)
                outcome = storeOutcome
            } else {
                outcome = HubAudit.Scan.run(request)
            }
            for line in outcome.diagnostics { standardError(line) }
            if json == "-", let text = outcome.json { FileHandle.standardOutput.write(Data(text.utf8)) }
            if markdown == "-", let text = outcome.markdown { FileHandle.standardOutput.write(Data(text.utf8)) }
            if !outcome.summary.isEmpty { print(outcome.summary) }
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        }
    }

    struct Collect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
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

        @Option(help: "One endpoint for EC2 and STS (an EC2-compatible endpoint such as a local moto server).")
        var endpointUrl: String?

        @Option(help: "MaxResults for every paginated call (clamped to what each action accepts). Default: the largest.")
        var pageSize: Int?

        @Option(help: "Requests in flight at most, over all accounts (each account: at most 4).")
        var concurrency = 8

        @Option(help: "Seconds a request may wait for an answer before it is retried.")
        var timeout = 30.0

        @Option(help: "Attempts per call for throttling and transient failures (capped exponential backoff with jitter).")
        var attempts = 5

        func validate() throws {
            if let endpointUrl, URL(string: endpointUrl)?.scheme == nil {
                throw ValidationError("--endpoint-url takes a URL such as http://127.0.0.1:5055, not '\(endpointUrl)'")
            }
            guard concurrency >= 1, attempts >= 1, timeout > 0 else {
                throw ValidationError("--concurrency and --attempts take at least 1, --timeout a positive number")
            }
        }

        func run() async throws {
            let options = CollectOptions(
                accountsFile: accounts, regions: regions.map { $0.split(separator: ",").map(String.init) } ?? [], store: out,
                role: role, externalId: externalId, sessionName: sessionName, profile: profile,
                endpoint: endpointUrl.flatMap(URL.init(string:)), pageSize: pageSize, concurrency: concurrency,
                timeout: timeout, attempts: attempts)
            let result = await HubAudit.Collect.run(options)
            result.lines.forEach(standardError)
            if result.exitCode != 0 { throw ExitCode(result.exitCode) }
        }
    }

    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Can one endpoint reach another? Which protocols and ports, hop by hop, both legs.",
            discussion: """
                Endpoints: an instance, interface, subnet or VPC id, a Name tag, or ACCOUNT:CIDR. Exit 0 reachable \
                (some of the asked traffic), 1 blocked, 2 not evaluated (an input the answer needs is missing, or \
                the path leaves the modelled network), 64 usage (including an endpoint that matches nothing).
                """)

        @Argument(help: "The snapshot folder.")
        var snapshot: String

        @Option(help: "Where traffic starts: i-…, eni-…, subnet-…, vpc-…, a Name tag, or ACCOUNT:CIDR.")
        var from: String

        @Option(help: "Where it goes (same forms as --from).")
        var to: String

        @Option(name: .customLong("protocol"), help: "tcp, udp, icmp, icmpv6, all, or a protocol number. Default: all traffic (tcp with --port).")
        var ipProtocol: String?

        @Option(help: "A port or range (5432, 8000-8080); for icmp a type, or type/code.")
        var port: String?

        @Option(help: "The ports replies go to (the source's ephemeral range).")
        var ephemeralPorts = "1024-65535"

        @Flag(help: "Print the answer as JSON (schema hubaudit-path/1).")
        var json = false

        func run() throws {
            let outcome = HubAudit.Path.run(PathRequest(snapshotPath: snapshot, from: from, to: to, ipProtocol: ipProtocol, port: port,
                                                        json: json, ephemeralPorts: ephemeralPorts))
            outcome.diagnostics.forEach(standardError)
            if !outcome.output.isEmpty { print(outcome.output, terminator: "") }
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two JSON reports: new and resolved findings (exit 1 when an unwaived finding is new).")

        @Argument(help: "The older JSON report.")
        var old: String

        @Argument(help: "The newer JSON report.")
        var new: String

        func run() throws {
            let result = HubAudit.Diff.run(old: old, new: new)
            for line in result.diagnostics { standardError(line) }
            if !result.output.isEmpty { print(result.output, terminator: "") }
            if result.exitCode != 0 { throw ExitCode(result.exitCode) }
        }
    }

    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rules, their cases, parameters and examples.")

        @Flag(help: "Print a policy file with every rule, severity and parameter at its default instead.")
        var policyTemplate = false

        func run() throws {
            print(policyTemplate ? RulesListing.policyTemplate() : RulesListing.render())
        }
    }
}

/// A diagnostic on stderr. Values in it were escaped where they were interpolated; this is the last
/// guard: no escape sequence, carriage return or other control character reaches the terminal.
func standardError(_ line: String) {
    FileHandle.standardError.write(Data((TerminalText.escapeKeepingNewlines(line) + "\n").utf8))
}
