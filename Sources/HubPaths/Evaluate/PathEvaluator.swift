import HubModel

/// What the engine assumes that the snapshot does not say.
public struct PathOptions: Sendable, Hashable {
    /// The ports replies go to (the client's ephemeral range). AWS's NACL guidance: 1024–65535.
    public var ephemeralPorts: ClosedRange<Int>

    public init(ephemeralPorts: ClosedRange<Int> = 1024...65535) {
        self.ephemeralPorts = ephemeralPorts
    }
}

extension ReachabilityModel {
    /// One source class to one destination class (same address family), every hop in AWS's order:
    /// source groups (egress) → source ACL (outbound) → source route table → peering, or the transit
    /// gateway's attachments and route tables → destination ACL (inbound) → destination groups
    /// (ingress); then the return leg: destination ACL (outbound) and source ACL (inbound) for the
    /// replies, the destination's route back, and each transit gateway's table back. ACLs are skipped
    /// within one subnet (traffic there crosses none).
    public func evaluate(from source: EndpointClass, to destination: EndpointClass, traffic asked: TrafficSet,
                         options: PathOptions = PathOptions()) -> PairAnswer {
        evaluate(from: source, to: destination, traffic: asked, options: options, cache: nil)
    }

    func evaluate(from source: EndpointClass, to destination: EndpointClass, traffic asked: TrafficSet,
                  options: PathOptions, cache: AclVerdictCache?) -> PairAnswer {
        var walk = Walk(asked)
        let crossesSubnets = source.subnetId != destination.subnetId
        // Each hop is worked out only while something still travels: a pair dropped at its first
        // hop costs one hop.
        walk.apply(securityGroupHop(source, peer: destination, egress: true))
        if crossesSubnets && !walk.isOver {
            walk.apply(networkAclHop(subnetId: source.subnetId, scope: source.scope, peer: destination.address, outbound: true,
                                     traffic: .all, leg: .forward, cache: cache))
        }
        guard !walk.isOver else { return walk.answer(source, destination, asked: asked) }
        let (route, onward, via) = forwardRouteHops(source, destination)
        walk.apply(route)
        for hop in onward where !walk.isOver { walk.apply(hop) }
        if crossesSubnets && !walk.isOver {
            walk.apply(networkAclHop(subnetId: destination.subnetId, scope: destination.scope, peer: source.address, outbound: false,
                                     traffic: .all, leg: .forward, cache: cache))
        }
        if !walk.isOver { walk.apply(securityGroupHop(destination, peer: source, egress: false)) }
        guard !walk.isOver else { return walk.answer(source, destination, asked: asked) }

        // The return leg: replies to what still travels (certainly or possibly).
        let replies = ReplyTraffic(walk.alive.union(walk.maybe), ephemeral: options.ephemeralPorts)
        if crossesSubnets {
            let out = networkAclHop(subnetId: destination.subnetId, scope: destination.scope, peer: source.address, outbound: true,
                                    traffic: replies.replies, leg: .return, cache: cache)
            walk.apply(replies.requestVerdict(out, ephemeral: options.ephemeralPorts))
        }
        if !walk.isOver { walk.apply(returnRouteHop(source, destination, via: via)) }
        if case .transitGateway(let segments) = via {
            if !walk.isOver, let entry = returnTransitGatewayEntryHop(segments, destination) { walk.apply(entry) }
            for hop in returnTransitGatewayHops(segments, source) where !walk.isOver { walk.apply(hop) }
        }
        if crossesSubnets && !walk.isOver {
            let back = networkAclHop(subnetId: source.subnetId, scope: source.scope, peer: destination.address, outbound: false,
                                     traffic: replies.replies, leg: .return, cache: cache)
            walk.apply(replies.requestVerdict(back, ephemeral: options.ephemeralPorts))
        }
        return walk.answer(source, destination, asked: asked)
    }

    /// Every source class to every destination class of the same family; a single address to
    /// itself is skipped.
    public func answer(from sources: [EndpointMember], to destinations: [EndpointMember], traffic: TrafficSet,
                       options: PathOptions = PathOptions()) -> PathAnswer {
        answer(from: sources, to: destinations, traffic: traffic, options: options, stopAtFirstReachable: false)
    }

    /// Every class pair, keeping only the pairs `keep` accepts: an organisation-wide intent judges
    /// tens of thousands of pairs (each with its hops), and what it decides needs the few that break
    /// it or could not be judged. `judgedPairs` counts them all. The answer's `status` and
    /// `reachable` are those of the kept pairs only.
    public func answer(from sources: [EndpointMember], to destinations: [EndpointMember], traffic: TrafficSet,
                       options: PathOptions = PathOptions(), keeping keep: (PairAnswer) -> Bool) -> PathAnswer {
        answer(from: sources, to: destinations, traffic: traffic, options: options, stopAtFirstReachable: false, keep: keep)
    }

    /// Every class pair in order, or until the first one that reaches.
    func answer(from sources: [EndpointMember], to destinations: [EndpointMember], traffic: TrafficSet, options: PathOptions,
                stopAtFirstReachable: Bool, keep: (PairAnswer) -> Bool = { _ in true }) -> PathAnswer {
        let from = classes(of: sources), to = classes(of: destinations)
        let cache = AclVerdictCache()
        var pairs: [PairAnswer] = []
        var judged = 0
        for source in from {
            for destination in to where destination.family == source.family {
                if source == destination && source.members.count == 1 { continue }
                let pair = evaluate(from: source, to: destination, traffic: traffic, options: options, cache: cache)
                judged += 1
                if keep(pair) { pairs.append(pair) }
                if stopAtFirstReachable && !pair.reachable.isEmpty {
                    return PathAnswer(sources: from, destinations: to, asked: traffic, pairs: pairs, judgedPairs: judged)
                }
            }
        }
        return PathAnswer(sources: from, destinations: to, asked: traffic, pairs: pairs, judgedPairs: judged)
    }
}

/// The answer for two endpoints: one pair answer per source class and destination class.
public struct PathAnswer: Sendable {
    public var sources: [EndpointClass]
    public var destinations: [EndpointClass]
    public var asked: TrafficSet
    public var pairs: [PairAnswer]
    /// How many pairs were judged: `pairs.count`, unless the answer kept only some of them.
    public var judgedPairs: Int
    /// Why an endpoint resolved to nothing, or other reasons nothing could be judged.
    public var problems: [String] = []

    /// Reachable when any pair is; else not evaluated when any pair (or endpoint) could not be
    /// judged; blocked only when every pair was judged and nothing gets through.
    public var status: PairAnswer.Status {
        if pairs.contains(where: { $0.status == .reachable }) { return .reachable }
        if !problems.isEmpty || pairs.isEmpty || pairs.contains(where: { $0.status == .notEvaluated }) { return .notEvaluated }
        return .blocked
    }

    /// The union of what every pair reaches.
    public var reachable: TrafficSet { pairs.reduce(TrafficSet.empty) { $0.union($1.reachable) } }
}
