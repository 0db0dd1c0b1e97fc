import HubModel

/// The resource ids of one response file, each kept once. An id of 16 bytes or more (`vpc-`,
/// `subnet-`, `sg-` ids have 17–24) is a heap string; the same VPC, subnet or group id is repeated
/// across a file's resources (every subnet names its VPC, every rule the groups it references), and
/// each copy read from the XML would be its own allocation for as long as the snapshot lives.
/// Shorter strings are stored inline in the `String` value and are returned as they are.
///
/// Files name each other's ids too (a subnet its VPC, from another file; a route table's
/// associations their subnets): the snapshot's shared facts go through one table as they are
/// assembled (`sharingIds`).
final class IdentifierTable {
    private var ids = Set<String>()

    func intern(_ id: String) -> String {
        guard id.utf8.count > 15 else { return id }
        let (inserted, member) = ids.insert(id)
        return inserted ? id : member
    }
}

extension IdentifierTable {
    /// The VPC ids of subnets and route tables, and the subnet ids of route tables' associations,
    /// as the VPC and subnet lists spell them: one string each (2 MB of a 1,000-account snapshot).
    static func sharingIds(vpcs: [Vpc], subnets: [Subnet], routeTables: [RouteTable]) -> (subnets: [Subnet], routeTables: [RouteTable]) {
        let table = IdentifierTable()
        for vpc in vpcs { _ = table.intern(vpc.id) }
        let subnets = subnets.map { subnet in
            var shared = subnet
            shared.vpcId = table.intern(subnet.vpcId)
            shared.id = table.intern(subnet.id)
            return shared
        }
        let routeTables = routeTables.map { routeTable in
            var shared = routeTable
            shared.vpcId = table.intern(routeTable.vpcId)
            shared.subnetIds = routeTable.subnetIds.map(table.intern)
            return shared
        }
        return (subnets, routeTables)
    }
}
