import HubModel
import HubPaths
@testable import HubRules
import Testing

/// The hub intent judged through security groups and network ACLs (issue 11): isolation-breach's
/// `isolated-path` and hub-spoke-connectivity's `spoke-not-reachable`, both driven by the
/// reachability engine; the routing cases keep their findings and fingerprints.
@Suite struct IsolatedPathTests {
    static let mkt = Scope(account: "222222222222", region: "us-east-1")
    static let dev = Scope(account: "333333333333", region: "us-east-1")

    func run(_ snapshot: Snapshot) -> AuditResult {
        RuleEngine.run(snapshot, intent: IsolationRule.intent, rules: [IsolationRule.self])
    }

    @Test func trafficThatFlowsBothWaysIsAPathInEachDirection() throws {
        let result = run(IsolationRuleExamples.isolatedPair(peeredWithEachOther: true))
        #expect(result.findings.map(\.caseId).sorted() == ["isolated-path", "isolated-path", "isolated-peering", "isolated-route", "isolated-route"])
        let paths = result.findings.filter { $0.caseId == IsolationRule.isolatedPath.id }
        #expect(paths.map(\.severity) == [.critical, .critical])
        #expect(Set(paths.map(\.scope)) == [Self.mkt, Self.dev])
        let fromMarketing = try #require(paths.first { $0.scope == Self.mkt })
        #expect(fromMarketing.resourceIds.prefix(2) == ["eni-mkt", "eni-dev"])
        #expect(fromMarketing.resourceIds.contains("pcx-md") && fromMarketing.resourceIds.contains("sg-dev"))
        #expect(fromMarketing.message.contains("eni-mkt 10.20.1.10") && fromMarketing.message.contains("all traffic"))
        #expect(fromMarketing.evidence.first == "reachable: all traffic")
        #expect(fromMarketing.evidence.contains("forward 4. peering pcx-md: pcx-md active: 10.30.1.20 lies in vpc-dev's 10.30.0.0/16 (account 333333333333)"))
        #expect(fromMarketing.evidence.contains { $0.hasPrefix("return ") })
        #expect(result.notEvaluated.isEmpty)
        #expect(run(IsolationRuleExamples.isolatedPair(peeredWithEachOther: true)).findings.map(\.fingerprint) == result.findings.map(\.fingerprint))
    }

    /// The replies' ports are the policy's (`ephemeral_port_low/high`, shared with reachability-intent):
    /// ACLs that pass replies only to 40000-65535 block a path under the default 1024-65535, and let
    /// it through when the policy says clients use 40000-65535.
    @Test func theEphemeralRangeIsThePolicys() {
        var snapshot = IsolationRuleExamples.isolatedPair(peeredWithEachOther: true, ingress: [.tcp(22, from: "10.0.0.0/8")])
        // Outbound: the requests (tcp 22) and replies to 40000-65535 only; inbound: everything.
        let requests = NetworkAcl.Entry(ruleNumber: 90, ipProtocol: "6", allow: true, egress: true, cidr: CIDR("0.0.0.0/0"),
                                        portRange: 22...22)
        let replies = NetworkAcl.Entry(ruleNumber: 100, ipProtocol: "6", allow: true, egress: true, cidr: CIDR("0.0.0.0/0"),
                                       portRange: 40000...65535)
        for index in snapshot.networkAcls.indices {
            snapshot.networkAcls[index].entries = NetworkAcl.Entry.defaults(egress: false) + [requests, replies]
                + NetworkAcl.Entry.defaults(egress: true).filter { $0.ruleNumber != 100 }
        }
        snapshot = Snapshot(metadata: snapshot.metadata, scopes: snapshot.scopes, vpcs: snapshot.vpcs, subnets: snapshot.subnets,
                            routeTables: snapshot.routeTables, peerings: snapshot.peerings, securityGroups: snapshot.securityGroups,
                            networkAcls: snapshot.networkAcls, interfaces: snapshot.interfaces, instances: snapshot.instances,
                            coverage: snapshot.coverage)
        func paths(_ parameters: [String: ParameterValue]) -> Int {
            RuleEngine.run(snapshot, configurations: [IsolationRule.description.id: RuleConfiguration(parameters: parameters)],
                           intent: IsolationRule.intent, rules: [IsolationRule.self])
                .findings.filter { $0.caseId == IsolationRule.isolatedPath.id }.count
        }
        #expect(paths([:]) == 0)
        #expect(paths(["ephemeral_port_low": .int(40000)]) == 2)
    }

