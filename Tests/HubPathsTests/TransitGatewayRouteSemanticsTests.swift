import HubModel
import HubPaths
import HubRules
import Testing

/// The transit-gateway semantics an AWS network engineer checks first, each against the Transit
/// Gateway guide: the order among routes of one prefix, transitions, IPv6 propagation.
@Suite struct TransitGatewayRouteSemanticsTests {
    /// "Route evaluation order": for one prefix a static route wins over a prefix-list reference,
    /// whichever the search listed first. Here the prefix-list reference is a blackhole for the
    /// hub's range and the static route leads to the hub: the spoke reaches it.
    @Test func aStaticRouteBeatsAPrefixListReferenceOfTheSameCidr() throws {
        var world = TransitWorld()
        let extra = world.extra
        world.extra = { b in
            extra(&b)
            b.prefixList("pl-1", vpcScopeOf: "vpc-hub", name: "hub-space", entries: ["10.0.0.0/16"])
        }
        world.tables.edit("tgw-rtb-spokes") {
            $0.propagations = []
            $0.routes = [TransitGatewayRoute(destination: .prefixList("pl-1"), state: "blackhole", attachmentIds: []),
                         TransitWorld.route("10.0.0.0/16", to: ["tgw-attach-hub"])]
        }
        let answer = try world.answer()
        #expect(answer.status == .reachable)
        #expect(answer.hops.first { $0.kind == .transitGatewayRouteTable }?.evidence
            == ["tgw-rtb-spokes (spokes), associated with tgw-attach-a: 10.0.0.0/16 → tgw-attach-hub (static, active)"])
    }

    /// The same when the search reports the reference entry by entry (a CIDR with its prefix list),
    /// and the other way round: the static blackhole wins over the prefix-list route to the hub.
    @Test func aPrefixListRouteReportedByCidrStillRanksBelowAStaticOne() throws {
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-spokes") {
            $0.propagations = []
            $0.routes = [TransitGatewayRoute(destination: .cidr(CIDR("10.0.0.0/16")!), attachmentIds: ["tgw-attach-hub"], prefixListId: "pl-1"),
                         TransitWorld.route("10.0.0.0/16", to: [], state: "blackhole")]
        }
        let answer = try world.answer()
        #expect(answer.status == .blocked)
        #expect(answer.blockCodes == [.blackholeRoute])
        #expect(try answer.block(0).detail == "tgw-rtb-spokes (spokes), associated with tgw-attach-a: 10.0.0.0/16 → blackhole (static): a blackhole route drops 10.0.1.10")
    }

    /// A static blackhole for the hub's exact block wins over the hub's propagated route.
    @Test func aStaticBlackholeBeatsThePropagatedRouteOfTheSameCidr() throws {
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-spokes") { $0.routes = [TransitWorld.route("10.0.0.0/16", to: [], state: "blackhole")] }
        let answer = try world.answer()
        #expect(answer.blockCodes == [.blackholeRoute])
        #expect(try answer.block(0).leg == .forward)
    }

    /// A prefix-list reference still wins over a propagated route of the same CIDR.
    @Test func aPrefixListRouteBeatsAPropagatedRouteOfTheSameCidr() throws {
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-spokes") {
            $0.routes = [TransitGatewayRoute(destination: .cidr(CIDR("10.0.0.0/16")!), state: "blackhole", attachmentIds: [], prefixListId: "pl-1")]
        }
        let answer = try world.answer()
        #expect(answer.status == .blocked)
        #expect(answer.blockCodes == [.blackholeRoute])
    }
}

/// Associations and propagations caught mid-change (`associating`, `disassociating`, `enabling`,
/// `disabling`): the snapshot cannot tell whether they are in force by the time anyone reads the
/// report, so what depends on them is not evaluated — never a drop that would pass an isolation.
@Suite struct TransitGatewayTransitionTests {
    @Test(arguments: ["associating", "disassociating"])
    func anAssociationInTransitionIsNotEvaluated(state: String) throws {
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-spokes") { $0.associations = [.init(attachmentId: "tgw-attach-a", state: state),
                                                                 .init(attachmentId: "tgw-attach-b", state: "associated")] }
        let answer = try world.answer()
        #expect(answer.status == .notEvaluated)
        #expect(answer.blocked.isEmpty)
        #expect(try answer.gap(0).detail.contains("tgw-rtb-spokes (spokes): the association of tgw-attach-a is \(state)"))
    }

    @Test(arguments: ["enabling", "disabling"])
    func aPropagationInTransitionIsNotEvaluated(state: String) throws {
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-spokes") { $0.propagations = [.init(attachmentId: "tgw-attach-hub", state: state)] }
        let answer = try world.answer()
        #expect(answer.status == .notEvaluated)
        #expect(answer.blocked.isEmpty)
        #expect(try answer.gap(0).detail.contains("tgw-rtb-spokes (spokes): the propagation of tgw-attach-hub is \(state)"))
    }

    /// A settled `disassociated` or `disabled` link is simply not in force.
    @Test func settledLinksOutOfForceStillDrop() throws {
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-spokes") { $0.propagations = [.init(attachmentId: "tgw-attach-hub", state: "disabled")] }
        #expect(try world.answer().blockCodes == [.noRouteToDestination])
        world.tables.edit("tgw-rtb-spokes") { $0.associations = [.init(attachmentId: "tgw-attach-a", state: "disassociated")] }
        #expect(try world.answer().blockCodes == [.transitGatewayNoAssociation])
    }
}

