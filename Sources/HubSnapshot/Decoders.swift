import HubModel
import HubXML

/// One function per Describe* item shape: an `ItemElement` list item in, a model value out.
/// Element names are EC2's wire names (`WireNames.swift`; recorded bodies in Tests/Fixtures/samples); absent
/// optional elements get the EC2 default, a malformed value is an error naming the line.
enum Decode {
    typealias Item = ItemElement

    static func vpc(_ item: Item, _ ctx: DecodeContext) throws -> Vpc {
        var ipv4: [CIDR] = []
        for association in item.items(.cidrBlockAssociationSet) where isAssociated(association, .cidrBlockState) {
            if let cidr = try ctx.cidr(association, .cidrBlock) { ipv4.append(cidr) }
        }
        // The association set holds the primary block too; older bodies only have `cidrBlock`.
        if let primary = try ctx.cidr(item, .cidrBlock) {
            ipv4.removeAll { $0 == primary }
            ipv4.insert(primary, at: 0)
        }
        return Vpc(scope: ctx.scope, id: try ctx.required(item, .vpcId), ownerId: item.value(.ownerId),
                   state: item.value(.state) ?? "available", ipv4: ipv4, ipv6: try ipv6Blocks(item, ctx),
                   isDefault: item.child(.isDefault)?.textEquals("true") == true, tags: tags(item))
    }

    /// `<ipv6CidrBlockAssociationSet>` of a VPC or subnet: the blocks still associated.
    private static func ipv6Blocks(_ item: Item, _ ctx: DecodeContext) throws -> [CIDR] {
        var blocks: [CIDR] = []
        for association in item.items(.ipv6CidrBlockAssociationSet) where isAssociated(association, .ipv6CidrBlockState) {
            if let cidr = try ctx.cidr(association, .ipv6CidrBlock) { blocks.append(cidr) }
        }
        return blocks
    }

    /// `<…State><state>associated</state>` or no state at all (older bodies).
    private static func isAssociated(_ association: Item, _ stateElement: XMLName) -> Bool {
        guard let state = association.child(stateElement)?.child(.state) else { return true }
        return state.textEquals("associated")
    }

    static func subnet(_ item: Item, _ ctx: DecodeContext) throws -> Subnet {
        Subnet(scope: ctx.scope, id: try ctx.required(item, .subnetId), vpcId: try ctx.required(item, .vpcId),
               ipv4: try ctx.cidr(item, .cidrBlock), ipv6: try ipv6Blocks(item, ctx),
               availabilityZone: item.value(.availabilityZone) ?? "", tags: tags(item))
    }

    static func routeTable(_ item: Item, _ ctx: DecodeContext) throws -> RouteTable {
        var isMain = false
        var subnetIds: [String] = []
        for association in item.items(.associationSet) {
            // A disassociated entry no longer routes anything.
            if let state = association.child(.associationState)?.child(.state),
               !state.textEquals("associated") && !state.textEquals("associating") {
                continue
            }
            if association.child(.main)?.textEquals("true") == true { isMain = true }
            if let subnet = ctx.id(association, .subnetId), !subnet.isEmpty { subnetIds.append(subnet) }
        }
        let routes = try item.items(.routeSet).map { try route($0, ctx) }
        return RouteTable(scope: ctx.scope, id: try ctx.required(item, .routeTableId),
                          vpcId: try ctx.required(item, .vpcId), isMain: isMain, subnetIds: subnetIds,
                          routes: routes, tags: tags(item))
    }

    /// Route targets in the order EC2 documents them; the first present one is the target.
    private static let targets: [(XMLName, Route.TargetKind)] = [
        (.vpcPeeringConnectionId, .peering), (.transitGatewayId, .transitGateway),
        (.natGatewayId, .natGateway), (.egressOnlyInternetGatewayId, .egressOnlyInternetGateway),
        (.carrierGatewayId, .carrierGateway), (.localGatewayId, .localGateway),
        (.coreNetworkArn, .coreNetwork), (.networkInterfaceId, .networkInterface),
        (.instanceId, .instance), (.gatewayId, .internetGateway),
    ]

