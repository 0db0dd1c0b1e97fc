import Foundation
import HubModel
import HubTestSupport
@testable import HubReport
import HubRules
import Testing

/// The OCSF events an OCSF data lake (Security Lake, Prowler's consumers) reads: valid Detection
/// Findings of OCSF 1.1.0, one per finding and one per "not evaluated" entry, mapped field by field.
struct OCSFReportTests {
    // MARK: - Schema validation (python3 + jsonschema + ocsf-json-schema's OCSF 1.1.0)

    static func expectValid(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try OCSFValidator.validate(text)
        #expect(run.isValid, "\(run.output)", sourceLocation: sourceLocation)
    }

    @Test(.enabled(if: OCSFValidator.isUsable, Python.ocsfSkipNote))
    func exampleWithAWaivedFindingIsValidOCSF() throws {
        try Self.expectValid(OCSFReport.render(try Fixture.input(waive: Fixture.firstFailing)))
    }

    @Test(.enabled(if: OCSFValidator.isUsable, Python.ocsfSkipNote))
    func gapsAcceptedGapsAndRuleWideEntriesAreValidOCSF() throws {
        var input = try Fixture.gapInput()
        let gap = try #require(input.result.notEvaluated.first { $0.reason == .missingInput })
        input.acceptedGaps[gap] = "flow logs are audited elsewhere"
        #expect(input.result.notEvaluated.contains { $0.reason == .notConfigured })
        try Self.expectValid(OCSFReport.render(input))
    }

    @Test(.enabled(if: OCSFValidator.isUsable, Python.ocsfSkipNote))
    func awkwardTextAndOverlongValuesStayValid() throws {
        var input = try Awkward.input()
        input.result.findings[2].message = String(repeating: "x", count: OCSFReport.maxText + 10)
        input.result.findings[2].resourceIds.append("unknown-prefix-123")
        try Self.expectValid(OCSFReport.render(input))
    }

    /// The validator is not vacuous: an attribute OCSF does not define, at the top or inside an
    /// object, and a severity_id outside the enumeration are each rejected.
    @Test(.enabled(if: OCSFValidator.isUsable, Python.ocsfSkipNote))
    func validatorRejectsWhatOCSFDoesNotDefine() throws {
        let line = try #require(OCSFReport.render(try Fixture.input()).split(separator: "\n").first).description
        for broken in [line.replacingOccurrences(of: "{\"activity_id\"", with: "{\"hubaudit\":1,\"activity_id\""),
                       line.replacingOccurrences(of: "\"provider\":\"AWS\"", with: "\"provider\":\"AWS\",\"zone_name\":\"a\""),
                       line.replacingOccurrences(of: "\"severity_id\":4", with: "\"severity_id\":7")] {
            #expect(broken != line)
            let run = try OCSFValidator.validate(broken + "\n")
            #expect(run.status == 1, "\(run.output)")
        }
        #expect(try OCSFValidator.validate(line).status == 1, "a last line without its newline")
    }

    // MARK: - Content

