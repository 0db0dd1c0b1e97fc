import HubModel
import HubPaths
import HubRules
import Testing

/// Never reachable or blocked on data that was not read; group references as AWS matches them.
@Suite struct NotEvaluatedTests {
    @Test func aclsNotCollectedAtTheDestinationLeaveTheAnswerNotEvaluated() throws {
        var world = World()
        world.extra = { b in b.withoutCollection(.describeNetworkAcls, account: "222222222222") }
        let answer = try world.answer()
        #expect(answer.status == .notEvaluated)
        #expect(answer.reachable.isEmpty)
        #expect(answer.gapCodes == [.notCollected])
        #expect(answer.unjudged[0].inputs == [.describeNetworkAcls])
        #expect(answer.unjudged[0].detail == "DescribeNetworkAcls missing in 222222222222/us-east-1")
    }

    @Test func aclsCollectedIsTheNearMiss() throws {
        var world = World()
        world.extra = { b in b.withoutCollection(.describeNetworkAcls, account: "999999999999") }
        #expect(try World().answer().status == .reachable)
        #expect(try world.answer().status == .reachable)
    }

    @Test func aHopThatCertainlyBlocksStillBlocksPastAnUnknownOne() throws {
        var world = World()
        world.ingressB = []
        world.extra = { b in b.withoutCollection(.describeNetworkAcls, account: "222222222222") }
        let answer = try world.answer()
        #expect(answer.status == .blocked)
        #expect(answer.blockCodes == [.sgNoMatchingRule])
        #expect(answer.unjudged.isEmpty)
    }

    @Test func securityGroupsNotCollected() throws {
        var world = World()
        world.extra = { b in b.withoutCollection(.describeSecurityGroups, account: "111111111111", status: .failed(code: "UnauthorizedOperation", message: "")) }
        let answer = try world.answer()
        #expect(answer.status == .notEvaluated)
        #expect(answer.unjudged[0].kind == .securityGroupEgress)
        #expect(answer.unjudged[0].detail == "DescribeSecurityGroups failed: UnauthorizedOperation in 111111111111/us-east-1")
    }

    @Test func routeTablesNotCollected() throws {
        var world = World()
        world.extra = { b in b.withoutCollection(.describeRouteTables, account: "222222222222") }
        let answer = try world.answer()
        #expect(answer.status == .notEvaluated)
        #expect(answer.unjudged.map(\.leg) == [.return])
    }

    @Test func aRouteToANatGatewayLeavesTheModelledNetwork() throws {
        var world = World()
        world.routesA = ["10.1.0.0/16": "nat-1"]
        let answer = try world.answer()
        #expect(answer.status == .notEvaluated)
        #expect(answer.gapCodes == [.leavesModelledNetwork])
        #expect(answer.unjudged[0].detail == "rtb-a: 10.1.0.0/16 → nat-1 (active): leaves the modelled network via nat-1 (nat-gateway)")
    }

    @Test func aPrefixListRouteWithUnknownEntriesIsNotJudged() throws {
        var world = World()
        world.routesA = [:]
        world.extra = { b in
            b.prefixList("pl-spokes", vpcScopeOf: "vpc-a", name: "spokes", entries: nil)
            b.routeTable("rtb-a2", vpc: "vpc-a", subnets: ["subnet-a"], prefixListRoutes: ["pl-spokes": "pcx-ab"])
        }
        let answer = try world.answer()
        #expect(answer.gapCodes == [.prefixListUnknown])
    }

    @Test func aPrefixListRouteWithKnownEntriesRoutesByThem() throws {
        var world = World()
        world.routesA = [:]
        world.extra = { b in
            b.prefixList("pl-spokes", vpcScopeOf: "vpc-a", name: "spokes", entries: ["10.1.0.0/16"])
            b.routeTable("rtb-a2", vpc: "vpc-a", subnets: ["subnet-a"], prefixListRoutes: ["pl-spokes": "pcx-ab"])
        }
        let answer = try world.answer()
        #expect(answer.status == .reachable)
        #expect(answer.hops.first { $0.kind == .route }?.evidence == ["rtb-a2: 10.1.0.0/16 (entry of pl-spokes) → pcx-ab (active)"])
    }

    @Test func aSubnetNoAclListsIsNotJudgedAtTheAcl() throws {
        var world = World()
        world.extra = { b in
            b.subnet("subnet-b2", vpc: "vpc-b", "10.1.2.0/24")
            b.interface("eni-b2", subnet: "subnet-b2", addresses: ["10.1.2.20"], groups: ["sg-b"])
        }
        let answer = try world.answer(to: "eni-b2")
        #expect(answer.status == .notEvaluated)
        #expect(answer.gapCodes == [.subnetUnassociated])
        #expect(answer.unjudged[0].detail == "no network ACL lists subnet-b2")
    }

