import HubModel
import Testing
@testable import HubRules

/// ssm-endpoints: instances without internet route need Session Manager's interface endpoints —
/// present, available, with private DNS, in their zones, admitting https from them; what the
/// snapshot does not say is "not evaluated", never passed.
struct SessionManagerEndpointsTests {
    static let services = ["ssm", "ssmmessages", "ec2messages"]

    static func vpc(routes: KeyValuePairs<String, String> = [:], routeStates: [String: String] = [:],
                    services: [String] = services, ingress: [Permission] = [.tcp(443, from: "10.0.0.0/16")],
                    state: String = "available", privateDns: Bool? = true, endpointGroups: [String] = ["sg-vpce"]) -> ExampleSnapshot {
        var b = ExampleSnapshot()
        b.vpc("vpc-app", "10.0.0.0/16")
        b.subnet("subnet-a", vpc: "vpc-app", "10.0.1.0/24", az: "us-east-1a")
        b.routeTable("rtb-app", vpc: "vpc-app", main: true, routes: routes, states: routeStates)
        b.securityGroup("sg-app", vpc: "vpc-app", ingress: [], inUse: false)
        b.securityGroup("sg-vpce", vpc: "vpc-app", ingress: ingress, inUse: false)
        b.interface("eni-app", subnet: "subnet-a", addresses: ["10.0.1.10"], groups: ["sg-app"], instance: "i-app")
        b.instance("i-app", subnet: "subnet-a")
        for service in services {
            b.endpoint("vpce-\(service)", vpc: "vpc-app", service: service, subnets: ["subnet-a"], groups: endpointGroups,
                       state: state, privateDns: privateDns)
        }
        return b
    }

    static func run(_ b: ExampleSnapshot, parameters: [String: ParameterValue] = [:]) -> AuditResult {
        RuleEngine.run(b.build(), configurations: ["ssm-endpoints": RuleConfiguration(parameters: parameters)],
                       rules: [SessionManagerEndpointsRule.self])
    }

    @Test func missingEndpointsAreOneFindingPerVpcWithACreateCommandPerService() throws {
        let result = Self.run(Self.vpc(services: ["ssm"]))
        #expect(result.findings.count == 1)
        let finding = try #require(result.findings.first)
        #expect(finding.caseId == "endpoint-missing")
        #expect(finding.severity == .medium)
        #expect(finding.message == "vpc-app has 1 instance without internet route (i-app) but no interface endpoint for "
            + "com.amazonaws.us-east-1.ssmmessages, com.amazonaws.us-east-1.ec2messages")
        #expect(finding.evidence.contains("i-app (running) in subnet-a (us-east-1a), route table rtb-app has no 0.0.0.0/0 or ::/0 "
            + "route to an internet, NAT or egress-only gateway; private addresses 10.0.1.10"))
        #expect(finding.fixCommands == ["ssmmessages", "ec2messages"].map {
            "aws ec2 create-vpc-endpoint --region us-east-1 --vpc-id vpc-app --vpc-endpoint-type Interface --service-name "
                + "com.amazonaws.us-east-1.\($0) --subnet-ids subnet-a --security-group-ids <group-admitting-tcp-443-from-the-instances> "
                + "--private-dns-enabled"
        })
        #expect(result.notEvaluated.isEmpty)
    }

    @Test func eachCaseIsFlaggedForWhatIsWrong() throws {
        func cases(_ b: ExampleSnapshot) -> [String] { Self.run(b).findings.map(\.caseId) }
        #expect(cases(Self.vpc()).isEmpty)
        #expect(cases(Self.vpc(state: "pendingAcceptance")) == Array(repeating: "endpoint-not-available", count: 3))
        #expect(cases(Self.vpc(privateDns: false)) == Array(repeating: "private-dns-disabled", count: 3))
        #expect(cases(Self.vpc(ingress: [.tcp(22, from: "10.0.0.0/16"), .tcp(443, from: "10.0.9.0/24")]))
            == Array(repeating: "https-not-admitted", count: 3))
        #expect(cases(Self.vpc(ingress: [.tcp(443, from: "sg-app")])).isEmpty)
        #expect(cases(Self.vpc(ingress: [.allTraffic(from: "10.0.1.10/32")])).isEmpty)
        var zones = Self.vpc()
        zones.subnet("subnet-b", vpc: "vpc-app", "10.0.2.0/24", az: "us-east-1b")
        zones.interface("eni-b", subnet: "subnet-b", addresses: ["10.0.2.10"], groups: ["sg-app"], instance: "i-b")
        zones.instance("i-b", subnet: "subnet-b")
        let result = Self.run(zones)
        #expect(result.findings.map(\.caseId) == Array(repeating: "availability-zone-not-covered", count: 3))
        #expect(result.findings.first { $0.resourceIds.contains("vpce-ssm") }?.fixCommands == ["aws ec2 modify-vpc-endpoint --region us-east-1 --vpc-endpoint-id "
            + "vpce-ssm --add-subnet-ids subnet-b"])
    }

    /// Only an active default route to an internet, NAT or egress-only gateway takes an instance out of scope.
    @Test func internetRoutesDecideWhichInstancesAreJudged() {
        #expect(Self.run(Self.vpc(routes: ["0.0.0.0/0": "igw-1"], services: [])).findings.isEmpty)
        #expect(Self.run(Self.vpc(routes: ["0.0.0.0/0": "nat-1"], services: [])).findings.isEmpty)
        #expect(Self.run(Self.vpc(routes: ["0.0.0.0/0": "igw-1"], routeStates: ["0.0.0.0/0": "blackhole"], services: []))
            .findings.map(\.caseId) == ["endpoint-missing"])
        #expect(Self.run(Self.vpc(routes: ["0.0.0.0/0": "pcx-1"], services: [])).findings.map(\.caseId) == ["endpoint-missing"])
        #expect(Self.run(Self.vpc(routes: ["10.0.0.0/8": "igw-1"], services: [])).findings.map(\.caseId) == ["endpoint-missing"])
    }

    @Test func requiredServicesParameterNamesTheServices() {
        let result = Self.run(Self.vpc(services: ["ssm", "ssmmessages"]),
                              parameters: ["required_services": .strings(["ssm", "ssmmessages"])])
        #expect(result.findings.isEmpty)
        #expect(Self.run(Self.vpc(services: ["ssm", "ssmmessages"])).findings.map(\.caseId) == ["endpoint-missing"])
    }

    /// privateDnsEnabled not reported: that check is not evaluated, never passed or flagged.
    @Test func unreportedPrivateDnsIsNotEvaluated() throws {
        let result = Self.run(Self.vpc(privateDns: nil))
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.count == 3)
        let entry = try #require(result.notEvaluated.first { $0.resourceIds == ["vpce-ssm"] })
        #expect(entry.detail == "whether vpce-ssm resolve com.amazonaws.us-east-1.ssm privately cannot be judged: "
            + "DescribeVpcEndpoints did not report privateDnsEnabled")
    }

    @Test func anEndpointGroupNotInTheSnapshotLeavesHttpsNotEvaluated() {
        let result = Self.run(Self.vpc(endpointGroups: ["sg-elsewhere"]))
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.count == 3)
        #expect(result.notEvaluated.allSatisfy { $0.detail.hasSuffix("security group sg-elsewhere is not in DescribeSecurityGroups") })
    }

    /// Fail closed: without the endpoints listing nothing is flagged or passed there.
    @Test func aMissingInputIsNotEvaluated() {
        var b = Self.vpc(services: [])
        b.withoutCollection(.describeVpcEndpoints)
        let result = Self.run(b)
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.contains { $0.reason == .missingInput && $0.inputs.contains(.describeVpcEndpoints) })
    }
}

