import HubModel
import Testing
@testable import HubRules

/// nacl-open-admin-ports judges inbound entries in rule order, as AWS does: the first entry that
/// matches a packet decides it, for exactly the traffic and sources it covers.
struct NetworkAclAdminPortsTests {
    /// One ACL on one subnet with these entries (inbound unless an entry says otherwise).
    static func scan(_ entries: [NetworkAcl.Entry], subnets: [String] = ["subnet-1"],
                     parameters: [String: ParameterValue] = [:], without: Action? = nil) -> AuditResult {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16", "2600:1f18:1::/56")
        b.subnet("subnet-1", vpc: "vpc-1", "10.0.1.0/24")
        b.networkAcl("acl-1", vpc: "vpc-1", subnets: subnets, entries: entries)
        if let without { b.withoutCollection(without) }
        let configuration = RuleConfiguration(parameters: parameters)
        return RuleEngine.run(b.build(), configurations: [NetworkAclAdminPortsRule.description.id: configuration],
                              rules: [NetworkAclAdminPortsRule.self])
    }

    static func inbound(_ number: Int, _ proto: String, _ ports: ClosedRange<Int>? = nil, allow: Bool, _ cidr: String) -> NetworkAcl.Entry {
        .rule(number, proto, ports, allow: allow, egress: false, cidr)
    }