    @Test func aRuleWithAProtocolNameHubauditDoesNotKnowIsNotJudged() throws {
        var world = World()
        world.ingressB = [Permission(ipProtocol: "gre", ipv4Ranges: [SourceRange(cidr: CIDR("10.0.0.0/16")!)])]
        let answer = try world.answer(.proto(47))
        #expect(answer.status == .notEvaluated)
        #expect(answer.gapCodes == [.unknownProtocol])
        // The near miss: the same rule by number is judged (and admits).
        world.ingressB = [Permission(ipProtocol: "47", ipv4Ranges: [SourceRange(cidr: CIDR("10.0.0.0/16")!)])]
        #expect(try world.answer(.proto(47)).status == .reachable)
    }

    @Test func anAddressWithoutInterfaceHasNoKnownGroups() throws {
        let model = ReachabilityModel(World().snapshot())
        let source = model.classes(of: model.members.filter { $0.interfaceId == "eni-a" })
        let bare = EndpointMember(scope: Scope(account: "222222222222", region: "us-east-1"), vpcId: "vpc-b", subnetId: "subnet-b",
                                  interfaceId: nil, instanceId: nil, address: CIDR("10.1.1.99/32")!, groupIds: nil, label: "10.1.1.99")
        let answer = model.answer(from: source.flatMap(\.members), to: [bare], traffic: .tcp(5432...5432))
        #expect(answer.status == .notEvaluated)
        #expect(answer.pairs[0].gapCodes == [.noInterface])
    }
}

@Suite struct GroupReferenceTests {
    /// b's database group admits a's application group by reference, over the active peering.
    @Test func aReferenceAcrossAnActiveSameRegionPeeringAdmits() throws {
        var world = World()
        world.ingressB = [.tcp(5432, from: "sg-a")]
        let answer = try world.answer()
        #expect(answer.status == .reachable)
        #expect(answer.hops.first { $0.kind == .securityGroupIngress }?.evidence
                == ["sg-b (db) ingress: tcp 5432 from sg-a (account 111111111111, over pcx-ab)"])
    }

    @Test func aReferenceAcrossRegionsMatchesNothing() throws {
        var world = World()
        world.ingressB = [.tcp(5432, from: "sg-a")]
        world.extra = { b in
            b.vpc("vpc-x", "10.5.0.0/16", account: "111111111111", region: "eu-west-1")
            b.subnet("subnet-x", vpc: "vpc-x", "10.5.1.0/24")
            b.peering("pcx-bx", "vpc-b", "vpc-x")
            b.routeTable("rtb-x", vpc: "vpc-x", main: true, routes: ["10.1.0.0/16": "pcx-bx"])
            b.networkAcl("acl-x", vpc: "vpc-x", subnets: ["subnet-x"],
                         entries: NetworkAcl.Entry.defaults(egress: true) + NetworkAcl.Entry.defaults(egress: false))
            b.securityGroup("sg-x", vpc: "vpc-x", ingress: [], egress: [.allTraffic(from: "0.0.0.0/0")], inUse: false)
            b.interface("eni-x", subnet: "subnet-x", addresses: ["10.5.1.5"], groups: ["sg-a", "sg-x"])
        }
        var snapshot = world.snapshot()
        // The example builder puts every peering side in us-east-1: place vpc-x's side in eu-west-1.
        snapshot = Snapshot(metadata: snapshot.metadata, scopes: snapshot.scopes, vpcs: snapshot.vpcs, subnets: snapshot.subnets,
                            routeTables: snapshot.routeTables + [RouteTable(scope: Scope(account: "222222222222", region: "us-east-1"),
                                                                            id: "rtb-b2", vpcId: "vpc-b", subnetIds: ["subnet-b"],
                                                                            routes: [Route(destination: .cidr(CIDR("10.5.0.0/16")!), targetKind: .peering, targetId: "pcx-bx"),
                                                                                     Route(destination: .cidr(CIDR("10.1.0.0/16")!), targetKind: .local, targetId: "local")])],
                            peerings: snapshot.peerings.map { peering in
                                var copy = peering
                                if copy.id == "pcx-bx" { copy.accepter.region = "eu-west-1" }
                                return copy
                            },
                            securityGroups: snapshot.securityGroups, networkAcls: snapshot.networkAcls, prefixLists: snapshot.prefixLists,
                            interfaces: snapshot.interfaces, instances: snapshot.instances, coverage: snapshot.coverage)
        let model = ReachabilityModel(snapshot)
        let x = model.classes(of: model.members.filter { $0.interfaceId == "eni-x" })[0]
        let b = model.classes(of: model.members.filter { $0.interfaceId == "eni-b" })[0]
        let answer = model.evaluate(from: x, to: b, traffic: .tcp(5432...5432))
        #expect(answer.status == .blocked)
        #expect(answer.blockCodes == [.sgNoMatchingRule])
        #expect(answer.blocked[0].kind == .securityGroupIngress)
    }

    @Test func aReferenceToAGroupNotInTheSnapshotIsNotEvaluated() throws {
        var world = World()
        world.ingressB = [.tcp(5432, from: "sg-deleted")]
        let answer = try world.answer()
        #expect(answer.status == .notEvaluated)
        #expect(answer.gapCodes == [.groupNotInSnapshot])
    }

    @Test func aReferenceToAKnownGroupTheSourceLacksIsANearMiss() throws {
        var world = World()
        world.ingressB = [.tcp(5432, from: "sg-b")]
        let answer = try world.answer()
        #expect(answer.status == .blocked)
        #expect(answer.blockCodes == [.sgNoMatchingRule])
    }
}

