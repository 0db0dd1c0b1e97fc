import HubModel

/// A route table's longest-prefix match for single addresses as hash lookups: one per prefix length
/// the table uses, longest first. A hub's table holds a route per spoke; scanning it for every pair
/// would dominate an organisation-wide query. Same answer as `RouteTable.resolve` on an expanded table.
struct RouteIndex: Sendable {
    /// Prefix lengths present, per family, longest first.
    private let lengths: [CIDR.Family: [Int]]
    private let routes: [CIDR: Route]

    init(_ table: RouteTable) {
        var best: [CIDR: Route] = [:]
        for route in table.routes {
            guard let cidr = route.cidr else { continue }
            if let known = best[cidr], !RouteIndex.outranks(route, known) { continue }
            best[cidr] = route
        }
        routes = best
        var lengths: [CIDR.Family: Set<Int>] = [:]
        for cidr in best.keys { lengths[cidr.family, default: []].insert(cidr.prefixLength) }
        self.lengths = lengths.mapValues { $0.sorted(by: >) }
    }

    /// AWS's priority for one destination: a CIDR route over a prefix-list route; between two lists,
    /// the smaller list id (as `RouteTable.resolve` decides; AWS does not document it).
    private static func outranks(_ a: Route, _ b: Route) -> Bool {
        switch (a.viaPrefixList, b.viaPrefixList) {
        case (nil, nil), (_?, nil): return false
        case (nil, _?): return true
        case (let listA?, let listB?): return listA < listB
        }
    }

    func lookUp(_ address: CIDR) -> Route? {
        for length in lengths[address.family] ?? [] where length <= address.prefixLength {
            if let route = routes[CIDR(family: address.family, network: address.network, prefixLength: length)] { return route }
        }
        return nil
    }
}
