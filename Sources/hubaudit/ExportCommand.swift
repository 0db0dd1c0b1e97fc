import ArgumentParser
import Foundation
import HubAudit

/// `hubaudit export`: a JSON report's findings into another tool. One subcommand per destination.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Send a JSON report's findings to another tool (Security Hub).",
        subcommands: [SecurityHubExportCommand.self])
}

/// `hubaudit export securityhub`: options only; the work is `HubAudit.ExportSecurityHub`.
struct SecurityHubExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "securityhub",
        abstract: "Import a JSON report's findings into AWS Security Hub (BatchImportFindings, ASFF).",
        discussion: """
            Findings carry the custom integration's default product ARN of the account the credentials belong to \
            (STS GetCallerIdentity, or --account), and only that account's findings are sent: Security Hub takes \
            them from no other. Waived findings arrive suppressed; with --baseline, findings of the previous report \
            that this one no longer has are archived and resolved — unless the report is not fully trusted, or the \
            rule did not run or was not evaluated there. Exit 0: all imported; 2: the report could not be read, a \
            finding was refused (each is named), the call failed, or archiving was withheld; 64: usage.
            """)

    @Argument(help: "The JSON report hubaudit scan wrote (schema hubaudit-report/1).")
    var report: String

    @Option(help: "The previous JSON report: its findings missing from this one are archived (RecordState ARCHIVED, Workflow RESOLVED).")
    var baseline: String?

    @Option(help: "The Security Hub region. Default: the profile's or AWS_REGION, else us-east-1.")
    var region: String?

    @Option(help: "The account whose product ARN the findings carry and whose findings are sent. Default: the credentials' account (STS GetCallerIdentity).")
    var account: String?

    @Option(help: "One endpoint for Security Hub and STS (a local moto server): http or https, without user:password@, ?query or #fragment.")
    var endpointUrl: String?

    @Option(help: "Profile of the shared credentials/config files.")
    var profile: String?

    @Flag(help: "Print the BatchImportFindings request bodies (one JSON document a line) instead of sending them.")
    var dryRun = false

    @Option(help: "Write the request bodies to this file (- for standard output) instead of sending them: a dry run.")
    var output: String?

    @Option(help: "Seconds a request may wait for an answer before it is retried.")
    var timeout = 30.0

    @Option(help: "Attempts per request for throttling and transient failures (capped exponential backoff with jitter).")
    var attempts = 5

    var options: SecurityHubExportOptions {
        SecurityHubExportOptions(report: report, baseline: baseline, region: region, account: account,
                                 endpoint: endpointUrl.flatMap(URL.init(string:)), profile: profile, output: output,
                                 dryRun: dryRun, timeout: timeout, attempts: attempts)
    }

    func validate() throws {
        if let endpointUrl, let problem = Collect.endpointProblem(endpointUrl) { throw ValidationError(problem) }
        if let problem = ExportSecurityHub.usageProblem(options) { throw ValidationError(problem) }
    }

    func run() async throws {
        let result = await ExportSecurityHub.run(options)
        result.lines.forEach(standardError)
        if !result.output.isEmpty { FileHandle.standardOutput.write(Data(result.output.utf8)) }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
