import HubModel

/// A listing whose every item needs calls of its own, each saved as
/// `<Action>.<resource id>[.N].xml`: a prefix list's entries; a transit-gateway route table's
/// associations, propagations and routes (only its owner can make them, and its owner's listing is
/// the only one that returns the table).
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

    static let all = [prefixLists, transitGatewayRouteTables]

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
}
