import HubModel

/// The AWS CLI commands a fix names, spelled out with the finding's own ids so that a reviewer
/// can check and paste them (the region is explicit: the profile's default may be another).
public enum AWSCommand {
    /// `create-route` or, when the table already holds a route for exactly this destination,
    /// `replace-route` (create-route would fail with RouteAlreadyExists). `index`, the table's
    /// (`ExpandedRouteTables.indexed`), answers that without a pass over the routes: a hub's table
    /// gets a command per spoke.
    public static func route(in table: RouteTable, to destination: CIDR, via peering: String, index: RouteTableIndex? = nil) -> String {
        route(in: table, to: destination, target: "--vpc-peering-connection-id \(quoted(peering))", index: index)
    }

    /// The same for a route to a transit gateway.
    public static func route(in table: RouteTable, to destination: CIDR, viaTransitGateway gateway: String,
                             index: RouteTableIndex? = nil) -> String {
        route(in: table, to: destination, target: "--transit-gateway-id \(quoted(gateway))", index: index)
    }

    private static func route(in table: RouteTable, to destination: CIDR, target: String, index: RouteTableIndex?) -> String {
        let exists = index.map { !$0.ownRoutes(exactly: destination).isEmpty } ?? table.routes.contains { $0.viaPrefixList == nil && $0.cidr == destination }
        return "aws ec2 \(exists ? "replace-route" : "create-route") --region \(quoted(table.scope.region)) --route-table-id \(quoted(table.id)) "
            + "\(flag(destination)) \(target)"
    }

    /// `create-transit-gateway-route` or, when the table holds a static route for exactly this
    /// destination already (a blackhole, or one to another attachment), `replace-transit-gateway-route`.
    /// Transit-gateway routes take `--destination-cidr-block` for IPv4 and IPv6 alike.
    public static func transitGatewayRoute(in table: TransitGatewayRouteTable, to destination: CIDR, via attachment: String) -> String {
        let exists = table.routes?.contains { $0.origin == .static && $0.cidr == destination } ?? false
        return "aws ec2 \(exists ? "replace-transit-gateway-route" : "create-transit-gateway-route") --region \(quoted(table.scope.region)) "
            + "--transit-gateway-route-table-id \(quoted(table.id)) --destination-cidr-block \(destination) --transit-gateway-attachment-id \(quoted(attachment))"
    }

    public static func enablePropagation(in table: TransitGatewayRouteTable, of attachment: String) -> String {
        "aws ec2 enable-transit-gateway-route-table-propagation --region \(quoted(table.scope.region)) --transit-gateway-route-table-id \(quoted(table.id)) "
            + "--transit-gateway-attachment-id \(quoted(attachment))"
    }

    public static func associate(_ attachment: TransitGatewayAttachment, with tableId: String) -> String {
        "aws ec2 associate-transit-gateway-route-table --region \(quoted(attachment.scope.region)) --transit-gateway-route-table-id \(quoted(tableId)) "
            + "--transit-gateway-attachment-id \(quoted(attachment.id))"
    }

    public static func addSubnets(_ subnetIds: [String], to attachment: TransitGatewayAttachment) -> String {
        "aws ec2 modify-transit-gateway-vpc-attachment --region \(quoted(attachment.scope.region)) --transit-gateway-attachment-id \(quoted(attachment.id)) "
            + "--add-subnet-ids \(subnetIds.map(quoted).joined(separator: " "))"
    }

    public static func attachVpc(_ vpc: String, to gateway: String, subnetIds: [String], region: String) -> String {
        "aws ec2 create-transit-gateway-vpc-attachment --region \(quoted(region)) --transit-gateway-id \(quoted(gateway)) --vpc-id \(quoted(vpc)) "
            + "--subnet-ids \(subnetIds.map(quoted).joined(separator: " "))"
    }

    public static func deleteTransitGatewayRoute(in table: TransitGatewayRouteTable, to destination: CIDR) -> String {
        "aws ec2 delete-transit-gateway-route --region \(quoted(table.scope.region)) --transit-gateway-route-table-id \(quoted(table.id)) "
            + "--destination-cidr-block \(destination)"
    }

    /// One `modify-transit-gateway` option (`AutoAcceptSharedAttachments=disable`).
    public static func modifyTransitGateway(_ gateway: TransitGateway, options: [String]) -> String {
        "aws ec2 modify-transit-gateway --region \(quoted(gateway.scope.region)) --transit-gateway-id \(quoted(gateway.id)) "
            + "--options \(options.joined(separator: ","))"
    }

    public static func enableApplianceMode(_ attachment: TransitGatewayAttachment) -> String {
        "aws ec2 modify-transit-gateway-vpc-attachment --region \(quoted(attachment.scope.region)) --transit-gateway-attachment-id \(quoted(attachment.id)) "
            + "--options ApplianceModeSupport=enable"
    }

    public static func deleteRoute(in table: RouteTable, to destination: Route.Destination) -> String {
        let target: String
        switch destination {
        case .cidr(let cidr): target = flag(cidr)
        case .prefixList(let id): target = "--destination-prefix-list-id \(quoted(id))"
        }
        return "aws ec2 delete-route --region \(quoted(table.scope.region)) --route-table-id \(quoted(table.id)) \(target)"
    }

    public static func acceptPeering(_ peering: PeeringConnection) -> String {
        "aws ec2 accept-vpc-peering-connection --region \(quoted(peering.accepter.region)) --vpc-peering-connection-id \(quoted(peering.id))"
    }

