import ArgumentParser
import Foundation
import HubAudit
import HubRules

/// `hubaudit scan`: options and their cross-checks; the work is `HubAudit.Scan` / `SnapshotStore`.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Audit a snapshot folder (or the newest snapshot of a store) and write the reports.")

    @Argument(help: "The snapshot folder: <account>/<region>/<Action>.xml, with an optional manifest.json.")
    var snapshot: String?

    @Option(help: "A store of dated snapshots (<store>/<timestamp>/…): audit the newest, compare with the previous one's report.")
    var store: String?

    @Option(help: "With --store (required there): where reports go, as <reports>/<timestamp>/report.json and review.md.")
    var reports: String?

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

    @Option(help: "Write a SARIF 2.1.0 report here ('-' for stdout; code-scanning dashboards: one result per unwaived finding).")
    var sarif: String?

    @Option(help: "Write a JUnit XML report here ('-' for stdout; CI test dashboards: a suite per rule, a case per account/region).")
    var junit: String?

    @Option(help: ArgumentHelp("Write OCSF 1.1 Detection Finding events here, one JSON object a line ('-' for stdout; "
        + "Security Lake and other OCSF pipelines: an event per finding and per rule not evaluated)."))
    var ocsf: String?

    @Option(help: "Exit 1 when an unwaived finding is at or above this severity (info, low, medium, high, critical). Default: the policy's fail_on.")
    var failOn: String?

    @Option(help: "Judge waiver expiry on this day (YYYY-MM-DD). Default: today, UTC.")
    var asOf: String?

    func validate() throws {
        if let failOn, Severity(name: failOn) == nil {
            throw ValidationError("--fail-on takes info, low, medium, high or critical, not '\(failOn)'")
        }
        if let problem = Scan.asOfProblem(asOf) {
            throw ValidationError(problem)
        }
        if (snapshot == nil) == (store == nil) {
            throw ValidationError("give either a snapshot folder or --store DIR")
        }
        let outputs = [("--json", json), ("--markdown", markdown), ("--sarif", sarif), ("--junit", junit), ("--ocsf", ocsf)]
            .compactMap { option, path in path.map { ReportPaths.Output(option, $0) } }
        if let problem = ReportPaths.usageError(snapshot: snapshot, store: store, reports: reports, outputs: outputs) {
            throw ValidationError(problem)
        }
    }

    func run() throws {
        MallocSettings.applyForSnapshotReading()
        var request = ScanRequest(snapshotPath: snapshot ?? "", policyPath: policy, waiversPath: waivers,
                                  baselinePath: baseline, jsonPath: json, markdownPath: markdown,
                                  sarifPath: sarif, junitPath: junit, ocsfPath: ocsf,
                                  failOn: failOn.flatMap(Severity.init(name:)), asOf: asOf)
        request.keepsReportTexts = false
        request.console = ScanConsole(line: { print($0) }, diagnostic: standardError)
        let outcome: ScanOutcome
        if let store, let reports {
            let (storeOutcome, notes) = SnapshotStore.scan(store: store, reports: reports, base: request)
            notes.forEach(standardError)
            outcome = storeOutcome
        } else {
            outcome = Scan.run(request)
        }
        for line in outcome.diagnostics { standardError(line) }
        if let text = outcome.standardOutput { FileHandle.standardOutput.write(Data(text.utf8)) }
        if !outcome.summary.isEmpty { print(outcome.summary) }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
