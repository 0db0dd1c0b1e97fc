import Foundation
import HubModel
import HubPolicy
import HubReport
import HubRules
import HubTestSupport
import Testing

/// The verdict never claims more than is true (issue 9, item 8).
struct VerdictTests {
    static let scope = Scope(account: "111111111111", region: "us-east-1")
    static let run = ["overlapping-vpc-cidrs", "hub-spoke-connectivity"]
    static let unconfigured = NotEvaluated(ruleId: "hub-spoke-connectivity", scope: NotEvaluated.everywhere,
                                           reason: .notConfigured, detail: "the policy declares no hubs")

    @Test func aCleanRunSaysEveryInputWasRead() {
        let verdict = Verdict.decide(findings: [], notEvaluated: [], problems: [], threshold: .high, rulesRun: Self.run)
        #expect(verdict.status == .pass)
        #expect(verdict.reasons == ["no unwaived finding at or above high, and every input was read"])
    }

    @Test func skippedFilesAreNotEveryInputRead() {
        let verdict = Verdict.decide(findings: [], notEvaluated: [], problems: [], threshold: .high, skippedFiles: 2,
                                     rulesRun: Self.run)
        #expect(verdict.status == .pass)
        #expect(!verdict.reasons.joined().contains("every input was read"))
        #expect(verdict.reasons.contains("2 files of the snapshot not read (not a response hubaudit reads)"))
    }

    @Test func acceptedGapsAreNotEveryInputRead() {
        let verdict = Verdict.decide(findings: [], notEvaluated: [], problems: [], threshold: .high, acceptedGaps: 1,
                                     rulesRun: Self.run)
        #expect(verdict.status == .pass)
        #expect(!verdict.reasons.joined().contains("every input was read"))
        #expect(verdict.reasons.contains("1 rule evaluation skipped for input gaps the policy accepts"))
    }

    /// A cross-check asked for and not collected (moto lacks DescribeStaleSecurityGroups): a caveat,
    /// never untrusted, and no longer "every input was read".
    @Test func aCrossCheckNotCollectedIsACaveatNotUntrusted() {
        let verdict = Verdict.decide(findings: [], notEvaluated: [], problems: [], threshold: .high, rulesRun: Self.run,
                                     crossCheckGaps: [.describeStaleSecurityGroups: 1])
        #expect(verdict.status == .pass)
        #expect(verdict.exitCode == 0)
        #expect(!verdict.reasons.joined().contains("every input was read"))
        #expect(verdict.reasons.contains("the cross-check DescribeStaleSecurityGroups was not collected in 1 account/region "
            + "(no rule needs it: the findings stand on the snapshot alone there)"))
    }

    /// Not configured is said, and does not make the run untrusted while another rule was evaluated.
    @Test func aRuleNotConfiguredIsSaidButDoesNotMakeTheRunUntrusted() {
        let verdict = Verdict.decide(findings: [], notEvaluated: [Self.unconfigured], problems: [], threshold: .high,
                                     rulesRun: Self.run)
        #expect(verdict.status == .pass)
        #expect(verdict.exitCode == 0)
        #expect(verdict.reasons.contains("not configured (the policy declares nothing for them to check): hub-spoke-connectivity"))
    }

    /// A policy that disables every rule audits nothing: untrusted, exit 2, never a pass.
    /// A check whose call the snapshot's collector never made (an older snapshot): said as a caveat,
    /// not a gap — the run passes — but never "every input was read".
    /// A call the snapshot's collector never made is input the audit lacks: not a pass, named apart
    /// from a failed call because its fix is to collect again.
    @Test func aCheckNotAttemptedIsAGapNamedApart() {
        let entry = NotEvaluated(ruleId: "peering-dns", scope: Self.scope, resourceIds: ["vpc-1"], reason: .notAttempted,
                                 detail: "the snapshot's collector did not call DescribeVpcAttribute")
        let verdict = Verdict.decide(findings: [], notEvaluated: [entry, entry], problems: [], threshold: .high, rulesRun: Self.run)
        #expect(verdict.status == .untrusted)
        #expect(verdict.exitCode == 2)
        #expect(verdict.reasons == ["2 checks not evaluated because the snapshot's collector did not make the call "
            + "(an older snapshot: collect again to check them)"])
    }

    @Test func everyRuleDisabledIsNotAPass() {
        let verdict = Verdict.decide(findings: [], notEvaluated: [], problems: [], threshold: .high, rulesRun: [])
        #expect(verdict.status == .untrusted)
        #expect(verdict.exitCode == 2)
        #expect(verdict.reasons == ["no rule was evaluated: the policy disables every rule"])
    }

    @Test func onlyUnconfiguredRulesEnabledIsNotAPass() {
        let verdict = Verdict.decide(findings: [], notEvaluated: [Self.unconfigured], problems: [], threshold: .high,
                                     rulesRun: ["hub-spoke-connectivity"])
        #expect(verdict.status == .untrusted)
        #expect(verdict.reasons.first?.hasPrefix("no rule was evaluated") == true)
    }
}

/// What both reports say about the audit's scope: files not read, rules not configured, what is not checked yet.
struct ReportScopeTests {
    /// A clean snapshot whose only oddity is a file that is not a response: the Markdown lists it
    /// (as the JSON's `skipped_files` does) although nothing else is missing.
    @Test func markdownListsFilesNotReadEvenWhenNothingElseIsMissing() throws {
        let temporary = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let folder = temporary.appendingPathComponent("peering-pair")
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("examples/peering-pair"), to: folder)
        try "notes".write(to: folder.appendingPathComponent("444444444444/us-east-1/notes.txt"), atomically: true, encoding: .utf8)
        let input = try Fixture.input(snapshotPath: folder.path, label: "peering-pair")
        #expect(input.snapshot.metadata.skippedFiles == ["444444444444/us-east-1/notes.txt"])
        let markdown = MarkdownReport.render(input)
        #expect(markdown.contains("## Files not read"))
        #expect(markdown.contains("- `444444444444/us-east-1/notes.txt`"))
    }

    @Test func bothReportsSayWhatIsNotYetChecked() throws {
        let input = try Fixture.input()
        let markdown = MarkdownReport.render(input)
        #expect(markdown.contains("## Not yet checked by hubaudit"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONReport.render(input).utf8)) as? [String: Any])
        let listed = try #require(json["not_yet_checked"] as? [String])
        #expect(listed == RuleRegistry.notYetChecked)
        for line in listed { #expect(markdown.contains("- \(line)")) }
    }

    @Test func rulesWithoutIntentAreReportedNotConfigured() throws {
        let input = try Fixture.input()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONReport.render(input).utf8)) as? [String: Any])
        let policy = try #require(json["policy"] as? [String: Any])
        #expect(policy["rules_not_configured"] as? [String] == ["peering-dns", "hub-spoke-connectivity", "isolation-breach",
                                                               "peering-account-trust", "reachability-intent"])
        let reasons = (json["not_evaluated"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
        #expect(reasons.filter { $0 == "not-configured" }.count == 5)
        #expect(MarkdownReport.render(input).contains("not-configured"))
    }
}
