import HubModel
import Testing
@testable import HubRules

/// Prefix lists stand for their entries everywhere: as security-group sources (issue 9, item 3) and
/// as route destinations in every route lookup (item 7). Unknown entries are never a pass.
struct PrefixListTests {
    // MARK: - sg-broad-ingress: a list of the audited network without entries is an input gap

    /// A customer-managed list owned by an account of the snapshot, whose entries are missing:
    /// not "outside the snapshot" but missing input, naming the group and the list.
    @Test func aCustomerListWithoutEntriesIsMissingInputForThatGroupOnly() {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        b.prefixList("pl-corp", vpcScopeOf: "vpc-1", name: "corp", entries: nil,
                     entriesStatus: .failed(code: "UnauthorizedOperation", message: "denied"))
        b.securityGroup("sg-list", vpc: "vpc-1", ingress: [.tcp(5432, from: "pl-corp")])
        b.securityGroup("sg-open", vpc: "vpc-1", ingress: [.tcp(22, from: "0.0.0.0/0")])
        let result = RuleEngine.run(b.build(), rules: [BroadIngressRule.self])
        // The account's other group is still judged.
        #expect(result.findings.map(\.resourceIds.first) == ["sg-open"])
        #expect(result.notEvaluated.count == 1)
        let entry = result.notEvaluated.first
        #expect(entry?.reason == .missingInput)
        #expect(entry?.resourceIds == ["sg-list", "pl-corp"])
        #expect(entry?.inputs == [.getManagedPrefixListEntries])
        #expect(entry?.detail.contains("sg-list") == true)
        #expect(entry?.detail.contains("customer-managed prefix list pl-corp (corp) of account 111111111111") == true)
        #expect(entry?.detail.contains("failed: UnauthorizedOperation (denied)") == true)
    }

    /// The list's owner is another account of the snapshot (shared through RAM): still ours.
    @Test func aListSharedByAnotherAuditedAccountIsStillMissingInput() {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        b.vpc("vpc-2", "10.1.0.0/16", account: "222222222222")
        b.prefixList("pl-shared", vpcScopeOf: "vpc-1", name: "shared", entries: nil, owner: "222222222222")
        b.securityGroup("sg-1", vpc: "vpc-1", ingress: [.tcp(22, from: "pl-shared")])
        let result = RuleEngine.run(b.build(), rules: [BroadIngressRule.self])
        #expect(result.notEvaluated.map(\.reason) == [.missingInput])
    }

    /// AWS-managed lists (service ranges) and lists shared from outside stay "outside the snapshot".
    @Test func awsManagedAndForeignListsStayOutsideTheSnapshot() {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        b.prefixList("pl-s3", vpcScopeOf: "vpc-1", name: "com.amazonaws.us-east-1.s3", entries: nil, owner: "AWS")
        b.prefixList("pl-vendor", vpcScopeOf: "vpc-1", name: "vendor", entries: nil, owner: "999988887777")
        b.securityGroup("sg-1", vpc: "vpc-1", ingress: [.tcp(443, from: "pl-s3", "pl-vendor")])
        let result = RuleEngine.run(b.build(), rules: [BroadIngressRule.self])
        #expect(result.notEvaluated.map(\.reason) == [.outsideSnapshot, .outsideSnapshot])
        #expect(result.notEvaluated.allSatisfy { $0.inputs.isEmpty })
    }

    /// DescribeManagedPrefixLists failed: the referenced list cannot even be identified. Only the
    /// group that references a list is "not evaluated"; the prefix-list calls are not a scope-wide gap.
    @Test func aFailedListingMakesOnlyTheReferencingGroupNotEvaluated() {
        var b = ExampleSnapshot()
        b.vpc("vpc-1", "10.0.0.0/16")
        b.securityGroup("sg-list", vpc: "vpc-1", ingress: [.tcp(5432, from: "pl-gone")])
        b.securityGroup("sg-open", vpc: "vpc-1", ingress: [.tcp(22, from: "0.0.0.0/0")])
        b.withoutCollection(.describeManagedPrefixLists, status: .failed(code: "RequestLimitExceeded", message: ""))
        b.withoutCollection(.getManagedPrefixListEntries, status: .failed(code: "RequestLimitExceeded", message: ""))
        let result = RuleEngine.run(b.build(), rules: [BroadIngressRule.self])
        #expect(result.findings.map(\.resourceIds.first) == ["sg-open"])
        #expect(result.notEvaluated.map(\.resourceIds) == [["sg-list", "pl-gone"]])
        #expect(result.notEvaluated.first?.reason == .missingInput)
        #expect(result.notEvaluated.first?.inputs == [.describeManagedPrefixLists])
    }

    @Test func theRuleDeclaresThePrefixListCalls() {
        let inputs = BroadIngressRule.description.inputs
        #expect(inputs.contains(.describeManagedPrefixLists))
        #expect(inputs.contains(.getManagedPrefixListEntries))
    }