    static func events(_ text: String) throws -> [[String: Any]] {
        #expect(text.hasSuffix("\n"))
        return try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func oneEventPerFindingThenOnePerNotEvaluatedEntry() throws {
        let input = try Fixture.gapInput()
        let events = try Self.events(OCSFReport.render(input))
        let findings = input.result.findings, gaps = input.result.notEvaluated
        #expect(!gaps.isEmpty)
        #expect(events.count == findings.count + gaps.count)
        for (event, finding) in zip(events, findings) {
            let info = try #require(event["finding_info"] as? [String: Any])
            #expect(info["uid"] as? String == finding.fingerprint)
            #expect(event["status_code"] as? String == "FAIL")
        }
        let gapEvents = events.dropFirst(findings.count)
        #expect(gapEvents.allSatisfy { $0["status_code"] as? String == "NOT_EVALUATED" && $0["severity_id"] as? Int == 0 })
        let uids = events.compactMap { ($0["finding_info"] as? [String: Any])?["uid"] as? String }
        #expect(Set(uids).count == events.count, "every event has its own uid")
    }

    @Test func eventsAreDetectionFindingsOfTheCloudProfile() throws {
        for event in try Self.events(OCSFReport.render(try Fixture.input())) {
            #expect(event["class_uid"] as? Int == 2004)
            #expect(event["category_uid"] as? Int == 2)
            #expect(event["activity_id"] as? Int == 1)
            #expect(event["type_uid"] as? Int == 200_401)
            let metadata = try #require(event["metadata"] as? [String: Any])
            #expect(metadata["version"] as? String == "1.1.0")
            #expect(metadata["profiles"] as? [String] == ["cloud"])
            let product = try #require(metadata["product"] as? [String: Any])
            #expect(product["name"] as? String == "hubaudit")
            #expect(product["version"] as? String == HubAuditVersion.current)
            #expect((event["cloud"] as? [String: Any])?["provider"] as? String == "AWS")
        }
    }

    /// Every field of a finding's event, against the finding it came from.
    @Test func aFindingsEventCarriesItsRuleAccountResourcesFixAndEvidence() throws {
        let input = try Fixture.input()
        let events = try Self.events(OCSFReport.render(input))
        let withCommands = try #require(input.result.findings.firstIndex { !$0.fixCommands.isEmpty })
        for (event, finding) in zip(events, input.result.findings) {
            let description = try #require(RuleRegistry.rule(id: finding.ruleId)?.description)
            let info = try #require(event["finding_info"] as? [String: Any])
            #expect(info["title"] as? String == description.ruleCase(finding.caseId)?.summary)
            #expect(info["desc"] as? String == description.rationale)
            let analytic = try #require(info["analytic"] as? [String: Any])
            #expect(analytic["uid"] as? String == "\(finding.ruleId)/\(finding.caseId)")
            #expect(analytic["type_id"] as? Int == 1)
            #expect(event["message"] as? String == finding.message)
            #expect((event["metadata"] as? [String: Any])?["event_code"] as? String == "\(finding.ruleId)/\(finding.caseId)")
            let cloud = try #require(event["cloud"] as? [String: Any])
            #expect(cloud["region"] as? String == finding.scope.region)
            let account = try #require(cloud["account"] as? [String: Any])
            #expect(account["uid"] as? String == finding.scope.account)
            #expect(account["name"] as? String == input.snapshot.metadata.accountNames[finding.scope.account])
            let resources = try #require(event["resources"] as? [[String: Any]])
            #expect(resources.map { $0["uid"] as? String } == finding.resourceIds.map { $0 })
            #expect(resources.map { $0["type"] as? String } == finding.resourceIds.map { AWSResourceType.of($0).name })
            #expect(resources.allSatisfy { $0["region"] as? String == finding.scope.region && $0["cloud_partition"] as? String == "aws" })
            let remediation = try #require(event["remediation"] as? [String: Any])
            #expect(remediation["desc"] as? String == finding.remediationWithCommands)
            #expect(remediation["references"] as? [String] == description.references)
            let unmapped = try #require(event["unmapped"] as? [String: Any])
            #expect(unmapped["evidence"] as? [String] == finding.evidence)
            #expect(unmapped["fix_commands"] as? [String] == finding.fixCommands)
        }
        try #require(events.count > withCommands)
        #expect(!(try #require((events[withCommands]["unmapped"] as? [String: Any])?["fix_commands"] as? [String])).isEmpty)
    }

    /// hubaudit's severities onto OCSF's: info 1, low 2, medium 3, high 4, critical 5 (with the captions).
    @Test(arguments: [(Severity.info, 1, "Informational"), (.low, 2, "Low"), (.medium, 3, "Medium"), (.high, 4, "High"),
                      (.critical, 5, "Critical")])
    func severityMapsToOCSF(severity: Severity, id: Int, caption: String) throws {
        #expect(OCSFReport.severityId(severity) == id)
        var input = try Fixture.input()
        input.result.findings[0].severity = severity
        let event = try #require(try Self.events(OCSFReport.render(input)).first)
        #expect(event["severity_id"] as? Int == id)
        #expect(event["severity"] as? String == caption)
    }

    /// A waived finding stays (a lake keeps the whole audit), Suppressed, with its waiver; the others are New.
    @Test func aWaivedFindingIsSuppressedWithItsWaiver() throws {
        let input = try Fixture.input(waive: Fixture.firstFailing)
        let waived = try #require(input.waived.keys.first)
        let events = try Self.events(OCSFReport.render(input))
        #expect(events.count == input.result.findings.count + input.result.notEvaluated.count)
        let event = try #require(events.first { ($0["finding_info"] as? [String: Any])?["uid"] as? String == waived })
        #expect(event["status_id"] as? Int == 3)
        #expect(event["status"] as? String == "Suppressed")
        #expect((event["status_detail"] as? String)?.contains("waived by W-1 until 2099-12-31") == true)
        let waiver = try #require((event["unmapped"] as? [String: Any])?["waiver"] as? [String: Any])
        #expect(waiver["id"] as? String == "W-1")
        #expect(waiver["owner"] as? String == "netsec")
        let others = events.filter {
            $0["status_code"] as? String == "FAIL" && ($0["finding_info"] as? [String: Any])?["uid"] as? String != waived
        }
        #expect(!others.isEmpty && others.allSatisfy { $0["status_id"] as? Int == 1 && $0["status"] as? String == "New" })
    }

    /// What was not checked is an event: Unknown severity, status Other ("Not Evaluated"), the rule,
    /// place, reason and inputs; Suppressed when the policy accepts the gap; a rule-wide entry has no account.
    @Test func whatWasNotCheckedIsReportedAndAnAcceptedGapSuppressed() throws {
        var input = try Fixture.gapInput()
        let gap = try #require(input.result.notEvaluated.first { $0.reason == .missingInput && $0.scope == Fixture.gapScope })
        func event(_ entry: NotEvaluated, in input: ReportInput) throws -> [String: Any] {
            let index = try #require(input.result.notEvaluated.firstIndex(of: entry))
            let events = try Self.events(OCSFReport.render(input))
            try #require(events.count == input.result.findings.count + input.result.notEvaluated.count)
            return events[input.result.findings.count + index]
        }
        var open = try event(gap, in: input)
        #expect(open["severity_id"] as? Int == 0 && open["severity"] as? String == "Unknown")
        #expect(open["status_id"] as? Int == 99 && open["status"] as? String == "Not Evaluated")
        #expect((open["message"] as? String)?.hasPrefix("\(gap.ruleId) not evaluated in \(gap.scope)") == true)
        #expect(((open["cloud"] as? [String: Any])?["account"] as? [String: Any])?["uid"] as? String == gap.scope.account)
        let detail = try #require((open["unmapped"] as? [String: Any])?["not_evaluated"] as? [String: Any])
        #expect(detail["reason"] as? String == "missing-input")
        #expect(detail["detail"] as? String == gap.detail)
        #expect(detail["inputs"] as? [String] == gap.inputs.map(\.rawValue))
        let uid = (open["finding_info"] as? [String: Any])?["uid"] as? String

        input.acceptedGaps[gap] = "flow logs are audited elsewhere"
        open = try event(gap, in: input)
        #expect(open["status_id"] as? Int == 3)
        #expect((open["status_detail"] as? String)?.contains("flow logs are audited elsewhere") == true)
        #expect((open["finding_info"] as? [String: Any])?["uid"] as? String == uid, "accepting a gap keeps its uid")

        let ruleWide = try #require(input.result.notEvaluated.first { $0.reason == .notConfigured })
        let cloud = try #require(try event(ruleWide, in: input)["cloud"] as? [String: Any])
        #expect(cloud.keys.sorted() == ["provider"])
    }

    // MARK: - Time and determinism

    /// `time` is the snapshot's taken_at in milliseconds, not the clock: the same input gives the
    /// same bytes. No taken_at: 0 (scan warns).
    @Test func timeIsTheSnapshotsTakenAtAndRenderingIsDeterministic() throws {
        var input = try Fixture.input()
        // Set here: the example's own taken_at changes whenever the examples are recorded again.
        input.snapshot.metadata.takenAt = "2026-11-30T10:31:17Z"
        let first = OCSFReport.render(input)
        #expect(try Self.events(first).allSatisfy { $0["time"] as? Int == 1_796_034_677_000 })
        #expect(OCSFReport.render(input) == first)
        input.snapshot.metadata.takenAt = "2026-11-30T10:31:17.25+01:00"
        #expect(try Self.events(OCSFReport.render(input)).allSatisfy { $0["time"] as? Int == 1_796_034_677_000 - 3_600_000 + 250 })
        for missing in [nil, "yesterday", "2026-11-30"] {
            input.snapshot.metadata.takenAt = missing
            #expect(try Self.events(OCSFReport.render(input)).allSatisfy { $0["time"] as? Int == 0 }, "\(missing ?? "nil")")
        }
    }

    // MARK: - Hostile text

    /// Each event is one line for every reader: newlines, CR, NEL, U+2028/2029 and controls in a
    /// message, an evidence line, a resource id or a waiver stay inside their string, escaped, and
    /// come back exactly.
    @Test func hostileTextCannotSplitOrForgeAnEvent() throws {
        let breaking = "one\ntwo\rthree\u{85}four\u{2028}five\u{2029}six\u{0B}\u{0C}\u{1C}\u{1E}\u{1B}[31m{\"class_uid\":1}"
        var input = try Fixture.input(waive: Fixture.firstFailing)
        input.result.findings[0].message = breaking
        input.result.findings[0].evidence = [breaking, "</script>"]
        input.result.findings[0].resourceIds = ["vpc-\(breaking)"]
        input.result.findings[0].scope = Scope(account: "1\n2", region: "us-east-1\u{2028}")
        for key in input.waived.keys { input.waived[key]?.reason = breaking }
        let text = OCSFReport.render(input)
        let expected = input.result.findings.count + input.result.notEvaluated.count
        // Every scalar a reader might break a line at appears only as the separator between events.
        let breaks = text.unicodeScalars.filter { $0.value < 0x20 || [0x85, 0x2028, 0x2029].contains($0.value) }
        #expect(breaks.count == expected && breaks.allSatisfy { $0 == "\n" })
        let events = try Self.events(text)
        #expect(events.count == expected)
        #expect(events[0]["message"] as? String == breaking)
        #expect((events[0]["unmapped"] as? [String: Any])?["evidence"] as? [String] == [breaking, "</script>"])
        #expect((events[0]["resources"] as? [[String: Any]])?.first?["uid"] as? String == "vpc-\(breaking)")
        #expect(((events[0]["cloud"] as? [String: Any])?["account"] as? [String: Any])?["uid"] as? String == "1\n2")
    }

    /// OCSF strings are at most 65,535 characters: a longer message is cut (saying so); the evidence
    /// list in `unmapped` has no limit and keeps every character.
    @Test func overlongTextIsCutToTheSchemaLimit() throws {
        var input = try Fixture.input()
        let long = String(repeating: "é", count: OCSFReport.maxText + 1)
        input.result.findings[0].message = long
        input.result.findings[0].evidence = [long]
        let event = try #require(try Self.events(OCSFReport.render(input)).first)
        let message = try #require(event["message"] as? String)
        #expect(message.unicodeScalars.count == OCSFReport.maxText)
        #expect(message.hasSuffix("…(cut)"))
        #expect((event["unmapped"] as? [String: Any])?["evidence"] as? [String] == [long])
    }
}

/// The resource-type table the OCSF and Security Hub exports share.
struct AWSResourceTypeTests {
    @Test(arguments: [
        ("vpc-0abc", "AwsEc2Vpc"), ("subnet-1", "AwsEc2Subnet"), ("sg-1", "AwsEc2SecurityGroup"),
        ("rtb-1", "AwsEc2RouteTable"), ("acl-1", "AwsEc2NetworkAcl"), ("pcx-1", "AwsEc2VpcPeeringConnection"),
        ("tgw-0abc", "AwsEc2TransitGateway"), ("tgw-attach-0abc", "AwsEc2TransitGatewayAttachment"),
        ("tgw-rtb-0abc", "AwsEc2TransitGatewayRouteTable"), ("eni-1", "AwsEc2NetworkInterface"), ("i-1", "AwsEc2Instance"),
        ("vpce-1", "AwsEc2VpcEndpoint"), ("vpce-svc-1", "AwsEc2VpcEndpointService"), ("pl-1", "AwsEc2PrefixList"),
        ("igw-1", "AwsEc2InternetGateway"), ("eigw-1", "AwsEc2EgressOnlyInternetGateway"), ("nat-1", "AwsEc2NatGateway"),
        ("fl-1", "AwsEc2FlowLog"),
        ("10.0.0.0/16", "Other"), ("111111111111", "Other"), ("vpcx-1", "Other"), ("", "Other"), ("VPC-1", "Other"),
    ])
    func typeFollowsTheIdsPrefix(id: String, name: String) {
        #expect(AWSResourceType.of(id).name == name)
    }

    /// The longest prefix wins whatever the table's order: `tgw-attach-` before `tgw-`, `vpce-svc-` before `vpce-`.
    @Test func longerPrefixesAreTriedFirst() {
        let prefixes = AWSResourceType.byPrefix.map(\.0)
        for (index, prefix) in prefixes.enumerated() {
            #expect(!prefixes[(index + 1)...].contains { $0.count > prefix.count })
        }
    }

    /// Security Hub has a details object for these; for the others an ASFF writer may send `Other`.
    @Test func documentedSecurityHubTypesAreMarked() {
        #expect(AWSResourceType.of("vpc-1").isSecurityHubDetailsType)
        #expect(AWSResourceType.of("tgw-1").isSecurityHubDetailsType)
        #expect(!AWSResourceType.of("tgw-attach-1").isSecurityHubDetailsType)
        #expect(!AWSResourceType.other.isSecurityHubDetailsType)
    }
}
