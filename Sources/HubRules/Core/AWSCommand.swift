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

    /// The sentence of the remediation that goes with a fix's commands (which the finding carries
    /// apart, in `fixCommands`): the account to run them in, since the caller's may be another, and
    /// what may be done instead.
    public static func runSentence(_ commands: [String], account: String, alternative: String? = nil) -> String {
        let what = commands.count == 1 ? "the command" : "the commands"
        return "Run \(what) in account \(account)" + (alternative.map { " (or \($0))" } ?? "") + "."
    }

    private static func flag(_ cidr: CIDR) -> String {
        "\(cidr.family == .v4 ? "--destination-cidr-block" : "--destination-ipv6-cidr-block") \(cidr)"
    }
}
