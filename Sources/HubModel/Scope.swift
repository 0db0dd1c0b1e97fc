/// Where a resource was collected: one account in one region. Everything in a snapshot has one.
public struct Scope: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public var account: String
    public var region: String

    public init(account: String, region: String) {
        self.account = account
        self.region = region
    }

    public var description: String { "\(account)/\(region)" }

    public static func < (a: Scope, b: Scope) -> Bool { (a.account, a.region) < (b.account, b.region) }
}

/// The EC2 calls a snapshot is made of. The raw value is the API action name, which is also the
/// file name in the snapshot store and the root element minus `Response`.
public enum Action: String, CaseIterable, Sendable, Codable, Comparable {
    case describeVpcs = "DescribeVpcs"
    case describeSubnets = "DescribeSubnets"
    case describeRouteTables = "DescribeRouteTables"
    case describeSecurityGroups = "DescribeSecurityGroups"
    case describeFlowLogs = "DescribeFlowLogs"
    case describeVpcPeeringConnections = "DescribeVpcPeeringConnections"
    case describeNetworkAcls = "DescribeNetworkAcls"
    case describeVpcEndpoints = "DescribeVpcEndpoints"
    case describeManagedPrefixLists = "DescribeManagedPrefixLists"
    case getManagedPrefixListEntries = "GetManagedPrefixListEntries"
    case describeNetworkInterfaces = "DescribeNetworkInterfaces"
    case describeInstances = "DescribeInstances"
    case describeTransitGateways = "DescribeTransitGateways"
    case describeTransitGatewayAttachments = "DescribeTransitGatewayAttachments"
    case describeTransitGatewayVpcAttachments = "DescribeTransitGatewayVpcAttachments"
    case describeTransitGatewayPeeringAttachments = "DescribeTransitGatewayPeeringAttachments"
    case describeTransitGatewayRouteTables = "DescribeTransitGatewayRouteTables"
    /// Per TGW route table, like the prefix-list entries: `GetTransitGatewayRouteTableAssociations.tgw-rtb-0abc.xml`.
    case getTransitGatewayRouteTableAssociations = "GetTransitGatewayRouteTableAssociations"
    case getTransitGatewayRouteTablePropagations = "GetTransitGatewayRouteTablePropagations"
    case searchTransitGatewayRoutes = "SearchTransitGatewayRoutes"
    /// Per VPC, a cross-check (`isCrossCheck`): `DescribeStaleSecurityGroups.vpc-0abc.xml`.
    case describeStaleSecurityGroups = "DescribeStaleSecurityGroups"
    /// Per VPC and attribute (`VpcAttribute`): `DescribeVpcAttribute.vpc-0abc.enableDnsSupport.xml`.
    case describeVpcAttribute = "DescribeVpcAttribute"

    public static func < (a: Action, b: Action) -> Bool { a.rawValue < b.rawValue }

    /// Actions called once per prefix list rather than once per account and region.
    public var isPerPrefixList: Bool { self == .getManagedPrefixListEntries }

    /// Actions called once per transit-gateway route table (only its owner can make them).
    public var isPerTransitGatewayRouteTable: Bool {
        self == .getTransitGatewayRouteTableAssociations || self == .getTransitGatewayRouteTablePropagations
            || self == .searchTransitGatewayRoutes
    }

    /// Actions called once per VPC that DescribeVpcs lists.
    public var isPerVpc: Bool { self == .describeStaleSecurityGroups }

    /// Actions called once per VPC and attribute: their files and manifest entries carry both,
    /// `vpc-0abc.enableDnsSupport` (one action answers each attribute apart).
    public var isPerVpcAttribute: Bool { self == .describeVpcAttribute }

    /// Actions called once per resource a listing named: their files and manifest entries carry its id.
    public var isPerResource: Bool { isPerPrefixList || isPerTransitGatewayRouteTable || isPerVpc || isPerVpcAttribute }

    /// A second opinion on what hubaudit computes from the other calls — EC2's own report of stale
    /// security-group rules, compared by rule `stale-security-group-reference` — that no rule needs.
    /// Where it was not collected (moto lacks it, a role may not allow it) the run stays trusted:
    /// collect and scan record it as not collected and never exit 2 for it; a snapshot that never
    /// asked for it (older than it) is read as before, without a gap.
    public var isCrossCheck: Bool { self == .describeStaleSecurityGroups }

    /// The transit-gateway calls. Judged per gateway by the rules and the engine that meet one (a
    /// VPC route to `tgw-…`, an attachment): a scope without transit gateways needs none of them.
    public var isTransitGateway: Bool { rawValue.contains("TransitGateway") }
}

/// EC2 tags. Held as one array, key then value, sorted by key: most resources carry one tag (a
/// Name), and a dictionary of one entry costs about three times that array, for each of the
/// organisation's subnets, route tables and VPCs, which a scan holds to the end.
public struct Tags: Hashable, Sendable, Codable {
    private var keysAndValues: [String]

    public init(_ pairs: [String: String] = [:]) {
        keysAndValues = pairs.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
    }

    public var pairs: [String: String] {
        get { Dictionary(uniqueKeysWithValues: stride(from: 0, to: keysAndValues.count, by: 2).map { (keysAndValues[$0], keysAndValues[$0 + 1]) }) }
        set { self = Tags(newValue) }
    }

    public var name: String? { self["Name"] }

    public subscript(key: String) -> String? {
        stride(from: 0, to: keysAndValues.count, by: 2).first { keysAndValues[$0] == key }.map { keysAndValues[$0 + 1] }
    }

    // Encoded as the dictionary it was.
    private enum CodingKeys: String, CodingKey { case pairs }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.container(keyedBy: CodingKeys.self).decode([String: String].self, forKey: .pairs))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pairs, forKey: .pairs)
    }
}
