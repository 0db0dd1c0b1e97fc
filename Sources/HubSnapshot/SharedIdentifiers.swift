import HubModel

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
