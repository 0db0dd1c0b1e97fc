import HubTestSupport
import Testing
@testable import HubModel

/// The columnar store of a group's rules (`SecurityGroupRules`) against the shape it replaced: a
/// permission as a protocol, ports and four arrays. Random permissions (SplitMix64) are built into a
/// group, and every view must give back exactly the arrays, texts and derived answers.
struct SecurityGroupRulesTests {
    /// A permission as it was stored before the columns: what the views must reproduce.
    struct OldPermission {
        var ipProtocol: String
        var fromPort: Int?
        var toPort: Int?
        var ipv4Ranges: [SourceRange]
        var ipv6Ranges: [SourceRange]
        var prefixListIds: [String]
        var groups: [GroupReference]

        var permission: Permission {
            Permission(ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort, ipv4Ranges: ipv4Ranges,
                       ipv6Ranges: ipv6Ranges, prefixListIds: prefixListIds, groups: groups)
        }

        // The derived answers as the old Permission computed them, from the protocol string.
        var isAllTraffic: Bool { ["-1", "all"].contains(ipProtocol.lowercased()) }
        var hasPorts: Bool { ["tcp", "udp", "6", "17"].contains(ipProtocol.lowercased()) }
        var portRange: ClosedRange<Int>? {
            if isAllTraffic { return 0...65535 }
            guard hasPorts else { return nil }
            guard let from = fromPort, let to = toPort, from >= 0, to >= from else { return 0...65535 }
            return from...to
        }
    }

    static let protocols = ["-1", "tcp", "udp", "icmp", "icmpv6", "6", "17", "58", "gre", "47", "TCP", "all", "ALL", "Udp"]

    static func pick<T>(_ values: [T], _ random: inout SplitMix64) -> T { values[Int(random.next() % UInt64(values.count))] }

    static func randomRange(v6: Bool, _ random: inout SplitMix64) -> SourceRange {
        let cidr: CIDR
        let text: String?
        if v6 {
            cidr = CIDR(family: .v6, network: UInt128(0x2001_0db8) << 96 | UInt128(random.next() % 256) << 80,
                        prefixLength: 32 + Int(random.next() % 64))
            // As sent: canonical, upper case, or with host bits set.
            switch random.next() % 3 {
            case 0: text = nil
            case 1: text = cidr.description.uppercased()
            default: text = "2001:db8:ff::1/\(cidr.prefixLength)"
            }
        } else {
            let address = UInt32(truncatingIfNeeded: random.next())
            let length = Int(random.next() % 33)
            cidr = CIDR(family: .v4, network: UInt128(address), prefixLength: length)
            // The canonical text, the address as sent (host bits set), or the canonical text given explicitly.
            switch random.next() % 3 {
            case 0: text = nil
            case 1: text = "\(address >> 24).\(address >> 16 & 255).\(address >> 8 & 255).\(address & 255)/\(length)"
            default: text = cidr.description
            }
        }
        let description: String? = pick([nil, nil, "", "office", "a description longer than fifteen bytes"], &random)
        return SourceRange(cidr: cidr, text: text, description: description)
    }

    static func randomPermission(_ random: inout SplitMix64) -> OldPermission {
        func some<T>(_ make: (inout SplitMix64) -> T) -> [T] {
            (0..<Int(random.next() % 4 == 0 ? random.next() % 6 : random.next() % 2)).map { _ in make(&random) }
        }
        let from: Int? = random.next() % 4 == 0 ? nil : Int(random.next() % 65537) - 1
        let to: Int? = random.next() % 4 == 0 ? nil : Int(random.next() % 65537) - 1
        return OldPermission(
            ipProtocol: pick(protocols, &random), fromPort: from, toPort: to,
            ipv4Ranges: some { randomRange(v6: false, &$0) }, ipv6Ranges: some { randomRange(v6: true, &$0) },
            prefixListIds: some { "pl-\($0.next() % 100)" },
            groups: some { random in
                GroupReference(groupId: "sg-0123456789abcdef\(random.next() % 10)", userId: pick([nil, "111111111111"], &random),
                               vpcId: pick([nil, "vpc-1"], &random), peeringId: pick([nil, "pcx-1"], &random))
            })
    }

    static func expectViews(_ view: Permission, equal old: OldPermission, _ context: String) {
        #expect(view.ipProtocol == old.ipProtocol, "\(context)")
        #expect(view.fromPort == old.fromPort && view.toPort == old.toPort, "\(context)")
        #expect(Array(view.ipv4Ranges) == old.ipv4Ranges, "\(context)")
        #expect(Array(view.ipv6Ranges) == old.ipv6Ranges, "\(context)")
        #expect(view.ipv4Ranges.map(\.text) == old.ipv4Ranges.map(\.text), "\(context)")
        #expect(view.ipv6Ranges.map(\.text) == old.ipv6Ranges.map(\.text), "\(context)")
        #expect(view.ipv4Ranges.map(\.description) == old.ipv4Ranges.map(\.description), "\(context)")
        #expect(Array(view.ipv4Ranges.cidrs) == old.ipv4Ranges.map(\.cidr), "\(context)")
        #expect(Array(view.prefixListIds) == old.prefixListIds, "\(context)")
        #expect(Array(view.groups) == old.groups, "\(context)")
        #expect(view.isAllTraffic == old.isAllTraffic && view.hasPorts == old.hasPorts, "\(context)")
        #expect(view.portRange == old.portRange, "\(context)")
    }

