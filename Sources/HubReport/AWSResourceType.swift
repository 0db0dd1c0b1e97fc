import HubModel

/// What an EC2 resource id names, told by its prefix (`vpc-`, `tgw-attach-`…): the resource type
/// that Security Hub's ASFF (`Resources[].Type`) gives it, and its ARN. The exports need both; the
/// reports name resources by id only. ASFF has types for VPCs, subnets, groups, route tables, NACLs,
/// peerings, interfaces, instances and transit gateways; the rest are `Other`, as ASFF asks.
public enum AWSResourceType {
    struct Kind {
        var prefix: String
        /// The ASFF `Resources[].Type`.
        var type: String
        /// The ARN's resource type: `arn:aws:ec2:REGION:ACCOUNT:<arnType>/<id>`.
        var arnType: String
    }

    /// Longest prefixes first: `tgw-attach-` and `tgw-rtb-` before `tgw-`, `vpce-` before `vpc-`.
    static let kinds: [Kind] = [
        Kind(prefix: "tgw-attach-", type: "Other", arnType: "transit-gateway-attachment"),
        Kind(prefix: "tgw-rtb-", type: "Other", arnType: "transit-gateway-route-table"),
        Kind(prefix: "tgw-", type: "AwsEc2TransitGateway", arnType: "transit-gateway"),
        Kind(prefix: "vpce-", type: "Other", arnType: "vpc-endpoint"),
        Kind(prefix: "vpc-", type: "AwsEc2Vpc", arnType: "vpc"),
        Kind(prefix: "subnet-", type: "AwsEc2Subnet", arnType: "subnet"),
        Kind(prefix: "sg-", type: "AwsEc2SecurityGroup", arnType: "security-group"),
        Kind(prefix: "rtb-", type: "AwsEc2RouteTable", arnType: "route-table"),
        Kind(prefix: "pcx-", type: "AwsEc2VpcPeeringConnection", arnType: "vpc-peering-connection"),
        Kind(prefix: "acl-", type: "AwsEc2NetworkAcl", arnType: "network-acl"),
        Kind(prefix: "eni-", type: "AwsEc2NetworkInterface", arnType: "network-interface"),
        Kind(prefix: "i-", type: "AwsEc2Instance", arnType: "instance"),
        Kind(prefix: "pl-", type: "Other", arnType: "prefix-list"),
        Kind(prefix: "igw-", type: "Other", arnType: "internet-gateway"),
        Kind(prefix: "nat-", type: "Other", arnType: "natgateway"),
        Kind(prefix: "fl-", type: "Other", arnType: "vpc-flow-log"),
    ]

    static func kind(of resourceId: String) -> Kind? {
        kinds.first { resourceId.hasPrefix($0.prefix) && resourceId.utf8.count > $0.prefix.utf8.count && isIdSuffix(resourceId.dropFirst($0.prefix.count)) }
    }

    /// The ASFF resource type of `resourceId`: `AwsEc2Vpc` for `vpc-0abc`, `Other` for what ASFF
    /// has no type for or what is not an EC2 id at all.
    public static func of(resourceId: String) -> String {
        kind(of: resourceId)?.type ?? "Other"
    }

    /// `arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0abc` (the partition from the region); nil for an
    /// id that is not a known EC2 id, or an account or region that is not well formed — never an ARN
    /// pasted together from hostile text.
    public static func arn(resourceId: String, account: String, region: String) -> String? {
        guard let kind = kind(of: resourceId), let account = AccountId(account), let region = RegionName(region) else { return nil }
        return "arn:\(region.partition):ec2:\(region.name):\(account.digits):\(kind.arnType)/\(resourceId)"
    }

    /// The part after the prefix: lowercase hex and digits only (`0abc123`), as EC2 ids are.
    private static func isIdSuffix(_ text: Substring) -> Bool {
        text.utf8.count <= 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) }
    }
}
