import HubModel
import HubSnapshot
import Testing

/// A response file keeps one copy of each long id (`IdentifierTable`): the VPC id every subnet and
/// group names, the group ids rules reference, are one allocation each, not one per mention.
struct IdentifierTableTests {
    /// The address of a string's UTF-8 bytes: equal for two strings only when they share storage.
    static func storage(_ text: String) -> UnsafeRawPointer? {
        var text = text
        return text.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    static func decode(_ action: String, _ container: String, _ items: String) throws -> DecodedResponse {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <\(action)Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId>
            <\(container)>\(items)</\(container)></\(action)Response>
            """
        return try ResponseReader.read(bytes: Array(body.utf8), name: "body.xml", scope: Samples.hub)
    }

    @Test func subnetsOfOneVpcShareItsId() throws {
        let subnets = try Self.decode("DescribeSubnets", "subnetSet", (1...3).map { index in
            "<item><subnetId>subnet-0123456789abcdef\(index)</subnetId><vpcId>vpc-0123456789abcdef0</vpcId>"
                + "<cidrBlock>10.0.\(index).0/24</cidrBlock><availabilityZone>us-east-1a</availabilityZone></item>"
        }.joined()).subnets
        try #require(subnets.count == 3)
        #expect(Set(subnets.map(\.vpcId)) == ["vpc-0123456789abcdef0"])
        #expect(Set(subnets.map { Self.storage($0.vpcId) }).count == 1)
    }

    @Test func groupsAndTheirReferencesShareIds() throws {
        let reference = "<groups><item><groupId>sg-0123456789abcdef1</groupId><userId>111111111111</userId></item></groups>"
        let rule = "<item><ipProtocol>tcp</ipProtocol><fromPort>443</fromPort><toPort>443</toPort>\(reference)</item>"
        let groups = try Self.decode("DescribeSecurityGroups", "securityGroupInfo", (1...2).map { index in
            "<item><groupId>sg-0123456789abcdef\(index)</groupId><groupName>g\(index)</groupName><vpcId>vpc-0123456789abcdef0</vpcId>"
                + "<ipPermissions>\(rule)\(rule)</ipPermissions></item>"
        }.joined()).securityGroups
        try #require(groups.count == 2)
        let referenced = groups.flatMap { $0.ingress.flatMap { Array($0.groups) } }.map(\.groupId)
        #expect(referenced.count == 4 && Set(referenced) == ["sg-0123456789abcdef1"])
        // The group sg-…1 and the four references to it: one string.
        #expect(Set((referenced + [groups[0].id]).map(Self.storage)).count == 1)
        #expect(Self.storage(groups[0].vpcId) == Self.storage(groups[1].vpcId))
    }

    /// Across files too: a subnet names its VPC, a route table's associations their subnets, each in
    /// a file of its own; the snapshot holds one string for each id.
    @Test func theSharedFactsShareIdsAcrossFiles() throws {
        let snapshot = try SnapshotReader.read(Samples.examples.appendingPathComponent("peering-pair").path)
        let vpcIds = Dictionary(snapshot.vpcs.map { ($0.id, Self.storage($0.id)) }) { first, _ in first }
        let subnetIds = Dictionary(snapshot.subnets.map { ($0.id, Self.storage($0.id)) }) { first, _ in first }
        try #require(!snapshot.subnets.isEmpty && snapshot.routeTables.contains { !$0.subnetIds.isEmpty })
        for subnet in snapshot.subnets { #expect(Self.storage(subnet.vpcId) == vpcIds[subnet.vpcId]) }
        for table in snapshot.routeTables {
            #expect(Self.storage(table.vpcId) == vpcIds[table.vpcId])
            for id in table.subnetIds { #expect(Self.storage(id) == subnetIds[id]) }
        }
    }

    /// Short strings are stored inside the `String` value: nothing to share, and they are left as they are.
    @Test func shortIdsAreReadAsTheyAre() throws {
        let subnets = try Self.decode("DescribeSubnets", "subnetSet", """
            <item><subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId><cidrBlock>10.0.1.0/24</cidrBlock></item>
            <item><subnetId>subnet-2</subnetId><vpcId>vpc-1</vpcId><cidrBlock>10.0.2.0/24</cidrBlock></item>
            """).subnets
        #expect(subnets.map(\.vpcId) == ["vpc-1", "vpc-1"] && subnets.map(\.id) == ["subnet-1", "subnet-2"])
    }
}
