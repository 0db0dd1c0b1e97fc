import HubModel
import HubRules

/// The finance hub of the rule examples, joined by a transit gateway instead of peerings, in the
/// classic segmented design: the network account (111…) owns tgw-1; marketing (222…) and developer
/// (333…) associate with `tgw-rtb-spokes`, into which only finance propagates; finance associates
/// with `tgw-rtb-hub`, into which both spokes propagate. Every VPC routes 10.0.0.0/8 to tgw-1;
/// security groups admit anything from 10.0.0.0/8; network ACLs are open; one zone, us-east-1a.
///
///     vpc-fin 10.10.0.0/16 (finance)    eni-fin 10.10.1.10   tgw-attach-fin
///     vpc-mkt 10.20.0.0/16 (marketing)  eni-mkt 10.20.1.10   tgw-attach-mkt
///     vpc-dev 10.30.0.0/16 (developer)  eni-dev 10.30.1.10   tgw-attach-dev
struct SegmentedHub {
    static let network = "111111111111"
    var hubIngress: [Permission] = [.allTraffic(from: "10.0.0.0/8")]
    var gatewayOwner = SegmentedHub.network
    /// Attachment ids propagating into each table.
    var spokesPropagations = ["tgw-attach-fin"]
    var hubPropagations = ["tgw-attach-mkt", "tgw-attach-dev"]
    var spokesAssociations = ["tgw-attach-mkt", "tgw-attach-dev"]
    /// The routes the spokes table's search returned (none: moto's).
    var spokesRoutes: [TransitGatewayRoute] = []

    func snapshot() -> Snapshot {
        var b = ExampleSnapshot()
        let open = NetworkAcl.Entry.defaults(egress: true) + NetworkAcl.Entry.defaults(egress: false)
        var attachments: [TransitGatewayAttachment] = []
        for (name, account, second, title) in [("fin", SegmentedHub.network, "10", "finance"), ("mkt", "222222222222", "20", "marketing"),
                                               ("dev", "333333333333", "30", "developer")] {
            b.vpc("vpc-\(name)", "10.\(second).0.0/16", account: account, name: title)
            b.subnet("subnet-\(name)", vpc: "vpc-\(name)", "10.\(second).1.0/24")
            b.routeTable("rtb-\(name)", vpc: "vpc-\(name)", main: true, routes: ["10.0.0.0/8": "tgw-1"])
            b.networkAcl("acl-\(name)", vpc: "vpc-\(name)", subnets: ["subnet-\(name)"], entries: open)
            b.securityGroup("sg-\(name)", vpc: "vpc-\(name)", ingress: name == "fin" ? hubIngress : [.allTraffic(from: "10.0.0.0/8")],
                            egress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
            b.interface("eni-\(name)", subnet: "subnet-\(name)", addresses: ["10.\(second).1.10"], groups: ["sg-\(name)"])
            attachments.append(TransitGatewayAttachment(
                scope: Scope(account: gatewayOwner, region: ExampleSnapshot.region), id: "tgw-attach-\(name)", transitGatewayId: "tgw-1",
                transitGatewayOwnerId: gatewayOwner, resourceOwnerId: account, kind: .vpc, resourceId: "vpc-\(name)",
                subnetIds: ["subnet-\(name)"]))
        }
        let scope = Scope(account: gatewayOwner, region: ExampleSnapshot.region)
        func table(_ id: String, _ name: String, associated: [String], propagating: [String],
                   routes: [TransitGatewayRoute] = []) -> TransitGatewayRouteTable {
            TransitGatewayRouteTable(scope: scope, id: id, transitGatewayId: "tgw-1",
                                     associations: associated.map { .init(attachmentId: $0, state: "associated") },
                                     propagations: propagating.map { .init(attachmentId: $0, state: "enabled") },
                                     routes: routes, tags: Tags(["Name": name]))
        }
        let tables = gatewayOwner == SegmentedHub.network
            ? [table("tgw-rtb-spokes", "spokes", associated: spokesAssociations, propagating: spokesPropagations, routes: spokesRoutes),
               table("tgw-rtb-hub", "hub", associated: ["tgw-attach-fin"], propagating: hubPropagations)]
            : []
        let built = b.build()
        let placed = built.subnets.map { subnet -> Subnet in
            var subnet = subnet
            subnet.availabilityZone = "us-east-1a"
            return subnet
        }
        return Snapshot(metadata: built.metadata, scopes: built.scopes, vpcs: built.vpcs, subnets: placed, routeTables: built.routeTables,
                        securityGroups: built.securityGroups, networkAcls: built.networkAcls, interfaces: built.interfaces,
                        transitGateways: [TransitGateway(scope: scope, id: "tgw-1", ownerId: gatewayOwner)],
                        transitGatewayAttachments: attachments, transitGatewayRouteTables: tables, coverage: built.coverage)
    }
}
