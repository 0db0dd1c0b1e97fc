import HubModel
import HubXML

/// One function per Describe* item shape: an `XMLNode` list item in, a model value out.
/// Element names are the wire names of ../shared/reference/ec2-xml.md §6; absent optional elements
/// get the EC2 default, a malformed value is an error naming the line.
enum Decode {
    static func vpc(_ item: XMLNode, _ ctx: DecodeContext) throws -> Vpc {
        var ipv4 = try item.items("cidrBlockAssociationSet")
            .filter { ($0.value("cidrBlockState/state") ?? "associated") == "associated" }
            .compactMap { try ctx.cidr($0, "cidrBlock") }
        // The association set holds the primary block too; older bodies only have `cidrBlock`.
        if let primary = try ctx.cidr(item, "cidrBlock") {
            ipv4.removeAll { $0 == primary }
            ipv4.insert(primary, at: 0)
        }
        let ipv6 = try item.items("ipv6CidrBlockAssociationSet")
            .filter { ($0.value("ipv6CidrBlockState/state") ?? "associated") == "associated" }
            .compactMap { try ctx.cidr($0, "ipv6CidrBlock") }
        return Vpc(scope: ctx.scope, id: try ctx.required(item, "vpcId"), ownerId: item.value("ownerId"),
                   state: item.value("state") ?? "available", ipv4: ipv4, ipv6: ipv6,
                   isDefault: item.value("isDefault") == "true", tags: tags(item))
    }

    static func subnet(_ item: XMLNode, _ ctx: DecodeContext) throws -> Subnet {
        let ipv6 = try item.items("ipv6CidrBlockAssociationSet")
            .filter { ($0.value("ipv6CidrBlockState/state") ?? "associated") == "associated" }
            .compactMap { try ctx.cidr($0, "ipv6CidrBlock") }
        return Subnet(scope: ctx.scope, id: try ctx.required(item, "subnetId"), vpcId: try ctx.required(item, "vpcId"),
                      ipv4: try ctx.cidr(item, "cidrBlock"), ipv6: ipv6,
                      availabilityZone: item.value("availabilityZone") ?? "", tags: tags(item))
    }

    static func routeTable(_ item: XMLNode, _ ctx: DecodeContext) throws -> RouteTable {
        var isMain = false
        var subnetIds: [String] = []
        for association in item.items("associationSet") {
            // A disassociated entry no longer routes anything.
            let state = association.value("associationState/state") ?? "associated"
            guard state == "associated" || state == "associating" else { continue }
            if association.value("main") == "true" { isMain = true }
            if let subnet = association.value("subnetId"), !subnet.isEmpty { subnetIds.append(subnet) }
        }
        let routes = try item.items("routeSet").map { try route($0, ctx) }
        return RouteTable(scope: ctx.scope, id: try ctx.required(item, "routeTableId"),
                          vpcId: try ctx.required(item, "vpcId"), isMain: isMain, subnetIds: subnetIds,
                          routes: routes, tags: tags(item))
    }

    /// Route targets in the order EC2 documents them; the first present one is the target.
    private static let targets: [(String, Route.TargetKind)] = [
        ("vpcPeeringConnectionId", .peering), ("transitGatewayId", .transitGateway),
        ("natGatewayId", .natGateway), ("egressOnlyInternetGatewayId", .egressOnlyInternetGateway),
        ("carrierGatewayId", .carrierGateway), ("localGatewayId", .localGateway),
        ("coreNetworkArn", .coreNetwork), ("networkInterfaceId", .networkInterface),
        ("instanceId", .instance), ("gatewayId", .internetGateway),
    ]

    static func route(_ item: XMLNode, _ ctx: DecodeContext) throws -> Route {
        let destination: Route.Destination
        if let cidr = try ctx.cidr(item, "destinationCidrBlock") ?? ctx.cidr(item, "destinationIpv6CidrBlock") {
            destination = .cidr(cidr)
        } else if let list = item.value("destinationPrefixListId"), !list.isEmpty {
            destination = .prefixList(list)
        } else {
            throw ctx.error(item, "route without a destination")
        }
        var kind = Route.TargetKind.other
        var target = ""
        for (element, candidate) in targets {
            if let id = item.value(element), !id.isEmpty {
                kind = candidate
                target = id
                break
            }
        }
        if kind == .internetGateway {
            if target == "local" { kind = .local }
            else if target.hasPrefix("vgw-") { kind = .virtualPrivateGateway }
            else if target.hasPrefix("vpce-") { kind = .vpcEndpoint }
        }
        return Route(destination: destination, targetKind: kind, targetId: target,
                     state: item.value("state") ?? "active", origin: item.value("origin") ?? "")
    }

