import Testing
@testable import HubModel

/// What a batch of scopes leaves behind for the rules about the whole organisation
/// (`ScopeResources.sharedPart`).
struct ScopeResourcesTests {
    static let scope = Scope(account: "111122223333", region: "eu-west-1")
    static let web = GroupReference(groupId: "sg-0aaaaaaaaaaaaaaa1", userId: "111122223333")
    static let partner = GroupReference(groupId: "sg-0bbbbbbbbbbbbbbb2", userId: "444455556666", vpcId: "vpc-0ccccccccccccccc3",
                                        peeringId: "pcx-0ddddddddddddddd4")

    static func group(_ id: String, ingress: [Permission], egress: [Permission] = [], tags: Tags = Tags()) -> SecurityGroup {
        SecurityGroup(scope: scope, id: id, name: "\(id)-name", vpcId: "vpc-0eeeeeeeeeeeeeee5", ingress: ingress, egress: egress, tags: tags)
    }

    @Test func aReferencingRuleKeepsItsProtocolPortsAndReferencesOnly() {
        let mixed = Permission(ipProtocol: "tcp", fromPort: 443, toPort: 443, ipv4Ranges: [SourceRange(cidr: CIDR("10.9.0.0/16")!)],
                               prefixListIds: ["pl-0123"], groups: [Self.web, Self.partner])
        let rangesOnly = Permission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipv4Ranges: [SourceRange(cidr: CIDR("0.0.0.0/0")!)])
        let egressToWeb = Permission(ipProtocol: "-1", groups: [Self.web])
        let app = Self.group("sg-0fffffffffffffff6", ingress: [rangesOnly, mixed], egress: [egressToWeb], tags: Tags(["Name": "app"]))
        let web = Self.group(Self.web.groupId, ingress: [rangesOnly])

        let kept = ScopeResources(securityGroups: [web, app], networkAcls: [], interfaces: [], instances: [], flowLogs: []).sharedPart

        #expect(kept.securityGroups.map(\.id) == [web.id, app.id])
        let keptApp = kept.securityGroups[1]
        #expect(keptApp.scope == app.scope && keptApp.name == app.name && keptApp.vpcId == app.vpcId && keptApp.ownerId == app.ownerId)
        #expect(keptApp.tags.pairs.isEmpty)
        #expect(Array(keptApp.ingress) == [Permission(ipProtocol: "tcp", fromPort: 443, toPort: 443, groups: [Self.web, Self.partner])])
        #expect(Array(keptApp.egress) == [egressToWeb])
        #expect(kept.securityGroups[0].permissions.isEmpty)
    }

    @Test func anEgressOnlyReferenceStaysEgress() {
        let egressToWeb = Permission(ipProtocol: "tcp", fromPort: 5432, toPort: 5432, groups: [Self.web])
        let kept = ScopeResources(securityGroups: [Self.group("sg-0fffffffffffffff6", ingress: [], egress: [egressToWeb])]).sharedPart
        #expect(kept.securityGroups[0].ingress.isEmpty && Array(kept.securityGroups[0].egress) == [egressToWeb])
    }
}
