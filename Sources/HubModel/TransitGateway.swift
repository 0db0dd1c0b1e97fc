/// A transit gateway, merged from every account that reported it: its owner (the network account)
/// and the spoke accounts it is shared with (RAM), which see it too.
public struct TransitGateway: Hashable, Sendable {
    /// The options that decide how new attachments are wired, as DescribeTransitGateways reports them.
    public struct Options: Hashable, Sendable {
        /// `AutoAcceptSharedAttachments` enabled: any account the gateway is shared with attaches without review (Security Hub EC2.23).
        public var autoAcceptSharedAttachments: Bool
        /// `DefaultRouteTableAssociation` enabled: new attachments associate with `associationDefaultRouteTableId`.
        public var defaultRouteTableAssociation: Bool
        public var associationDefaultRouteTableId: String?
        /// `DefaultRouteTablePropagation` enabled: new attachments propagate into `propagationDefaultRouteTableId`.
        public var defaultRouteTablePropagation: Bool
        public var propagationDefaultRouteTableId: String?
        public var dnsSupport: Bool

        public init(autoAcceptSharedAttachments: Bool = false, defaultRouteTableAssociation: Bool = false,
                    associationDefaultRouteTableId: String? = nil, defaultRouteTablePropagation: Bool = false,
                    propagationDefaultRouteTableId: String? = nil, dnsSupport: Bool = true) {
            self.autoAcceptSharedAttachments = autoAcceptSharedAttachments
            self.defaultRouteTableAssociation = defaultRouteTableAssociation
            self.associationDefaultRouteTableId = associationDefaultRouteTableId
            self.defaultRouteTablePropagation = defaultRouteTablePropagation
            self.propagationDefaultRouteTableId = propagationDefaultRouteTableId
            self.dnsSupport = dnsSupport
        }
    }

    /// The first scope that reported it (the owner's when the owner is in the snapshot).
    public var scope: Scope
    public var id: String
    public var ownerId: String
    /// `available`, `pending`, `modifying`, `deleting`, `deleted`.
    public var state: String
    public var options: Options
    /// The scopes whose DescribeTransitGateways listed it.
    public var reportedBy: [Scope]
    public var tags: Tags

    public init(scope: Scope, id: String, ownerId: String? = nil, state: String = "available", options: Options = Options(),
                reportedBy: [Scope]? = nil, tags: Tags = Tags()) {
        self.scope = scope
        self.id = id
        self.ownerId = ownerId ?? scope.account
        self.state = state
        self.options = options
        self.reportedBy = reportedBy ?? [scope]
        self.tags = tags
    }

    /// The owner's scope: where its route tables, associations and propagations can be read.
    public var ownerScope: Scope { Scope(account: ownerId, region: scope.region) }
    public var label: String { tags.name.map { "\(id) (\($0))" } ?? id }
}