    static func peering(_ item: XMLNode, _ ctx: DecodeContext) throws -> PeeringConnection {
        func side(_ name: String) throws -> PeeringConnection.Side {
            guard let info = item.child(name) else { throw ctx.error(item, "peering without \(name)") }
            var blocks = try info.items("cidrBlockSet").compactMap { try ctx.cidr($0, "cidrBlock") }
            if let primary = try ctx.cidr(info, "cidrBlock"), !blocks.contains(primary) { blocks.insert(primary, at: 0) }
            blocks += try info.items("ipv6CidrBlockSet").compactMap { try ctx.cidr($0, "ipv6CidrBlock") }
            // `region` is absent in older bodies: the peering is then within the reporting region.
            return .init(ownerId: try ctx.required(info, "ownerId"), vpcId: try ctx.required(info, "vpcId"),
                         region: info.value("region").flatMap { $0.isEmpty ? nil : $0 } ?? ctx.scope.region,
                         blocks: blocks)
        }
        return PeeringConnection(id: try ctx.required(item, "vpcPeeringConnectionId"),
                                 statusCode: item.value("status/code") ?? "unknown",
                                 statusMessage: item.value("status/message") ?? "",
                                 requester: try side("requesterVpcInfo"), accepter: try side("accepterVpcInfo"),
                                 reportedBy: [ctx.scope], tags: tags(item))
    }

    static func securityGroup(_ item: XMLNode, _ ctx: DecodeContext) throws -> SecurityGroup {
        SecurityGroup(scope: ctx.scope, id: try ctx.required(item, "groupId"), name: item.value("groupName") ?? "",
                      vpcId: item.value("vpcId") ?? "", ownerId: item.value("ownerId"),
                      ingress: try item.items("ipPermissions").map { try permission($0, ctx) },
                      egress: try item.items("ipPermissionsEgress").map { try permission($0, ctx) },
                      tags: tags(item))
    }

    static func permission(_ item: XMLNode, _ ctx: DecodeContext) throws -> Permission {
        func range(_ node: XMLNode, _ element: String) throws -> SourceRange? {
            guard let text = node.value(element) else { return nil }
            guard let cidr = CIDR(text) else { throw ctx.error(node, "invalid CIDR '\(text)' in \(element)") }
            return SourceRange(cidr: cidr, text: text, description: node.value("description"))
        }
        func port(_ element: String) throws -> Int? {
            guard let text = item.value(element) else { return nil }
            guard let value = Int(text), (-1...65535).contains(value) else {
                throw ctx.error(item, "invalid \(element) '\(text)'")
            }
            return value
        }
        guard let ipProtocol = item.value("ipProtocol"), !ipProtocol.isEmpty else {
            throw ctx.error(item, "permission without ipProtocol")
        }
        return Permission(
            ipProtocol: ipProtocol, fromPort: try port("fromPort"), toPort: try port("toPort"),
            ipv4Ranges: try item.items("ipRanges").compactMap { try range($0, "cidrIp") },
            ipv6Ranges: try item.items("ipv6Ranges").compactMap { try range($0, "cidrIpv6") },
            prefixListIds: item.items("prefixListIds").compactMap { $0.value("prefixListId") },
            groups: item.items("groups").compactMap { pair in
                pair.value("groupId").map {
                    GroupReference(groupId: $0, userId: pair.value("userId"), vpcId: pair.value("vpcId"),
                                   peeringId: pair.value("vpcPeeringConnectionId"))
                }
            })
    }

    static func flowLog(_ item: XMLNode, _ ctx: DecodeContext) throws -> FlowLog {
        FlowLog(scope: ctx.scope, id: try ctx.required(item, "flowLogId"), resourceId: try ctx.required(item, "resourceId"),
                trafficType: item.value("trafficType") ?? "", status: item.value("flowLogStatus") ?? "",
                deliveryStatus: item.value("deliverLogsStatus"), deliveryError: item.value("deliverLogsErrorMessage"),
                destinationType: item.value("logDestinationType") ?? "",
                destination: item.value("logDestination") ?? item.value("logGroupName") ?? "")
    }

