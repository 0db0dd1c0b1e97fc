import HubModel

/// The coverage stage of reading a snapshot: what was collected, failed, unreadable or missing for
/// every account, region and action, from the decoded files and the manifest's failures; and, for
/// the per-resource actions (a prefix list's entries, a transit-gateway route table's associations,
/// propagations and routes, a VPC's stale security groups), each resource's own call (the action's coverage cannot say which list
/// or table lacks its data).
struct CoverageTally {
    private(set) var coverage = Coverage()
    private let scopes: Set<Scope>
    /// What each per-resource call returned, when it was collected.
    private var responseByResource: [ResourceCall: DecodedResponse] = [:]
    private var statusByResource: [ResourceCall: CollectionStatus] = [:]
    private var scopesWithLists = Set<Scope>()
    private var scopesWithRouteTables = Set<Scope>()
    private var scopesWithVpcs = Set<Scope>()

    /// One per-resource call: `GetManagedPrefixListEntries` of `pl-0abc` in a scope.
    private struct ResourceCall: Hashable {
        var scope: Scope
        var action: Action
        var id: String
    }

    /// Starts from "missing" for every expected action: the manifest's, else every action hubaudit
    /// reads but the cross-checks (a snapshot without a manifest that has none never asked for them).
    init(scopes: Set<Scope>, expected: [Action]?) {
        self.scopes = scopes
        if let expected { coverage.notAttempted = Set(Action.allCases).subtracting(expected) }
        for scope in scopes {
            for action in expected ?? Action.allCases.filter({ !$0.isCrossCheck }) {
                coverage.set(.missing, scope: scope, action: action)
            }
        }
    }

    /// One decoded job: a call's pages (or one resource's call, `resource`: a prefix list, a route table).
    mutating func count(scope: Scope, action: Action, resource: String?, files: [String],
                        result: Result<DecodedResponse, InputProblem>) {
        let status: CollectionStatus
        switch result {
        case .failure(let problem):
            status = .unreadable(file: problem.file, message: problem.message)
            coverage.set(status, scope: scope, action: action)
        case .success(let response) where response.isError:
            status = .failed(code: response.errorCode ?? "", message: response.errorMessage ?? "")
            coverage.set(status, scope: scope, action: action)
        case .success(let response):
            status = .collected(files: files)
            // Per-list jobs add their files to the action's; a failure of any one list wins.
            if case .collected(let earlier) = coverage.status(scope, action) {
                coverage.set(.collected(files: earlier + files), scope: scope, action: action)
            } else if !coverage.status(scope, action).isFailure {
                coverage.set(status, scope: scope, action: action)
            }
            if let resource { responseByResource[ResourceCall(scope: scope, action: action, id: resource)] = response }
            if !response.prefixLists.isEmpty { scopesWithLists.insert(scope) }
            if !response.transitGatewayRouteTables.isEmpty { scopesWithRouteTables.insert(scope) }
            if !response.vpcs.isEmpty { scopesWithVpcs.insert(scope) }
        }
        if let resource { statusByResource[ResourceCall(scope: scope, action: action, id: resource)] = status }
    }

    /// The calls the manifest records as failed. `GetManagedPrefixListEntries.pl-0abc` names one
    /// list's call (`SearchTransitGatewayRoutes.tgw-rtb-0abc` one table's): it counts against the
    /// action and that resource.
    mutating func count(failures: [Manifest.Failure]) {
        for failure in failures {
            let parts = failure.action.split(separator: ".", maxSplits: 1)
            guard let action = failure.calledAction else { continue }
            let scope = Scope(account: failure.account, region: failure.region)
            let status = CollectionStatus.failed(code: failure.code, message: failure.message ?? "")
            coverage.set(status, scope: scope, action: action)
            if action.isPerResource, parts.count == 2 {
                statusByResource[ResourceCall(scope: scope, action: action, id: String(parts[1]))] = status
            }
        }
    }

    /// The per-resource calls are one per list or table: where the listing was collected and holds
    /// none, there is nothing to miss.
    mutating func settleScopesWithoutResources() {
        for scope in scopes {
            settle(scope, [.getManagedPrefixListEntries], listing: .describeManagedPrefixLists,
                   listsNone: !scopesWithLists.contains(scope))
            settle(scope, Action.allCases.filter(\.isPerTransitGatewayRouteTable), listing: .describeTransitGatewayRouteTables,
                   listsNone: !scopesWithRouteTables.contains(scope))
            settle(scope, Action.allCases.filter { $0.isPerVpc || $0.isPerVpcAttribute }, listing: .describeVpcs,
                   listsNone: !scopesWithVpcs.contains(scope))
        }
    }

