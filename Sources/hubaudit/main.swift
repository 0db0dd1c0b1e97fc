import ArgumentParser
import Foundation
import HubAudit
import HubRules

/// The executable: argument parsing only, one library call per command.
struct HubAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hubaudit",
        abstract: "Audit a multi-account AWS network snapshot: peering routes, overlaps, security groups, flow logs.",
        discussion: """
            Exit codes: 0 clean; 1 findings at or above --fail-on; 2 the input could not be fully trusted \
            (unreadable or missing responses, bad policy); 64 usage.
            """,
        version: hubauditVersion,
        subcommands: [Scan.self, Rules.self])
}

extension HubAuditCommand {
    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Audit a snapshot folder and write the reports.")

        @Argument(help: "The snapshot folder: <account>/<region>/<Action>.xml, with an optional manifest.json.")
        var snapshot: String

        @Option(help: "Policy file (YAML). Default: the built-in defaults, as in policies/default.yml.")
        var policy: String?

        @Option(help: "Write the JSON report here ('-' for stdout).")
        var json: String?

        @Option(help: "Write the Markdown report here ('-' for stdout).")
        var markdown: String?

        @Option(help: "Exit 1 when a finding is at or above this severity (info, low, medium, high, critical). Default: the policy's fail_on.")
        var failOn: String?

        func validate() throws {
            if let failOn, Severity(name: failOn) == nil {
                throw ValidationError("--fail-on takes info, low, medium, high or critical, not '\(failOn)'")
            }
            if json == "-" && markdown == "-" {
                throw ValidationError("only one of --json and --markdown can write to stdout")
            }
        }

        func run() throws {
            let outcome = HubAudit.Scan.run(ScanRequest(snapshotPath: snapshot, policyPath: policy, jsonPath: json,
                                                        markdownPath: markdown, failOn: failOn.flatMap(Severity.init(name:))))
            for line in outcome.diagnostics { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            if json == "-", let text = outcome.json { FileHandle.standardOutput.write(Data(text.utf8)) }
            if markdown == "-", let text = outcome.markdown { FileHandle.standardOutput.write(Data(text.utf8)) }
            if !outcome.summary.isEmpty { print(outcome.summary) }
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
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

HubAuditCommand.main()
