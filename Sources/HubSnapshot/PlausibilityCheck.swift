import HubModel

/// A stage of reading a snapshot: responses that parse but cannot be the whole truth. An empty
/// `<DescribeSecurityGroupsResponse/>`, or a list under the wrong element, reads as "no security
/// groups", and every security-group finding would quietly disappear. EC2 guarantees a few facts
/// that such a response breaks:
///
/// - every VPC has a default security group, a main route table and a default network ACL, all
///   in the VPC owner's account (a participant of a shared VPC sees none of them, so only VPCs the
///   account owns are checked);
/// - every subnet an account lists belongs to a VPC the same account lists (its own or a shared one);
/// - a transit gateway that associates or propagates into a default route table names that table,
///   which its owner's DescribeTransitGatewayRouteTables lists (EC2 refuses to delete a table that
///   is a gateway's default association or propagation table).
///
/// A violation makes the action that looks incomplete unreadable in that account and region (an
/// input problem naming the resources), so the rules that need it say "not evaluated" there.
/// Checked only where every action involved was collected.
enum PlausibilityCheck {
    struct Violation: Equatable {
        var scope: Scope
        /// The action whose response looks incomplete.
        var action: Action
        var message: String
    }

    /// The VPCs each scope owns and that EC2 has finished creating, where DescribeVpcs was collected:
    /// each must have a default security group, a main route table and a default network ACL.
    /// Taken before any violation drops a response, so that the shared facts and each batch of
    /// scope resources are judged against the same list.
    struct OwnedVpcs: Sendable {
        fileprivate var byScope: [Scope: [String]] = [:]

        init(_ data: DecodedResponse, coverage: Coverage) {
            let vpcsByScope = Dictionary(grouping: data.vpcs, by: \.scope)
            for scope in coverage.scopes where coverage.status(scope, .describeVpcs).isCollected {
                // A VPC still being created may not have its defaults yet.
                byScope[scope] = (vpcsByScope[scope] ?? []).filter { $0.ownerId == scope.account && $0.state == "available" }.map(\.id)
            }
        }
    }

    /// What the shared facts break: a VPC without its main route table, a subnet of an unlisted VPC,
    /// a transit gateway's default route table not listed.
    static func sharedFacts(_ data: DecodedResponse, owned: OwnedVpcs, coverage: Coverage) -> [Violation] {
        let mainTables = Set(data.routeTables.filter(\.isMain).map { ScopedId($0.scope, $0.vpcId) })
        let vpcsByScope = Dictionary(grouping: data.vpcs, by: \.scope)
        let subnetsByScope = Dictionary(grouping: data.subnets, by: \.scope)
        var violations: [Violation] = []
        for scope in coverage.scopes {
            guard let ownedIds = owned.byScope[scope] else { continue }
            violations += lacking(.describeRouteTables, mainTables, "a main route table", ownedIds, scope, coverage)
            if coverage.status(scope, .describeSubnets).isCollected {
                let listed = Set((vpcsByScope[scope] ?? []).map(\.id))
                let orphans = (subnetsByScope[scope] ?? []).filter { !listed.contains($0.vpcId) }
                if !orphans.isEmpty {
                    let unlisted = Array(Set(orphans.map(\.vpcId))).sorted()
                    violations.append(Violation(scope: scope, action: .describeVpcs, message:
                        "implausible: \(list(orphans.map(\.id), "subnet", "subnets")) \(orphans.count == 1 ? "belongs" : "belong") to "
                        + "\(list(unlisted, "VPC", "VPCs")), not listed: the DescribeVpcs response looks incomplete"))
                }
            }
        }
        violations += missingDefaultRouteTables(data, coverage: coverage)
        return violations
    }

    /// What the scope resources of `scopes` break: a VPC without its default security group or
    /// default network ACL.
    static func scopeResources(_ data: DecodedResponse, owned: OwnedVpcs, coverage: Coverage, scopes: [Scope]) -> [Violation] {
        let defaultGroups = Set(data.securityGroups.filter { $0.name == "default" }.map { ScopedId($0.scope, $0.vpcId) })
        let defaultAcls = Set(data.networkAcls.filter(\.isDefault).map { ScopedId($0.scope, $0.vpcId) })
        var violations: [Violation] = []
        for scope in scopes {
            guard let ownedIds = owned.byScope[scope] else { continue }
            violations += lacking(.describeSecurityGroups, defaultGroups, "a default security group", ownedIds, scope, coverage)
            violations += lacking(.describeNetworkAcls, defaultAcls, "a default network ACL", ownedIds, scope, coverage)
        }
        return violations
    }

