import Testing
@testable import HubModel

/// What a batch of scopes leaves behind for the rules about the whole organisation
/// (`ScopeResources.sharedPart(reportedStale:)`).
struct ScopeResourcesTests {
    static let scope = Scope(account: "111122223333", region: "eu-west-1")
    static let vpc = "vpc-0eeeeeeeeeeeeeee5"
    /// A group of the batch in the referencing group's VPC.
    static let web = GroupReference(groupId: "sg-0aaaaaaaaaaaaaaa1", userId: "111122223333")
    /// A group of another account across a peering.
    static let partner = GroupReference(groupId: "sg-0bbbbbbbbbbbbbbb2", userId: "444455556666", vpcId: "vpc-0ccccccccccccccc3",
                                        peeringId: "pcx-0ddddddddddddddd4")
    /// A group not in the batch (deleted, or in another batch).
    static let elsewhere = GroupReference(groupId: "sg-0999999999999999a", userId: "111122223333")
    /// A group of the batch in another VPC.
    static let otherVpc = GroupReference(groupId: "sg-0888888888888888b", userId: "111122223333")

    static func group(_ id: String, vpc: String = vpc, ingress: [Permission], egress: [Permission] = [],
                      tags: Tags = Tags()) -> SecurityGroup {
        SecurityGroup(scope: scope, id: id, name: "\(id)-name", vpcId: vpc, ingress: ingress, egress: egress, tags: tags)
    }

    /// The address of a string's UTF-8 bytes: equal for two strings only when they share storage.
    static func storage(_ text: String) -> UnsafeRawPointer? {
        var text = text
        return text.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    static let rangesOnly = Permission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipv4Ranges: [SourceRange(cidr: CIDR("0.0.0.0/0")!)])
    static let mixed = Permission(ipProtocol: "tcp", fromPort: 443, toPort: 443, ipv4Ranges: [SourceRange(cidr: CIDR("10.9.0.0/16")!)],
                                  prefixListIds: ["pl-0123"], groups: [web, partner, elsewhere])
    static let egressToWeb = Permission(ipProtocol: "-1", groups: [web])
    static let app = group("sg-0fffffffffffffff6", ingress: [rangesOnly, mixed], egress: [egressToWeb], tags: Tags(["Name": "app"]))
    static let resources = ScopeResources(securityGroups: [
        group(web.groupId, ingress: [rangesOnly]), app, group(otherVpc.groupId, vpc: "vpc-0777777777777777c", ingress: []),
    ])

    @Test func aGroupKeepsItsIdentityAndTheReferencesThatCouldBeStaleWithTheirProtocolAndPorts() {
        let kept = Self.resources.sharedPart()
        #expect(kept.securityGroups.map(\.id) == Self.resources.securityGroups.map(\.id))
        let app = kept.securityGroups[1]
        #expect(app.scope == Self.app.scope && app.name == Self.app.name && app.vpcId == Self.app.vpcId && app.ownerId == Self.app.ownerId)
        #expect(app.tags.pairs.isEmpty)
        // No address range or prefix list; the reference to a group of its own VPC goes, and with it
        // the egress rule that named nothing else.
        #expect(Array(app.ingress) == [Permission(ipProtocol: "tcp", fromPort: 443, toPort: 443, groups: [Self.partner, Self.elsewhere])])
        #expect(app.egress.isEmpty)
        #expect(kept.securityGroups[0].permissions.isEmpty && kept.securityGroups[2].permissions.isEmpty)
    }

    @Test func aReferenceToAGroupOfTheBatchInAnotherVpcStays() {
        let toOtherVpc = Permission(ipProtocol: "tcp", fromPort: 5432, toPort: 5432, groups: [Self.otherVpc, Self.web])
        // The group's id read on its own (as from its own XML item), not the reference's string.
        var groups = Self.resources.securityGroups
        groups[2].id = String(decoding: Array(Self.otherVpc.groupId.utf8), as: UTF8.self)
        let resources = ScopeResources(securityGroups: groups + [Self.group("sg-0666666666666666d", ingress: [toOtherVpc])])
        let keptGroups = resources.sharedPart().securityGroups, kept = keptGroups.last!
        #expect(Array(kept.ingress) == [Permission(ipProtocol: "tcp", fromPort: 5432, toPort: 5432, groups: [Self.otherVpc])])
        // The kept reference and the group it names are one string.
        let referenced = kept.ingress.first!.groups.first!.groupId
        #expect(Self.storage(referenced) == Self.storage(keptGroups[2].id) && keptGroups[2].id == Self.otherVpc.groupId)
    }

    /// EC2 reports the group stale: the rule compares its report with every reference of the group.
    @Test func aGroupEC2ReportsKeepsEveryReference() {
        let app = Self.resources.sharedPart(reportedStale: [Self.app.id]).securityGroups[1]
        #expect(Array(app.ingress) == [Permission(ipProtocol: "tcp", fromPort: 443, toPort: 443, groups: [Self.web, Self.partner, Self.elsewhere])])
        #expect(Array(app.egress) == [Self.egressToWeb])
    }

    @Test func anEgressOnlyReferenceStaysEgress() {
        let egress = Permission(ipProtocol: "tcp", fromPort: 5432, toPort: 5432, groups: [Self.elsewhere])
        let kept = ScopeResources(securityGroups: [Self.group("sg-0fffffffffffffff6", ingress: [], egress: [egress])]).sharedPart()
        #expect(kept.securityGroups[0].ingress.isEmpty && Array(kept.securityGroups[0].egress) == [egress])
    }
}