    private mutating func settle(_ scope: Scope, _ actions: [Action], listing: Action, listsNone: Bool) {
        guard listsNone, coverage.status(scope, listing).isCollected else { return }
        // A cross-check the snapshot never asked for stays absent: it is no gap, and not collected either.
        for action in actions where coverage.status(scope, action) == .missing
            && (!action.isCrossCheck || coverage.entries[scope]?[action] != nil) {
            coverage.set(.collected(files: []), scope: scope, action: action)
        }
    }

    /// Each VPC's attribute calls, made in the account and region that listed it: their statuses,
    /// and the values when collected (a rule that needs a missing one says "not evaluated" there).
    func attachVpcAttributes(to vpcs: inout [Vpc]) {
        for index in vpcs.indices {
            for attribute in VpcAttribute.allCases {
                let call = ResourceCall(scope: vpcs[index].scope, action: .describeVpcAttribute,
                                        id: SnapshotLayout.vpcAttributeParameter(vpcs[index].id, attribute))
                let status = statusByResource[call] ?? .missing
                vpcs[index][attribute] = VpcAttributeReading(status: status,
                                                             value: status.isCollected ? responseByResource[call]?.vpcAttribute?.value : nil)
            }
        }
    }

    /// Each list's entries call status, and its entries when that call was collected.
    func attachEntries(to lists: inout [PrefixList]) {
        for index in lists.indices {
            let call = ResourceCall(scope: lists[index].scope, action: .getManagedPrefixListEntries, id: lists[index].id)
            let status = statusByResource[call] ?? .missing
            lists[index].entriesStatus = status
            lists[index].entries = status.isCollected ? responseByResource[call]?.prefixListEntries : nil
        }
    }

    /// Each route table's three per-table calls: their statuses, and what each returned when it was
    /// collected (nil otherwise: a rule that needs it says "not evaluated" for that table).
    func attachRouteTableCalls(to tables: inout [TransitGatewayRouteTable]) {
        for index in tables.indices {
            let table = tables[index]
            func call(_ action: Action) -> (CollectionStatus, DecodedResponse?) {
                let key = ResourceCall(scope: table.scope, action: action, id: table.id)
                let status = statusByResource[key] ?? .missing
                return (status, status.isCollected ? responseByResource[key] : nil)
            }
            let associations = call(.getTransitGatewayRouteTableAssociations)
            tables[index].associationsStatus = associations.0
            tables[index].associations = associations.1?.transitGatewayRouteTableLinks
            let propagations = call(.getTransitGatewayRouteTablePropagations)
            tables[index].propagationsStatus = propagations.0
            tables[index].propagations = propagations.1?.transitGatewayRouteTableLinks
            let routes = call(.searchTransitGatewayRoutes)
            tables[index].routesStatus = routes.0
            tables[index].routes = routes.1?.transitGatewayRoutes
            tables[index].routesTruncated = routes.1?.additionalRoutesAvailable ?? false
        }
    }

    /// A status decided after counting (an implausible response is unreadable).
    mutating func mark(_ status: CollectionStatus, scope: Scope, action: Action) {
        coverage.set(status, scope: scope, action: action)
    }

    /// Once attached to their lists, tables and VPCs, the per-resource responses need not be held.
    mutating func releaseResponses() {
        responseByResource = [:]
        statusByResource = [:]
    }

    /// Each VPC's DescribeStaleSecurityGroups call that was attempted (a file or a recorded failure),
    /// with what it returned when collected; in scope and VPC order.
    func staleGroupReports() -> [StaleGroupReport] {
        statusByResource.filter { $0.key.action == .describeStaleSecurityGroups }
            .sorted { ($0.key.scope, $0.key.id) < ($1.key.scope, $1.key.id) }
            .map { call, status in
                StaleGroupReport(scope: call.scope, vpcId: call.id, status: status,
                                 groups: status.isCollected ? responseByResource[call]?.staleSecurityGroups : nil)
            }
    }
}
