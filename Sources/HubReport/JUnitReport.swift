import HubModel
import HubRules

/// JUnit XML for CI test dashboards (Jenkins, GitLab, Azure DevOps, GitHub test-report actions).
///
/// One `<testsuite>` per rule that ran, one `<testcase>` per account/region of the snapshot in it.
/// A testcase fails when unwaived findings at or above the threshold exist there (one `<failure>`
/// listing them, typed by the highest severity), is skipped when the rule could not be evaluated
/// there for missing input, and passes otherwise. Findings below the threshold, waived findings and
/// "outside the snapshot" notes go to the testcase's `<system-out>`: nothing of the audit is lost.
/// A finding in an account/region the snapshot does not list still gets its own testcase.
/// A testcase with both failing findings and missing input is a failure (the skip is noted in
/// `<system-out>`): a known problem is never hidden behind a skip. No timestamps: same input,
/// same bytes. A rule that reports "not configured" (nothing declared for it to check) is one
/// skipped testcase named `*/*`.
public enum JUnitReport {
    public static func render(_ input: ReportInput) -> String {
        let threshold = input.verdict.threshold
        var suites: [Suite] = []
        for ruleId in ruleIds(input) {
            let findings = input.result.findings.filter { $0.ruleId == ruleId }
            let notEvaluated = input.result.notEvaluated.filter { $0.ruleId == ruleId }
            // A rule with nothing declared to check is one skipped testcase: never a pass per account.
            let unconfigured = notEvaluated.filter { $0.reason == .notConfigured }
            if !unconfigured.isEmpty {
                let detail = unconfigured.map(\.detail).joined(separator: "; ")
                suites.append(Suite(name: ruleId, cases: [Case(ruleId: ruleId, scope: NotEvaluated.everywhere,
                                                               outcome: .skipped(message: "not configured: \(detail)", text: detail),
                                                               systemOut: "")]))
                continue
            }
            let scopes = Set(input.snapshot.scopes).union(findings.map(\.scope)).union(notEvaluated.map(\.scope)).sorted()
            var cases: [Case] = []
            for scope in scopes {
                let here = findings.filter { $0.scope == scope }
                let failing = here.filter { $0.severity >= threshold && input.waiver(for: $0) == nil }
                let below = here.filter { $0.severity < threshold && input.waiver(for: $0) == nil }
                let waived = here.filter { input.waiver(for: $0) != nil }
                let gaps = notEvaluated.filter { $0.scope == scope && $0.reason == .missingInput }
                let outside = notEvaluated.filter { $0.scope == scope && $0.reason == .outsideSnapshot }
                let unattempted = notEvaluated.filter { $0.scope == scope && $0.reason == .notAttempted }
                var out: [String] = []
                var outcome = Outcome.passed
                if !failing.isEmpty {
                    let highest = failing.map(\.severity).max()!
                    let count = Plural.count(failing.count, "finding")
                    outcome = .failed(message: "\(count) at or above \(threshold)", type: highest.description,
                                      text: failing.map { describe($0) }.joined(separator: "\n\n"))
                    if !gaps.isEmpty {
                        out.append("Not evaluated (missing input):\n" + gaps.map { describe($0) }.joined(separator: "\n"))
                    }
                } else if !gaps.isEmpty {
                    outcome = .skipped(message: "not evaluated in \(scope): " + gaps.map(\.detail).joined(separator: "; "),
                                       text: gaps.map { describe($0) }.joined(separator: "\n"))
                }
                if !below.isEmpty {
                    out.append("Below the threshold (\(threshold)):\n\n" + below.map { describe($0) }.joined(separator: "\n\n"))
                }
                if !waived.isEmpty {
                    out.append("Waived:\n\n" + waived.map { finding in
                        let note = input.waiver(for: finding)!
                        return describe(finding) + "\n  waiver: \(note.id) (\(note.reason); owner \(note.owner), expires \(note.expires))"
                    }.joined(separator: "\n\n"))
                }
                if !outside.isEmpty {
                    out.append("Not evaluated (outside the snapshot):\n" + outside.map { describe($0) }.joined(separator: "\n"))
                }
                if !unattempted.isEmpty {
                    out.append("Not evaluated (not attempted by the snapshot's collector):\n"
                        + unattempted.map { describe($0) }.joined(separator: "\n"))
                }
                cases.append(Case(ruleId: ruleId, scope: scope, outcome: outcome, systemOut: out.joined(separator: "\n\n")))
            }
            suites.append(Suite(name: ruleId, cases: cases))
        }

        let tests = suites.reduce(0) { $0 + $1.cases.count }
        let failures = suites.reduce(0) { $0 + $1.failures }
        let skipped = suites.reduce(0) { $0 + $1.skipped }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"hubaudit\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
        for suite in suites {
            xml += "  <testsuite name=\"\(attribute(suite.name))\" tests=\"\(suite.cases.count)\" failures=\"\(suite.failures)\" "
                + "errors=\"0\" skipped=\"\(suite.skipped)\">\n"
            for testcase in suite.cases {
                let head = "    <testcase classname=\"hubaudit.\(attribute(testcase.ruleId))\" name=\"\(attribute(testcase.scope.description))\""
                var body: [String] = []
                switch testcase.outcome {
                case .passed:
                    break
                case .failed(let message, let type, let detail):
                    body.append("      <failure message=\"\(attribute(message))\" type=\"\(attribute(type))\">\(text(detail))</failure>")
                case .skipped(let message, let detail):
                    body.append("      <skipped message=\"\(attribute(message))\">\(text(detail))</skipped>")
                }
                if !testcase.systemOut.isEmpty {
                    body.append("      <system-out>\(text(testcase.systemOut))</system-out>")
                }
                if body.isEmpty {
                    xml += head + "/>\n"
                } else {
                    xml += head + ">\n" + body.joined(separator: "\n") + "\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    /// The rules that ran, in registry order, then (sorted) any rule a finding or gap names that
    /// the run list lacks, so that nothing is dropped.
    static func ruleIds(_ input: ReportInput) -> [String] {
        var ids = input.result.rulesRun
        let known = Set(ids)
        let named = Set(input.result.findings.map(\.ruleId)).union(input.result.notEvaluated.map(\.ruleId))
        ids += named.subtracting(known).sorted()
        return ids
    }

    static func describe(_ finding: Finding) -> String {
        var lines = ["[\(finding.severity)] \(finding.caseId): \(finding.message)",
                     "  resources: \(finding.resourceIds.joined(separator: ", "))"]
        if !finding.evidence.isEmpty {
            lines.append("  evidence:")
            lines += finding.evidence.map { "    \($0)" }
        }
        lines.append("  fix: \(finding.remediation)")
        lines += finding.fixCommands.map { "    \($0)" }
        lines.append("  fingerprint: \(finding.fingerprint)")
        return lines.joined(separator: "\n")
    }

    static func describe(_ entry: NotEvaluated) -> String {
        let resources = entry.resourceIds.isEmpty ? "" : " (\(entry.resourceIds.joined(separator: ", ")))"
        return "- \(entry.scope)\(resources): \(entry.detail)"
    }

    enum Outcome {
        case passed
        case failed(message: String, type: String, text: String)
        case skipped(message: String, text: String)
    }

    struct Case {
        var ruleId: String
        var scope: Scope
        var outcome: Outcome
        var systemOut: String
    }

    struct Suite {
        var name: String
        var cases: [Case]
        var failures: Int { cases.filter { if case .failed = $0.outcome { return true } else { return false } }.count }
        var skipped: Int { cases.filter { if case .skipped = $0.outcome { return true } else { return false } }.count }
    }

    // MARK: - Escaping

    /// Text content: `&`, `<`, `>` escaped, CR kept as a reference (parsers would fold it), and
    /// characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE, U+FFFF) written visibly as
    /// `#xNN` since no reference can carry them.
    public static func text(_ value: String) -> String {
        escape(value, attribute: false)
    }

    /// Attribute values: as text, plus `"` and `'`, and tab/LF/CR as references so that attribute
    /// value normalisation does not turn them into spaces.
    public static func attribute(_ value: String) -> String {
        escape(value, attribute: true)
    }

    private static func escape(_ value: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&apos;"
            case "\r": out += "&#13;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            default:
                let v = scalar.value
                let allowed = v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v)
                    || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
                if allowed {
                    out.unicodeScalars.append(scalar)
                } else {
                    let hex = String(v, radix: 16, uppercase: true)
                    out += "#x" + String(repeating: "0", count: max(0, (v > 0xFF ? 4 : 2) - hex.count)) + hex
                }
            }
        }
        return out
    }
}
