import HubModel

/// The assembly stage for transit gateways: the owner (network) account and every spoke it is
/// shared with report the same gateway and attachment; the snapshot holds each once.
extension SnapshotReader {
    /// One gateway per id: the owner's report when the owner is in the snapshot (the spokes' copies
    /// can lag behind it), else the first; reported by every scope that listed it.
    static func mergeTransitGateways(_ reports: [TransitGateway]) -> [TransitGateway] {
        var index: [String: Int] = [:]
        var result: [TransitGateway] = []
        // Every spoke reports the hub's gateway: its reporters are gathered in a set and sorted
        // once at the end (re-sorting the growing list on every report was quadratic).
        var reporters: [Int: Set<Scope>] = [:]
        for report in reports {
            guard let earlier = index[report.id] else {
                index[report.id] = result.count
                result.append(report)
                continue
            }
            reporters[earlier, default: Set(result[earlier].reportedBy)].formUnion(report.reportedBy)
            if !isOwnersReport(result[earlier]) && isOwnersReport(report) { result[earlier] = report }
        }
        for (position, scopes) in reporters { result[position].reportedBy = scopes.sorted() }
        return result
    }

    private static func isOwnersReport(_ gateway: TransitGateway) -> Bool { gateway.ownerId == gateway.scope.account }

    /// One attachment per id from DescribeTransitGatewayAttachments, the gateway owner's report
    /// first (it sees the association), the resource owner's filling what it lacks; then the VPC
    /// attachments' subnets and appliance mode, and the peerings' other gateway, joined by id.
    /// Only an attachment the general listing holds is kept: the detail listings add to it.
    static func mergeAttachments(_ data: DecodedResponse) -> [TransitGatewayAttachment] {
        var index: [String: Int] = [:]
        var result: [TransitGatewayAttachment] = []
        for report in data.transitGatewayAttachments {
            guard let earlier = index[report.id] else {
                index[report.id] = result.count
                result.append(report)
                continue
            }
            result[earlier] = merged(result[earlier], report)
        }
        var vpcDetails: [String: TransitGatewayAttachment] = [:]
        for detail in data.transitGatewayVpcAttachments {
            // The first listing that names subnets (or the appliance mode) gives them.
            var known = vpcDetails[detail.id] ?? detail
            if known.subnetIds.isEmpty { known.subnetIds = detail.subnetIds }
            if known.applianceModeSupport == nil { known.applianceModeSupport = detail.applianceModeSupport }
            if known.ipv6Support == nil { known.ipv6Support = detail.ipv6Support }
            vpcDetails[detail.id] = known
        }
        let peerings = Dictionary(data.transitGatewayPeerings.map { ($0.attachmentId, $0) }, uniquingKeysWith: { first, _ in first })
        for position in result.indices {
            let id = result[position].id
            if let detail = vpcDetails[id] {
                result[position].subnetIds = detail.subnetIds
                result[position].applianceModeSupport = detail.applianceModeSupport
                result[position].ipv6Support = detail.ipv6Support
            }
            if let peering = peerings[id] {
                let peer = peering.peer(of: result[position].transitGatewayId)
                result[position].peerTransitGatewayId = peer.transitGatewayId
                result[position].peerAccountId = peer.ownerId
                result[position].peerRegion = peer.region
            }
        }
        return result
    }

    /// Two reports of one attachment: the gateway owner's wins; the association is taken from
    /// whichever report has one (only the gateway owner's usually does).
    private static func merged(_ first: TransitGatewayAttachment, _ second: TransitGatewayAttachment) -> TransitGatewayAttachment {
        let secondIsOwners = second.scope.account == second.transitGatewayOwnerId
        let firstIsOwners = first.scope.account == first.transitGatewayOwnerId
        var result = secondIsOwners && !firstIsOwners ? second : first
        let other = secondIsOwners && !firstIsOwners ? first : second
        if result.association == nil { result.association = other.association }
        if result.creationTime == nil { result.creationTime = other.creationTime }
        result.tags = Tags(result.tags.pairs.merging(other.tags.pairs) { kept, _ in kept })
        result.reportedBy = Array(Set(first.reportedBy + second.reportedBy)).sorted()
        return result
    }
}