    static func route(_ item: Item, _ ctx: DecodeContext) throws -> Route {
        let destination: Route.Destination
        if let cidr = try ctx.cidr(item, .destinationCidrBlock) ?? ctx.cidr(item, .destinationIpv6CidrBlock) {
            destination = .cidr(cidr)
        } else if let list = item.value(.destinationPrefixListId), !list.isEmpty {
            destination = .prefixList(list)
        } else {
            throw ctx.error(item, "route without a destination")
        }
        var kind = Route.TargetKind.other
        var target = ""
        for (element, candidate) in targets {
            if let id = ctx.id(item, element), !id.isEmpty {
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
                     state: item.value(.state) ?? "active", origin: item.value(.origin) ?? "")
    }

    static func peering(_ item: Item, _ ctx: DecodeContext) throws -> PeeringConnection {
        func side(_ name: XMLName) throws -> PeeringConnection.Side {
            guard let info = item.child(name) else { throw ctx.error(item, "peering without \(name)") }
            var blocks: [CIDR] = []
            for entry in info.items(.cidrBlockSet) { if let cidr = try ctx.cidr(entry, .cidrBlock) { blocks.append(cidr) } }
            if let primary = try ctx.cidr(info, .cidrBlock), !blocks.contains(primary) { blocks.insert(primary, at: 0) }
            for entry in info.items(.ipv6CidrBlockSet) { if let cidr = try ctx.cidr(entry, .ipv6CidrBlock) { blocks.append(cidr) } }
            // `region` is absent in older bodies: the peering is then within the reporting region.
            let options = info.child(.peeringOptions)
            return .init(ownerId: try ctx.required(info, .ownerId), vpcId: try ctx.required(info, .vpcId),
                         region: info.value(.region).flatMap { $0.isEmpty ? nil : $0 } ?? ctx.scope.region,
                         blocks: blocks,
                         allowsDnsResolutionFromRemoteVpc: try options.flatMap { try ctx.boolean($0, .allowDnsResolutionFromRemoteVpc) })
        }
        return PeeringConnection(id: try ctx.required(item, .vpcPeeringConnectionId),
                                 statusCode: item.value(.status, .code) ?? "unknown",
                                 statusMessage: item.value(.status, .message) ?? "",
                                 requester: try side(.requesterVpcInfo), accepter: try side(.accepterVpcInfo),
                                 reportedBy: [ctx.scope], tags: tags(item))
    }

    static func securityGroup(_ item: Item, _ ctx: DecodeContext) throws -> SecurityGroup {
        let ingress = item.items(.ipPermissions), egress = item.items(.ipPermissionsEgress)
        var rules = ruleBuilder(sizedFor: [ingress, egress])
        for permission in ingress { try appendPermission(permission, to: &rules, ctx) }
        rules.endIngress()
        for permission in egress { try appendPermission(permission, to: &rules, ctx) }
        return SecurityGroup(scope: ctx.scope, id: try ctx.required(item, .groupId), name: item.value(.groupName) ?? "",
                             vpcId: ctx.id(item, .vpcId) ?? "", ownerId: item.value(.ownerId),
                             rules: rules.build(), tags: tags(item))
    }

    /// A builder whose columns are allocated once, at the size the items give (counting is a walk
    /// over sibling links): the store lives as long as the snapshot, and arrays grown by doubling
    /// would keep up to half of it unused.
    private static func ruleBuilder(sizedFor lists: [ItemChildren]) -> SecurityGroupRules.Builder {
        var permissions = 0, ranges = 0, descriptions = 0, prefixListIds = 0, groups = 0
        func count(_ members: ItemChildren) {
            for range in members {
                ranges += 1
                if range.child(.description) != nil { descriptions += 1 }
            }
        }
        for list in lists {
            for item in list {
                permissions += 1
                count(item.items(.ipRanges))
                count(item.items(.ipv6Ranges))
                prefixListIds += item.items(.prefixListIds).underestimatedCount
                groups += item.items(.groups).underestimatedCount
            }
        }
        return SecurityGroupRules.Builder(permissions: permissions, ranges: ranges, descriptions: descriptions,
                                          prefixListIds: prefixListIds, groups: groups)
    }

    /// One IpPermission, appended straight into the group's store.
    static func appendPermission(_ item: Item, to rules: inout SecurityGroupRules.Builder, _ ctx: DecodeContext) throws {
        func appendRanges(_ list: XMLName, _ element: XMLName, ipv6List: Bool) throws {
            for node in item.items(list) {
                guard let value = node.child(element) else { continue }
                guard let cidr = value.withUTF8({ CIDR(utf8: $0) }) else {
                    throw ctx.error(node, "invalid CIDR '\(value.text)' in \(element)")
                }
                // The IPv4 parser accepts one spelling per block and length (no leading zeros, no
                // spaces), so a canonical IPv4 block's text is its CIDR's: no string is made for it.
                let text = cidr.family == .v4 && cidr.wasCanonical ? nil : value.text
                rules.appendRange(cidr, text: text, description: node.value(.description), ipv6List: ipv6List)
            }
        }
        guard let ipProtocol = item.value(.ipProtocol), !ipProtocol.isEmpty else {
            throw ctx.error(item, "permission without ipProtocol")
        }
        rules.startPermission(ipProtocol: ipProtocol, fromPort: try port(item, .fromPort, ctx), toPort: try port(item, .toPort, ctx))
        try appendRanges(.ipRanges, .cidrIp, ipv6List: false)
        try appendRanges(.ipv6Ranges, .cidrIpv6, ipv6List: true)
        for entry in item.items(.prefixListIds) { if let id = entry.value(.prefixListId) { rules.appendPrefixListId(id) } }
        for pair in item.items(.groups) {
            guard let groupId = ctx.id(pair, .groupId) else { continue }
            rules.appendGroup(GroupReference(groupId: groupId, userId: pair.value(.userId), vpcId: ctx.id(pair, .vpcId),
                                             peeringId: ctx.id(pair, .vpcPeeringConnectionId)))
        }
    }

    /// The port (or ICMP type/code) in a child element of a rule; nil when absent, an error when malformed.
    static func port(_ item: Item, _ element: XMLName, _ ctx: DecodeContext) throws -> Int? {
        guard let value = item.child(element) else { return nil }
        guard let number = value.withUTF8(parsePort) else { throw ctx.error(item, "invalid \(element) '\(value.text)'") }
        return number
    }

    /// A port or ICMP type/code: an integer in -1...65535 (-1 means "all"), nil for anything else.
    private static func parsePort(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !text.isEmpty, text.count <= 6 else { return nil }
        var index = 0, negative = false, value = 0
        if text[0] == UInt8(ascii: "-") { negative = true; index = 1 }
        guard index < text.count else { return nil }
        while index < text.count {
            let byte = text[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            index += 1
        }
        if negative { value = -value }
        return (-1...65535).contains(value) ? value : nil
    }

    static func flowLog(_ item: Item, _ ctx: DecodeContext) throws -> FlowLog {
        FlowLog(scope: ctx.scope, id: try ctx.required(item, .flowLogId), resourceId: try ctx.required(item, .resourceId),
                trafficType: item.value(.trafficType) ?? "", status: item.value(.flowLogStatus) ?? "",
                deliveryStatus: item.value(.deliverLogsStatus), deliveryError: item.value(.deliverLogsErrorMessage),
                destinationType: item.value(.logDestinationType) ?? "",
                destination: item.value(.logDestination) ?? item.value(.logGroupName) ?? "")
    }

    static func networkAcl(_ item: Item, _ ctx: DecodeContext) throws -> NetworkAcl {
        var entries: [NetworkAcl.Entry] = []
        for entry in item.items(.entrySet) {
            var ports: ClosedRange<Int>?
            if let from = entry.value(.portRange, .from).flatMap(Int.init), let to = entry.value(.portRange, .to).flatMap(Int.init),
               from <= to {
                ports = from...to
            }
            entries.append(NetworkAcl.Entry(ruleNumber: Int(entry.value(.ruleNumber) ?? "") ?? 0,
                                            ipProtocol: entry.value(.protocol) ?? "-1",
                                            allow: entry.child(.ruleAction)?.textEquals("allow") == true,
                                            egress: entry.child(.egress)?.textEquals("true") == true,
                                            cidr: try ctx.cidr(entry, .cidrBlock) ?? ctx.cidr(entry, .ipv6CidrBlock),
                                            portRange: ports,
                                            icmpType: entry.value(.icmpTypeCode, .type).flatMap { Int($0) },
                                            icmpCode: entry.value(.icmpTypeCode, .code).flatMap { Int($0) }))
        }
        var subnetIds: [String] = []
        for association in item.items(.associationSet) { if let id = ctx.id(association, .subnetId) { subnetIds.append(id) } }
        return NetworkAcl(scope: ctx.scope, id: try ctx.required(item, .networkAclId), vpcId: try ctx.required(item, .vpcId),
                          isDefault: item.child(.default)?.textEquals("true") == true,
                          subnetIds: subnetIds, entries: entries)
    }

    static func endpoint(_ item: Item, _ ctx: DecodeContext) throws -> VpcEndpoint {
        VpcEndpoint(scope: ctx.scope, id: try ctx.required(item, .vpcEndpointId), type: item.value(.vpcEndpointType) ?? "",
                    vpcId: item.value(.vpcId) ?? "", serviceName: item.value(.serviceName) ?? "",
                    state: item.value(.state) ?? "", routeTableIds: item.strings(.routeTableIdSet),
                    subnetIds: item.strings(.subnetIdSet), groupIds: groupIds(item, ctx),
                    privateDnsEnabled: try ctx.boolean(item, .privateDnsEnabled))
    }

    /// `<groupSet><item><groupId>…` of an endpoint, interface or instance.
    private static func groupIds(_ item: Item, _ ctx: DecodeContext) -> [String] {
        var ids: [String] = []
        for group in item.items(.groupSet) { if let id = ctx.id(group, .groupId) { ids.append(id) } }
        return ids
    }

    static func prefixList(_ item: Item, _ ctx: DecodeContext) throws -> PrefixList {
        PrefixList(scope: ctx.scope, id: try ctx.required(item, .prefixListId), name: item.value(.prefixListName) ?? "",
                   addressFamily: item.value(.addressFamily) ?? "IPv4", ownerId: item.value(.ownerId) ?? "",
                   entries: nil)
    }

    static func prefixListEntry(_ item: Item, _ ctx: DecodeContext) throws -> CIDR {
        guard let cidr = try ctx.cidr(item, .cidr) else { throw ctx.error(item, "prefix list entry without cidr") }
        return cidr
    }

    static func networkInterface(_ item: Item, _ ctx: DecodeContext) throws -> NetworkInterface {
        NetworkInterface(scope: ctx.scope, id: try ctx.required(item, .networkInterfaceId), vpcId: ctx.id(item, .vpcId) ?? "",
                         subnetId: ctx.id(item, .subnetId) ?? "", groupIds: groupIds(item, ctx),
                         status: item.value(.status) ?? "", interfaceType: item.value(.interfaceType) ?? "interface",
                         addresses: try addresses(item, ctx), instanceId: item.value(.attachment, .instanceId),
                         tags: tags(item))
    }

    /// An interface's private addresses: `privateIpAddressesSet` (else the lone `privateIpAddress`)
    /// and `ipv6AddressesSet`, each as a single-address block. A malformed address is an error: the
    /// reachability engine must not lose an endpoint silently.
    private static func addresses(_ item: Item, _ ctx: DecodeContext) throws -> [CIDR] {
        var result: [CIDR] = []
        for entry in item.items(.privateIpAddressesSet) {
            if let address = try ctx.address(entry, .privateIpAddress, .v4) { result.append(address) }
        }
        if result.isEmpty, let address = try ctx.address(item, .privateIpAddress, .v4) { result.append(address) }
        for entry in item.items(.ipv6AddressesSet) {
            if let address = try ctx.address(entry, .ipv6Address, .v6) { result.append(address) }
        }
        return result
    }

    /// A reservation holds instances; an instance's groups are in its own `groupSet` and its ENIs'.
    static func instances(ofReservation item: Item, _ ctx: DecodeContext) throws -> [Instance] {
        var result: [Instance] = []
        for instance in item.items(.instancesSet) {
            var groups = Set(groupIds(instance, ctx))
            for interface in instance.items(.networkInterfaceSet) { groups.formUnion(groupIds(interface, ctx)) }
            var interfaceIds: [String] = []
            for interface in instance.items(.networkInterfaceSet) {
                if let id = interface.value(.networkInterfaceId) { interfaceIds.append(id) }
            }
            result.append(Instance(scope: ctx.scope, id: try ctx.required(instance, .instanceId),
                                   vpcId: ctx.id(instance, .vpcId) ?? "", subnetId: ctx.id(instance, .subnetId) ?? "",
                                   groupIds: groups.sorted(), state: instance.value(.instanceState, .name) ?? "",
                                   interfaceIds: interfaceIds, tags: tags(instance)))
        }
        return result
    }

    static func tags(_ item: Item) -> Tags {
        var pairs: [String: String] = [:]
        for tag in item.items(.tagSet) {
            if let key = tag.value(.key) { pairs[key] = tag.value(.value) ?? "" }
        }
        return Tags(pairs)
    }
}

/// Where the item being decoded came from, for the scope of its resources and the errors' file name.
struct DecodeContext {
    var scope: Scope
    var file: String
    /// The file's resource ids, each kept once (see `IdentifierTable`).
    let identifiers = IdentifierTable()

    /// An id in a child element, the file's one copy of it; nil when absent.
    func id(_ node: ItemElement, _ element: XMLName) -> String? {
        node.value(element).map(identifiers.intern)
    }

    func error(_ node: ItemElement, _ message: String) -> InputProblem {
        InputProblem(file: file, line: node.line > 0 ? node.line : nil, message: message)
    }

    func required(_ node: ItemElement, _ element: XMLName) throws -> String {
        guard let value = node.value(element), !value.isEmpty else {
            throw error(node, "<\(node.name)> without \(element)")
        }
        return identifiers.intern(value)
    }

    /// A single address in a child element, as a /32 or /128 block of `family`; nil when absent or
    /// empty, an error when malformed.
    func address(_ node: ItemElement, _ element: XMLName, _ family: CIDR.Family) throws -> CIDR? {
        guard let child = node.child(element) else { return nil }
        let text = child.withUTF8 { String(decoding: $0, as: UTF8.self) }
        if text.isEmpty { return nil }
        guard !text.contains("/"), let block = CIDR("\(text)/\(family.bits)"), block.family == family else {
            throw error(child, "invalid address in \(element)")
        }
        return block
    }

    /// The CIDR in a child element; nil when absent or empty, an error when malformed.
    func cidr(_ node: ItemElement, _ element: XMLName) throws -> CIDR? {
        guard let child = node.child(element) else { return nil }
        return try child.withUTF8 { text in
            if text.isEmpty { return nil }
            guard let cidr = CIDR(utf8: text) else {
                throw error(child, "invalid CIDR '\(String(decoding: text, as: UTF8.self))' in \(element)")
            }
            return cidr
        }
    }
}
