import HubModel
import HubPaths
import HubRules
import Testing
@testable import HubPolicy

/// The policy's `reachability:` section: intents with selectors, ports, expectation and severity;
/// every mistake named with its line.
struct ReachabilityPolicyTests {
    @Test func readsIntentsWithBothSelectorForms() throws {
        let policy = try PolicyLoader.parse("""
            version: 1
            reachability:
              - name: developer-to-finance-db
                from: { account: developer }
                to: { account: finance, subnet: finance-db }
                ports: [tcp/5432]
                expect: reachable
              - name: spokes-apart
                from: "account:marketing"
                to: "tag:env=dev"
                ports: [all]
                expect: unreachable
                severity: critical
              - name: ping
                from: { cidr: 10.0.0.0/16 }
                to: { vpc: beta }
                expect: unreachable
            """, file: "p.yml")
        let intents = policy.intent.reachability
        #expect(intents.map(\.name) == ["developer-to-finance-db", "spokes-apart", "ping"])
        #expect(intents[0].from == EndpointSelector(account: "developer"))
        #expect(intents[0].to == EndpointSelector(account: "finance", subnet: "finance-db"))
        #expect(intents[0].traffic == .tcp(5432...5432))
        #expect(intents[0].expect == .reachable)
        #expect(intents[1].from == EndpointSelector(account: "marketing"))
        #expect(intents[1].to.tag?.key == "env" && intents[1].to.tag?.value == "dev")
        #expect(intents[1].severity == .critical)
        #expect(intents[1].traffic == .all)
        #expect(intents[2].from.cidr == CIDR("10.0.0.0/16"))
        #expect(intents[2].ports == ["all"])
    }

    @Test(arguments: [
        ("reachability:\n  - { name: a, from: { vpc: x }, to: { vpc: y }, expect: maybe }\n", "p.yml:2: expect takes reachable or unreachable, not 'maybe'"),
        ("reachability:\n  - name: a\n    from: { vpc: x }\n    to: { vpc: y }\n    ports: [tcp/http]\n    expect: reachable\n", "p.yml:5: 'tcp/http' is not traffic hubaudit knows"),
        ("reachability:\n  - { name: a, from: { vpcc: x }, to: { vpc: y }, expect: reachable }\n", "p.yml:2: unknown key 'vpcc' in a selector"),
        ("reachability:\n  - { name: a, from: 'planet:x', to: { vpc: y }, expect: reachable }\n", "p.yml:2: a selector is a mapping or 'kind:value'"),
        ("reachability:\n  - { name: a, from: { tag: env }, to: { vpc: y }, expect: reachable }\n", "p.yml:2: tag takes key=value"),
        ("reachability:\n  - { name: a, from: { vpc: x }, expect: reachable }\n", "p.yml:2: a reachability intent needs 'to'"),
        ("reachability:\n  - { name: a, from: { vpc: x }, to: { vpc: y }, expect: reachable }\n  - { name: a, from: { vpc: x }, to: { vpc: y }, expect: reachable }\n",
         "p.yml:3: two reachability intents are named 'a'"),
        ("reachability:\n  - { name: a, from: { cidr: 10.0.0/8 }, to: { vpc: y }, expect: reachable }\n", "p.yml:2: cidr takes a block"),
    ])
    func mistakesNameTheLine(text: String, expected: String) {
        #expect {
            _ = try PolicyLoader.parse(text, file: "p.yml")
        } throws: { error in
            (error as? InputProblem).map { $0.description.hasPrefix(expected) } ?? false
        }
    }
}
