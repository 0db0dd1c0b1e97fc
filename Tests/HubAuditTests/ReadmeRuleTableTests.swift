import Foundation
import HubRules
import Testing

/// README's rule table is the reader's index of what hubaudit checks: one row per registered rule,
/// in the registry's order, each naming exactly the controls the rule declares.
struct ReadmeRuleTableTests {
    struct Row: Equatable {
        var ruleId: String
        var controls: String
    }

    /// The rows of the table under the `| rule | what it finds | … | controls |` header.
    static func rows(in readme: String) -> [Row] {
        var rows: [Row] = []
        var inTable = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("| rule | what it finds |") { inTable = true; continue }
            guard inTable else { continue }
            if line.hasPrefix("|---") { continue }
            guard line.hasPrefix("| `") else { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            // | id | what | cases | controls |  →  "", id, what, cases, controls, ""
            guard cells.count >= 6 else { continue }
            rows.append(Row(ruleId: cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`")), controls: cells[cells.count - 2]))
        }
        return rows
    }

    @Test func everyRuleHasARowNamingItsControls() throws {
        let readme = try String(contentsOfFile: Repo.path("README.md"), encoding: .utf8)
        let expected = RuleRegistry.all.map { rule in
            Row(ruleId: rule.description.id,
                controls: rule.description.controls.isEmpty ? "none" : rule.description.controls.map(\.label).joined(separator: ", "))
        }
        #expect(Self.rows(in: readme) == expected)
    }

    @Test func requirementsAreWrittenAsSecurityHubNamesThem() {
        #expect(ControlMapping.cisV3("5.4").requirement == "CIS AWS Foundations Benchmark v3.0.0/5.4")
        #expect(ControlMapping.securityHub("EC2.2").label == "Security Hub EC2.2")
    }
}
