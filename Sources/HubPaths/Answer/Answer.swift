import HubModel

/// Why traffic is blocked, modelled on Reachability Analyzer's explanation codes.
public enum BlockCode: String, Sendable, CaseIterable, Comparable {
    /// No rule of the interface's security groups admits the traffic (egress at the source, ingress
    /// at the destination). Analyzer: ENI_SG_RULES_MISMATCH.
    case sgNoMatchingRule = "SG_NO_MATCHING_RULE"
    /// A network ACL entry denies it, or no entry allows it (the final `*` entry). Analyzer:
    /// SUBNET_ACL_RESTRICTION. On the return leg: the reply to the source's ephemeral ports.
    case naclDeny = "NACL_DENY"
    /// No route of the subnet's route table covers the address (either leg).
    case noRouteToDestination = "NO_ROUTE_TO_DESTINATION"
    /// The matching route is a blackhole. Analyzer: BAD_STATE_ROUTE.
    case blackholeRoute = "BLACKHOLE_ROUTE"
    /// The matching route names a peering that is not active (pending, rejected, deleted, gone).
    case peeringNotActive = "PEERING_NOT_ACTIVE"
    /// The route sends the packet over an active peering whose peer VPC does not hold the destination
    /// address: peering is not transitive, the peer drops it.
    case destinationOutsidePeer = "DESTINATION_OUTSIDE_PEER"
    /// The matching route cannot take the packet to the destination's VPC: a local route while the
    /// destination is in another VPC (overlapping space), or a peering this VPC is not part of.
    case cannotRoute = "CANNOT_ROUTE"
    /// The destination's route back to the source uses another target than the forward path did
    /// (another peering, a gateway): replies do not return the way the request came.
    case returnRouteMismatch = "RETURN_ROUTE_MISMATCH"
    /// The VPC route sends the packet to a transit gateway the source VPC has no attachment to.
    case transitGatewayNotAttached = "TGW_NOT_ATTACHED"
    /// A transit-gateway attachment on the path is not `available` (pending acceptance, rejected,
    /// deleted), or a route names an attachment no listing holds.
    case transitGatewayAttachmentNotAvailable = "TGW_ATTACHMENT_NOT_AVAILABLE"
    /// The attachment has no subnet in the endpoint subnet's Availability Zone: traffic cannot
    /// enter the gateway from that zone (a request, or the destination's replies). Delivery into
    /// it works: AWS uses the attachment's subnet in another zone, then the VPC's local route.
    case transitGatewayZoneNotAttached = "TGW_AZ_NOT_ATTACHED"
    /// The attachment the packet enters by is associated with no route table of the gateway: the
    /// gateway drops everything it sends.
    case transitGatewayNoAssociation = "TGW_NO_ASSOCIATION"

    public static func < (a: BlockCode, b: BlockCode) -> Bool { a.rawValue < b.rawValue }
}

/// Why part of an answer could not be judged: an input that was not read, or a place the engine
/// does not model. Never reported as reachable or blocked.
public enum GapCode: String, Sendable, CaseIterable, Comparable {
    /// A Describe* call the hop needs was not collected, failed, or is unreadable for that account and region.
    case notCollected = "NOT_COLLECTED"
    /// A prefix list in a route or rule whose entries are not known.
    case prefixListUnknown = "PREFIX_LIST_UNKNOWN"
    /// A security group (on an interface, or referenced by a rule) that the snapshot does not describe.
    case groupNotInSnapshot = "GROUP_NOT_IN_SNAPSHOT"
    /// No network ACL lists the subnet, or no route table serves it.
    case subnetUnassociated = "SUBNET_UNASSOCIATED"
    /// The route leaves the modelled network: internet, NAT, VPN, egress-only gateway, VPC endpoint,
    /// appliance interface, or a transit-gateway attachment to a VPN, Direct Connect or Connect peer.
    case leavesModelledNetwork = "LEAVES_MODELLED_NETWORK"
    /// An address with no network interface in the snapshot: no security group is known for it.
    case noInterface = "NO_INTERFACE"
    /// A rule or entry with a protocol hubaudit does not know.
    case unknownProtocol = "UNKNOWN_PROTOCOL"
    /// The path crosses a transit gateway owned by an account the snapshot does not hold: its route
    /// tables cannot be read here.
    case outsideSnapshot = "OUTSIDE_SNAPSHOT"

    public static func < (a: GapCode, b: GapCode) -> Bool { a.rawValue < b.rawValue }
}

public enum Leg: String, Sendable { case forward, `return` }