    // MARK: - Route lookup: prefix-list routes by their entries

    /// A hub 10.0.0.0/16 and a spoke 10.1.0.0/16 in another account, peered (pcx-1), one subnet
    /// each; the tests add the prefix list and the route tables they are about.
    static func peeredHubAndSpoke() -> ExampleSnapshot {
        var b = ExampleSnapshot()
        b.vpc("vpc-hub", "10.0.0.0/16")
        b.vpc("vpc-spoke", "10.1.0.0/16", account: "222222222222")
        b.subnet("subnet-hub", vpc: "vpc-hub", "10.0.1.0/24")
        b.subnet("subnet-spoke", vpc: "vpc-spoke", "10.1.1.0/24")
        b.peering("pcx-1", "vpc-hub", "vpc-spoke")
        return b
    }

    /// The reported bug: the spoke's return route is a customer prefix list holding the hub's
    /// range; the peering is healthy and must not get `missing-return-route`.
    @Test func aPrefixListReturnRouteIsAReturnRoute() {
        var b = Self.peeredHubAndSpoke()
        b.prefixList("pl-hub", vpcScopeOf: "vpc-spoke", name: "hub-ranges", entries: ["10.0.0.0/16"])
        b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "pcx-1"])
        b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true, prefixListRoutes: ["pl-hub": "pcx-1"])
        let result = RuleEngine.run(b.build(), rules: [PeeringRoutesRule.self])
        #expect(result.findings.map(\.caseId) == [])
        #expect(result.notEvaluated.isEmpty)
    }

    /// The same return route whose list's entries were not collected: not evaluated (missing input,
    /// naming the table and the list), neither a pass nor a false finding.
    @Test func aPrefixListReturnRouteWithUnknownEntriesIsNotEvaluated() {
        var b = Self.peeredHubAndSpoke()
        b.prefixList("pl-hub", vpcScopeOf: "vpc-spoke", name: "hub-ranges", entries: nil)
        b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "pcx-1"])
        b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true, prefixListRoutes: ["pl-hub": "pcx-1"])
        let result = RuleEngine.run(b.build(), rules: [PeeringRoutesRule.self])
        #expect(result.findings.isEmpty)
        let gaps = result.notEvaluated.filter { $0.resourceIds.contains("rtb-spoke") }
        #expect(!gaps.isEmpty)
        #expect(gaps.allSatisfy { $0.reason == .missingInput && $0.resourceIds.contains("pl-hub") })
    }

    /// A gateway endpoint's route to an AWS-managed list (S3) whose entries are unknown: it cannot
    /// hold a VPC's private addresses, so the peering's return path is still judged.
    @Test func anUnknownAWSManagedListDoesNotHideAPrivateReturnPath() {
        var b = Self.peeredHubAndSpoke()
        b.prefixList("pl-s3", vpcScopeOf: "vpc-spoke", name: "com.amazonaws.us-east-1.s3", entries: nil, owner: "AWS")
        b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "pcx-1"])
        b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true, prefixListRoutes: ["pl-s3": "vpce-s3"])
        let result = RuleEngine.run(b.build(), rules: [PeeringRoutesRule.self])
        #expect(result.findings.map(\.caseId) == ["missing-return-route"])
        #expect(result.notEvaluated.isEmpty)
    }

    /// The same with a customer-managed list of unknown entries: it might hold the hub's range.
    @Test func anUnknownCustomerListOnTheReturnSideIsNotEvaluated() {
        var b = Self.peeredHubAndSpoke()
        b.prefixList("pl-corp", vpcScopeOf: "vpc-spoke", name: "corp", entries: nil)
        b.routeTable("rtb-hub", vpc: "vpc-hub", main: true, routes: ["10.1.0.0/16": "pcx-1"])
        b.routeTable("rtb-spoke", vpc: "vpc-spoke", main: true, prefixListRoutes: ["pl-corp": "vpce-x"])
        let result = RuleEngine.run(b.build(), rules: [PeeringRoutesRule.self])
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.map(\.resourceIds) == [["rtb-spoke", "pcx-1", "pl-corp"]])
        #expect(result.notEvaluated.first?.reason == .missingInput)
    }

    @Test func hubSpokeConnectivitySeesPrefixListRoutes() {
        var b = ExampleSnapshot()
        b.vpc("vpc-fin", "10.10.0.0/16")
        b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
        b.subnet("subnet-fin", vpc: "vpc-fin", "10.10.1.0/24")
        b.subnet("subnet-mkt", vpc: "vpc-mkt", "10.20.1.0/24")
        b.peering("pcx-mkt", "vpc-fin", "vpc-mkt")
        b.prefixList("pl-hub", vpcScopeOf: "vpc-mkt", name: "hub", entries: ["10.10.0.0/16"])
        b.routeTable("rtb-fin", vpc: "vpc-fin", main: true, routes: ["10.20.0.0/16": "pcx-mkt"])
        b.routeTable("rtb-mkt", vpc: "vpc-mkt", main: true, prefixListRoutes: ["pl-hub": "pcx-mkt"])
        let intent = NetworkIntent(hubs: [.init(vpc: VpcSelector(vpcId: "vpc-fin"), spokes: [VpcSelector(vpcId: "vpc-mkt")])])
        let result = RuleEngine.run(b.build(), intent: intent, rules: [HubSpokeConnectivityRule.self])
        #expect(result.findings.map(\.caseId) == [])
        #expect(result.notEvaluated.isEmpty)
    }

    @Test func isolationSeesPrefixListRoutes() {
        var b = ExampleSnapshot()
        b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
        b.vpc("vpc-dev", "10.30.0.0/16", account: "333333333333")
        b.prefixList("pl-partners", vpcScopeOf: "vpc-dev", name: "partners", entries: ["10.20.0.0/16"])
        b.routeTable("rtb-dev", vpc: "vpc-dev", main: true, prefixListRoutes: ["pl-partners": "pcx-fd"])
        let result = RuleEngine.run(b.build(), intent: IsolationRule.intent, rules: [IsolationRule.self])
        #expect(result.findings.map(\.caseId) == ["isolated-route"])
        #expect(result.findings.first?.evidence.first?.contains("entry of pl-partners") == true)
    }
}