    @Test func viewsGiveBackThePermissionsAsBuilt() {
        var random = SplitMix64(seed: 20261130)
        for round in 0..<300 {
            let ingress = (0..<Int(random.next() % 8)).map { _ in Self.randomPermission(&random) }
            let egress = (0..<Int(random.next() % 4)).map { _ in Self.randomPermission(&random) }
            let group = SecurityGroup(scope: Scope(account: "111111111111", region: "us-east-1"), id: "sg-1", name: "g",
                                      vpcId: "vpc-1", ingress: ingress.map(\.permission), egress: egress.map(\.permission))
            #expect(group.ingress.count == ingress.count && group.egress.count == egress.count, "round \(round)")
            #expect(group.permissions.count == ingress.count + egress.count, "round \(round)")
            for (index, old) in ingress.enumerated() {
                Self.expectViews(group.ingress[index], equal: old, "round \(round), ingress \(index)")
                // A permission in a group's store equals the same permission built alone, and hashes alike.
                #expect(group.ingress[index] == old.permission && group.ingress[index].hashValue == old.permission.hashValue)
                #expect(group.permissions[index] == group.ingress[index])
            }
            for (index, old) in egress.enumerated() {
                Self.expectViews(group.egress[index], equal: old, "round \(round), egress \(index)")
                #expect(group.permissions[ingress.count + index] == group.egress[index])
            }
        }
    }

    @Test func groupsAreEqualByContentWhereverTheirRulesAreStored() {
        var random = SplitMix64(seed: 14)
        for round in 0..<100 {
            let ingress = (0..<Int(1 + random.next() % 5)).map { _ in Self.randomPermission(&random).permission }
            let egress = (0..<Int(random.next() % 3)).map { _ in Self.randomPermission(&random).permission }
            let group = SecurityGroup(scope: Scope(account: "1", region: "r"), id: "sg-1", name: "g", vpcId: "v",
                                      ingress: ingress, egress: egress)
            // Rebuilt from its own views: another store, the same group.
            var copy = group
            copy.rules = SecurityGroupRules(ingress: Array(group.ingress), egress: Array(group.egress))
            #expect(copy == group && copy.hashValue == group.hashValue, "round \(round)")
            // The same permissions in the other direction, or one fewer: not the same group.
            var swapped = group
            swapped.rules = SecurityGroupRules(ingress: Array(group.egress), egress: Array(group.ingress))
            #expect(swapped != group || ingress == egress, "round \(round)")
            var fewer = group
            fewer.ingress = PermissionList(group.ingress.dropLast())
            #expect(fewer != group, "round \(round)")
            #expect(fewer.egress == group.egress, "round \(round)")
        }
    }

    /// The decoder keeps no text for a canonical IPv4 block because the parser accepts one spelling
    /// per block: a parsed canonical block's text is always its CIDR's description.
    @Test func aCanonicalIPv4BlockHasOneSpelling() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let octets = (0..<4).map { _ in String(random.next() % 4 == 0 ? random.next() % 10 : random.next() % 256) }
            let text = octets.joined(separator: ".") + "/\(random.next() % 33)"
            guard let cidr = CIDR(text), cidr.wasCanonical else { continue }
            #expect(cidr.description == text)
        }
    }

    @Test func aRangeKeepsItsTextOnlyWhenItIsNotTheCanonicalOne() {
        let block = CIDR("10.0.0.0/16")!
        #expect(SourceRange(cidr: block, text: "10.0.0.0/16") == SourceRange(cidr: block))
        #expect(SourceRange(cidr: block, text: "10.0.0.0/16").text == "10.0.0.0/16")
        let sent = SourceRange(cidr: block, text: "10.0.0.1/16")
        #expect(sent.text == "10.0.0.1/16" && sent != SourceRange(cidr: block))
        let permission = Permission(ipProtocol: "tcp", ipv4Ranges: [sent, SourceRange(cidr: block, description: "")])
        #expect(permission.ipv4Ranges.map(\.text) == ["10.0.0.1/16", "10.0.0.0/16"])
        #expect(permission.ipv4Ranges.map(\.description) == [nil, ""])
    }

    /// The record's size is what the memory figures in Benchmarks/README count on.
    @Test func aPermissionRecordIs28BytesAndABlock8() {
        #expect(MemoryLayout<PermissionRecord>.stride == 28)
        #expect(MemoryLayout<PackedBlock>.stride == 8)
        #expect(MemoryLayout<RangeNote>.stride == 8)
    }

    /// A group may name more distinct protocols than 16 bits count (hostile input): each is kept.
    @Test func moreDistinctProtocolsThanSixteenBitsCount() {
        let count = 70_000
        let group = SecurityGroup(scope: Scope(account: "1", region: "r"), id: "sg-1", name: "g", vpcId: "v",
                                  ingress: (0..<count).map { Permission(ipProtocol: "p\($0)") })
        #expect(group.ingress.count == count)
        #expect(group.ingress[count - 1].ipProtocol == "p\(count - 1)" && group.ingress[0].ipProtocol == "p0")
        #expect(group.ingress[count - 1] != group.ingress[count - 2])
    }

    @Test func anUncommonProtocolIsKeptAsSent() {
        let permission = Permission(ipProtocol: "GRE", fromPort: nil, toPort: nil)
        #expect(permission.ipProtocol == "GRE" && !permission.isAllTraffic && !permission.hasPorts && permission.portRange == nil)
        #expect(Permission(ipProtocol: "All").isAllTraffic)
        #expect(Permission(ipProtocol: "6", fromPort: 22, toPort: 22).description == "tcp 22")
    }
}
