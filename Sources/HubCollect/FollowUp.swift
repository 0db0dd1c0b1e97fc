import HubModel
import HubSnapshot
import HubXML

/// A listing whose every item needs calls of its own, each saved as
/// `<Action>.<resource id>[.<qualifier>][.N].xml`: a prefix list's entries; a transit-gateway route
/// table's associations, propagations and routes (only its owner can make them, and its owner's
/// listing is the only one that returns the table); a VPC's DNS attributes and its stale security
/// groups. Several follow-ups may share a listing: each makes its own calls on the ids the listing named.
struct FollowUp: Sendable {
    struct Call: Sendable {
        var action: Action
        /// The parameter that names the resource.
        var idParameter: String
        /// The MaxResults the call accepts (the request's page size is kept within it); nil for a
        /// call that takes none (DescribeVpcAttribute answers one value).
        var range: ClosedRange<Int>?
        /// A MaxResults that the page size does not change: a call answered in one page.
        var fixedMaxResults: Int?
        var parameters: [(String, String)] = []
        /// What tells two calls of one action on one resource apart in the file name, after the id
        /// (`enableDnsSupport`: `DescribeVpcAttribute.vpc-0abc.enableDnsSupport.xml`).
        var qualifier: String?

        /// The file-name part of the call on `id`: the id, and the qualifier when there is one.
        func parameter(for id: String) -> String { qualifier.map { "\(id).\($0)" } ?? id }
    }

    var listing: Action
    /// What the listing names, for messages: `prefix list`.
    var resource: String
    /// Where the listing's items are and which of their elements is the id to follow.
    var container: XMLName
    var idElement: XMLName
    var calls: [Call]

    static let all = [prefixLists, transitGatewayRouteTables, vpcAttributes, staleSecurityGroups]

    /// The follow-ups of one listing, in declaration order.
    static func of(_ listing: Action) -> [FollowUp] { all.filter { $0.listing == listing } }

    static let prefixLists = FollowUp(
        listing: .describeManagedPrefixLists, resource: "prefix list", container: .prefixListSet, idElement: .prefixListId, calls: [
            Call(action: .getManagedPrefixListEntries, idParameter: "PrefixListId", range: 1...100),
        ])

    /// SearchTransitGatewayRoutes requires filters and returns at most 1,000 routes, with
    /// `additionalRoutesAvailable` (not a token) when there are more: every route type and state a
    /// path can take, in one search of the largest size.
    static let transitGatewayRouteTables = FollowUp(
        listing: .describeTransitGatewayRouteTables, resource: "transit gateway route table",
        container: .transitGatewayRouteTables, idElement: .transitGatewayRouteTableId, calls: [
            Call(action: .getTransitGatewayRouteTableAssociations, idParameter: "TransitGatewayRouteTableId", range: 5...1000),
            Call(action: .getTransitGatewayRouteTablePropagations, idParameter: "TransitGatewayRouteTableId", range: 5...1000),
            Call(action: .searchTransitGatewayRoutes, idParameter: "TransitGatewayRouteTableId", range: 5...1000,
                 fixedMaxResults: 1000, parameters: [
                    ("Filter.1.Name", "type"), ("Filter.1.Value.1", "static"), ("Filter.1.Value.2", "propagated"),
                    ("Filter.2.Name", "state"), ("Filter.2.Value.1", "active"), ("Filter.2.Value.2", "blackhole"),
                 ]),
        ])

    /// DescribeVpcAttribute answers one attribute per call: one call per VPC the account's
    /// DescribeVpcs lists and attribute `peering-dns` reads (`VpcAttribute`), unpaged.
    static let vpcAttributes = FollowUp(
        listing: .describeVpcs, resource: "VPC", container: .vpcSet, idElement: .vpcId,
        calls: VpcAttribute.allCases.map { attribute in
            Call(action: .describeVpcAttribute, idParameter: "VpcId", range: nil,
                 parameters: [("Attribute", attribute.rawValue)], qualifier: attribute.rawValue)
        })

    /// EC2's own list of a VPC's stale security-group rules, a cross-check of what rule
    /// stale-security-group-reference computes (`Action.isCrossCheck`: where it fails — moto lacks
    /// it — the failure is recorded and the collection stays trusted).
    static let staleSecurityGroups = FollowUp(
        listing: .describeVpcs, resource: "VPC", container: .vpcSet, idElement: .vpcId, calls: [
            Call(action: .describeStaleSecurityGroups, idParameter: "VpcId", range: 5...255),
        ])
}
