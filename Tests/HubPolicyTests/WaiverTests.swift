import HubModel
import HubRules
import Testing
@testable import HubPolicy

struct WaiverTests {
    static func finding(_ rule: String = "sg-broad-ingress", case caseId: String = "internet-sensitive-port",
                        account: String = "111111111111", region: String = "us-east-1", resources: [String]) -> Finding {
        Finding(ruleId: rule, caseId: caseId, severity: .high, scope: Scope(account: account, region: region),
                resourceIds: resources, message: "m", evidence: ["e"], remediation: "r",
                fingerprint: Fingerprint.of([rule, caseId, account, region] + resources))
    }

    static func waiver(_ id: String, resources: [String], caseId: String? = nil, accounts: [String] = [],
                       regions: [String] = [], expires: String = "2026-12-31") -> Waiver {
        Waiver(id: id, rule: "sg-broad-ingress", caseId: caseId, resources: resources, accounts: accounts, regions: regions,
               reason: "accepted", owner: "team", expires: expires)
    }

    @Test func anActiveWaiverCoversMatchingFindings() {
        let covered = Self.finding(resources: ["sg-0abc1", "vpc-1"])
        let other = Self.finding(resources: ["sg-9999", "vpc-1"])
        let outcome = WaiverOutcome.apply([Self.waiver("W1", resources: ["sg-0abc*"])], to: [covered, other], asOf: "2026-11-23")
        #expect(outcome.waived[covered.fingerprint]?.id == "W1")
        #expect(outcome.waived[other.fingerprint] == nil)
        #expect(outcome.stale.isEmpty)
        #expect(outcome.expired.isEmpty)
    }

    @Test func theExpiryDayStillCountsAndTheDayAfterDoesNot() {
        let finding = Self.finding(resources: ["sg-1"])
        let waiver = Self.waiver("W1", resources: ["sg-1"], expires: "2026-11-23")
        #expect(WaiverOutcome.apply([waiver], to: [finding], asOf: "2026-11-23").waived.count == 1)
        let expired = WaiverOutcome.apply([waiver], to: [finding], asOf: "2026-11-24")
        #expect(expired.waived.isEmpty)
        #expect(expired.expired.map(\.waiver.id) == ["W1"])
        #expect(expired.expired.first?.fingerprints == [finding.fingerprint])
    }

    @Test func aWaiverThatMatchesNothingIsStale() {
        let outcome = WaiverOutcome.apply([Self.waiver("W1", resources: ["sg-gone"])], to: [Self.finding(resources: ["sg-1"])],
                                          asOf: "2026-11-23")
        #expect(outcome.stale.map(\.id) == ["W1"])
    }

    @Test func scopeNarrowsByAccountRegionAndCase() {
        let prod = Self.finding(account: "111111111111", resources: ["sg-1"])
        let dev = Self.finding(account: "333333333333", resources: ["sg-1"])
        let euro = Self.finding(region: "eu-west-1", resources: ["sg-1"])
        let other = Self.finding(case: "internet-other-port", resources: ["sg-1"])
        let waiver = Self.waiver("W1", resources: ["sg-?"], caseId: "internet-sensitive-port", accounts: ["111111111111"],
                                 regions: ["us-east-1"])
        let outcome = WaiverOutcome.apply([waiver], to: [prod, dev, euro, other], asOf: "2026-11-23")
        #expect(Set(outcome.waived.keys) == [prod.fingerprint])
    }

    @Test func aWaiverForAnotherRuleDoesNotApply() {
        let finding = Self.finding("vpc-flow-logs", case: "no-flow-log", resources: ["sg-1"])
        #expect(!Self.waiver("W1", resources: ["*"]).matches(finding))
    }

    @Test func waiversAreReadFromAPolicyWithTheirOrigin() throws {
        let policy = try PolicyLoader.parse("""
            version: 1
            waivers:
              - id: SEC-1
                rule: sg-broad-ingress
                resources: ["sg-1"]
                reason: bastion
                owner: alice
                expires: 2027-01-31
              - rule: vpc-flow-logs
                case: no-flow-log
                resources: ["vpc-*"]
                accounts: ["333333333333"]
                reason: sandbox
                owner: bob
                expires: 2026-12-01
            """, file: "p.yml")
        #expect(policy.waivers.map(\.id) == ["SEC-1", "p.yml:9"])
        #expect(policy.waivers[1].caseId == "no-flow-log")
        #expect(policy.waivers[1].accounts == ["333333333333"])
        #expect(policy.waivers[0].origin == "p.yml:3")
    }

    @Test(arguments: zip([
        "waivers:\n  - rule: sg-broad-ingress\n    resources: [sg-1]\n    reason: r\n    expires: 2027-01-01\n",
        "waivers:\n  - rule: sg-broad-ingress\n    resources: [sg-1]\n    reason: r\n    owner: o\n    expires: 2027-02-30\n",
        "waivers:\n  - rule: nope\n    resources: [sg-1]\n    reason: r\n    owner: o\n    expires: 2027-01-01\n",
        "waivers:\n  - rule: sg-broad-ingress\n    resources: []\n    reason: r\n    owner: o\n    expires: 2027-01-01\n",
        "waivers:\n  - rule: sg-broad-ingress\n    resources: [sg-1]\n    reason: r\n    owner: o\n    expires: 2027-01-01\n    until: x\n",
        "accepted_gaps:\n  - actions: [DescribeFlowLog]\n    reason: r\n",
        "hubs:\n  - hub: { color: blue }\n",
        "isolation:\n  - name: x\n    between: [ { account: \"1\" } ]\n",
    ], [
        "p.yml:2: a waiver needs 'owner'",
        "p.yml:6: expires must be a date YYYY-MM-DD, not '2027-02-30'",
        "p.yml:2: unknown rule 'nope' in a waiver",
        "p.yml:3: a waiver must name at least one resource or pattern",
        "p.yml:7: unknown key 'until' in a waiver",
        "p.yml:2: unknown action 'DescribeFlowLog'",
        "p.yml:2: unknown key 'color' in a VPC selector",
        "p.yml:3: between takes exactly two groups of VPC selectors",
    ]))
    func intentAndWaiverErrorsNameTheLine(text: String, expected: String) {
        do {
            _ = try PolicyLoader.parse(text, file: "p.yml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(String(describing: error).hasPrefix(expected), "got: \(error)")
        }
    }

    @Test func intentIsRead() throws {
        let policy = try PolicyLoader.parse("""
            organization:
              accounts:
                - { id: "011111111111", name: finance, environment: prod }
              trusted_accounts: ["777777777777"]
            hubs:
              - hub: { account: "011111111111", name: finance }
                spokes:
                  - { vpc: vpc-1 }
                  - { environment: dev }
            isolation:
              - name: prod-vs-dev
                between:
                  - { environment: prod }
                  - [ { environment: dev }, { account: "222222222222" } ]
            """, file: "p.yml")
        #expect(policy.intent.accounts == [NetworkIntent.Account(id: "011111111111", name: "finance", environment: "prod")])
        #expect(policy.intent.trustedAccounts == ["777777777777"])
        #expect(policy.intent.hubs.first?.spokes == [VpcSelector(vpcId: "vpc-1"), VpcSelector(environment: "dev")])
        #expect(policy.intent.isolation.first?.sideB.count == 2)
    }
}
