import Foundation
import Testing

/// `hubaudit path` on the bundled examples and small variants of them, run as a user runs it.
/// Variants are copies of examples/peering-pair in a temporary folder with one response edited
/// (what moto cannot record: a cross-account group reference), so the committed examples and their
/// golden reports stay as they are.
@Suite struct PathCommandTests {
    static let accepterAcls = "555555555555/us-east-1/DescribeNetworkAcls.xml"
    static let accepterGroups = "555555555555/us-east-1/DescribeSecurityGroups.xml"
    /// Test-SG-Accepter's one ingress rule: icmp from the requester VPC's block.
    static let icmpFromRequesterBlock = "<groups/><ipRanges><item><cidrIp>10.0.0.0/16</cidrIp></item></ipRanges>"

    /// A copy of peering-pair with `edit` applied to one file's text.
    func variant(_ file: String, _ edit: (String) -> String) throws -> String {
        let folder = try Repo.temporaryFolder().appendingPathComponent("peering-pair")
        try FileManager.default.copyItem(atPath: Repo.path("examples/peering-pair"), toPath: folder.path)
        let url = folder.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = edit(text)
        #expect(edited != text, "the variant's edit changed nothing in \(file)")
        try edited.write(to: url, atomically: true, encoding: .utf8)
        return folder.path
    }

    /// The accepter subnet's ACL (acl-67e26…) with its outbound rule 100 narrowed to `tcp` `ports`.
    func accepterOutboundOnly(_ ports: String) throws -> String {
        try variant(Self.accepterAcls) { text in
            var items = text.components(separatedBy: "<item><associationSet>")
            let index = items.firstIndex { $0.contains("acl-67e26a2b16bbd258c</networkAclId>") }!
            let (from, to) = (ports.split(separator: "-").first!, ports.split(separator: "-").last!)
            items[index] = items[index].replacingOccurrences(
                of: "<cidrBlock>0.0.0.0/0</cidrBlock><egress>true</egress><protocol>-1</protocol><ruleAction>allow</ruleAction>",
                with: "<cidrBlock>0.0.0.0/0</cidrBlock><egress>true</egress><protocol>6</protocol><portRange><from>\(from)</from><to>\(to)</to></portRange><ruleAction>allow</ruleAction>")
            return items.joined(separator: "<item><associationSet>")
        }
    }

