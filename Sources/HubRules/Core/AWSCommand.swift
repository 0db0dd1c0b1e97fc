import HubModel

/// The AWS CLI commands a fix names, spelled out with the finding's own ids so that a reviewer
/// can check and paste them (the region is explicit: the profile's default may be another).
public enum AWSCommand {
    /// `create-route` or, when the table already holds a route for exactly this destination,
    /// `replace-route` (create-route would fail with RouteAlreadyExists).
    public static func route(in table: RouteTable, to destination: CIDR, via peering: String) -> String {
        let exists = table.routes.contains { $0.viaPrefixList == nil && $0.cidr == destination }
        return "aws ec2 \(exists ? "replace-route" : "create-route") --region \(table.scope.region) --route-table-id \(table.id) "
            + "\(flag(destination)) --vpc-peering-connection-id \(peering)"
    }

    public static func deleteRoute(in table: RouteTable, to destination: Route.Destination) -> String {
        let target: String
        switch destination {
        case .cidr(let cidr): target = flag(cidr)
        case .prefixList(let id): target = "--destination-prefix-list-id \(id)"
        }
        return "aws ec2 delete-route --region \(table.scope.region) --route-table-id \(table.id) \(target)"
    }

    public static func acceptPeering(_ peering: PeeringConnection) -> String {
        "aws ec2 accept-vpc-peering-connection --region \(peering.accepter.region) --vpc-peering-connection-id \(peering.id)"
    }

    private static func flag(_ cidr: CIDR) -> String {
        "\(cidr.family == .v4 ? "--destination-cidr-block" : "--destination-ipv6-cidr-block") \(cidr)"
    }
}