    /// The engine's model is built by the first rule that needs it and handed on in the result (the
    /// reports' reachability section reuses it); a run whose rules need none builds none.
    @Test func theReachabilityModelIsSharedAndHandedOn() {
        let snapshot = IsolationRuleExamples.isolatedPair(peeredWithEachOther: true)
        let judged = RuleEngine.run(snapshot, intent: IsolationRule.intent, rules: [IsolationRule.self])
        #expect(judged.reachability?.modelIfBuilt != nil)
        let routingOnly = RuleEngine.run(snapshot, rules: [PeeringRoutesRule.self, OverlappingCidrsRule.self])
        #expect(routingOnly.reachability == nil)
    }

    /// Defence in depth: the peering and routes stay findings when security groups drop everything,
    /// with the same fingerprints as when traffic flows; only the path is gone.
    @Test func securityGroupsThatDropEverythingLeaveThePeeringAndRoutes() {
        let open = run(IsolationRuleExamples.isolatedPair(peeredWithEachOther: true))
        let closed = run(IsolationRuleExamples.isolatedPair(peeredWithEachOther: true, ingress: []))
        #expect(closed.findings.map(\.caseId).sorted() == ["isolated-peering", "isolated-route", "isolated-route"])
        #expect(closed.notEvaluated.isEmpty)
        let routing = open.findings.filter { $0.caseId != IsolationRule.isolatedPath.id }
        #expect(closed.findings.map(\.fingerprint).sorted() == routing.map(\.fingerprint).sorted())
        #expect(closed.findings.map(\.message).sorted() == routing.map(\.message).sorted())
    }

    /// A missing network ACL response cannot hide a path: not evaluated, naming the call.
    @Test func aclsNotCollectedMakeThePathNotEvaluatedNeverAPass() {
        var snapshot = IsolationRuleExamples.isolatedPair(peeredWithEachOther: true)
        snapshot.coverage.set(.missing, scope: Self.dev, action: .describeNetworkAcls)
        let result = run(snapshot)
        #expect(!result.findings.contains { $0.caseId == IsolationRule.isolatedPath.id })
        let gaps = result.notEvaluated.filter { $0.inputs == [.describeNetworkAcls] && $0.resourceIds.contains("eni-mkt") }
        #expect(gaps.count >= 2) // both directions cross developer's ACL
        #expect(gaps.allSatisfy { $0.reason == .missingInput && $0.detail.hasPrefix("isolation 'marketing-vs-developer': ") })
    }

    /// One missing response (security groups in marketing's account) does not hide the findings
    /// that need only peerings and routes there.
    @Test func missingSecurityGroupsDoNotHideThePeeringOrTheRoute() {
        var snapshot = IsolationRuleExamples.isolatedPair(peeredWithEachOther: true)
        snapshot.coverage.set(.missing, scope: Self.mkt, action: .describeSecurityGroups)
        let result = run(snapshot)
        #expect(result.findings.map(\.caseId).sorted() == ["isolated-peering", "isolated-route", "isolated-route"])
        #expect(result.findings.contains { $0.caseId == "isolated-peering" && $0.scope == Self.mkt })
        #expect(result.notEvaluated.contains { $0.scope == Self.mkt && $0.inputs == [.describeSecurityGroups] && $0.resourceIds.isEmpty })
        #expect(result.notEvaluated.contains { $0.inputs == [.describeSecurityGroups] && $0.resourceIds.contains("eni-mkt") })
    }

    @Test func interfacesNotCollectedMakeThePathNotEvaluated() {
        var snapshot = IsolationRuleExamples.isolatedPair(peeredWithEachOther: true)
        snapshot.interfaces.removeAll { $0.scope == Self.dev }
        snapshot.coverage.set(.missing, scope: Self.dev, action: .describeNetworkInterfaces)
        let result = run(snapshot)
        #expect(!result.findings.contains { $0.caseId == IsolationRule.isolatedPath.id })
        #expect(result.notEvaluated.contains { $0.inputs == [.describeNetworkInterfaces] && $0.detail.contains("endpoints there are unknown") })
    }

    /// Peered and routed VPCs without interfaces: nothing to judge, no gap.
    @Test func vpcsWithoutInterfacesHaveNoPathAndNoGap() {
        var snapshot = IsolationRuleExamples.isolatedPair(peeredWithEachOther: true)
        snapshot.interfaces = []
        let result = run(snapshot)
        #expect(result.findings.map(\.caseId).sorted() == ["isolated-peering", "isolated-route", "isolated-route"])
        #expect(result.notEvaluated.isEmpty)
    }

