import HubRules
import Testing
@testable import HubPolicy

struct PolicyLoaderTests {
    @Test func readsThresholdSeveritiesAndParameters() throws {
        let policy = try PolicyLoader.parse("""
            version: 1
            fail_on: medium
            rules:
              sg-broad-ingress:
                severity: { internet-other-port: low }
                parameters:
                  public_ports: [443]
                  min_private_prefix_v4: 12
              vpc-flow-logs:
                enabled: false
                severity: high
            """, file: "p.yml")
        #expect(policy.failOn == .medium)
        let sg = policy.configuration("sg-broad-ingress")
        #expect(sg.severities["internet-other-port"] == .low)
        #expect(sg.parameters["public_ports"] == .ints([443]))
        #expect(sg.parameters["min_private_prefix_v4"] == .int(12))
        let logs = policy.configuration("vpc-flow-logs")
        #expect(!logs.enabled)
        #expect(logs.severities["no-flow-log"] == .high)
        #expect(logs.severities.count == FlowLogsRule.description.cases.count)
    }

    @Test func anEmptyPolicyIsTheDefaults() throws {
        let policy = try PolicyLoader.parse("", file: "p.yml")
        #expect(policy.failOn == .high)
        #expect(policy.rules.isEmpty)
    }

    @Test(arguments: zip([
        "version: 2\n",
        "fail_on: severe\n",
        "rulez: {}\n",
        "rules:\n  no-such-rule: {}\n",
        "rules:\n  vpc-flow-logs:\n    severity: { no-case: high }\n",
        "rules:\n  vpc-flow-logs:\n    parameters:\n      traffic: ALL\n",
        "rules:\n  vpc-flow-logs:\n    parameters:\n      required_traffic_type: SOME\n",
        "rules:\n  sg-broad-ingress:\n    parameters:\n      public_ports: [80, 70000]\n",
        "rules:\n  sg-broad-ingress:\n    parameters:\n      public_ports: 80\n",
        "rules:\n  hub-spoke-connectivity:\n    parameters:\n      hub_services:\n        - tcp/443\n        - tcp/99999\n",
        "rules:\n  vpc-flow-logs:\n    enabled: maybe\n",
        "rules:\n  vpc-flow-logs:\n    enabled: true\n    enabled: false\n",
        "rules: [\n",
    ], [
        "p.yml:1: unsupported policy version '2' (expected 1)",
        "p.yml:1: 'severe' is not a severity (info, low, medium, high, critical)",
        "p.yml:1: unknown key 'rulez' (expected version, fail_on, rules, organization, hubs, isolation, reachability, waivers, accepted_gaps)",
        "p.yml:2: unknown rule 'no-such-rule'",
        "p.yml:3: rule vpc-flow-logs has no case 'no-case'",
        "p.yml:4: rule vpc-flow-logs has no parameter 'traffic' (known: required_traffic_type)",
        "p.yml:4: required_traffic_type must be one of ALL, ACCEPT, REJECT, not 'SOME'",
        "p.yml:4: public_ports must be within 0...65535, not 70000",
        "p.yml:4: public_ports takes a list",
        "p.yml:6: hub_services: 'tcp/99999' is not traffic hubaudit knows",
        "p.yml:3: enabled must be true or false",
        "p.yml:3: not valid YAML: duplicate key 'enabled'",
        "p.yml:2: not valid YAML",
    ]))
    func errorsNameTheFileAndLine(text: String, expected: String) {
        do {
            _ = try PolicyLoader.parse(text, file: "p.yml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(String(describing: error).hasPrefix(expected), "got: \(error)")
        }
    }

    /// A value of the wrong kind is named as what it is, with file and line: not `'' is not a
    /// severity` for a list, and not silently accepted for `version: "1"`.
    @Test(arguments: zip([
        "version: \"1\"\n",
        "version: [1]\n",
        "fail_on: [high]\n",
        "fail_on: { high: true }\n",
        "rules:\n  vpc-flow-logs:\n    severity: [high]\n",
    ], [
        "p.yml:1: policy version must be the number 1, not the text '1'",
        "p.yml:1: policy version must be the number 1, not a list",
        "p.yml:1: fail_on must be one severity (info, low, medium, high, critical), not a list",
        "p.yml:1: fail_on must be one severity (info, low, medium, high, critical), not a mapping",
        "p.yml:3: severity must be one severity or a mapping of case to severity, not a list",
    ]))
    func valuesOfTheWrongKindAreNamed(text: String, expected: String) {
        expectError(text, expected)
    }

    /// Account ids and regions in a policy follow the accounts file's rules (HubModel's AccountId
    /// and RegionName): `hubaudit collect` reads organization.accounts from the same file.
    @Test(arguments: zip([
        "organization:\n  accounts:\n    - { id: 111111111111 }\n",
        "organization:\n  accounts:\n    - { id: \"11111111111\" }\n",
        "organization:\n  accounts:\n    - { id: \"１１１１１１１１１１１１\" }\n",
        "organization:\n  accounts:\n    - { id: \"111111111111\", regions: [\"us east-1\"] }\n",
        "organization:\n  accounts:\n    - { id: \"111111111111\", regions: [1] }\n",
        "organization:\n  accounts:\n    - { id: \"111111111111\", regions: [\"x@127.0.0.1:1/#\"] }\n",
        "organization:\n  accounts:\n    - { id: \"111111111111\" }\n    - { id: \"111111111111\" }\n",
        "organization:\n  trusted_accounts: [\"7777\"]\n",
        "hubs:\n  - hub: { account: \"1111111111112\" }\n",
        "waivers:\n  - { rule: vpc-flow-logs, resources: [vpc-1], reason: r, owner: o, expires: 2030-01-01, regions: [\"../x\"] }\n",
    ], [
        "p.yml:3: id must be quoted (id: \"111111111111\"): unquoted, YAML reads it as a number",
        "p.yml:3: '11111111111' is not an account id (exactly 12 digits 0-9)",
        "p.yml:3: '\\u{FF11}",
        "p.yml:3: 'us east-1' is not an AWS region name",
        "p.yml:3: a region must be text, not the number '1'",
        "p.yml:3: 'x@127.0.0.1:1/#' is not an AWS region name",
        "p.yml:4: account 111111111111 is listed twice",
        "p.yml:2: '7777' is not an account id",
        "p.yml:2: '1111111111112' is not an account id",
        "p.yml:2: '../x' is not an AWS region name",
    ]))
    func accountIdsAndRegionsAreChecked(text: String, expected: String) {
        expectError(text, expected)
    }

    @Test func realRegionNamesAndQuotedIdsAreAccepted() throws {
        let policy = try PolicyLoader.parse("""
            version: 1
            organization:
              accounts:
                - { id: "011111111111", name: gov, regions: [us-gov-west-1, ap-southeast-3, eu-central-2, il-central-1, cn-north-1] }
              trusted_accounts: ["777777777777"]
            """, file: "p.yml")
        #expect(policy.intent.accounts.map(\.id) == ["011111111111"])
        #expect(policy.intent.trustedAccounts == ["777777777777"])
    }

    private func expectError(_ text: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try PolicyLoader.parse(text, file: "p.yml")
            Issue.record("accepted: \(text)", sourceLocation: sourceLocation)
        } catch {
            #expect(String(describing: error).hasPrefix(expected), "got: \(error)", sourceLocation: sourceLocation)
        }
    }
}