/// A VPC attachment propagates its VPC's IPv6 blocks only when its `Ipv6Support` option is enabled
/// (Transit Gateway guide, VPC attachments: "IPv6 support").
@Suite struct TransitGatewayIpv6PropagationTests {
    func routing(ipv6Support: Bool?) -> TransitGatewayRouting {
        var b = ExampleSnapshot()
        b.vpc("vpc-6", "10.6.0.0/16", "2600:1f18:6::/56", account: "222222222222")
        b.transitGateway("tgw-1")
        b.tgwAttachment("tgw-attach-6", gateway: "tgw-1", vpc: "vpc-6", ipv6Support: ipv6Support)
        b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1", propagations: ["tgw-attach-6"])
        let snapshot = b.build()
        return TransitGatewayRouting(snapshot.transitGatewayRouteTables[0], in: snapshot)
    }

    @Test func withoutIpv6SupportOnlyTheIpv4BlockIsPropagated() {
        let routing = routing(ipv6Support: false)
        #expect(routing.routes.map(\.destination.description) == ["10.6.0.0/16"])
        #expect(routing.gaps.isEmpty)
        guard case .noRoute = routing.lookUp(CIDR("2600:1f18:6::10/128")!) else {
            Issue.record("an IPv6 address of vpc-6 is routed through an attachment without IPv6 support")
            return
        }
    }

    @Test func withIpv6SupportBothBlocksArePropagated() {
        #expect(routing(ipv6Support: true).routes.map(\.destination.description) == ["10.6.0.0/16", "2600:1f18:6::/56"])
    }

    @Test func unknownIpv6SupportIsAGapForAVpcWithIpv6Blocks() {
        let routing = routing(ipv6Support: nil)
        #expect(routing.gaps.map(\.inputs) == [[.describeTransitGatewayVpcAttachments]])
    }
}

/// A gateway of an account the snapshot holds, in a region it does not (a cross-region peer), is
/// outside the snapshot like a gateway of another account: a caveat, never a missing input that
/// makes the gate exit 2 for a region nobody asked to collect.
@Suite struct TransitGatewayCrossRegionTests {
    @Test func aGatewayInARegionTheSnapshotDoesNotHoldIsOutsideIt() throws {
        let snapshot = TransitWorld().snapshot()
        let peer = TransitGateway(scope: Scope(account: TransitWorld.network, region: "eu-west-1"), id: "tgw-eu")
        let gap = try #require(snapshot.ownerViewGap(of: peer))
        #expect(gap.isOutsideSnapshot)
        #expect(gap.inputs.isEmpty)
        #expect(gap.detail == "tgw-eu is owned by account 111111111111 in eu-west-1, a region outside the snapshot: its route tables cannot be read")
        #expect(snapshot.ownerViewGap(of: try #require(snapshot.transitGatewaysById["tgw-1"])) == nil)
    }

    /// The hub's table sends vpc-c's range over a peering to tgw-2 in eu-west-1, which was not collected.
    @Test func aPathOverAPeeringIntoAnUncollectedRegionIsOutsideTheSnapshot() throws {
        var world = TransitWorld()
        world.attachments.append(TransitGatewayAttachment(
            scope: Scope(account: TransitWorld.network, region: ExampleSnapshot.region), id: "tgw-attach-peer", transitGatewayId: "tgw-1",
            kind: .peering, resourceId: "tgw-eu", peerTransitGatewayId: "tgw-eu", peerAccountId: TransitWorld.network, peerRegion: "eu-west-1"))
        world.tables.edit("tgw-rtb-spokes") { $0.routes = [TransitWorld.route("10.0.0.0/16", to: ["tgw-attach-peer"])] }
        let answer = try world.answer()
        #expect(answer.status == .notEvaluated)
        #expect(answer.gapCodes == [.outsideSnapshot])
        #expect(try answer.gap(0).detail == "tgw-attach-peer leads to tgw-eu, owned by account 111111111111 in eu-west-1, a region outside the snapshot: its route tables cannot be read")
    }
}

/// Only an attachment that carries traffic propagates: AWS withdraws the routes of one being
/// deleted, rejected or failed, and installs none before it is available.
@Suite struct TransitGatewayPropagationStateTests {
    func routing(olderState: String) -> TransitGatewayRouting {
        var b = ExampleSnapshot()
        b.vpc("vpc-old", "10.7.0.0/16", account: "222222222222")
        b.vpc("vpc-new", "10.7.0.0/16", account: "333333333333")
        b.transitGateway("tgw-1")
        b.tgwAttachment("tgw-attach-old", gateway: "tgw-1", vpc: "vpc-old", state: olderState, created: "2026-01-01T00:00:00.000Z")
        b.tgwAttachment("tgw-attach-new", gateway: "tgw-1", vpc: "vpc-new", created: "2026-06-01T00:00:00.000Z")
        b.tgwRouteTable("tgw-rtb-1", gateway: "tgw-1", propagations: ["tgw-attach-old", "tgw-attach-new"])
        let snapshot = b.build()
        return TransitGatewayRouting(snapshot.transitGatewayRouteTables[0], in: snapshot)
    }

    @Test(arguments: ["deleting", "deleted", "rejected", "failed", "pendingAcceptance"])
    func anAttachmentThatCarriesNothingNeitherPropagatesNorShadows(state: String) {
        let routing = routing(olderState: state)
        #expect(routing.routes.map(\.attachmentIds) == [["tgw-attach-new"]])
        #expect(routing.shadowed.isEmpty)
    }

    @Test func anAvailableOlderAttachmentKeepsTheRouteAndShadowsTheNewer() {
        let routing = routing(olderState: "available")
        #expect(routing.routes.map(\.attachmentIds) == [["tgw-attach-old"]])
        #expect(routing.shadowed.map(\.loser) == ["tgw-attach-new"])
    }
}