    /// Only what gets through counts: a group that admits tcp 5432 alone makes a path of tcp 5432.
    @Test func thePathCarriesWhatGetsThrough() throws {
        let result = run(IsolationRuleExamples.isolatedPair(peeredWithEachOther: true, ingress: [.tcp(5432, from: "10.20.0.0/16")]))
        let paths = result.findings.filter { $0.caseId == IsolationRule.isolatedPath.id }
        #expect(paths.count == 1) // developer admits marketing; marketing admits nothing from developer
        let path = try #require(paths.first)
        #expect(path.scope == Self.mkt)
        #expect(path.evidence.first == "reachable: tcp 5432")
    }
}

@Suite struct SpokeNotReachableTests {
    static let intent = HubSpokeConnectivityRuleExamples.servedIntent

    func run(_ snapshot: Snapshot, services: [String]? = nil) -> AuditResult {
        RuleEngine.run(snapshot, configurations: ["hub-spoke-connectivity": RuleConfiguration(parameters: services.map { ["hub_services": .strings($0)] } ?? [:])],
                       intent: Self.intent, rules: [HubSpokeConnectivityRule.self])
    }

    @Test func aHubGroupThatAdmitsNothingFromTheSpokeCutsItOff() throws {
        let result = run(HubSpokeConnectivityRuleExamples.servedPair(hubIngress: []))
        let finding = try #require(result.findings.first)
        #expect(result.findings.map(\.caseId) == ["spoke-not-reachable"])
        #expect(finding.severity == .high)
        #expect(finding.scope == Scope(account: "222222222222", region: "us-east-1"))
        #expect(finding.resourceIds == ["vpc-mkt", "vpc-fin", "pcx-mkt", "eni-mkt", "eni-fin", "sg-fin"])
        #expect(finding.message.hasSuffix("is blocked at sg-fin (security groups, ingress): SG_NO_MATCHING_RULE"))
        #expect(finding.evidence.first == "eni-mkt 10.20.1.10 in subnet-mkt → eni-fin 10.10.1.20 in subnet-fin:")
        #expect(finding.evidence[1].hasPrefix("  blocked all traffic at security groups, ingress sg-fin: SG_NO_MATCHING_RULE: "))
        #expect(result.notEvaluated.isEmpty)
    }

    @Test func theServicesParameterSaysWhatMustGetThrough() {
        let sshOnly = HubSpokeConnectivityRuleExamples.servedPair(hubIngress: [.tcp(22, from: "10.20.0.0/16")])
        #expect(run(sshOnly).findings.isEmpty) // any traffic at all: ssh gets through
        #expect(run(sshOnly, services: ["tcp/443"]).findings.map(\.caseId) == ["spoke-not-reachable"])
        #expect(run(sshOnly, services: ["tcp/443", "tcp/22"]).findings.isEmpty)
        #expect(run(sshOnly, services: []).findings.isEmpty) // routing only
    }

    /// The spoke's ACL admits the requests' way out but not the replies (ephemeral ports).
    @Test func repliesDroppedByTheSpokesAclAreBlockedOnTheReturnLeg() throws {
        let acl = [NetworkAcl.Entry.rule(100, "-1", allow: true, egress: true, "0.0.0.0/0"),
                   NetworkAcl.Entry.rule(100, "6", 22...22, allow: true, egress: false, "0.0.0.0/0")]
        let result = run(HubSpokeConnectivityRuleExamples.servedPair(hubIngress: [.tcp(443, from: "10.20.0.0/16")], spokeAcl: acl),
                         services: ["tcp/443"])
        let finding = try #require(result.findings.first)
        #expect(finding.caseId == "spoke-not-reachable")
        #expect(finding.message.hasSuffix("(network ACL, inbound, return leg): NACL_DENY"))
        #expect(finding.resourceIds.contains("acl-mkt"))
    }

