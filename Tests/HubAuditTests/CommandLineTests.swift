import Foundation
import Testing

/// The built executable, run as a user runs it: exit codes, files written, stdout and stderr.
struct CommandLineTests {
    @Test func findingsAboveTheThresholdExitOneAndWriteBothReports() throws {
        let folder = try Repo.temporaryFolder()
        let json = folder.appendingPathComponent("out/report.json").path
        let markdown = folder.appendingPathComponent("out/report.md").path
        let result = try runHubaudit(["scan", "examples/finance-hub", "--json", json, "--markdown", markdown])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL: 9 findings at or above high"))
        let report = try String(contentsOfFile: json, encoding: .utf8)
        #expect(report.contains("\"schema\" : \"hubaudit-report/1\""))
        #expect(try String(contentsOfFile: markdown, encoding: .utf8).hasPrefix("# hubaudit review: examples/finance-hub"))
    }

    @Test func aCleanSnapshotExitsZero() throws {
        let result = try runHubaudit(["scan", "examples/peering-pair"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("PASS"))
        #expect(result.stderr.isEmpty)
    }

    @Test func failOnRaisesTheThreshold() throws {
        #expect(try runHubaudit(["scan", "examples/finance-hub", "--fail-on", "critical"]).status == 0)
        #expect(try runHubaudit(["scan", "examples/finance-hub", "--fail-on", "low"]).status == 1)
    }

    @Test func usageErrorsExit64() throws {
        let result = try runHubaudit(["scan", "examples/finance-hub", "--fail-on", "severe"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--fail-on"))
        #expect(try runHubaudit(["scan"]).status == 64)
        #expect(try runHubaudit(["frobnicate"]).status == 64)
    }

    @Test func aMissingSnapshotExitsTwo() throws {
        let result = try runHubaudit(["scan", "no/such/snapshot"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no/such/snapshot: does not exist"))
    }

    @Test func jsonToStdoutIsTheOnlyOutput() throws {
        let result = try runHubaudit(["scan", "examples/peering-pair", "--json", "-"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["schema"] as? String == "hubaudit-report/1")
    }

    /// One broken file: named with its line on stderr, its action unreadable, exit 2 — and the
    /// findings of every other file still reported.
    @Test func aMalformedFileIsNamedAndTheRestIsStillAudited() throws {
        let folder = try Repo.temporaryFolder()
        let snapshot = folder.appendingPathComponent("snap")
        try FileManager.default.copyItem(atPath: Repo.path("examples/finance-hub"), toPath: snapshot.path)
        let broken = snapshot.appendingPathComponent("222222222222/us-east-1/DescribeFlowLogs.xml")
        try Data("<?xml version=\"1.0\"?>\n<DescribeFlowLogsResponse>\n<flowLogSet><item>\n</flowLogSet>\n".utf8).write(to: broken)
        let json = folder.appendingPathComponent("report.json").path
        let result = try runHubaudit(["scan", snapshot.path, "--json", json])
        #expect(result.status == 2)
        #expect(result.stderr.contains("222222222222/us-east-1/DescribeFlowLogs.xml:4:"))
        #expect(result.stdout.contains("UNTRUSTED"))
        let report = try String(contentsOfFile: json, encoding: .utf8)
        // Other accounts' and other rules' findings are intact.
        #expect(report.contains("\"case\" : \"insufficient-traffic-type\""))
        #expect(report.contains("\"case\" : \"route-beyond-peer\""))
        // The flow-log rule says "not evaluated" for marketing instead of passing or failing it.
        #expect(report.contains("DescribeFlowLogs unreadable"))
        #expect(!report.contains("vpc-0009fa12850f36573 (marketing) has no flow log"))
    }

    @Test func aBadPolicyIsAnErrorWithFileAndLine() throws {
        let folder = try Repo.temporaryFolder()
        let policy = folder.appendingPathComponent("gate.yml")
        try "version: 1\nrules:\n  vpc_cidr_overlap:\n    enabled: false\n".write(to: policy, atomically: true, encoding: .utf8)
        let result = try runHubaudit(["scan", "examples/peering-pair", "--policy", policy.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("gate.yml:3: unknown rule 'vpc_cidr_overlap'"))
    }

    @Test func aPolicyCanDisableAndRelevel() throws {
        let folder = try Repo.temporaryFolder()
        let policy = folder.appendingPathComponent("gate.yml")
        try """
            version: 1
            fail_on: high
            rules:
              sg-broad-ingress:
                severity: low
              peering-routes:
                enabled: false
              overlapping-vpc-cidrs:
                severity: { common-peer-overlap: medium }
            """.write(to: policy, atomically: true, encoding: .utf8)
        let result = try runHubaudit(["scan", "examples/finance-hub", "--policy", policy.path])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("peering-routes"))
        #expect(result.stdout.contains("LOW sg-broad-ingress/internet-sensitive-port"))
        #expect(result.stdout.contains("MEDIUM overlapping-vpc-cidrs/common-peer-overlap"))
    }

    @Test func rulesListsEveryRuleWithItsExamples() throws {
        let result = try runHubaudit(["rules"])
        #expect(result.status == 0)
        for id in ["overlapping-vpc-cidrs", "peering-routes", "sg-broad-ingress", "vpc-flow-logs"] {
            #expect(result.stdout.contains("\(id) — "))
        }
        #expect(result.stdout.contains("+ a spoke routes another spoke's block through the hub (transitive)"))
    }

    @Test func theDefaultPolicyFileIsTheGeneratedTemplate() throws {
        let result = try runHubaudit(["rules", "--policy-template"])
        let file = try String(contentsOfFile: Repo.path("policies/default.yml"), encoding: .utf8)
        #expect(result.stdout == file, "policies/default.yml is stale: hubaudit rules --policy-template > policies/default.yml")
        // And loading it changes nothing: same findings as the built-in defaults.
        let withFile = try runHubaudit(["scan", "examples/finance-hub", "--policy", "policies/default.yml"])
        let builtIn = try runHubaudit(["scan", "examples/finance-hub"])
        #expect(withFile.stdout == builtIn.stdout)
    }

    /// `--json /dev/null` (or a pipe) must be written into, not replaced by a file through an atomic
    /// rename — run as root, that once turned /dev/null into a regular file.
    @Test func aReportPathThatIsNotARegularFileIsWrittenInPlace() throws {
        let folder = try Repo.temporaryFolder()
        let fifo = folder.appendingPathComponent("report.pipe").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let output = Pipe()
        reader.standardOutput = output
        try reader.run()
        let result = try runHubaudit(["scan", "examples/peering-pair", "--json", fifo])
        let type = try FileManager.default.attributesOfItem(atPath: fifo)[.type] as? FileAttributeType
        // Had the pipe been replaced, `cat` would still wait for a writer: be that writer, so the test fails, not hangs.
        let unblock = open(fifo, O_WRONLY | O_NONBLOCK)
        if unblock >= 0 { close(unblock) }
        let received = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        #expect(result.status == 0)
        #expect(received.contains("\"schema\" : \"hubaudit-report/1\""))
        #expect(type != .typeRegular)
    }
}
