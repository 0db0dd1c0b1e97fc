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
}