    /// `revoke-security-group-ingress` (or `-egress`) of exactly these rules of the group: EC2 revokes
    /// a rule only when protocol, ports and every source match it, so each is spelled out in
    /// `--ip-permissions` JSON, single-quoted for the shell.
    public static func revoke(_ permissions: some Sequence<Permission>, egress: Bool, of group: SecurityGroup) -> String {
        let json = "[" + permissions.map { ipPermissionJSON($0, group: group) }.joined(separator: ",") + "]"
        return "aws ec2 \(egress ? "revoke-security-group-egress" : "revoke-security-group-ingress") --region \(quoted(group.scope.region)) "
            + "--group-id \(quoted(group.id)) --ip-permissions \(quoted(json))"
    }

    /// A network-ACL entry that denies `protocol` (6 tcp, 17 udp) on `ports` from the whole of the
    /// family's address space, inbound.
    public static func denyIngress(in acl: NetworkAcl, ruleNumber: Int, protocol number: Int, ports: ClosedRange<Int>,
                                   family: CIDR.Family) -> String {
        let source = family == .v4 ? "--cidr-block 0.0.0.0/0" : "--ipv6-cidr-block ::/0"
        return "aws ec2 create-network-acl-entry --region \(quoted(acl.scope.region)) --network-acl-id \(quoted(acl.id)) --ingress "
            + "--rule-number \(ruleNumber) --protocol \(number) --port-range From=\(ports.lowerBound),To=\(ports.upperBound) "
            + "\(source) --rule-action deny"
    }

    /// Lets the peer VPC resolve this side's public DNS hostnames to private addresses: only the
    /// side's owner can set it, in the side's region (`requester` picks the side).
    public static func allowDnsResolution(_ peering: PeeringConnection, requester: Bool) -> String {
        let side = requester ? peering.requester : peering.accepter
        return "aws ec2 modify-vpc-peering-connection-options --region \(quoted(side.region)) --vpc-peering-connection-id \(quoted(peering.id)) "
            + "--\(requester ? "requester" : "accepter")-peering-connection-options AllowDnsResolutionFromRemoteVpc=true"
    }

    /// Turns a VPC's DNS attribute on (`--enable-dns-support '{"Value":true}'`): one attribute per call, as EC2 takes them.
    public static func enable(_ attribute: VpcAttribute, of vpc: Vpc) -> String {
        "aws ec2 modify-vpc-attribute --region \(quoted(vpc.scope.region)) --vpc-id \(quoted(vpc.id)) \(attribute.cliOption) "
            + quoted("{\"Value\":true}")
    }

    /// Either side's owner can delete a peering; `region` is that side's.
    public static func deletePeering(_ peering: PeeringConnection, region: String) -> String {
        "aws ec2 delete-vpc-peering-connection --region \(quoted(region)) --vpc-peering-connection-id \(quoted(peering.id))"
    }

    /// The sentence of the remediation that goes with a fix's commands (which the finding carries
    /// apart, in `fixCommands`): the account to run them in, since the caller's may be another, and
    /// what may be done instead.
    public static func runSentence(_ commands: [String], account: String, alternative: String? = nil) -> String {
        let what = commands.count == 1 ? "the command" : "the commands"
        return "Run \(what) in account \(account)" + (alternative.map { " (or \($0))" } ?? "") + "."
    }

    /// One IpPermission as the CLI's JSON takes it: only the fields the rule has.
    private static func ipPermissionJSON(_ permission: Permission, group: SecurityGroup) -> String {
        var fields = ["\"IpProtocol\":\(jsonString(permission.ipProtocol))"]
        if let from = permission.fromPort { fields.append("\"FromPort\":\(from)") }
        if let to = permission.toPort { fields.append("\"ToPort\":\(to)") }
        func list(_ name: String, _ items: [String]) {
            if !items.isEmpty { fields.append("\"\(name)\":[" + items.joined(separator: ",") + "]") }
        }
        list("IpRanges", permission.ipv4Ranges.map { "{\"CidrIp\":\(jsonString($0.text))}" })
        list("Ipv6Ranges", permission.ipv6Ranges.map { "{\"CidrIpv6\":\(jsonString($0.text))}" })
        list("PrefixListIds", permission.prefixListIds.map { "{\"PrefixListId\":\(jsonString($0))}" })
        list("UserIdGroupPairs", permission.groups.map { reference in
            // Another account's group is named with its account, as EC2 lists it.
            let account = reference.userId.flatMap { $0 == group.ownerId ? nil : $0 }
            return "{\"GroupId\":\(jsonString(reference.groupId))" + (account.map { ",\"UserId\":\(jsonString($0))" } ?? "") + "}"
        })
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A JSON string: the values come from the snapshot, so quotes, backslashes and control
    /// characters are escaped rather than trusted.
    private static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A value from the snapshot as one shell word: as it is when it is plain (AWS ids, regions),
    /// else in single quotes. A hostile id (`rtb-1; curl … | sh`) in a pasted command stays an
    /// argument, never a second command.
    public static func quoted(_ value: String) -> String {
        if value.hasPrefix(placeholderMark) { return "<\(value.dropFirst())>" }
        if !value.isEmpty, value.unicodeScalars.allSatisfy(plain.contains) { return value }
        return "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// `<attachment-id>` in a command the reader completes: marked with a NUL, which no snapshot
    /// value can hold (XML forbids it), so that an id spelled `<attachment-id>` is still quoted.
    public static func placeholder(_ name: String) -> String { placeholderMark + name }
    private static let placeholderMark = "\u{0}"

    private static let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/=,@+".unicodeScalars)

    private static func flag(_ cidr: CIDR) -> String {
        "\(cidr.family == .v4 ? "--destination-cidr-block" : "--destination-ipv6-cidr-block") \(cidr)"
    }
}
