import HubModel
import HubXML

/// DescribeStaleSecurityGroups, a cross-check of rule stale-security-group-reference (botocore's
/// `StaleSecurityGroup` shape). Read as strictly as the responses the rules need: the rule compares
/// it with what it computes, so a value it cannot read is an error naming the line, never a guess.
extension Decode {
    /// `<staleSecurityGroupSet><item>`: a group of the VPC with its stale rules.
    static func staleSecurityGroup(_ item: Item, _ ctx: DecodeContext) throws -> StaleSecurityGroup {
        StaleSecurityGroup(groupId: try ctx.required(item, .groupId), groupName: item.value(.groupName) ?? "",
                           vpcId: try ctx.required(item, .vpcId),
                           ingress: try item.items(.staleIpPermissions).map { try stalePermission($0, ctx) },
                           egress: try item.items(.staleIpPermissionsEgress).map { try stalePermission($0, ctx) })
    }

    /// `<staleIpPermissions><item>`: unlike an IpPermission, its `ipRanges` and `prefixListIds` are
    /// lists of plain strings (`<item>10.0.0.0/16</item>`), and its `groups` carry `peeringStatus`.
    /// A rule without a stale reference says nothing stale: an error, like one without a protocol.
    static func stalePermission(_ item: Item, _ ctx: DecodeContext) throws -> StalePermission {
        guard let ipProtocol = item.value(.ipProtocol), !ipProtocol.isEmpty else {
            throw ctx.error(item, "stale rule without ipProtocol")
        }
        var groups: [StaleGroupReference] = []
        for pair in item.items(.groups) {
            groups.append(StaleGroupReference(groupId: try ctx.required(pair, .groupId), userId: nonEmptyValue(pair, .userId),
                                              vpcId: nonEmptyValue(pair, .vpcId),
                                              peeringId: nonEmptyValue(pair, .vpcPeeringConnectionId),
                                              peeringStatus: nonEmptyValue(pair, .peeringStatus)))
        }
        guard !groups.isEmpty else { throw ctx.error(item, "stale rule without a referenced group") }
        var ipRanges: [CIDR] = []
        for range in item.items(.ipRanges) {
            let text = try scalar(range, in: .ipRanges, ctx)
            guard let cidr = CIDR(text) else { throw ctx.error(range, "invalid CIDR \(quotedForMessage(text)) in ipRanges") }
            ipRanges.append(cidr)
        }
        let prefixListIds = try item.items(.prefixListIds).map { try scalar($0, in: .prefixListIds, ctx) }
        return StalePermission(ipProtocol: ipProtocol, fromPort: try port(item, .fromPort, ctx), toPort: try port(item, .toPort, ctx),
                               groups: groups, prefixListIds: prefixListIds, ipRanges: ipRanges)
    }

    /// The text of a member of a list of strings: an element with children or no text is an error.
    private static func scalar(_ member: Item, in list: XMLName, _ ctx: DecodeContext) throws -> String {
        guard !member.hasChildren, case let text = member.text, !text.isEmpty else {
            throw ctx.error(member, "\(list) member without a value (expected a string)")
        }
        return text
    }

    private static func nonEmptyValue(_ item: Item, _ element: XMLName) -> String? {
        guard let text = item.value(element), !text.isEmpty else { return nil }
        return text
    }
}