    @Test func aLowerDenyOfPort22LeavesPort3389OfAnAllowOfEveryTcpPortOpen() throws {
        let result = Self.scan([Self.inbound(90, "6", 22...22, allow: false, "0.0.0.0/0"),
                                Self.inbound(100, "6", 0...65535, allow: true, "0.0.0.0/0")])
        let finding = try #require(result.findings.first)
        #expect(result.findings.count == 1)
        #expect(finding.message == "network acl acl-1 of vpc-1 admits tcp 3389 from 0.0.0.0/0 (rule 100)")
        #expect(finding.evidence.contains("ingress rule 90 deny tcp 22 from 0.0.0.0/0 denies tcp 22 first"))
        #expect(finding.severity == .medium)
        // The deny goes between rule 90 and rule 100, for what rule 100 still admits.
        #expect(finding.fixCommands == ["aws ec2 create-network-acl-entry --region us-east-1 --network-acl-id acl-1 --ingress "
            + "--rule-number 99 --protocol 6 --port-range From=3389,To=3389 --cidr-block 0.0.0.0/0 --rule-action deny"])
    }

    @Test func aDenyNumberedAfterTheAllowComesTooLate() throws {
        let result = Self.scan([Self.inbound(100, "-1", allow: true, "0.0.0.0/0"),
                                Self.inbound(110, "6", 22...22, allow: false, "0.0.0.0/0")])
        let finding = try #require(result.findings.first)
        #expect(finding.message == "network acl acl-1 of vpc-1 admits tcp 22, 3389; udp 22, 3389 from 0.0.0.0/0 (rule 100)")
        #expect(!finding.evidence.contains { $0.contains("rule 110") })
    }

    @Test func aDenyOfHalfTheInternetLeavesTheOtherHalfAdmitted() throws {
        let result = Self.scan([Self.inbound(90, "6", 22...22, allow: false, "0.0.0.0/1"),
                                Self.inbound(100, "6", 22...22, allow: true, "0.0.0.0/0")])
        let finding = try #require(result.findings.first)
        #expect(finding.message == "network acl acl-1 of vpc-1 admits tcp 22 from 0.0.0.0/0 (in part) (rule 100)")
        #expect(finding.evidence.first == "ingress rule 100 allow tcp 22 from 0.0.0.0/0 admits tcp 22 from the part of the internet "
            + "no lower-numbered entry decided")
    }

    @Test func twoDeniedHalvesTogetherStopAnAllowOfEverything() {
        let result = Self.scan([Self.inbound(80, "-1", allow: false, "0.0.0.0/1"),
                                Self.inbound(90, "-1", allow: false, "128.0.0.0/1"),
                                Self.inbound(100, "-1", allow: true, "0.0.0.0/0")])
        #expect(result.findings.isEmpty)
    }

    @Test func anOfficeAllowBeforeItDoesNotHideTheRestOfTheInternetAndTheDenyGoesAfterTheOffice() throws {
        let result = Self.scan([Self.inbound(100, "6", 22...22, allow: true, "203.0.113.0/24"),
                                Self.inbound(110, "6", 22...22, allow: true, "0.0.0.0/0")])
        let finding = try #require(result.findings.first)
        #expect(finding.message == "network acl acl-1 of vpc-1 admits tcp 22 from 0.0.0.0/0 (in part) (rule 110)")
        #expect(finding.evidence.contains("ingress rule 100 allow tcp 22 from 203.0.113.0/24 allows tcp 22 first"))
        #expect(finding.fixCommands.count == 1)
        #expect(finding.fixCommands.first?.contains("--rule-number 109 ") == true)
    }

    @Test func withNoFreeRuleNumberBelowTheAllowTheFixSaysSoInsteadOfACommand() throws {
        let result = Self.scan([Self.inbound(99, "6", 22...22, allow: true, "203.0.113.0/24"),
                                Self.inbound(100, "6", 22...22, allow: true, "0.0.0.0/0")])
        let finding = try #require(result.findings.first)
        #expect(finding.fixCommands.isEmpty)
        #expect(finding.remediation.hasSuffix("No free rule number is left just below rule 100: renumber the entries, or replace the "
            + "allowing entry."))
    }

    /// IPv4 and IPv6 entries match only their own family's packets: a deny of 0.0.0.0/0 stops
    /// nothing from ::/0, and a deny of ::/0 nothing from 0.0.0.0/0.
    @Test func ipv6IsJudgedApartFromIpv4() throws {
        let result = Self.scan([Self.inbound(90, "-1", allow: false, "0.0.0.0/0"),
                                Self.inbound(95, "6", 3389...3389, allow: false, "::/0"),
                                Self.inbound(100, "6", 0...65535, allow: true, "::/0"),
                                Self.inbound(110, "6", 0...65535, allow: true, "0.0.0.0/0")])
        let finding = try #require(result.findings.first)
        #expect(finding.message == "network acl acl-1 of vpc-1 admits tcp 22 from ::/0 (rule 100)")
        #expect(finding.fixCommands == ["aws ec2 create-network-acl-entry --region us-east-1 --network-acl-id acl-1 --ingress "
            + "--rule-number 99 --protocol 6 --port-range From=22,To=22 --ipv6-cidr-block ::/0 --rule-action deny"])
        // Only the IPv6 entry before it is evidence; the IPv4 deny concerns other packets.
        #expect(finding.evidence.contains("ingress rule 95 deny tcp 3389 from ::/0 denies tcp 3389 first"))
        #expect(!finding.evidence.contains { $0.contains("rule 90") })
        let reversed = Self.scan([Self.inbound(90, "-1", allow: false, "::/0"),
                                  Self.inbound(100, "17", 3389...3389, allow: true, "0.0.0.0/0")])
        #expect(reversed.findings.map(\.message) == ["network acl acl-1 of vpc-1 admits udp 3389 from 0.0.0.0/0 (rule 100)"])
    }

    /// Two exposing entries share the inbound numbering: the IPv6 denies may sit below the IPv4
    /// allow (it never matches IPv6), but never on a number already taken.
    @Test func denyEntriesForBothFamiliesTakeDistinctNumbers() throws {
        let result = Self.scan([Self.inbound(100, "6", 22...22, allow: true, "0.0.0.0/0"),
                                Self.inbound(101, "6", 22...22, allow: true, "::/0")])
        let finding = try #require(result.findings.first)
        let numbers = finding.fixCommands.compactMap { $0.split(separator: " ").drop { $0 != "--rule-number" }.dropFirst().first }
        #expect(numbers == ["99", "98"])
        #expect(finding.fixCommands[1].contains("--ipv6-cidr-block ::/0"))
    }

    @Test func outboundEntriesAreNotJudged() {
        let result = Self.scan(NetworkAcl.Entry.defaults(egress: true) + [Self.inbound(100, "-1", allow: false, "0.0.0.0/0"),
                                                                          Self.inbound(101, "-1", allow: false, "::/0")])
        #expect(result.findings.isEmpty)
    }

    @Test func theAdminPortsComeFromThePolicy() {
        let vnc = [Self.inbound(100, "6", 5900...5900, allow: true, "0.0.0.0/0")]
        #expect(Self.scan(vnc).findings.isEmpty)
        let result = Self.scan(vnc, parameters: ["admin_ports": .ints([5900])])
        #expect(result.findings.map(\.message) == ["network acl acl-1 of vpc-1 admits tcp 5900 from 0.0.0.0/0 (rule 100)"])
    }

    @Test func anAclWithoutSubnetsIsOneLevelLower() throws {
        let result = Self.scan([Self.inbound(100, "-1", allow: true, "0.0.0.0/0")], subnets: [])
        let finding = try #require(result.findings.first)
        #expect(finding.severity == .low)
        #expect(finding.evidence.contains("no subnet is associated with acl-1: one severity lower"))
    }

    @Test func anAclWhoseSubnetsAreGoneIsOneLevelLower() throws {
        let result = Self.scan([Self.inbound(100, "-1", allow: true, "0.0.0.0/0")], subnets: ["subnet-deleted"])
        let finding = try #require(result.findings.first)
        #expect(finding.severity == .low)
        #expect(finding.evidence.contains("the 1 subnet it lists is not in DescribeSubnets: it filters no subnet; one severity lower"))
    }

    @Test func withoutDescribeNetworkAclsTheRuleIsNotEvaluated() {
        let result = Self.scan([Self.inbound(100, "-1", allow: true, "0.0.0.0/0")], without: .describeNetworkAcls)
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.map(\.detail) == ["DescribeNetworkAcls missing"])
    }
}