/// One attachment of a resource to a transit gateway: a VPC, another gateway (peering), a VPN, a
/// Direct Connect gateway or a Connect peer. Merged from the gateway owner's and the resource
/// owner's reports.
public struct TransitGatewayAttachment: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case vpc, peering, vpn, directConnectGateway = "direct-connect-gateway", connect
        case tgwPeering = "tgw-peering", other
    }

    /// The route table the attachment is associated with: the one that decides where traffic
    /// *from* the attachment goes. None: the gateway drops that traffic.
    public struct Association: Hashable, Sendable {
        public var routeTableId: String
        /// `associated`, `associating`, `disassociating`, `disassociated`.
        public var state: String
        public init(routeTableId: String, state: String = "associated") {
            self.routeTableId = routeTableId
            self.state = state
        }
        public var isAssociated: Bool { state == "associated" }
    }

    public var scope: Scope
    public var id: String
    public var transitGatewayId: String
    public var transitGatewayOwnerId: String
    /// The account that owns the attached resource (the spoke, for a VPC attachment).
    public var resourceOwnerId: String
    public var kind: Kind
    /// `vpc-…`, `tgw-…` (peering), `vpn-…`, …
    public var resourceId: String
    /// `available`, `pendingAcceptance`, `rejected`, `deleted`, …
    public var state: String
    /// From DescribeTransitGatewayAttachments; nil when that listing did not say.
    public var association: Association?
    /// VPC attachments: one subnet per Availability Zone the attachment serves
    /// (DescribeTransitGatewayVpcAttachments).
    public var subnetIds: [String]
    /// VPC attachments: `ApplianceModeSupport` enabled (flows stay in one AZ through an inspection VPC).
    /// nil when the VPC-attachment listing was not read.
    public var applianceModeSupport: Bool?
    /// VPC attachments: `Ipv6Support` enabled. Without it the attachment carries no IPv6 and its
    /// VPC's IPv6 blocks are not propagated. nil when the VPC-attachment listing was not read.
    public var ipv6Support: Bool?
    /// Peering attachments: the other gateway, its account and region.
    public var peerTransitGatewayId: String?
    public var peerAccountId: String?
    public var peerRegion: String?
    /// ISO 8601, as reported: of two attachments propagating the same CIDR, AWS keeps the earlier's route.
    public var creationTime: String?
    public var reportedBy: [Scope]
    public var tags: Tags

    public init(scope: Scope, id: String, transitGatewayId: String, transitGatewayOwnerId: String? = nil,
                resourceOwnerId: String? = nil, kind: Kind = .vpc, resourceId: String, state: String = "available",
                association: Association? = nil, subnetIds: [String] = [], applianceModeSupport: Bool? = nil, ipv6Support: Bool? = nil,
                peerTransitGatewayId: String? = nil, peerAccountId: String? = nil, peerRegion: String? = nil,
                creationTime: String? = nil, reportedBy: [Scope]? = nil, tags: Tags = Tags()) {
        self.scope = scope
        self.id = id
        self.transitGatewayId = transitGatewayId
        self.transitGatewayOwnerId = transitGatewayOwnerId ?? scope.account
        self.resourceOwnerId = resourceOwnerId ?? scope.account
        self.kind = kind
        self.resourceId = resourceId
        self.state = state
        self.association = association
        self.subnetIds = subnetIds
        self.applianceModeSupport = applianceModeSupport
        self.ipv6Support = ipv6Support
        self.peerTransitGatewayId = peerTransitGatewayId
        self.peerAccountId = peerAccountId
        self.peerRegion = peerRegion
        self.creationTime = creationTime
        self.reportedBy = reportedBy ?? [scope]
        self.tags = tags
    }

    /// Traffic flows only through an `available` attachment.
    public var isAvailable: Bool { state == "available" }
    /// Its propagations install routes: available, or `modifying` (subnets or options changing
    /// on an attachment that keeps carrying traffic).
    public var propagatesRoutes: Bool { state == "available" || state == "modifying" }
    public var isPeering: Bool { kind == .peering || kind == .tgwPeering }
    public var label: String { tags.name.map { "\(id) (\($0))" } ?? id }
}

/// A transit-gateway route table, with what its owner's per-table calls returned. Each of the three
/// is nil when its call was not collected (its status says why): a rule that needs it says "not
/// evaluated" for this table, as for a prefix list without entries.
public struct TransitGatewayRouteTable: Hashable, Sendable {
    /// An attachment associated with, or propagating into, the table (the Get…Associations and
    /// Get…Propagations items share this shape).
    public struct Link: Hashable, Sendable {
        public var attachmentId: String
        public var resourceId: String
        /// `vpc`, `peering`, `vpn`, … (`TransitGatewayAttachment.Kind` raw values).
        public var resourceType: String
        /// `associated` / `enabled`, or their transitions (`associating`, `disabling`, …).
        public var state: String

        public init(attachmentId: String, resourceId: String = "", resourceType: String = "vpc", state: String) {
            self.attachmentId = attachmentId
            self.resourceId = resourceId
            self.resourceType = resourceType
            self.state = state
        }

        /// An association that is `associated`, or a propagation that is `enabled`.
        public var isInForce: Bool { state == "associated" || state == "enabled" }
        /// Caught mid-change (`associating`, `disassociating`, `enabling`, `disabling`): in force or
        /// not by the time the report is read, the snapshot cannot tell.
        public var isInTransition: Bool { Link.transitions.contains(state) }
        private static let transitions: Set<String> = ["associating", "disassociating", "enabling", "disabling"]
    }

