import HubModel

/// The AWS resource type of an EC2 resource id, named as AWS Security Hub names types
/// (`AwsEc2Vpc`, `AwsEc2SecurityGroup`, …), derived from the id's prefix (`vpc-`, `sg-`, …), with
/// the resource's ARN. Shared by the exports that name resource types — OCSF (`resources[].type`)
/// and the Security Hub ASFF export (`Resources[].Type`, `Resources[].Id`) — so both name a
/// resource alike; the reports name resources by id only.
public struct AWSResourceType: Sendable, Hashable, CustomStringConvertible {
    /// `AwsEc2Vpc`; `Other` for an id whose prefix is not in the table (the name ASFF asks for then).
    public let name: String
    /// Security Hub documents a details object (`Resources[].Details.<name>`) for this type. The
    /// others (`AwsEc2TransitGatewayAttachment`, `AwsEc2VpcEndpoint`, …) are names in the same
    /// style with no details object: ASFF wants `Other` for them (`securityHubType`).
    public let isSecurityHubDetailsType: Bool
    /// The ARN's resource type: `arn:aws:ec2:REGION:ACCOUNT:<arnType>/<id>`; nil for `Other`.
    let arnType: String?

    public var description: String { name }

    /// What ASFF's `Resources[].Type` takes: the name where Security Hub documents the type, else `Other`.
    public var securityHubType: String { isSecurityHubDetailsType ? name : AWSResourceType.other.name }

    public static let other = AWSResourceType(name: "Other", isSecurityHubDetailsType: false, arnType: nil)

    /// The type of `id`, from its prefix: the longest prefix of the table that `id` starts with
    /// (`tgw-attach-…` is an attachment, not a gateway), followed by an EC2 id's lowercase hex;
    /// `other` when none is.
    public static func of(_ id: String) -> AWSResourceType {
        for (prefix, type) in byPrefix where id.hasPrefix(prefix) {
            return isIdSuffix(id.dropFirst(prefix.count)) ? type : .other
        }
        return .other
    }

    /// `arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0abc` (the partition from the region); nil for an
    /// id that is not a known EC2 id, or an account or region that is not well formed — never an ARN
    /// pasted together from hostile text.
    public static func arn(resourceId: String, account: String, region: String) -> String? {
        guard let arnType = of(resourceId).arnType, let account = AccountId(account), let region = RegionName(region) else { return nil }
        return "arn:\(region.partition):ec2:\(region.name):\(account.digits):\(arnType)/\(resourceId)"
    }

    /// Prefix → type, longest prefixes first so that the first match is the right one.
    static let byPrefix: [(String, AWSResourceType)] = table.sorted { ($0.0.count, $1.0) > ($1.0.count, $0.0) }

    private static let table: [(String, AWSResourceType)] = [
        ("vpc-", documented("AwsEc2Vpc", arn: "vpc")),
        ("subnet-", documented("AwsEc2Subnet", arn: "subnet")),
        ("sg-", documented("AwsEc2SecurityGroup", arn: "security-group")),
        ("rtb-", documented("AwsEc2RouteTable", arn: "route-table")),
        ("acl-", documented("AwsEc2NetworkAcl", arn: "network-acl")),
        ("pcx-", documented("AwsEc2VpcPeeringConnection", arn: "vpc-peering-connection")),
        ("tgw-", documented("AwsEc2TransitGateway", arn: "transit-gateway")),
        ("eni-", documented("AwsEc2NetworkInterface", arn: "network-interface")),
        ("i-", documented("AwsEc2Instance", arn: "instance")),
        ("vpce-svc-", documented("AwsEc2VpcEndpointService", arn: "vpc-endpoint-service")),
        ("vpn-", documented("AwsEc2VpnConnection", arn: "vpn-connection")),
        ("eipalloc-", documented("AwsEc2Eip", arn: "elastic-ip")),
        ("tgw-attach-", named("AwsEc2TransitGatewayAttachment", arn: "transit-gateway-attachment")),
        ("tgw-rtb-", named("AwsEc2TransitGatewayRouteTable", arn: "transit-gateway-route-table")),
        ("vpce-", named("AwsEc2VpcEndpoint", arn: "vpc-endpoint")),
        ("pl-", named("AwsEc2PrefixList", arn: "prefix-list")),
        ("igw-", named("AwsEc2InternetGateway", arn: "internet-gateway")),
        ("eigw-", named("AwsEc2EgressOnlyInternetGateway", arn: "egress-only-internet-gateway")),
        ("nat-", named("AwsEc2NatGateway", arn: "natgateway")),
        ("vgw-", named("AwsEc2VpnGateway", arn: "vpn-gateway")),
        ("fl-", named("AwsEc2FlowLog", arn: "vpc-flow-log")),
    ]

    private static func documented(_ name: String, arn: String) -> AWSResourceType {
        AWSResourceType(name: name, isSecurityHubDetailsType: true, arnType: arn)
    }

    private static func named(_ name: String, arn: String) -> AWSResourceType {
        AWSResourceType(name: name, isSecurityHubDetailsType: false, arnType: arn)
    }

    /// The part after the prefix: lowercase hex and digits only (`0abc123`), as EC2 ids are.
    private static func isIdSuffix(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) }
    }
}
