import HubModel
import HubPaths
import HubRules
import Testing

/// Every blocking reason code: one test that triggers it, one near miss that does not.
@Suite struct BlockCodeTests {
    @Test func theBaselineIsReachableWithBothLegsShown() throws {
        let answer = try World().answer()
        #expect(answer.status == .reachable)
        #expect(answer.reachable == .tcp(5432...5432))
        #expect(answer.hops.map(\.kind) == [.securityGroupEgress, .networkAclOutbound, .route, .peering, .networkAclInbound,
                                            .securityGroupIngress, .networkAclOutbound, .route, .networkAclInbound])
        #expect(answer.hops.map(\.leg) == Array(repeating: Leg.forward, count: 6) + Array(repeating: Leg.return, count: 3))
        #expect(answer.hops[0].evidence == ["sg-a (app) egress: all traffic to 0.0.0.0/0"])
        #expect(answer.hops[2].evidence == ["rtb-a: 10.1.0.0/16 → pcx-ab (active)"])
        #expect(answer.hops[5].evidence == ["sg-b (db) ingress: tcp 5432 from 10.0.0.0/16"])
        #expect(answer.hops[7].evidence == ["rtb-b: 10.0.0.0/16 → pcx-ab (active)"])
        #expect(answer.blocked.isEmpty && answer.unjudged.isEmpty)
    }

    @Test func answerSetsMergePortsAndNameTheBlockingGroup() throws {
        var world = World()
        world.ingressB = [.tcp(5432, from: "10.0.0.0/16"), .tcp(5433, from: "10.0.1.0/24"), .tcp(22, from: "192.168.0.0/16")]
        let answer = try world.answer(.all)
        #expect(answer.reachable == .tcp(5432...5433))
        #expect(answer.reachable.description == "tcp 5432-5433")
        #expect(answer.blocked.count == 1)
        #expect(answer.blocked[0].code == .sgNoMatchingRule)
        #expect(answer.blocked[0].kind == .securityGroupIngress)
        #expect(answer.blocked[0].resourceIds == ["sg-b"])
        #expect(answer.blocked[0].traffic == TrafficSet.all.subtracting(.tcp(5432...5433)))
    }

    @Test func sgNoMatchingRuleAtEgress() throws {
        var world = World()
        world.egressA = [.tcp(443, from: "0.0.0.0/0")]
        let answer = try world.answer()
        #expect(answer.status == .blocked)
        #expect(answer.blockCodes == [.sgNoMatchingRule])
        #expect(answer.blocked[0].kind == .securityGroupEgress)
        #expect(answer.blocked[0].detail == "no egress rule of sg-a (app) admits it to 10.1.1.20")
    }

    @Test func sgEgressNearMiss() throws {
        var world = World()
        world.egressA = [.tcp(5432, from: "10.1.0.0/16")]
        #expect(try world.answer().status == .reachable)
    }

    @Test func sgNoMatchingRuleAtIngress() throws {
        var world = World()
        world.ingressB = [.tcp(5432, from: "10.9.0.0/16")]
        let answer = try world.answer()
        #expect(answer.blockCodes == [.sgNoMatchingRule])
        #expect(answer.blocked[0].kind == .securityGroupIngress)
    }

    @Test func naclDenyInbound() throws {
        var world = World()
        world.aclB = [.rule(90, "6", 5432...5432, allow: false, egress: false, "10.0.0.0/16")] + world.aclB
        let answer = try world.answer()
        #expect(answer.blockCodes == [.naclDeny])
        #expect(answer.blocked[0].kind == .networkAclInbound)
        #expect(answer.blocked[0].detail == "acl-b rule 90 deny tcp 5432 from 10.0.0.0/16")
    }

    @Test func naclDenyNearMissAnotherSource() throws {
        var world = World()
        world.aclB = [.rule(90, "6", 5432...5432, allow: false, egress: false, "10.9.0.0/16")] + world.aclB
        #expect(try world.answer().status == .reachable)
    }

    @Test func naclFinalEntryDeniesWhatNoEntryAllows() throws {
        var world = World()
        world.aclA = [.rule(100, "6", 443...443, allow: true, egress: true, "0.0.0.0/0")] + NetworkAcl.Entry.defaults(egress: false)
        let answer = try world.answer()
        #expect(answer.blockCodes == [.naclDeny])
        #expect(answer.blocked[0].kind == .networkAclOutbound)
        #expect(answer.blocked[0].detail == "acl-a: no entry allows it (the final * entry denies)")
    }

    @Test func naclDenyOnTheReturnLegEphemeralPorts() throws {
        var world = World()
        world.aclB = [.rule(100, "6", 0...1023, allow: true, egress: true, "0.0.0.0/0")] + NetworkAcl.Entry.defaults(egress: false)
        let answer = try world.answer()
        #expect(answer.status == .blocked)
        #expect(answer.blockCodes == [.naclDeny])
        #expect(answer.blocked[0].leg == .return)
        #expect(answer.blocked[0].kind == .networkAclOutbound)
        #expect(answer.blocked[0].detail.hasPrefix("replies tcp 1024-65535"))
    }

    @Test func returnLegNearMissEphemeralRangeAllowed() throws {
        var world = World()
        world.aclB = [.rule(100, "6", 1024...65535, allow: true, egress: true, "10.0.0.0/16")] + NetworkAcl.Entry.defaults(egress: false)
        #expect(try world.answer().status == .reachable)
    }

    @Test func theEphemeralRangeIsAParameter() throws {
        var world = World()
        world.aclB = [.rule(100, "6", 32768...60999, allow: true, egress: true, "10.0.0.0/16")] + NetworkAcl.Entry.defaults(egress: false)
        #expect(try world.answer().status == .blocked)
        #expect(try world.answer(options: PathOptions(ephemeralPorts: 32768...60999)).status == .reachable)
    }

    @Test func noRouteToDestination() throws {
        var world = World()
        world.routesA = [:]
        let answer = try world.answer()
        #expect(answer.blockCodes == [.noRouteToDestination])
        #expect(answer.blocked[0].leg == .forward)
        #expect(answer.blocked[0].detail == "rtb-a has no route for 10.1.1.20")
    }

    @Test func noRouteBackIsBlockedOnTheReturnLeg() throws {
        var world = World()
        world.routesB = [:]
        let answer = try world.answer()
        #expect(answer.blockCodes == [.noRouteToDestination])
        #expect(answer.blocked[0].leg == .return)
    }

    @Test func aNarrowerRouteIsANearMiss() throws {
        var world = World()
        world.routesA = ["10.1.1.0/24": "pcx-ab"]
        #expect(try world.answer().status == .reachable)
    }

    @Test func blackholeRoute() throws {
        var world = World()
        world.routeStatesA = ["10.1.0.0/16": "blackhole"]
        #expect(try world.answer().blockCodes == [.blackholeRoute])
        world.routeStatesA = ["10.1.0.0/16": "active"]
        #expect(try world.answer().status == .reachable)
    }

    @Test func peeringNotActive() throws {
        var world = World()
        world.peeringStatus = "pending-acceptance"
        let answer = try world.answer()
        #expect(answer.blockCodes == [.peeringNotActive])
        #expect(answer.blocked[0].detail == "pcx-ab is pending-acceptance, not active")
        world.peeringStatus = "active"
        #expect(try world.answer().status == .reachable)
    }

    @Test func aRouteToAPeeringTheSnapshotDoesNotHoldIsNotActive() throws {
        var world = World()
        world.routesA = ["10.1.0.0/16": "pcx-gone"]
        #expect(try world.answer().blockCodes == [.peeringNotActive])
    }

    /// c is peered with b only; a routes c's block over its peering with b: b drops it.
    @Test func destinationOutsidePeer() throws {
        var world = World()
        world.routesA = ["10.1.0.0/16": "pcx-ab", "10.2.0.0/16": "pcx-ab"]
        world.extra = { b in
            b.vpc("vpc-c", "10.2.0.0/16", account: "333333333333")
            b.subnet("subnet-c", vpc: "vpc-c", "10.2.1.0/24")
            b.peering("pcx-bc", "vpc-b", "vpc-c")
            b.routeTable("rtb-c", vpc: "vpc-c", main: true, routes: ["10.0.0.0/16": "pcx-bc"])
            b.networkAcl("acl-c", vpc: "vpc-c", subnets: ["subnet-c"],
                         entries: NetworkAcl.Entry.defaults(egress: true) + NetworkAcl.Entry.defaults(egress: false))
            b.securityGroup("sg-c", vpc: "vpc-c", ingress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
            b.interface("eni-c", subnet: "subnet-c", addresses: ["10.2.1.30"], groups: ["sg-c"])
        }
        let answer = try world.answer(to: "eni-c")
        #expect(answer.blockCodes == [.destinationOutsidePeer])
        #expect(answer.blocked[0].kind == .peering)
        #expect(answer.blocked[0].detail.contains("peering is not transitive"))
    }

    @Test func destinationOutsidePeerNearMissADirectPeering() throws {
        var world = World()
        world.routesA = ["10.1.0.0/16": "pcx-ab", "10.2.0.0/16": "pcx-ac"]
        world.extra = { b in
            b.vpc("vpc-c", "10.2.0.0/16", account: "333333333333")
            b.subnet("subnet-c", vpc: "vpc-c", "10.2.1.0/24")
            b.peering("pcx-ac", "vpc-a", "vpc-c")
            b.routeTable("rtb-c", vpc: "vpc-c", main: true, routes: ["10.0.0.0/16": "pcx-ac"])
            b.networkAcl("acl-c", vpc: "vpc-c", subnets: ["subnet-c"],
                         entries: NetworkAcl.Entry.defaults(egress: true) + NetworkAcl.Entry.defaults(egress: false))
            b.securityGroup("sg-c", vpc: "vpc-c", ingress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
            b.interface("eni-c", subnet: "subnet-c", addresses: ["10.2.1.30"], groups: ["sg-c"])
        }
        #expect(try world.answer(to: "eni-c").status == .reachable)
    }

    /// d overlaps a's own block: a's local route keeps the packet at home.
    @Test func cannotRouteWhenTheLocalRouteShadowsAnOverlappingVpc() throws {
        var world = World()
        world.extra = { b in
            b.vpc("vpc-d", "10.0.0.0/16", account: "444444444444")
            b.subnet("subnet-d", vpc: "vpc-d", "10.0.1.0/24")
            b.routeTable("rtb-d", vpc: "vpc-d", main: true)
            b.networkAcl("acl-d", vpc: "vpc-d", subnets: ["subnet-d"],
                         entries: NetworkAcl.Entry.defaults(egress: true) + NetworkAcl.Entry.defaults(egress: false))
            b.securityGroup("sg-d", vpc: "vpc-d", ingress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
            b.interface("eni-d", subnet: "subnet-d", addresses: ["10.0.1.99"], groups: ["sg-d"])
        }
        let answer = try world.answer(to: "eni-d")
        #expect(answer.blockCodes == [.cannotRoute])
        #expect(answer.blocked[0].detail.contains("the local route keeps 10.0.1.99 inside vpc-a"))
    }

    @Test func cannotRouteNearMissTheSameVpc() throws {
        var world = World()
        world.ingressB = []
        world.extra = { b in
            b.subnet("subnet-a2", vpc: "vpc-a", "10.0.2.0/24")
            b.networkAcl("acl-a2", vpc: "vpc-a", subnets: ["subnet-a2"],
                         entries: NetworkAcl.Entry.defaults(egress: true) + NetworkAcl.Entry.defaults(egress: false))
            b.securityGroup("sg-a2", vpc: "vpc-a", ingress: [.tcp(5432, from: "sg-a")], inUse: false)
            b.interface("eni-a2", subnet: "subnet-a2", addresses: ["10.0.2.99"], groups: ["sg-a2"])
        }
        let answer = try world.answer(to: "eni-a2")
        #expect(answer.status == .reachable)
        #expect(answer.hops.first { $0.kind == .route }?.evidence == ["rtb-a: 10.0.0.0/16 → local (active)"])
        #expect(answer.hops.first { $0.kind == .securityGroupIngress }?.evidence == ["sg-a2 (sg-a2) ingress: tcp 5432 from sg-a (same VPC)"])
    }

    @Test func returnRouteMismatch() throws {
        var world = World()
        world.routesB = ["10.0.0.0/16": "pcx-other"]
        let answer = try world.answer()
        #expect(answer.blockCodes == [.returnRouteMismatch])
        #expect(answer.blocked[0].leg == .return)
        #expect(answer.blocked[0].detail.contains("go to pcx-other, not pcx-ab"))
    }

    @Test func returnRouteNearMissAMoreSpecificRouteOverTheSamePeering() throws {
        var world = World()
        world.routesB = ["10.0.0.0/8": "pcx-other", "10.0.1.0/24": "pcx-ab"]
        #expect(try world.answer().status == .reachable)
    }
}