@Suite struct ProtocolTests {
    @Test func pingIsReachableWithBothLegs() throws {
        var world = World()
        world.ingressB = [.icmp(from: "10.0.0.0/16")]
        let answer = try world.answer(.icmp(type: 8, code: nil))
        #expect(answer.status == .reachable)
        #expect(answer.hops.filter { $0.leg == .return }.count == 3)
    }

    @Test func aReturnAclThatDropsEchoRepliesBlocksPing() throws {
        var world = World()
        world.ingressB = [.icmp(from: "10.0.0.0/16")]
        world.aclA = NetworkAcl.Entry.defaults(egress: true)
            + [.rule(50, "1", allow: false, egress: false, "10.1.0.0/16", icmpType: 0)] + NetworkAcl.Entry.defaults(egress: false)
        let answer = try world.answer(.icmp(type: 8, code: nil))
        #expect(answer.status == .blocked)
        #expect(answer.blocked[0].leg == .return)
        #expect(answer.blocked[0].code == .naclDeny)
        // A one-way ICMP type needs no reply: the same ACL lets it through.
        #expect(try world.answer(.icmp(type: 3, code: nil)).status == .reachable)
    }

    @Test func numberedProtocolsAndAllTraffic() throws {
        var world = World()
        world.ingressB = [Permission(ipProtocol: "47", ipv4Ranges: [SourceRange(cidr: CIDR("10.0.0.0/16")!)])]
        let answer = try world.answer(.all)
        #expect(answer.reachable == .proto(47))
        #expect(answer.reachable.description == "protocol 47")
    }

    @Test func ipv6IsJudgedByItsOwnRules() throws {
        var world = World()
        world.ingressB = [.tcp(5432, from: "10.0.0.0/16")]
        world.extra = { b in
            b.interface("eni-a6", subnet: "subnet-a", addresses: ["2001:db8:a::10"], groups: ["sg-a"])
            b.interface("eni-b6", subnet: "subnet-b", addresses: ["2001:db8:b::20"], groups: ["sg-b"])
        }
        let model = ReachabilityModel(world.snapshot())
        let a = model.classes(of: model.members.filter { $0.interfaceId == "eni-a6" })[0]
        let b = model.classes(of: model.members.filter { $0.interfaceId == "eni-b6" })[0]
        #expect(a.family == .v6)
        let answer = model.evaluate(from: a, to: b, traffic: .tcp(5432...5432))
        // sg-a's egress is IPv4 only (0.0.0.0/0): IPv6 traffic leaves by no rule.
        #expect(answer.status == .blocked)
        #expect(answer.blockCodes == [.sgNoMatchingRule])
    }

    @Test func withinOneSubnetNoAclIsCrossed() throws {
        var world = World()
        world.aclA = []   // would deny everything between subnets
        world.extra = { b in
            b.securityGroup("sg-a3", vpc: "vpc-a", ingress: [.tcp(22, from: "10.0.1.0/24")], inUse: false)
            b.interface("eni-a3", subnet: "subnet-a", addresses: ["10.0.1.11"], groups: ["sg-a3"])
        }
        let answer = try world.answer(.tcp(22...22), to: "eni-a3")
        #expect(answer.status == .reachable)
        #expect(!answer.hops.contains { $0.kind == .networkAclOutbound || $0.kind == .networkAclInbound })
    }
}

@Suite struct EquivalenceClassTests {
    @Test func interfacesWithTheSameSubnetAndGroupsFormOneClass() throws {
        var world = World()
        world.extra = { b in
            for n in 11...40 { b.interface("eni-a\(n)", subnet: "subnet-a", addresses: ["10.0.1.\(n)"], groups: ["sg-a"]) }
        }
        let model = ReachabilityModel(world.snapshot())
        let classes = model.classes(of: model.members.filter { $0.subnetId == "subnet-a" })
        #expect(classes.count == 1)
        #expect(classes[0].members.count == 31)
    }

    @Test func aCidrInsideTheSubnetSplitsItsClasses() throws {
        var world = World()
        world.ingressB = [.tcp(5432, from: "10.0.1.11/32")]
        world.extra = { b in
            for n in 11...12 { b.interface("eni-a\(n)", subnet: "subnet-a", addresses: ["10.0.1.\(n)"], groups: ["sg-a"]) }
        }
        let model = ReachabilityModel(world.snapshot())
        let classes = model.classes(of: model.members.filter { $0.subnetId == "subnet-a" })
        #expect(classes.count == 3)
        let answer = model.answer(from: classes.flatMap(\.members), to: model.members.filter { $0.interfaceId == "eni-b" },
                                  traffic: .tcp(5432...5432))
        #expect(answer.pairs.map(\.status) == [.blocked, .reachable, .blocked])
        #expect(answer.status == .reachable)
    }
}
