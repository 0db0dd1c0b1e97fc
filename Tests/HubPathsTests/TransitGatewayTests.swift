import HubModel
import HubPaths
import HubRules
import Testing

/// A transit gateway is one more hop in the engine: the attachment the packet enters by, the route
/// table associated with it, the attachment its route leads to, and on the way back the
/// destination's route to the gateway and the table associated with the destination's attachment.
@Suite struct TransitGatewayTests {
    @Test func aSpokeReachesTheHubThroughTheSegmentedGatewayBothLegs() throws {
        let answer = try TransitWorld().answer()
        #expect(answer.status == .reachable)
        #expect(answer.hops.map(\.kind) == [.securityGroupEgress, .networkAclOutbound, .route, .transitGatewayAttachment,
                                            .transitGatewayRouteTable, .transitGatewayAttachment, .networkAclInbound,
                                            .securityGroupIngress, .networkAclOutbound, .route, .transitGatewayRouteTable,
                                            .networkAclInbound])
        #expect(try answer.hop(2).evidence == ["rtb-a: 10.0.0.0/8 → tgw-1 (active)"])
        #expect(try answer.hop(3).evidence == ["tgw-attach-a attaches vpc-a to tgw-1 (available); subnet-a lies in us-east-1a, where the attachment has subnet-a"])
        #expect(try answer.hop(4).resourceIds == ["tgw-rtb-spokes", "tgw-attach-a"])
        #expect(try answer.hop(4).evidence == ["tgw-rtb-spokes (spokes), associated with tgw-attach-a: 10.0.0.0/16 → tgw-attach-hub (propagated, active, from the propagation)"])
        #expect(try answer.hop(5).evidence == ["tgw-attach-hub attaches vpc-hub to tgw-1 (available); subnet-hub lies in us-east-1a, where the attachment has subnet-hub"])
        #expect(try answer.hop(9).evidence == ["rtb-hub: 10.0.0.0/8 → tgw-1 (active)"])
        #expect(try answer.hop(10).leg == .return)
        #expect(try answer.hop(10).evidence == ["tgw-rtb-hub (hub), associated with tgw-attach-hub: 10.1.0.0/16 → tgw-attach-a (propagated, active, from the propagation)"])
        #expect(answer.blocked.isEmpty && answer.unjudged.isEmpty)
    }

    @Test func spokesDoNotReachEachOtherTheSpokesTableHasNoRouteBetweenThem() throws {
        let answer = try TransitWorld().answer(from: "eni-a", to: "eni-b")
        #expect(answer.status == .blocked)
        #expect(answer.blockCodes == [.noRouteToDestination])
        #expect(try answer.block(0).kind == .transitGatewayRouteTable)
        #expect(try answer.block(0).resourceIds == ["tgw-rtb-spokes", "tgw-attach-a"])
        #expect(try answer.block(0).detail == "tgw-rtb-spokes (spokes), associated with tgw-attach-a: no route for 10.2.1.10")
    }

    @Test func aSpokePropagatingIntoTheSpokesTableOpensOneWayOnlyUntilTheOtherDoesToo() throws {
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-spokes") { $0.propagations?.append(.init(attachmentId: "tgw-attach-b", state: "enabled")) }
        let oneWay = try world.answer(from: "eni-a", to: "eni-b")
        #expect(oneWay.status == .blocked)
        #expect(oneWay.blocked.map(\.leg) == [.return])
        #expect(try oneWay.block(0).kind == .transitGatewayRouteTable)
        #expect(try oneWay.block(0).detail == "tgw-rtb-spokes (spokes), associated with tgw-attach-b: no route for 10.1.1.10")

        world.tables.edit("tgw-rtb-spokes") { $0.propagations?.append(.init(attachmentId: "tgw-attach-a", state: "enabled")) }
        let open = try world.answer(from: "eni-a", to: "eni-b")
        #expect(open.status == .reachable)
        #expect(open.hops.first { $0.kind == .transitGatewayRouteTable }?.evidence
            == ["tgw-rtb-spokes (spokes), associated with tgw-attach-a: 10.2.0.0/16 → tgw-attach-b (propagated, active, from the propagation)"])
    }

    @Test func routesAreComputedFromPropagationsWhenTheSearchReportsNone() throws {
        // The tables' searches returned no route: the hub's propagation alone lets the spoke in.
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-spokes") { $0.propagations = [] }
        let answer = try world.answer()
        #expect(answer.status == .blocked)
        #expect(try answer.block(0).kind == .transitGatewayRouteTable)
        #expect(answer.blockCodes == [.noRouteToDestination])
    }

    @Test func aReportedStaticRouteWinsOverTheComputedPropagatedOne() throws {
        // The static route sends the hub's space into vpc-b: whether vpc-b forwards it (an
        // inspection VPC) is not modelled, so the path is not judged, neither reachable nor blocked.
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-spokes") { $0.routes = [TransitWorld.route("10.0.0.0/16", to: ["tgw-attach-b"])] }
        let answer = try world.answer()
        #expect(answer.status == .notEvaluated)
        #expect(answer.gapCodes == [.leavesModelledNetwork])
        #expect(try answer.gap(0).kind == .transitGatewayAttachment)
        #expect(try answer.gap(0).detail == "10.0.0.0/16 → tgw-attach-b (static, active) leads to tgw-attach-b, which attaches vpc-b; 10.0.1.10 is in vpc-hub: whether vpc-b forwards it (an inspection or appliance VPC) is not modelled")
    }

    @Test func anAttachmentWithNoAssociationIsDropped() throws {
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-spokes") { $0.associations = [.init(attachmentId: "tgw-attach-b", state: "associated")] }
        let answer = try world.answer()
        #expect(answer.status == .blocked)
        #expect(answer.blockCodes == [.transitGatewayNoAssociation])
        #expect(try answer.block(0).detail == "tgw-attach-a: no route table of tgw-1 has tgw-attach-a associated: the gateway drops what the attachment sends")
        // The other spoke, still associated, is not affected.
        #expect(try world.answer(from: "eni-b").status == .reachable)
    }

    @Test func aBlackholeRouteInTheAssociatedTableDrops() throws {
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-spokes") { $0.routes = [TransitWorld.route("10.0.0.0/16", to: [], state: "blackhole")] }
        let answer = try world.answer()
        #expect(answer.blockCodes == [.blackholeRoute])
        #expect(try answer.block(0).kind == .transitGatewayRouteTable)
        #expect(try answer.block(0).detail == "tgw-rtb-spokes (spokes), associated with tgw-attach-a: 10.0.0.0/16 → blackhole (static): a blackhole route drops 10.0.1.10")
    }

    @Test func aBlackholeForOtherSpaceDoesNotDrop() throws {
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-spokes") { $0.routes = [TransitWorld.route("10.9.0.0/16", to: [], state: "blackhole")] }
        #expect(try world.answer().status == .reachable)
    }

    @Test func aSubnetInAZoneWithoutAnAttachmentSubnetCannotEnterTheGateway() throws {
        var world = TransitWorld()
        world.extra = { b in b.subnet("subnet-a2", vpc: "vpc-a", "10.1.2.0/24") }
        world.attachments.edit("tgw-attach-a") { $0.subnetIds = ["subnet-a2"] }
        let answer = try world.answer()
        #expect(answer.blockCodes == [.transitGatewayZoneNotAttached])
        #expect(try answer.block(0).kind == .transitGatewayAttachment)
        #expect(try answer.block(0).leg == .forward)
        #expect(try answer.block(0).detail == "tgw-attach-a has no subnet in us-east-1a, where subnet-a lies (it has subnets in us-east-1b): traffic cannot enter tgw-1 from there")
    }

    /// AWS delivers into a zone the destination's attachment does not cover (through its subnet in
    /// another zone, then the VPC's local route: "traffic can be routed to all subnets in the VPC"),
    /// but the replies cannot enter the gateway from there: the return leg drops, not the forward one.
    @Test func theGatewayDeliversIntoAnUncoveredZoneButTheRepliesCannotComeBack() throws {
        var world = TransitWorld()
        world.extra = { b in b.subnet("subnet-hub2", vpc: "vpc-hub", "10.0.2.0/24") }
        world.zones["subnet-hub2"] = "us-east-1c"
        world.attachments.edit("tgw-attach-hub") { $0.subnetIds = ["subnet-hub2"] }
        let answer = try world.answer()
        #expect(answer.blockCodes == [.transitGatewayZoneNotAttached])
        #expect(try answer.block(0).leg == .return)
        #expect(try answer.block(0).resourceIds == ["tgw-attach-hub", "tgw-1"])
        #expect(try answer.block(0).detail == "tgw-attach-hub has no subnet in us-east-1a, where subnet-hub lies (it has subnets in us-east-1c): replies cannot enter tgw-1 from there")
        #expect(try answer.hop(5).evidence == ["tgw-attach-hub attaches vpc-hub to tgw-1 (available); it has no subnet in us-east-1a, where subnet-hub lies: tgw-1 delivers through its subnets in us-east-1c, and the local route of vpc-hub carries it on"])
    }

    @Test func anUnknownZoneIsNotEvaluatedNeverPassed() throws {
        var world = TransitWorld()
        world.zones["subnet-a"] = nil
        let answer = try world.answer()
        #expect(answer.status == .notEvaluated)
        #expect(try answer.gap(0).kind == .transitGatewayAttachment)
        #expect(try answer.gap(0).inputs == [.describeSubnets])
    }

    @Test func aRouteToAGatewayTheVpcIsNotAttachedToIsBlocked() throws {
        var world = TransitWorld()
        world.spokeRoutes = ["10.0.0.0/8": "tgw-2"]
        let answer = try world.answer()
        #expect(answer.blockCodes == [.transitGatewayNotAttached])
        #expect(try answer.block(0).detail == "vpc-a has no attachment to tgw-2: its route sends the traffic to a gateway the VPC is not attached to")
    }

    @Test func anAttachmentPendingAcceptanceCarriesNothing() throws {
        var world = TransitWorld()
        world.attachments.edit("tgw-attach-a") { $0.state = "pendingAcceptance" }
        let answer = try world.answer()
        #expect(answer.blockCodes == [.transitGatewayAttachmentNotAvailable])
        #expect(try answer.block(0).detail == "tgw-attach-a attaching vpc-a to tgw-1 is pendingAcceptance, not available")
    }

    @Test func aReturnRouteThroughAnotherTargetIsAMismatch() throws {
        var world = TransitWorld()
        world.hubRoutes = ["10.0.0.0/8": "tgw-1", "10.1.0.0/16": "pcx-old"]
        let answer = try world.answer()
        #expect(answer.blockCodes == [.returnRouteMismatch])
        #expect(try answer.block(0).leg == .return)
        #expect(try answer.block(0).kind == .route)
        #expect(try answer.block(0).detail == "rtb-hub: 10.1.0.0/16 → pcx-old (active): replies to 10.1.1.10 go to pcx-old, not tgw-1 the request came by")
    }

    @Test func aReturnRouteMissingInTheDestinationsAssociatedTableDrops() throws {
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-hub") { $0.propagations = [.init(attachmentId: "tgw-attach-b", state: "enabled")] }
        let answer = try world.answer()
        #expect(answer.blockCodes == [.noRouteToDestination])
        #expect(try answer.block(0).leg == .return)
        #expect(try answer.block(0).kind == .transitGatewayRouteTable)
        #expect(try answer.block(0).detail == "tgw-rtb-hub (hub), associated with tgw-attach-hub: no route for 10.1.1.10")
    }

    @Test func aReturnRouteInTheGatewayToAnotherAttachmentIsAMismatch() throws {
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-hub") { $0.routes = [TransitWorld.route("10.1.0.0/16", to: ["tgw-attach-b"])] }
        let answer = try world.answer()
        #expect(answer.blockCodes == [.returnRouteMismatch])
        #expect(try answer.block(0).kind == .transitGatewayRouteTable)
        #expect(try answer.block(0).detail == "tgw-rtb-hub (hub), associated with tgw-attach-hub: 10.1.0.0/16 → tgw-attach-b (static, active): replies to 10.1.1.10 go to tgw-attach-b, not tgw-attach-a the request entered by")
    }

    @Test func aTableWhoseRoutesWereNotSearchedIsNotEvaluatedWithThatInput() throws {
        var world = TransitWorld()
        world.tables.edit("tgw-rtb-spokes") {
            $0.routes = nil
            $0.routesStatus = .missing
        }
        let answer = try world.answer()
        #expect(answer.status == .notEvaluated)
        #expect(answer.unjudged.count == 1)
        #expect(try answer.gap(0).kind == .transitGatewayRouteTable)
        #expect(try answer.gap(0).code == .notCollected)
        #expect(try answer.gap(0).inputs == [.searchTransitGatewayRoutes])
        #expect(try answer.gap(0).detail.contains("tgw-rtb-spokes (spokes): SearchTransitGatewayRoutes missing"))
    }

    @Test func aGatewayOwnedOutsideTheSnapshotIsNotEvaluatedAsOutside() throws {
        var world = TransitWorld()
        world.gatewayOwner = "999999999999"
        world.tables = []
        world.attachments = world.attachments.map { attachment in
            var attachment = attachment
            attachment.transitGatewayOwnerId = "999999999999"
            attachment.scope = Scope(account: attachment.resourceOwnerId, region: ExampleSnapshot.region)
            return attachment
        }
        let answer = try world.answer()
        #expect(answer.status == .notEvaluated)
        #expect(answer.gapCodes == [.outsideSnapshot])
        #expect(try answer.gap(0).inputs.isEmpty)
        #expect(try answer.gap(0).detail.contains("tgw-1 is owned by account 999999999999, outside the snapshot"))
    }

    @Test func theAttachmentListingNotCollectedIsNotEvaluated() throws {
        var world = TransitWorld()
        world.attachments = []
        world.extra = { b in b.withoutCollection(.describeTransitGatewayAttachments, account: "222222222222") }
        let answer = try world.answer()
        #expect(answer.status == .notEvaluated)
        #expect(try answer.gap(0).inputs == [.describeTransitGatewayAttachments])
    }

    @Test func peeredGatewaysCarryThePacketOnInThePeersTableForThePeeringAttachment() throws {
        let answer = try TransitWorld.peeredGateways().answer(from: "eni-c", to: "eni-hub")
        #expect(answer.status == .reachable)
        let gatewayHops = answer.hops.filter { $0.kind == .transitGatewayAttachment || $0.kind == .transitGatewayRouteTable }
        #expect(gatewayHops.map(\.resourceIds) == [["tgw-attach-c", "tgw-2"], ["tgw-rtb-2", "tgw-attach-c"], ["tgw-attach-peer", "tgw-2"],
                                                   ["tgw-rtb-peer", "tgw-attach-peer"], ["tgw-attach-hub", "tgw-1"],
                                                   ["tgw-rtb-hub", "tgw-attach-hub"], ["tgw-rtb-2", "tgw-attach-peer"]])
        #expect(gatewayHops[2].evidence == ["tgw-attach-peer peers tgw-2 with tgw-1 (account 111111111111, us-east-1), available"])
        #expect(gatewayHops[5].evidence == ["tgw-rtb-hub (hub), associated with tgw-attach-hub: 10.3.0.0/16 → tgw-attach-peer (static, active)"])
        #expect(gatewayHops[6].evidence == ["tgw-rtb-2 (two), associated with tgw-attach-peer: 10.3.0.0/16 → tgw-attach-c (propagated, active, from the propagation)"])
    }

    @Test func peeredGatewaysNeedAStaticRouteBackOnTheFarSide() throws {
        var world = TransitWorld.peeredGateways()
        world.tables.edit("tgw-rtb-hub") { $0.routes = [] }
        let answer = try world.answer(from: "eni-c", to: "eni-hub")
        #expect(answer.blockCodes == [.noRouteToDestination])
        #expect(try answer.block(0).leg == .return)
        #expect(try answer.block(0).resourceIds == ["tgw-rtb-hub", "tgw-attach-hub"])
    }

    @Test func aPeerGatewayOwnedOutsideTheSnapshotIsNotEvaluated() throws {
        var world = TransitWorld.peeredGateways()
        world.otherGateways = []
        world.attachments.edit("tgw-attach-peer") { $0.peerAccountId = "999999999999" }
        // tgw-1's side of the peering, seen from vpc-hub: the packet for vpc-c leaves into tgw-2, owned elsewhere.
        world.hubRoutes = ["10.0.0.0/8": "tgw-1"]
        let answer = try world.answer(from: "eni-hub", to: "eni-c")
        #expect(answer.status == .notEvaluated)
        #expect(answer.gapCodes == [.outsideSnapshot])
        #expect(try answer.gap(0).inputs.isEmpty)
        #expect(try answer.gap(0).detail == "tgw-attach-peer leads to tgw-2, owned by account 999999999999, outside the snapshot: its route tables cannot be read")
    }

    @Test func thePathTextNamesTheGatewayHops() throws {
        let world = TransitWorld()
        let model = ReachabilityModel(world.snapshot())
        let answer = model.answer(from: model.members.filter { $0.interfaceId == "eni-a" },
                                  to: model.members.filter { $0.interfaceId == "eni-b" }, traffic: .tcp(443...443))
        let text = PathText.render(answer, from: "eni-a", to: "eni-b")
        #expect(text.contains("  blocked: tcp 443 at tgw-rtb-spokes, tgw-attach-a (transit gateway route table; NO_ROUTE_TO_DESTINATION)"))
        #expect(text.contains("     4. transit gateway attachment: tgw-attach-a, tgw-1 (111111111111/us-east-1)"))
        #expect(text.contains("blocked tcp 443 at transit gateway route table tgw-rtb-spokes, tgw-attach-a: NO_ROUTE_TO_DESTINATION: tgw-rtb-spokes (spokes), associated with tgw-attach-a: no route for 10.2.1.10"))
    }
}