/// Centralised egress: a spoke whose default route goes to a transit gateway reaches Session
/// Manager's public endpoints when the gateway sends 0.0.0.0/0 to an egress VPC whose attachment
/// subnets route it to a NAT gateway; it is isolated when the way ends before that.
struct CentralisedEgressTests {
    /// vpc-app (no endpoints) → tgw-hub → the table associated with its attachment → `tableRoutes`;
    /// vpc-egress's attachment subnet routes 0.0.0.0/0 to `egressTarget`.
    static func spoke(tableRoutes: KeyValuePairs<String, String>? = ["0.0.0.0/0": "tgw-attach-egress"],
                      egressTarget: String = "nat-egress") -> ExampleSnapshot {
        var b = SessionManagerEndpointsTests.vpc(routes: ["0.0.0.0/0": "tgw-hub"], services: [])
        b.vpc("vpc-egress", "10.9.0.0/16")
        b.subnet("subnet-egress", vpc: "vpc-egress", "10.9.1.0/24", az: "us-east-1a")
        b.routeTable("rtb-egress", vpc: "vpc-egress", main: true, routes: ["0.0.0.0/0": egressTarget])
        b.transitGateway("tgw-hub")
        b.tgwAttachment("tgw-attach-app", gateway: "tgw-hub", vpc: "vpc-app", subnets: ["subnet-a"])
        b.tgwAttachment("tgw-attach-egress", gateway: "tgw-hub", vpc: "vpc-egress", subnets: ["subnet-egress"])
        b.tgwRouteTable("tgw-rtb-spokes", gateway: "tgw-hub", associations: ["tgw-attach-app"], routes: tableRoutes)
        return b
    }

    @Test func aDefaultRouteToAGatewayThatLeadsToANatGatewayIsInternetAccess() {
        let result = SessionManagerEndpointsTests.run(Self.spoke())
        #expect(result.findings.isEmpty)
        #expect(result.notEvaluated.isEmpty)
    }

    @Test func whereTheWayEndsBeforeTheInternetTheInstanceIsIsolatedAndTheEvidenceSaysWhere() throws {
        let noEgress = try #require(SessionManagerEndpointsTests.run(Self.spoke(egressTarget: "tgw-hub")).findings.first)
        #expect(noEgress.caseId == "endpoint-missing")
        #expect(noEgress.evidence.contains { $0.contains("tgw-rtb-spokes sends 0.0.0.0/0 to tgw-attach-egress, whose subnets' route "
            + "tables have no route to an internet, NAT or egress-only gateway") })
        let blackhole = try #require(SessionManagerEndpointsTests.run(Self.spoke(tableRoutes: ["0.0.0.0/0": "blackhole"])).findings.first)
        #expect(blackhole.evidence.contains { $0.contains("tgw-rtb-spokes, associated with tgw-attach-app, blackholes 0.0.0.0/0") })
        let noRoute = try #require(SessionManagerEndpointsTests.run(Self.spoke(tableRoutes: ["10.9.0.0/16": "tgw-attach-egress"])).findings.first)
        #expect(noRoute.evidence.contains { $0.contains("has no 0.0.0.0/0 route") })
    }

    @Test func aGatewayTableThatWasNotReadIsNotEvaluatedNeverFlagged() throws {
        let result = SessionManagerEndpointsTests.run(Self.spoke(tableRoutes: nil))
        #expect(result.findings.isEmpty)
        let gap = try #require(result.notEvaluated.first)
        #expect(gap.reason == .missingInput)
        #expect(gap.resourceIds == ["i-app", "rtb-app"])
        #expect(gap.inputs == [.searchTransitGatewayRoutes])
    }
}
