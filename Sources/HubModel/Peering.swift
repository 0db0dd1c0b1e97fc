/// A VPC peering connection, merged from every account that reported it.
public struct PeeringConnection: Hashable, Sendable {
    public struct Side: Hashable, Sendable {
        public var ownerId: String
        public var vpcId: String
        public var region: String
        /// The side's IPv4 and IPv6 blocks as the peering reports them (AWS sends them only while active).
        public var blocks: [CIDR]
        /// `peeringOptions/allowDnsResolutionFromRemoteVpc` of this side: true when instances in the
        /// OTHER VPC resolve the public DNS hostnames of this VPC's instances to their private
        /// addresses (the console's "allow <peer> VPC to resolve DNS of <this side's> hosts to
        /// private IP"). Set by this side's owner; AWS reports it only while the peering is active,
        /// and to that owner: nil when no report held it.
        public var allowsDnsResolutionFromRemoteVpc: Bool?

        public init(ownerId: String, vpcId: String, region: String, blocks: [CIDR] = [],
                    allowsDnsResolutionFromRemoteVpc: Bool? = nil) {
            self.ownerId = ownerId
            self.vpcId = vpcId
            self.region = region
            self.blocks = blocks
            self.allowsDnsResolutionFromRemoteVpc = allowsDnsResolutionFromRemoteVpc
        }

        public var scope: Scope { Scope(account: ownerId, region: region) }
    }

    public var id: String
    /// `active`, `pending-acceptance`, `deleted`, …
    public var statusCode: String
    public var statusMessage: String
    public var requester: Side
    public var accepter: Side
    /// The scopes whose DescribeVpcPeeringConnections listed this connection.
    public var reportedBy: [Scope]
    public var tags: Tags

    public init(id: String, statusCode: String, statusMessage: String = "", requester: Side, accepter: Side,
                reportedBy: [Scope] = [], tags: Tags = Tags()) {
        self.id = id
        self.statusCode = statusCode
        self.statusMessage = statusMessage
        self.requester = requester
        self.accepter = accepter
        self.reportedBy = reportedBy
        self.tags = tags
    }

    public var isActive: Bool { statusCode == "active" }

    /// Not yet accepted, or being set up: traffic does not flow, but the connection still exists
    /// and AWS already refuses overlapping blocks for it.
    public var isPending: Bool {
        ["initiating-request", "pending-acceptance", "provisioning"].contains(statusCode)
    }

    /// Active or on its way there: the two VPCs are, or are about to be, connected.
    public var isLive: Bool { isActive || isPending }

    /// The other side, seen from the VPC `vpcId`; nil when that VPC is on neither side.
    public func peer(of vpcId: String) -> Side? {
        if requester.vpcId == vpcId { return accepter }
        if accepter.vpcId == vpcId { return requester }
        return nil
    }
}
