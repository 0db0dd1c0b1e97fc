import Foundation
import HubModel
import HubSnapshot
import Testing

/// `SnapshotReader.read(_:visitingScopes:)`: each audited scope is handed over exactly once, in
/// scope order, with its own resources only and the shared facts of every scope; what is returned
/// keeps of the scope resources only their shared part. The same snapshot otherwise.
struct BatchedReadTests {
    @Test(arguments: ["finance-hub", "peering-pair", "tgw-hub"])
    func everyScopeIsVisitedOnceWithItsOwnResources(name: String) throws {
        let path = Samples.examples.appendingPathComponent(name).path
        let whole = try SnapshotReader.read(path)
        var visited: [Scope] = []
        var groups: [SecurityGroup] = [], acls: [NetworkAcl] = [], interfaces: [NetworkInterface] = []
        var factsShared = 0
        let shared = try SnapshotReader.read(path, sharingFacts: { facts in
            // Once, before any batch: the shared facts alone.
            #expect(visited.isEmpty && facts.part == .factsAlone)
            #expect(facts.securityGroups.isEmpty && facts.interfaces.isEmpty && facts.vpcs.map(\.id) == whole.vpcs.map(\.id))
            factsShared += 1
        }, visitingScopes: { batch, scopes in
            #expect(batch.part == .batch)
            #expect(batch.vpcs.map(\.id) == whole.vpcs.map(\.id), "every scope's shared facts")
            #expect(batch.routeTables.count == whole.routeTables.count)
            let owned = Set(scopes)
            #expect(batch.securityGroups.allSatisfy { owned.contains($0.scope) } && batch.interfaces.allSatisfy { owned.contains($0.scope) })
            visited += scopes
            groups += batch.securityGroups
            acls += batch.networkAcls
            interfaces += batch.interfaces
        })
        #expect(factsShared == 1)
        #expect(visited == whole.scopes)
        #expect(groups == whole.securityGroups && acls == whole.networkAcls && interfaces == whole.interfaces)
        #expect(shared.part == .sharedFacts && whole.part == .whole)
        #expect(shared.networkAcls.isEmpty && shared.interfaces.isEmpty && shared.instances.isEmpty && shared.flowLogs.isEmpty)
        #expect(!whole.interfaces.isEmpty)
        // Every group stays by id, with the references that could be stale or cross a peering, and
        // their permissions' protocol and ports (`ScopeResourcesTests` has the cases).
        #expect(shared.securityGroups.map(\.id) == whole.securityGroups.map(\.id))
        let expected = ScopeResources(securityGroups: whole.securityGroups).sharedPart(reportedStale: whole.groupIdsReportedStale)
        var trimmed = 0
        for (kept, (group, expected)) in zip(shared.securityGroups, zip(whole.securityGroups, expected.securityGroups)) {
            #expect(kept == expected)
            if kept.permissions.count < group.permissions.count { trimmed += 1 }
        }
        #expect(trimmed > 0)
        #expect(shared.vpcs == whole.vpcs && shared.peerings == whole.peerings && shared.coverage == whole.coverage
                && shared.problems == whole.problems)
    }

    /// A scope with no response of its own resources (its region's VPCs only) is still visited: its
    /// scope rules must say what they could not evaluate there.
    @Test func aScopeWithoutItsOwnResourcesIsVisited() throws {
        let store = try SnapshotFolder()
        let lone = Scope(account: Samples.hub.account, region: "eu-west-1")
        try store.add(sample: "DescribeVpcs.xml", as: "DescribeVpcs.xml", scope: lone)
        try store.add(sample: "DescribeSecurityGroups.xml", as: "DescribeSecurityGroups.xml")
        var visited: [Scope] = []
        _ = try SnapshotReader.read(store.root.path) { _, scopes in visited += scopes }
        #expect(Set(visited) == [lone, Samples.hub])
    }

    /// The same resources listed in two scopes (a copied file) are kept once, from the first scope, as
    /// a whole read keeps them: the second scope's batch does not judge them again.
    @Test func aResourceListedInTwoScopesIsKeptOnceFromTheFirst() throws {
        let store = try SnapshotFolder()
        let other = Scope(account: Samples.hub.account, region: "us-west-2")
        for scope in [Samples.hub, other] {
            try store.add(sample: "DescribeSecurityGroups.xml", as: "DescribeSecurityGroups.xml", scope: scope)
            try store.add(sample: "DescribeNetworkAcls.xml", as: "DescribeNetworkAcls.xml", scope: scope)
        }
        var visited: [Scope: (groups: [String], acls: [String])] = [:]
        let shared = try SnapshotReader.read(store.root.path) { batch, scopes in
            for scope in scopes {
                visited[scope] = (batch.securityGroups.filter { $0.scope == scope }.map(\.id), batch.networkAcls.filter { $0.scope == scope }.map(\.id))
            }
        }
        let whole = try store.read()
        let first = [Samples.hub, other].min()!, second = [Samples.hub, other].max()!
        #expect(!whole.securityGroups.isEmpty && !whole.networkAcls.isEmpty)
        #expect(whole.securityGroups.allSatisfy { $0.scope == first } && whole.networkAcls.allSatisfy { $0.scope == first })
        #expect(Set(whole.securityGroups.map(\.id)).count == whole.securityGroups.count)
        #expect(visited[first]?.groups == whole.securityGroups.map(\.id) && visited[first]?.acls == whole.networkAcls.map(\.id))
        #expect(visited[second]?.groups == [] && visited[second]?.acls == [])
        #expect(shared.securityGroups.map(\.id) == whole.securityGroups.map(\.id))
    }
}
