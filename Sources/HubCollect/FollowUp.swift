import HubAWS
import HubModel
import HubSnapshot
import HubXML

/// A listing whose every item needs calls of its own, each saved as
/// `<Action>.<resource id>[.N].xml`: a prefix list's entries; a transit-gateway route table's
/// associations, propagations and routes (only its owner can make them, and its owner's listing is
/// the only one that returns the table); a VPC's stale security groups. One listing may have
/// several follow-ups, each declared on its own: every one is made for every listed id.
struct FollowUp: Sendable {
    struct Call: Sendable {
        var action: Action
        /// The parameter that names the resource.
        var idParameter: String
        /// The MaxResults the call accepts (the request's page size is kept within it).
        var range: ClosedRange<Int>
        /// A MaxResults that the page size does not change: a call answered in one page.
        var fixedMaxResults: Int?
        var parameters: [(String, String)] = []
    }

    var listing: Action
    /// What the listing names, for messages: `prefix list`.
    var resource: String
    var calls: [Call]

    static let all = [prefixLists, transitGatewayRouteTables, staleSecurityGroups]

    /// The follow-ups of a listing, in declaration order.
    static func of(_ listing: Action) -> [FollowUp] { all.filter { $0.listing == listing } }

    static let prefixLists = FollowUp(listing: .describeManagedPrefixLists, resource: "prefix list", calls: [
        Call(action: .getManagedPrefixListEntries, idParameter: "PrefixListId", range: 1...100),
    ])

    /// SearchTransitGatewayRoutes requires filters and returns at most 1,000 routes, with
    /// `additionalRoutesAvailable` (not a token) when there are more: every route type and state a
    /// path can take, in one search of the largest size.
    static let transitGatewayRouteTables = FollowUp(
        listing: .describeTransitGatewayRouteTables, resource: "transit gateway route table", calls: [
            Call(action: .getTransitGatewayRouteTableAssociations, idParameter: "TransitGatewayRouteTableId", range: 5...1000),
            Call(action: .getTransitGatewayRouteTablePropagations, idParameter: "TransitGatewayRouteTableId", range: 5...1000),
            Call(action: .searchTransitGatewayRoutes, idParameter: "TransitGatewayRouteTableId", range: 5...1000,
                 fixedMaxResults: 1000, parameters: [
                    ("Filter.1.Name", "type"), ("Filter.1.Value.1", "static"), ("Filter.1.Value.2", "propagated"),
                    ("Filter.2.Name", "state"), ("Filter.2.Value.1", "active"), ("Filter.2.Value.2", "blackhole"),
                 ]),
        ])

    /// EC2's own list of a VPC's stale security-group rules, a cross-check of what rule
    /// stale-security-group-reference computes (`Action.isCrossCheck`: where it fails — moto lacks
    /// it — the failure is recorded and the collection stays trusted).
    static let staleSecurityGroups = FollowUp(listing: .describeVpcs, resource: "VPC", calls: [
        Call(action: .describeStaleSecurityGroups, idParameter: "VpcId", range: 5...255),
    ])
}

extension FollowUp {
    /// Every call of this follow-up for every id the listing named, one id after the other.
    func collect(_ ids: [String], listedBy listingAction: Action, client: QueryClient, folder: String, account: String,
                 region: String, request: CollectRequest, recorder: Recorder, progress: CollectProgress) async {
        for id in ids {
            // The id names a file: an answer saying `../x` must not write outside the snapshot.
            guard calls.allSatisfy({ SnapshotLayout.isResourceId(id, of: $0.action) }) else {
                for call in calls {
                    await recorder.fail(account, region, call.action.rawValue,
                                        AWSCallError(code: "MalformedResponse",
                                                     message: "\(listingAction.rawValue) named the \(resource) \(quotedForMessage(id))"))
                }
                await progress.failed(calls.count)
                continue
            }
            for call in calls {
                let size = call.fixedMaxResults ?? Collector.pageSize(call.range, request)
                _ = await Collector.page(SnapshotLayout.ResponseFile(action: call.action, parameter: id),
                                         parameters: [(call.idParameter, id)] + call.parameters + [("MaxResults", String(size))],
                                         client: client, folder: folder, account: account, region: region, recorder: recorder,
                                         progress: progress)
            }
        }
    }
}
