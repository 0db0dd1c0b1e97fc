/// The AWS resource type of an EC2 resource id, named as AWS Security Hub names types
/// (`AwsEc2Vpc`, `AwsEc2SecurityGroup`, …), derived from the id's prefix (`vpc-`, `sg-`, …).
/// Shared by the exports that name resource types: OCSF (`resources[].type`) and the Security Hub
/// ASFF export (`Resources[].Type`). One table, so both name a resource alike.
public struct AWSResourceType: Sendable, Hashable, CustomStringConvertible {
    /// `AwsEc2Vpc`; `Other` for an id whose prefix is not in the table (the name ASFF asks for then).
    public let name: String
    /// Security Hub documents a details object (`Resources[].Details.<name>`) for this type. The
    /// others (`AwsEc2TransitGatewayAttachment`, `AwsEc2VpcEndpoint`, …) are names in the same
    /// style with no details object: an ASFF writer that accepts only documented types sends `Other`.
    public let isSecurityHubDetailsType: Bool

    public var description: String { name }

    public static let other = AWSResourceType(name: "Other", isSecurityHubDetailsType: false)

    /// The type of `id`, from its prefix: the longest prefix of the table that `id` starts with
    /// (`tgw-attach-…` is an attachment, not a gateway); `other` when none does.
    public static func of(_ id: String) -> AWSResourceType {
        for (prefix, type) in byPrefix where id.hasPrefix(prefix) { return type }
        return .other
    }

    /// Prefix → type, longest prefixes first so that the first match is the right one.
    static let byPrefix: [(String, AWSResourceType)] = table.sorted { ($0.0.count, $1.0) > ($1.0.count, $0.0) }

    private static let table: [(String, AWSResourceType)] = [
        ("vpc-", documented("AwsEc2Vpc")),
        ("subnet-", documented("AwsEc2Subnet")),
        ("sg-", documented("AwsEc2SecurityGroup")),
        ("rtb-", documented("AwsEc2RouteTable")),
        ("acl-", documented("AwsEc2NetworkAcl")),
        ("pcx-", documented("AwsEc2VpcPeeringConnection")),
        ("tgw-", documented("AwsEc2TransitGateway")),
        ("eni-", documented("AwsEc2NetworkInterface")),
        ("i-", documented("AwsEc2Instance")),
        ("vpce-svc-", documented("AwsEc2VpcEndpointService")),
        ("vpn-", documented("AwsEc2VpnConnection")),
        ("eipalloc-", documented("AwsEc2Eip")),
        ("tgw-attach-", named("AwsEc2TransitGatewayAttachment")),
        ("tgw-rtb-", named("AwsEc2TransitGatewayRouteTable")),
        ("vpce-", named("AwsEc2VpcEndpoint")),
        ("pl-", named("AwsEc2PrefixList")),
        ("igw-", named("AwsEc2InternetGateway")),
        ("eigw-", named("AwsEc2EgressOnlyInternetGateway")),
        ("nat-", named("AwsEc2NatGateway")),
        ("vgw-", named("AwsEc2VpnGateway")),
        ("fl-", named("AwsEc2FlowLog")),
    ]

    private static func documented(_ name: String) -> AWSResourceType {
        AWSResourceType(name: name, isSecurityHubDetailsType: true)
    }

    private static func named(_ name: String) -> AWSResourceType {
        AWSResourceType(name: name, isSecurityHubDetailsType: false)
    }
}