    /// The owned VPCs without the default resource `what` that `action` lists, where it was collected.
    private static func lacking(_ action: Action, _ present: Set<ScopedId>, _ what: String, _ owned: [String], _ scope: Scope,
                                _ coverage: Coverage) -> [Violation] {
        guard coverage.status(scope, action).isCollected else { return [] }
        let lacking = owned.filter { !present.contains(ScopedId(scope, $0)) }
        guard !lacking.isEmpty else { return [] }
        return [Violation(scope: scope, action: action, message:
            "implausible: \(list(lacking, "VPC", "VPCs")) \(lacking.count == 1 ? "lacks" : "lack") \(what), "
            + "which EC2 creates with every VPC: the \(action.rawValue) response looks incomplete")]
    }

    /// An available gateway the scope owns, whose default association or propagation is on, names
    /// its default table: the owner's route-table listing must hold it.
    private static func missingDefaultRouteTables(_ data: DecodedResponse, coverage: Coverage) -> [Violation] {
        let gatewaysByScope = Dictionary(grouping: data.transitGateways, by: \.scope)
        let tables = Set(data.transitGatewayRouteTables.map { ScopedId($0.scope, $0.id) })
        var violations: [Violation] = []
        for scope in coverage.scopes where coverage.status(scope, .describeTransitGateways).isCollected
            && coverage.status(scope, .describeTransitGatewayRouteTables).isCollected {
            var lacking: [String] = []
            for gateway in gatewaysByScope[scope] ?? [] where gateway.ownerId == scope.account && gateway.state == "available" {
                let options = gateway.options
                let defaults = [options.defaultRouteTableAssociation ? options.associationDefaultRouteTableId : nil,
                                options.defaultRouteTablePropagation ? options.propagationDefaultRouteTableId : nil]
                for case let table? in defaults where !tables.contains(ScopedId(scope, table)) && !lacking.contains(table) {
                    lacking.append(table)
                }
            }
            guard !lacking.isEmpty else { continue }
            violations.append(Violation(scope: scope, action: .describeTransitGatewayRouteTables, message:
                "implausible: the default \(list(lacking, "route table", "route tables")) of the account's transit gateways "
                + "\(lacking.count == 1 ? "is" : "are") not listed: the DescribeTransitGatewayRouteTables response looks incomplete"))
        }
        return violations
    }

    /// `VPC vpc-1`, `VPCs vpc-1, vpc-2, vpc-3, vpc-4, vpc-5 and 7 more`.
    private static func list(_ ids: [String], _ one: String, _ many: String) -> String {
        let sorted = ids.sorted()
        let shown = sorted.prefix(5).joined(separator: ", ")
        let more = sorted.count > 5 ? " and \(sorted.count - 5) more" : ""
        return "\(sorted.count == 1 ? one : many) \(shown)\(more)"
    }

    private struct ScopedId: Hashable {
        var scope: Scope
        var id: String
        init(_ scope: Scope, _ id: String) {
            self.scope = scope
            self.id = id
        }
    }
}

extension DecodedResponse {
    /// Drops what the given actions returned in the given scopes (their data is not to be trusted).
    mutating func removeAll(of actions: Set<ScopedAction>) {
        func keep(_ scope: Scope, _ action: Action) -> Bool { !actions.contains(ScopedAction(scope: scope, action: action)) }
        vpcs.removeAll { !keep($0.scope, .describeVpcs) }
        subnets.removeAll { !keep($0.scope, .describeSubnets) }
        routeTables.removeAll { !keep($0.scope, .describeRouteTables) }
        securityGroups.removeAll { !keep($0.scope, .describeSecurityGroups) }
        networkAcls.removeAll { !keep($0.scope, .describeNetworkAcls) }
        transitGatewayRouteTables.removeAll { !keep($0.scope, .describeTransitGatewayRouteTables) }
    }
}

struct ScopedAction: Hashable {
    var scope: Scope
    var action: Action
}