    static func networkAcl(_ item: XMLNode, _ ctx: DecodeContext) throws -> NetworkAcl {
        let entries = try item.items("entrySet").map { entry -> NetworkAcl.Entry in
            var ports: ClosedRange<Int>?
            if let from = entry.value("portRange/from").flatMap(Int.init), let to = entry.value("portRange/to").flatMap(Int.init),
               from <= to {
                ports = from...to
            }
            return NetworkAcl.Entry(ruleNumber: Int(entry.value("ruleNumber") ?? "") ?? 0,
                                    ipProtocol: entry.value("protocol") ?? "-1",
                                    allow: entry.value("ruleAction") == "allow", egress: entry.value("egress") == "true",
                                    cidr: try ctx.cidr(entry, "cidrBlock") ?? ctx.cidr(entry, "ipv6CidrBlock"),
                                    portRange: ports)
        }
        return NetworkAcl(scope: ctx.scope, id: try ctx.required(item, "networkAclId"), vpcId: try ctx.required(item, "vpcId"),
                          isDefault: item.value("default") == "true",
                          subnetIds: item.items("associationSet").compactMap { $0.value("subnetId") }, entries: entries)
    }

    static func endpoint(_ item: XMLNode, _ ctx: DecodeContext) throws -> VpcEndpoint {
        VpcEndpoint(scope: ctx.scope, id: try ctx.required(item, "vpcEndpointId"), type: item.value("vpcEndpointType") ?? "",
                    vpcId: item.value("vpcId") ?? "", serviceName: item.value("serviceName") ?? "",
                    state: item.value("state") ?? "", routeTableIds: item.strings("routeTableIdSet"),
                    subnetIds: item.strings("subnetIdSet"),
                    groupIds: item.items("groupSet").compactMap { $0.value("groupId") })
    }

    static func prefixList(_ item: XMLNode, _ ctx: DecodeContext) throws -> PrefixList {
        PrefixList(scope: ctx.scope, id: try ctx.required(item, "prefixListId"), name: item.value("prefixListName") ?? "",
                   addressFamily: item.value("addressFamily") ?? "IPv4", ownerId: item.value("ownerId") ?? "",
                   entries: nil)
    }

    static func prefixListEntry(_ item: XMLNode, _ ctx: DecodeContext) throws -> CIDR {
        guard let cidr = try ctx.cidr(item, "cidr") else { throw ctx.error(item, "prefix list entry without cidr") }
        return cidr
    }

    static func networkInterface(_ item: XMLNode, _ ctx: DecodeContext) throws -> NetworkInterface {
        NetworkInterface(scope: ctx.scope, id: try ctx.required(item, "networkInterfaceId"), vpcId: item.value("vpcId") ?? "",
                         subnetId: item.value("subnetId") ?? "",
                         groupIds: item.items("groupSet").compactMap { $0.value("groupId") },
                         status: item.value("status") ?? "", interfaceType: item.value("interfaceType") ?? "interface")
    }

    /// A reservation holds instances; an instance's groups are in its own `groupSet` and its ENIs'.
    static func instances(ofReservation item: XMLNode, _ ctx: DecodeContext) throws -> [Instance] {
        try item.items("instancesSet").map { instance in
            let groups = instance.items("groupSet").compactMap { $0.value("groupId") }
                + instance.items("networkInterfaceSet").flatMap { $0.items("groupSet").compactMap { $0.value("groupId") } }
            return Instance(scope: ctx.scope, id: try ctx.required(instance, "instanceId"),
                            vpcId: instance.value("vpcId") ?? "", subnetId: instance.value("subnetId") ?? "",
                            groupIds: Array(Set(groups)).sorted(), state: instance.value("instanceState/name") ?? "")
        }
    }

    static func tags(_ item: XMLNode) -> Tags {
        var pairs: [String: String] = [:]
        for tag in item.items("tagSet") {
            if let key = tag.value("key") { pairs[key] = tag.value("value") ?? "" }
        }
        return Tags(pairs)
    }
}

/// Where the item being decoded came from, for the scope of its resources and the errors' file name.
struct DecodeContext {
    var scope: Scope
    var file: String

    func error(_ node: XMLNode, _ message: String) -> XMLParseError {
        XMLParseError(file: file, line: node.line > 0 ? node.line : nil, message: message)
    }

    func required(_ node: XMLNode, _ element: String) throws -> String {
        guard let value = node.value(element), !value.isEmpty else {
            throw error(node, "<\(node.name)> without \(element)")
        }
        return value
    }

    /// The CIDR in a child element; nil when absent or empty, an error when malformed.
    func cidr(_ node: XMLNode, _ element: String) throws -> CIDR? {
        guard let text = node.value(element), !text.isEmpty else { return nil }
        guard let cidr = CIDR(text) else {
            throw error(node.child(element) ?? node, "invalid CIDR '\(text)' in \(element)")
        }
        return cidr
    }
}