/// Longest-prefix match with prefix-list routes expanded, and AWS's priority for equal prefixes.
struct PrefixListRouteLookupTests {
    let scope = Scope(account: "111111111111", region: "us-east-1")

    func snapshot(lists: [PrefixList], routes: [Route]) -> (Snapshot, RouteTable) {
        let table = RouteTable(scope: scope, id: "rtb-1", vpcId: "vpc-1", isMain: true, routes: routes)
        let vpc = Vpc(scope: scope, id: "vpc-1", ipv4: [CIDR("10.0.0.0/16")!])
        return (Snapshot(metadata: SnapshotMetadata(path: "t"), vpcs: [vpc], routeTables: [table], prefixLists: lists), table)
    }

    func route(_ destination: String, _ target: String) -> Route {
        if destination.hasPrefix("pl-") {
            return Route(destination: .prefixList(destination), targetKind: .peering, targetId: target)
        }
        return Route(destination: .cidr(CIDR(destination)!), targetKind: target == "local" ? .local : .peering, targetId: target)
    }

    func list(_ id: String, _ entries: [String]?) -> PrefixList {
        PrefixList(scope: scope, id: id, name: id, ownerId: "111111111111", entries: entries?.map { CIDR($0)! })
    }

    @Test func aMoreSpecificPrefixListEntryWins() {
        let (snapshot, table) = snapshot(lists: [list("pl-a", ["10.1.2.0/24"])],
                                         routes: [route("10.1.0.0/16", "pcx-cidr"), route("pl-a", "pcx-list")])
        let (expanded, unknown) = table.expandingPrefixLists(in: snapshot)
        #expect(unknown.isEmpty)
        let parts = expanded.resolve(CIDR("10.1.2.0/24")!)
        #expect(parts.map { $0.route?.targetId } == ["pcx-list"])
        #expect(parts.first?.route?.viaPrefixList == "pl-a")
    }

    /// AWS: for the same prefix, a static (CIDR) route wins over a prefix-list route.
    @Test func aCIDRRouteBeatsAPrefixListEntryOfTheSameLength() {
        for order in [[0, 1], [1, 0]] {
            let routes = [route("10.1.0.0/16", "pcx-cidr"), route("pl-a", "pcx-list")]
            let (snapshot, table) = snapshot(lists: [list("pl-a", ["10.1.0.0/16"])], routes: order.map { routes[$0] })
            let parts = table.expandingPrefixLists(in: snapshot).table.resolve(CIDR("10.1.0.0/16")!)
            #expect(parts.map { $0.route?.targetId } == ["pcx-cidr"])
        }
    }

    @Test func aPrefixListWithUnknownEntriesIsAGapOfItsFamily() {
        let (snapshot, table) = snapshot(lists: [list("pl-a", nil)], routes: [route("10.1.0.0/16", "pcx-1"), route("pl-a", "pcx-2")])
        let (_, unknown) = table.expandingPrefixLists(in: snapshot)
        #expect(unknown.map(\.listId) == ["pl-a"])
        #expect(unknown.first?.concerns(CIDR("10.1.0.0/16")!) == true)
        #expect(unknown.first?.concerns(CIDR("2600:1f18::/56")!) == false)
        #expect(unknown.first?.isOutsideSnapshot == false)
    }
}
