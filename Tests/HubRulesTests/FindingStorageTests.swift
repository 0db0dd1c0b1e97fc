import Testing
import HubModel
@testable import HubRules

/// A finding's texts are packed in one buffer (`PackedTexts`): each property must read back what was
/// given, and setting one must leave the others as they were.
struct FindingStorageTests {
    static let scope = Scope(account: "111122223333", region: "eu-west-1")

    static func finding(fix: String? = "Run the command in account 111122223333.") -> Finding {
        Finding(ruleId: "sg-broad-ingress", caseId: "internet-admin-port", severity: .high, scope: scope,
                resourceIds: ["sg-0123456789abcdef0", "vpc-0123456789abcdef0", ""], message: "admits tcp 22 from 0.0.0.0/0 — ünïcødé",
                evidence: ["ingress tcp 22 from 0.0.0.0/0", "", "line with\nnewline"], caseRemediation: "Remove the source.",
                fix: fix, fixCommands: ["aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0"],
                fingerprint: "0123456789abcdef")
    }

    @Test func everyTextReadsBackAsGiven() {
        let finding = Self.finding()
        #expect(finding.resourceIds == ["sg-0123456789abcdef0", "vpc-0123456789abcdef0", ""])
        #expect(finding.message == "admits tcp 22 from 0.0.0.0/0 — ünïcødé")
        #expect(finding.evidence == ["ingress tcp 22 from 0.0.0.0/0", "", "line with\nnewline"])
        #expect(finding.fixCommands == ["aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0"])
        #expect(finding.fingerprint == "0123456789abcdef")
        #expect(finding.remediation == "Remove the source. Run the command in account 111122223333.")
        let bare = Self.finding(fix: nil)
        #expect(bare.remediation == "Remove the source." && bare.resourceIds == finding.resourceIds && bare.evidence == finding.evidence)
    }

    @Test func settingOneTextLeavesTheOthers() {
        var finding = Self.finding()
        finding.evidence += ["see also peering-routes/missing-route (fingerprint fedcba9876543210)"]
        #expect(finding.evidence.count == 4 && finding.evidence.last?.hasPrefix("see also") == true)
        #expect(finding.resourceIds == Self.finding().resourceIds && finding.fixCommands == Self.finding().fixCommands)
        #expect(finding.message == Self.finding().message && finding.fingerprint == "0123456789abcdef")
        #expect(finding.remediation == Self.finding().remediation)
        finding.resourceIds = []
        finding.fixCommands = ["one", "two"]
        #expect(finding.resourceIds.isEmpty && finding.fixCommands == ["one", "two"] && finding.evidence.count == 4)
        finding.remediation = "Something else."
        #expect(finding.remediation == "Something else." && finding.fixCommands == ["one", "two"] && finding.evidence.count == 4)
    }

    /// Equal when they say the same, however the remediation is split between the case and the finding.
    @Test func equalityIsByWhatAFindingSays() {
        var joined = Self.finding(fix: nil)
        joined.remediation = Self.finding().remediation
        #expect(joined == Self.finding())
        var other = Self.finding()
        other.evidence[1] = "different"
        #expect(other != Self.finding())
    }

    /// The engine sorts on the packed fingerprints: the same order as comparing them as strings.
    @Test func theReportOrderComparesFingerprintsAsStrings() {
        var generator = SystemRandomNumberGenerator()
        let scopes = [Self.scope, Scope(account: "111122223333", region: "us-east-1"), Scope(account: "999988887777", region: "eu-west-1")]
        let findings = (0..<300).map { index in
            Finding(ruleId: ["peering-routes", "sg-broad-ingress"][index % 2], caseId: "c", severity: [.low, .high, .medium][index % 3],
                    scope: scopes[index % 3], resourceIds: [], message: "m", evidence: [], remediation: "r",
                    fingerprint: Fingerprint.of(["\(index)", "\(generator.next() as UInt64)"]))
        }
        let expected = findings.sorted { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            return (a.ruleId, a.scope, a.fingerprint) < (b.ruleId, b.scope, b.fingerprint)
        }
        #expect(findings.sorted(by: Finding.precedesInReports).map(\.fingerprint) == expected.map(\.fingerprint))
    }
}
