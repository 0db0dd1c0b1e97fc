import HubModel
import HubSnapshot
import HubTestSupport
import Testing

/// The decoder appends each IpPermission straight into its group's columnar store
/// (`SecurityGroupRules`): random groups written as EC2 bodies (SplitMix64) decode to exactly the
/// permissions built through `Permission(ipProtocol:…)` from the same values, in the same order,
/// with texts kept only where they are not canonical and descriptions only where present.
struct SecurityGroupStoreDecodingTests {
    struct Range {
        var cidr: CIDR
        var text: String
        var description: String?
        var element: String { "<item>" + (description.map { "<description>\($0)</description>" } ?? "") + "<\(tag)>\(text)</\(tag)></item>" }
        var tag: String { cidr.family == .v4 ? "cidrIp" : "cidrIpv6" }
        var source: SourceRange { SourceRange(cidr: cidr, text: text, description: description) }
    }

    struct Rule {
        var ipProtocol: String
        var fromPort: Int?
        var toPort: Int?
        var ipv4: [Range]
        var ipv6: [Range]
        var prefixListIds: [String]
        var groups: [GroupReference]

        var xml: String {
            var body = "<item><ipProtocol>\(ipProtocol)</ipProtocol>"
            if let fromPort { body += "<fromPort>\(fromPort)</fromPort>" }
            if let toPort { body += "<toPort>\(toPort)</toPort>" }
            body += "<groups>" + groups.map { reference in
                "<item><groupId>\(reference.groupId)</groupId>" + (reference.userId.map { "<userId>\($0)</userId>" } ?? "")
                    + (reference.vpcId.map { "<vpcId>\($0)</vpcId>" } ?? "")
                    + (reference.peeringId.map { "<vpcPeeringConnectionId>\($0)</vpcPeeringConnectionId>" } ?? "") + "</item>"
            }.joined() + "</groups>"
            body += "<ipRanges>" + ipv4.map(\.element).joined() + "</ipRanges>"
            body += "<ipv6Ranges>" + ipv6.map(\.element).joined() + "</ipv6Ranges>"
            body += "<prefixListIds>" + prefixListIds.map { "<item><prefixListId>\($0)</prefixListId></item>" }.joined() + "</prefixListIds>"
            return body + "</item>"
        }

        var permission: Permission {
            Permission(ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort, ipv4Ranges: ipv4.map(\.source),
                       ipv6Ranges: ipv6.map(\.source), prefixListIds: prefixListIds, groups: groups)
        }
    }

    static func pick<T>(_ values: [T], _ random: inout SplitMix64) -> T { values[Int(random.next() % UInt64(values.count))] }

    static func randomRange(v6: Bool, _ random: inout SplitMix64) -> Range {
        let description = pick([nil, nil, "", "vendor access", "a description longer than fifteen bytes"], &random)
        if v6 {
            let text = pick(["::/0", "2001:db8::/32", "2001:DB8::/32", "2001:db8:0:0::/64", "2001:db8::1/64"], &random)
            return Range(cidr: CIDR(text)!, text: text, description: description)
        }
        let address = (0..<4).map { _ in String(random.next() % 256) }.joined(separator: ".")
        let text = "\(address)/\(random.next() % 33)"
        return Range(cidr: CIDR(text)!, text: text, description: description)
    }

    static func randomRule(_ random: inout SplitMix64) -> Rule {
        func some<T>(_ make: (inout SplitMix64) -> T) -> [T] {
            (0..<Int(random.next() % 3 == 0 ? random.next() % 5 : 0)).map { _ in make(&random) }
        }
        let ipProtocol = pick(["-1", "tcp", "udp", "icmp", "icmpv6", "6", "gre", "TCP"], &random)
        let ports = ipProtocol == "-1" ? nil : Int(random.next() % 65536)
        return Rule(ipProtocol: ipProtocol, fromPort: ports, toPort: ports.map { min($0 + Int(random.next() % 3), 65535) },
                    ipv4: some { randomRange(v6: false, &$0) }, ipv6: some { randomRange(v6: true, &$0) },
                    prefixListIds: some { "pl-0a1b2c3d4e5f\($0.next() % 10)" },
                    groups: some { random in
                        GroupReference(groupId: "sg-0123456789abcdef\(random.next() % 10)", userId: pick([nil, "222222222222"], &random),
                                       vpcId: pick([nil, "vpc-0123456789abcdef0"], &random), peeringId: pick([nil, "pcx-1"], &random))
                    })
    }

    @Test func decodedRulesEqualTheRulesBuiltFromTheSameValues() throws {
        var random = SplitMix64(seed: 20261130)
        for round in 0..<40 {
            let groups = (0..<Int(1 + random.next() % 6)).map { _ in
                ((0..<Int(random.next() % 6)).map { _ in Self.randomRule(&random) },
                 (0..<Int(random.next() % 3)).map { _ in Self.randomRule(&random) })
            }
            let items = groups.enumerated().map { index, rules in
                "<item><groupId>sg-\(index)</groupId><groupName>g\(index)</groupName><vpcId>vpc-1</vpcId>"
                    + "<ipPermissions>" + rules.0.map(\.xml).joined() + "</ipPermissions>"
                    + "<ipPermissionsEgress>" + rules.1.map(\.xml).joined() + "</ipPermissionsEgress></item>"
            }
            let body = """
                <?xml version="1.0" encoding="UTF-8"?>
                <DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId>
                <securityGroupInfo>\(items.joined())</securityGroupInfo></DescribeSecurityGroupsResponse>
                """
            let decoded = try ResponseReader.read(bytes: Array(body.utf8), name: "body.xml", scope: Samples.hub).securityGroups
            try #require(decoded.count == groups.count, "round \(round)")
            for (group, rules) in zip(decoded, groups) {
                #expect(Array(group.ingress) == rules.0.map(\.permission), "round \(round), \(group.id) ingress")
                #expect(Array(group.egress) == rules.1.map(\.permission), "round \(round), \(group.id) egress")
                // The texts as sent, including the non-canonical ones.
                let sent = (rules.0 + rules.1).flatMap { $0.ipv4 + $0.ipv6 }.map(\.text)
                let read = group.permissions.flatMap { Array($0.ipv4Ranges) + Array($0.ipv6Ranges) }.map(\.text)
                #expect(read == sent, "round \(round), \(group.id)")
            }
        }
    }
}