    @Test func missingGroupsOnTheHubSideAreNotEvaluatedNeverBlocked() {
        var snapshot = HubSpokeConnectivityRuleExamples.servedPair(hubIngress: [])
        snapshot.coverage.set(.missing, scope: Scope(account: "111111111111", region: "us-east-1"), action: .describeSecurityGroups)
        let result = run(snapshot)
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.contains { $0.inputs == [.describeSecurityGroups] && $0.resourceIds.contains("eni-mkt")
            && $0.detail.hasPrefix("whether spoke vpc-mkt reaches hub vpc-fin over all: ") })
    }

    @Test func missingInterfacesOfTheHubAreNotEvaluated() {
        var snapshot = HubSpokeConnectivityRuleExamples.servedPair(hubIngress: [])
        snapshot.interfaces.removeAll { $0.vpcId == "vpc-fin" }
        snapshot.coverage.set(.failed(code: "UnauthorizedOperation", message: ""), scope: Scope(account: "111111111111", region: "us-east-1"),
                              action: .describeNetworkInterfaces)
        let result = run(snapshot)
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.contains { $0.inputs == [.describeNetworkInterfaces] && $0.resourceIds == ["vpc-mkt", "vpc-fin"] })
    }

    @Test func withoutInterfacesRoutingIsAllThatIsJudged() {
        var snapshot = HubSpokeConnectivityRuleExamples.servedPair(hubIngress: [])
        snapshot.interfaces.removeAll { $0.vpcId == "vpc-fin" }
        let result = run(snapshot)
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.isEmpty)
    }

    /// Many endpoint pairs: the first few with their blocking hops, the rest counted.
    @Test func manyBlockedPairsShowTheFirstFewAndACount() throws {
        var snapshot = HubSpokeConnectivityRuleExamples.servedPair(hubIngress: [])
        let hub = try #require(snapshot.interfaces.first { $0.id == "eni-fin" })
        let group = try #require(snapshot.securityGroups.first { $0.id == "sg-fin" })
        for index in 1...4 {
            var extra = group
            extra.id = "sg-extra\(index)"
            snapshot.securityGroups.append(extra)
            var other = hub
            other.id = "eni-fin\(index)"
            other.groupIds = ["sg-fin", "sg-extra\(index)"] // a group set of its own: a class of its own
            other.addresses = [CIDR("10.10.1.\(30 + index)/32")!]
            snapshot.interfaces.append(other)
        }
        let finding = try #require(run(snapshot).findings.first)
        #expect(finding.evidence.filter { $0.hasSuffix(":") && $0.contains(" → ") }.count == 3)
        #expect(finding.evidence.contains("and 2 more endpoint pairs, all blocked"))
    }

    /// Missing security groups in the spoke's account do not hide that it is not routed.
    @Test func missingGroupsDoNotHideAnUnroutedSpoke() {
        let example = HubSpokeConnectivityRuleExamples.triggering[1]
        var snapshot = example.snapshot()
        snapshot.coverage.set(.missing, scope: Scope(account: "222222222222", region: "us-east-1"), action: .describeSecurityGroups)
        let result = RuleEngine.run(snapshot, intent: example.intent, rules: [HubSpokeConnectivityRule.self])
        #expect(result.findings.map(\.caseId) == ["spoke-not-routed"])
        #expect(result.notEvaluated.contains { $0.inputs == [.describeSecurityGroups] })
    }

    /// One pair that reaches settles the question: the engine stops there; when none reaches, every pair is judged.
    @Test func theEngineStopsAtTheFirstPairThatReaches() throws {
        func hubWithTwoClasses(_ ingress: [Permission]) throws -> (ReachabilityModel, [EndpointMember], [EndpointMember]) {
            var snapshot = HubSpokeConnectivityRuleExamples.servedPair(hubIngress: ingress)
            var other = try #require(snapshot.interfaces.first { $0.id == "eni-fin" })
            other.id = "eni-fin2"
            other.groupIds = ["sg-fin", "sg-mkt"]
            other.addresses = [CIDR("10.10.1.30/32")!]
            snapshot.interfaces.append(other)
            let model = ReachabilityModel(snapshot)
            return (model, model.members.filter { $0.vpcId == "vpc-mkt" }, model.members.filter { $0.vpcId == "vpc-fin" })
        }
        let (open, spoke, hub) = try hubWithTwoClasses([.tcp(22, from: "10.20.0.0/16")])
        #expect(open.answer(from: spoke, to: hub, traffic: .all).pairs.count == 2)
        let first = open.answerUntilReachable(from: spoke, to: hub, traffic: .all)
        #expect(first.pairs.count == 1 && first.status == .reachable)
        let (closed, spoke2, hub2) = try hubWithTwoClasses([])
        let all = closed.answerUntilReachable(from: spoke2, to: hub2, traffic: .all)
        #expect(all.pairs.count == 2 && all.status == .blocked)
    }

    /// The routing cases keep their meaning: peered but unrouted is still spoke-not-routed, and the
    /// engine is not asked.
    @Test func unroutedStaysSpokeNotRouted() {
        let example = HubSpokeConnectivityRuleExamples.triggering[1]
        let result = RuleEngine.run(example.snapshot(), intent: example.intent, rules: [HubSpokeConnectivityRule.self])
        #expect(result.findings.map(\.caseId) == ["spoke-not-routed"])
    }
}