    @Test func theRequesterPingsTheAccepterBothLegsShown() throws {
        let result = try runHubaudit(["path", "examples/peering-pair", "--from", "requester-instance", "--to", "accepter-instance",
                                      "--protocol", "icmp", "--port", "8"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("REACHABLE: icmp echo-request (8)"))
        #expect(result.stdout.contains("   forward:\n"))
        #expect(result.stdout.contains("   return:\n"))
        #expect(result.stdout.contains("sg-8f51d7e0e5dfd1247 (Test-SG-Accepter) ingress: icmp from 10.0.0.0/16"))
        #expect(result.stdout.contains("rtb-8eb80e89b5f719466 (accepter-rt): 10.0.0.0/16 → pcx-38b316a231175297d (active)"))
        #expect(result.stdout.contains("(replies icmp type 0 code 0)"))
        #expect(result.stderr.isEmpty)
    }

    @Test func everythingElseIsBlockedAtTheAccepterGroup() throws {
        let result = try runHubaudit(["path", "examples/peering-pair", "--from", "requester-instance", "--to", "accepter-instance"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("REACHABLE: icmp all types\n  blocked: tcp all ports; udp all ports; icmpv6 all types; every other protocol at sg-8f51d7e0e5dfd1247 (security groups, ingress; SG_NO_MATCHING_RULE)"))
    }

    @Test func anAccepterAclWithoutEchoRepliesBlocksTheReturnLeg() throws {
        let snapshot = try accepterOutboundOnly("0-1023")
        let result = try runHubaudit(["path", snapshot, "--from", "requester-instance", "--to", "accepter-instance", "--protocol", "icmp", "--port", "8"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("BLOCKED"))
        #expect(result.stdout.contains("at network ACL, outbound (return leg) acl-67e26a2b16bbd258c, subnet-9952aa6fdd3b5bb2c: NACL_DENY: replies icmp type 0 code 0"))
    }

    /// The accepter admits ssh from the requester; its ACL lets out only ports 0-1023, so the replies
    /// to the requester's ephemeral ports (1024-65535) are dropped.
    @Test func anAccepterAclBlockingEphemeralPortsBlocksTcpReplies() throws {
        let folder = try accepterOutboundOnly("0-1023")
        let groups = URL(fileURLWithPath: folder).appendingPathComponent(Self.accepterGroups)
        let text = try String(contentsOf: groups, encoding: .utf8).replacingOccurrences(
            of: "<ipProtocol>icmp</ipProtocol><fromPort>-1</fromPort><toPort>-1</toPort>",
            with: "<ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort>")
        try text.write(to: groups, atomically: true, encoding: .utf8)
        let blocked = try runHubaudit(["path", folder, "--from", "requester-instance", "--to", "accepter-instance", "--port", "22"])
        #expect(blocked.status == 1)
        #expect(blocked.stdout.contains("NACL_DENY: replies tcp 1024-65535 (ephemeral ports 1024-65535 for tcp/udp)"))
        // The near miss: replies to ports 0-1023 only (a client that uses them) pass the same ACL.
        let narrow = try runHubaudit(["path", folder, "--from", "requester-instance", "--to", "accepter-instance", "--port", "22",
                                      "--ephemeral-ports", "600-1000"])
        #expect(narrow.status == 0)
    }

    @Test func aGroupReferenceAcrossThePeeringAdmitsThePing() throws {
        let snapshot = try variant(Self.accepterGroups) { text in
            text.replacingOccurrences(of: Self.icmpFromRequesterBlock, with:
                "<groups><item><groupId>sg-51ac22d6b514ab1a6</groupId><userId>444444444444</userId><vpcPeeringConnectionId>pcx-38b316a231175297d</vpcPeeringConnectionId></item></groups><ipRanges/>")
        }
        let result = try runHubaudit(["path", snapshot, "--from", "requester-instance", "--to", "accepter-instance", "--protocol", "icmp"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("sg-8f51d7e0e5dfd1247 (Test-SG-Accepter) ingress: icmp from sg-51ac22d6b514ab1a6 (account 444444444444, over pcx-38b316a231175297d)"))
    }

    @Test func aReferenceToAGroupOutsideTheSnapshotIsNotEvaluated() throws {
        let snapshot = try variant(Self.accepterGroups) { text in
            text.replacingOccurrences(of: Self.icmpFromRequesterBlock, with:
                "<groups><item><groupId>sg-0000000000000dead</groupId><userId>777777777777</userId></item></groups><ipRanges/>")
        }
        let result = try runHubaudit(["path", snapshot, "--from", "requester-instance", "--to", "accepter-instance", "--protocol", "icmp"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("NOT EVALUATED"))
        #expect(result.stdout.contains("GROUP_NOT_IN_SNAPSHOT"))
    }

    @Test func aclsNotCollectedAtTheAccepterLeaveTheAnswerNotEvaluated() throws {
        let folder = try Repo.temporaryFolder().appendingPathComponent("peering-pair")
        try FileManager.default.copyItem(atPath: Repo.path("examples/peering-pair"), toPath: folder.path)
        try FileManager.default.removeItem(at: folder.appendingPathComponent(Self.accepterAcls))
        let result = try runHubaudit(["path", folder.path, "--from", "requester-instance", "--to", "accepter-instance", "--protocol", "icmp"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("NOT_COLLECTED: DescribeNetworkAcls missing in 555555555555/us-east-1"))
    }

    @Test func developerToFinanceDbIsBlockedOnTheWayBack() throws {
        let result = try runHubaudit(["path", "examples/finance-hub", "--from", "developer-server", "--to", "finance-db", "--port", "5432"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("blocked: tcp 5432 at rtb-5efaacc9d3c2d1d15 (route table, return leg; NO_ROUTE_TO_DESTINATION)"))
    }

    /// The next night the finance main table has its return routes: 5432 flows, the database group
    /// stops everything else.
    @Test func theNextNightOnly5432Flows() throws {
        let result = try runHubaudit(["path", "examples/nightly/2026-11-23T020000Z", "--from", "developer-server", "--to", "finance-db"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("REACHABLE: tcp 5432\n  blocked: tcp 0-5431, 5433-65535; udp all ports; icmp all types; icmpv6 all types; every other protocol at sg-cd4eb6ece870b72ee (security groups, ingress; SG_NO_MATCHING_RULE)"))
    }

    @Test func marketingCannotReachDeveloper() throws {
        let result = try runHubaudit(["path", "examples/finance-hub", "--from", "marketing-server", "--to", "developer-server"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("PEERING_NOT_ACTIVE: pcx-2b38661691cc6f2ee is pending-acceptance, not active"))
        let back = try runHubaudit(["path", "examples/finance-hub", "--from", "developer-server", "--to", "marketing-server"])
        #expect(back.status == 1)
        #expect(back.stdout.contains("DESTINATION_OUTSIDE_PEER"))
    }

    @Test func jsonAnswersInTheVersionedSchema() throws {
        let result = try runHubaudit(["path", "examples/finance-hub", "--from", "333333333333:10.30.1.0/24", "--to", "finance-db",
                                      "--port", "5432", "--json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "hubaudit-path/1")
        #expect(object["status"] as? String == "blocked")
        let pairs = try #require(object["pairs"] as? [[String: Any]])
        let blocked = try #require(pairs.first?["blocked"] as? [[String: Any]])
        #expect(blocked.first?["code"] as? String == "NO_ROUTE_TO_DESTINATION")
        #expect(blocked.first?["leg"] as? String == "return")
    }

    @Test func usageErrorsExit64() throws {
        let unknown = try runHubaudit(["path", "examples/finance-hub", "--from", "developer-servr", "--to", "finance-db"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("--from developer-servr: nothing in the snapshot is named 'developer-servr'"))
        #expect(try runHubaudit(["path", "examples/finance-hub", "--from", "developer-server", "--to", "finance-db", "--port", "http"]).status == 64)
        #expect(try runHubaudit(["path", "examples/finance-hub", "--from", "developer-server"]).status == 64)
    }

    /// A Name tag is snapshot text: with a newline and an escape sequence it must neither add a line
    /// ("REACHABLE: …") nor reach the terminal as a control character.
    @Test func snapshotTextCannotForgeALineOfTheAnswer() throws {
        let snapshot = try variant("555555555555/us-east-1/DescribeInstances.xml") { text in
            text.replacingOccurrences(of: "<value>accepter-instance</value>", with: "<value>accepter&#10;REACHABLE: all traffic&#155;2J&#8238;</value>")
        }
        let result = try runHubaudit(["path", snapshot, "--from", "requester-instance", "--to", "555555555555:172.16.0.0/16", "--protocol", "tcp"])
        #expect(result.status == 1)
        #expect(!result.stdout.contains("\nREACHABLE: all traffic"))
        #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x9B || $0.value == 0x202E })
        #expect(result.stdout.contains("(accepter\\u{A}REACHABLE: all traffic\\u{9B}2J\\u{202E}) eni-b501abe24fe34fd69"))
    }
}
