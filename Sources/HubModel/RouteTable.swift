/// A route table, its routes, and which subnets use it.
public struct RouteTable: Hashable, Sendable {
    public var scope: Scope
    public var id: String
    public var vpcId: String
    /// True when this is the VPC's main table: it serves every subnet without an explicit association.
    public var isMain: Bool
    /// Subnets explicitly associated with this table.
    public var subnetIds: [String]
    public var routes: [Route]
    public var tags: Tags

    public init(scope: Scope, id: String, vpcId: String, isMain: Bool = false, subnetIds: [String] = [],
                routes: [Route], tags: Tags = Tags()) {
        self.scope = scope
        self.id = id
        self.vpcId = vpcId
        self.isMain = isMain
        self.subnetIds = subnetIds
        self.routes = routes
        self.tags = tags
    }

    public var label: String { tags.name.map { "\(id) (\($0))" } ?? id }
}

public struct Route: Hashable, Sendable, CustomStringConvertible {
    public enum Destination: Hashable, Sendable, CustomStringConvertible {
        case cidr(CIDR)
        case prefixList(String)
        public var description: String {
            switch self {
            case .cidr(let cidr): return cidr.description
            case .prefixList(let id): return id
            }
        }
    }

    public enum TargetKind: String, Hashable, Sendable, Codable {
        case local, internetGateway = "gateway", peering = "vpc-peering-connection", natGateway = "nat-gateway"
        case transitGateway = "transit-gateway", networkInterface = "network-interface", instance
        case egressOnlyInternetGateway = "egress-only-internet-gateway", vpcEndpoint = "vpc-endpoint"
        case virtualPrivateGateway = "virtual-private-gateway", carrierGateway = "carrier-gateway"
        case localGateway = "local-gateway", coreNetwork = "core-network", other
    }

    public var destination: Destination
    public var targetKind: TargetKind
    /// `local`, `igw-…`, `pcx-…`, …: the id the route names, even when the target is gone.
    public var targetId: String
    /// `active`, `blackhole` or `filtered`, as reported. moto never reports `blackhole`, so a route's
    /// usability is judged by joining it with the target's status, not by this field alone.
    public var state: String
    public var origin: String
    /// Set on the routes a prefix-list route expands into (one per entry, see `RouteTable.expanded`):
    /// the list the CIDR destination is an entry of. Such a route loses to a CIDR route of the same length.
    public var viaPrefixList: String?

    public init(destination: Destination, targetKind: TargetKind, targetId: String, state: String = "active",
                origin: String = "CreateRoute", viaPrefixList: String? = nil) {
        self.destination = destination
        self.targetKind = targetKind
        self.targetId = targetId
        self.state = state
        self.origin = origin
        self.viaPrefixList = viaPrefixList
    }

    public var cidr: CIDR? {
        if case .cidr(let cidr) = destination { return cidr }
        return nil
    }

    /// `10.1.0.0/16 → pcx-0c3 (active)`; an expanded entry: `10.1.0.0/16 (entry of pl-0abc) → pcx-0c3 (active)`
    public var description: String {
        let list = viaPrefixList.map { " (entry of \($0))" } ?? ""
        return "\(destination)\(list) → \(targetId) (\(state))"
    }
}