/// The places a packet passes, in the order AWS evaluates them.
public enum HopKind: String, Sendable {
    case securityGroupEgress = "security-group-egress"
    case networkAclOutbound = "network-acl-outbound"
    case route
    case peering
    /// Entering or leaving a transit gateway through an attachment (the zone check is here).
    case transitGatewayAttachment = "transit-gateway-attachment"
    /// The transit-gateway route table associated with the attachment the packet entered by.
    case transitGatewayRouteTable = "transit-gateway-route-table"
    case networkAclInbound = "network-acl-inbound"
    case securityGroupIngress = "security-group-ingress"

    /// `security groups (egress)`, `network ACL (outbound)`, …
    public var title: String {
        switch self {
        case .securityGroupEgress: return "security groups, egress"
        case .networkAclOutbound: return "network ACL, outbound"
        case .route: return "route table"
        case .peering: return "peering"
        case .transitGatewayAttachment: return "transit gateway attachment"
        case .transitGatewayRouteTable: return "transit gateway route table"
        case .networkAclInbound: return "network ACL, inbound"
        case .securityGroupIngress: return "security groups, ingress"
        }
    }
}

/// One hop a packet passed, with the exact rule, entry or route that admitted it.
public struct Hop: Sendable {
    public var leg: Leg
    public var kind: HopKind
    public var scope: Scope
    /// The resources of the hop: the groups, the ACL, the route table, the peering.
    public var resourceIds: [String]
    /// The traffic still passing after this hop.
    public var traffic: TrafficSet
    /// Made when read: an organisation-wide intent passes millions of hops nobody reads.
    let evidenceText: [@Sendable () -> String]

    /// What admitted the traffic: `sg-0a1 (db) ingress: tcp 5432 from 10.0.0.0/8`, `rule 100 allow all traffic 0.0.0.0/0`,
    /// `10.1.0.0/16 → pcx-0c3 (active)`.
    public var evidence: [String] { evidenceText.map { $0() } }
}

/// Traffic a hop drops, and why.
public struct Blocked: Sendable {
    public var traffic: TrafficSet
    public var leg: Leg
    public var kind: HopKind
    public var scope: Scope
    public var resourceIds: [String]
    public var code: BlockCode
    let detailText: @Sendable () -> String
    /// `no egress rule of sg-0a1 (app) admits it to 10.2.0.5`, `rule 90 deny tcp all ports 10.3.0.0/16`
    /// (made when read: most blocked pairs of an organisation-wide intent are never shown).
    public var detail: String { detailText() }
}

/// Traffic a hop could not judge, and which input was missing.
public struct Unjudged: Sendable {
    public var traffic: TrafficSet
    public var leg: Leg
    public var kind: HopKind
    public var scope: Scope
    public var resourceIds: [String]
    public var code: GapCode
    let detailText: @Sendable () -> String
    public var detail: String { detailText() }
    /// The calls whose gap it is (for the policy's accepted_gaps), when the gap is a missing input.
    public var inputs: [Action]
}

/// The answer for one source class and one destination class in one address family.
public struct PairAnswer: Sendable {
    public enum Status: String, Sendable, Comparable {
        case reachable, blocked
        case notEvaluated = "not-evaluated"
        var rank: Int { self == .reachable ? 0 : self == .notEvaluated ? 1 : 2 }
        public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
    }

    public var source: EndpointClass
    public var destination: EndpointClass
    public var family: CIDR.Family
    /// What was asked about.
    public var asked: TrafficSet
    /// Certainly reachable, both legs.
    public var reachable: TrafficSet
    /// The hops of the path the reachable traffic takes (forward, then return). When nothing is
    /// reachable: the hops passed before the traffic was dropped.
    public var hops: [Hop]
    public var blocked: [Blocked]
    public var unjudged: [Unjudged]

    /// Reachable when any asked traffic is; else not evaluated when part is unjudged; else blocked.
    public var status: Status {
        if !reachable.isEmpty { return .reachable }
        return unjudged.isEmpty ? .blocked : .notEvaluated
    }

    /// The asked traffic neither reachable nor blocked for certain.
    public var unjudgedTraffic: TrafficSet { unjudged.reduce(TrafficSet.empty) { $0.union($1.traffic) } }

    public var blockedTraffic: TrafficSet { blocked.reduce(TrafficSet.empty) { $0.union($1.traffic) } }

    /// The first hop that drops traffic (forward before return, in path order).
    public var firstBlock: Blocked? { blocked.first }
}
