import HubModel

extension ReachabilityModel {
    /// Where the subnet's route table sends `address`: the longest prefix wins (prefix-list routes by
    /// their entries, `RouteLookup`). nil route with no gap: no route covers it.
    enum RouteLookupResult {
        case route(RouteTable, Route)
        case noRoute(RouteTable)
        case unknown(GapCode, String, [Action])
    }

    func lookUpRoute(subnetId: String, scope: Scope, address: CIDR) -> RouteLookupResult {
        if let status = gap(scope, .describeRouteTables) {
            return .unknown(.notCollected, "DescribeRouteTables \(status.summary) in \(scope)", [.describeRouteTables])
        }
        guard let expanded = tablesBySubnet[subnetId] else {
            return .unknown(.subnetUnassociated, "no route table serves \(subnetId) (and its VPC has no main table)", [])
        }
        if let list = expanded.unknown.first(where: { $0.concerns(address) }) {
            return .unknown(.prefixListUnknown, "\(expanded.table.id) routes prefix list \(list.listId): \(list.detail)",
                            list.isOutsideSnapshot ? [] : [list.action])
        }
        guard let route = expanded.index.lookUp(address) else { return .noRoute(expanded.table) }
        return .route(expanded.table, route)
    }

    /// The target the request left by, which the reply must come back through.
    enum Via {
        case target(String)
        /// Through transit gateways: the destination must route back to the last gateway crossed,
        /// and each gateway's tables must route the replies back the way the request came.
        case transitGateway([TransitSegment])
        /// The forward route could not be judged: neither can the way back.
        case unknown(GapCode, [Action])
    }

    /// The source subnet's route to the destination, and the hops beyond it: the peering the route
    /// takes, or the transit gateway's attachments and route tables.
    func forwardRouteHops(_ source: EndpointClass, _ destination: EndpointClass) -> (route: HopVerdict, onward: [HopVerdict], via: Via) {
        let address = destination.address
        switch lookUpRoute(subnetId: source.subnetId, scope: source.scope, address: address) {
        case .unknown(let code, let detail, let inputs):
            return (.missing(.forward, .route, source.scope, [source.subnetId], code, detail, inputs: inputs), [], .unknown(code, inputs))
        case .noRoute(let table):
            var verdict = HopVerdict(.forward, .route, source.scope, [table.id])
            verdict.deny(.all, .noRouteToDestination, "\(table.label) has no route for \(host(address))")
            return (verdict, [], .target("local"))
        case .route(let table, let route):
            var verdict = HopVerdict(.forward, .route, source.scope, [table.id])
            let line = "\(table.label): \(route)"
            if route.state == "blackhole" {
                verdict.deny(.all, .blackholeRoute, "\(line): a blackhole route")
                return (verdict, [], .target(route.targetId))
            }
            switch route.targetKind {
            case .local:
                if destination.vpcId == source.vpcId {
                    verdict.admit(.all, line)
                } else {
                    verdict.deny(.all, .cannotRoute, "\(line): the local route keeps \(host(address)) inside \(source.vpcId); the destination is in \(destination.vpcId)")
                }
                return (verdict, [], .target("local"))
            case .peering:
                verdict.admit(.all, line)
                return (verdict, [peeringHop(route.targetId, source, destination)], .target(route.targetId))
            case .transitGateway:
                verdict.admit(.all, line)
                let (hops, segments) = transitGatewayHops(route.targetId, source, destination)
                return (verdict, hops, segments.map(Via.transitGateway) ?? .target(route.targetId))
            default:
                verdict.cannotJudge(.all, .leavesModelledNetwork,
                                    "\(line): leaves the modelled network via \(route.targetId) (\(route.targetKind.rawValue))")
                verdict.stops = true
                return (verdict, [], .target(route.targetId))
            }
        }
    }

    /// The peering the route names: it must be active, join the source's VPC, and lead to the VPC
    /// that holds the destination address — peering is not transitive.
    func peeringHop(_ peeringId: String, _ source: EndpointClass, _ destination: EndpointClass) -> HopVerdict {
        var verdict = HopVerdict(.forward, .peering, source.scope, [peeringId])
        guard let peering = snapshot.peeringsById[peeringId] else {
            if let status = gap(source.scope, .describeVpcPeeringConnections) {
                return .missing(.forward, .peering, source.scope, [peeringId], .notCollected,
                                "DescribeVpcPeeringConnections \(status.summary) in \(source.scope)", inputs: [.describeVpcPeeringConnections])
            }
            verdict.deny(.all, .peeringNotActive, "\(peeringId) is not among the peerings of \(source.scope) (deleted?)")
            return verdict
        }
        guard peering.isActive else {
            verdict.deny(.all, .peeringNotActive, "\(peeringId) is \(peering.statusCode), not active")
            return verdict
        }
        guard let peer = peering.peer(of: source.vpcId) else {
            verdict.deny(.all, .cannotRoute, "\(peeringId) joins \(peering.requester.vpcId) and \(peering.accepter.vpcId), not \(source.vpcId)")
            return verdict
        }
        let peerBlocks = vpc(peer.vpcId)?.blocks ?? peer.blocks
        let holder = peerBlocks.first { $0.contains(destination.address) }
        guard peer.vpcId == destination.vpcId, let holder else {
            let blocks = peerBlocks.map(\.description).joined(separator: ", ")
            verdict.deny(.all, .destinationOutsidePeer,
                         "\(peeringId) leads to \(peer.vpcId) (\(blocks)); \(host(destination.address)) is in \(destination.vpcId), and the peer does not forward it (peering is not transitive)")
            return verdict
        }
        verdict.admit(.all, "\(peeringId) active: \(host(destination.address)) lies in \(peer.vpcId)'s \(holder) (account \(peer.ownerId))")
        return verdict
    }

    /// The destination subnet's route back to the source: it must use the same peering the request
    /// took (or the local route within a VPC, or the transit gateway the request arrived from), or
    /// replies go elsewhere.
    func returnRouteHop(_ source: EndpointClass, _ destination: EndpointClass, via: Via) -> HopVerdict {
        let address = source.address
        switch lookUpRoute(subnetId: destination.subnetId, scope: destination.scope, address: address) {
        case .unknown(let code, let detail, let inputs):
            return .missing(.return, .route, destination.scope, [destination.subnetId], code, detail, inputs: inputs)
        case .noRoute(let table):
            var verdict = HopVerdict(.return, .route, destination.scope, [table.id])
            verdict.deny(.all, .noRouteToDestination, "\(table.label) has no route back to \(host(address))")
            return verdict
        case .route(let table, let route):
            var verdict = HopVerdict(.return, .route, destination.scope, [table.id])
            let line = "\(table.label): \(route)"
            if route.state == "blackhole" {
                verdict.deny(.all, .blackholeRoute, "\(line): a blackhole route back to \(host(address))")
                return verdict
            }
            let expected: String
            switch via {
            case .target(let target): expected = target
            case .transitGateway(let segments): expected = segments.last?.gatewayId ?? ""
            case .unknown(let code, let inputs):
                verdict.cannotJudge(.all, code, "\(line): whether replies return the way the request came depends on the forward route, which could not be judged", inputs: inputs)
                return verdict
            }
            if route.targetId == expected {
                verdict.admit(.all, line)
            } else {
                verdict.deny(.all, .returnRouteMismatch, "\(line): replies to \(host(address)) go to \(route.targetId), not \(expected) the request came by")
            }
            return verdict
        }
    }
}