    public var scope: Scope
    public var id: String
    public var transitGatewayId: String
    /// `available`, `pending`, `deleting`, `deleted`.
    public var state: String
    public var isDefaultAssociationTable: Bool
    public var isDefaultPropagationTable: Bool
    public var associations: [Link]?
    public var associationsStatus: CollectionStatus
    public var propagations: [Link]?
    public var propagationsStatus: CollectionStatus
    /// The routes SearchTransitGatewayRoutes returned (static and, on AWS, propagated ones).
    public var routes: [TransitGatewayRoute]?
    public var routesStatus: CollectionStatus
    /// SearchTransitGatewayRoutes said `AdditionalRoutesAvailable`: more than the 1,000 routes one
    /// search returns exist, and the rest are unknown. Routes from such a table are incomplete.
    public var routesTruncated: Bool
    public var tags: Tags

    public init(scope: Scope, id: String, transitGatewayId: String, state: String = "available",
                isDefaultAssociationTable: Bool = false, isDefaultPropagationTable: Bool = false,
                associations: [Link]?, associationsStatus: CollectionStatus? = nil,
                propagations: [Link]?, propagationsStatus: CollectionStatus? = nil,
                routes: [TransitGatewayRoute]?, routesStatus: CollectionStatus? = nil, routesTruncated: Bool = false,
                tags: Tags = Tags()) {
        self.scope = scope
        self.id = id
        self.transitGatewayId = transitGatewayId
        self.state = state
        self.isDefaultAssociationTable = isDefaultAssociationTable
        self.isDefaultPropagationTable = isDefaultPropagationTable
        self.associations = associations
        self.associationsStatus = associationsStatus ?? (associations == nil ? .missing : .collected(files: []))
        self.propagations = propagations
        self.propagationsStatus = propagationsStatus ?? (propagations == nil ? .missing : .collected(files: []))
        self.routes = routes
        self.routesStatus = routesStatus ?? (routes == nil ? .missing : .collected(files: []))
        self.routesTruncated = routesTruncated
        self.tags = tags
    }

    public var label: String { tags.name.map { "\(id) (\($0))" } ?? id }
}

/// A route in a transit-gateway route table.
public struct TransitGatewayRoute: Hashable, Sendable, CustomStringConvertible {
    public enum Origin: String, Hashable, Sendable, Codable {
        case `static`, propagated
    }

    public var destination: Route.Destination
    public var origin: Origin
    /// `active` or `blackhole` (a static route that drops, or one whose attachment is gone).
    public var state: String
    /// The attachments the route leads to (several: equal-cost paths over VPN/Connect); empty for a blackhole.
    public var attachmentIds: [String]
    /// Set on routes hubaudit derived from a propagation (moto and a truncated search leave them
    /// out): the attachment whose VPC block it stands for.
    public var isComputed: Bool
    /// The prefix list the route comes from (a prefix-list reference), also once expanded to one of
    /// its entries: AWS ranks such a route below a static route of the same CIDR.
    public var prefixListId: String?

    public init(destination: Route.Destination, origin: Origin = .static, state: String = "active",
                attachmentIds: [String], isComputed: Bool = false, prefixListId: String? = nil) {
        self.destination = destination
        self.origin = origin
        self.state = state
        self.attachmentIds = attachmentIds
        self.isComputed = isComputed
        if case .prefixList(let id) = destination { self.prefixListId = prefixListId ?? id } else { self.prefixListId = prefixListId }
    }

    /// AWS's order among routes of one prefix ("Route evaluation order" in the Transit Gateway guide):
    /// static routes, then prefix-list references, then propagated routes. Lower wins.
    public var preference: Int {
        if origin == .propagated { return 2 }
        return prefixListId == nil ? 0 : 1
    }

    public var isBlackhole: Bool { state == "blackhole" }

    public var cidr: CIDR? {
        if case .cidr(let cidr) = destination { return cidr }
        return nil
    }

    /// `10.1.0.0/16 → tgw-attach-0abc (propagated, active)`, `10.9.0.0/16 → blackhole (static)`.
    public var description: String {
        let target = isBlackhole || attachmentIds.isEmpty ? "blackhole" : attachmentIds.joined(separator: ", ")
        let computed = isComputed ? ", from the propagation" : ""
        let list = prefixListId.map { id in destination == .prefixList(id) ? "" : ", prefix list \(id)" } ?? ""
        return "\(destination) → \(target) (\(origin.rawValue)\(isBlackhole ? "" : ", \(state)")\(list)\(computed))"
    }
}
