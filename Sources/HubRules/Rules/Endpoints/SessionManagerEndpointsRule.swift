import HubModel

/// VPCs whose instances have no route to the internet reach Session Manager only through its
/// interface endpoints: each must exist, be available, resolve the service's public name privately,
/// sit in every Availability Zone of those instances, and admit https from them.
public struct SessionManagerEndpointsRule: Rule {
    public static let endpointMissing = RuleCase(
        id: "endpoint-missing", severity: .medium,
        summary: "a VPC with instances that have no route to the internet has no interface endpoint for a service Session "
            + "Manager needs",
        remediation: "Create the interface endpoint with private DNS, in a subnet of each Availability Zone of the instances, "
            + "with a security group that admits tcp 443 from them.")
    public static let endpointNotAvailable = RuleCase(
        id: "endpoint-not-available", severity: .medium,
        summary: "the VPC's interface endpoints for a service Session Manager needs are none of them available",
        remediation: "Find why the endpoint is not available (pending acceptance, failed, deleted) and recreate it if needed.")
    public static let privateDnsDisabled = RuleCase(
        id: "private-dns-disabled", severity: .medium,
        summary: "the VPC's interface endpoints for a service Session Manager needs have private DNS disabled: the agent "
            + "resolves the service's public name and cannot reach it",
        remediation: "Enable private DNS on the endpoint (the VPC needs enableDnsSupport and enableDnsHostnames).")
    public static let availabilityZoneNotCovered = RuleCase(
        id: "availability-zone-not-covered", severity: .medium,
        summary: "no endpoint for a service Session Manager needs has a subnet in an Availability Zone where the VPC has "
            + "instances without internet route",
        remediation: "Add a subnet of each uncovered Availability Zone to the endpoint.")
    public static let httpsNotAdmitted = RuleCase(
        id: "https-not-admitted", severity: .medium,
        summary: "no security group of the service's endpoints admits tcp 443 from an instance without internet route",
        remediation: "Add an inbound rule for tcp 443 from the instances' subnets (or their security group) to the "
            + "endpoint's security group.")

    public struct Parameters: RuleParameters {
        static let requiredServices = Parameter<[String]>(
            "required_services", default: ["ssm", "ssmmessages", "ec2messages"],
            "the services whose interface endpoints (com.amazonaws.<region>.<service>) instances without an internet route "
                + "need for Session Manager. SSM Agent 3.3.40.0 and later no longer needs ec2messages (it uses ssmmessages): "
                + "drop it when every agent is that recent",
            check: { $0.isEmpty || $0.contains(where: { !"abcdefghijklmnopqrstuvwxyz0123456789-.".contains($0) })
                ? "is not a service name (lowercase letters, digits, dots and dashes: ssm, ssmmessages)" : nil })
        public static let specs = [requiredServices.spec]

        var requiredServices: [String]

        public init(_ values: ParameterValues) {
            var seen = Set<String>()
            requiredServices = values[Self.requiredServices].filter { seen.insert($0).inserted }
        }
    }

    let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    public static let description = RuleDescription(
        id: "ssm-endpoints",
        title: "Session Manager endpoints for instances without internet access",
        category: "endpoints",
        rationale: """
            Instances without a route to the internet (no 0.0.0.0/0 or ::/0 route to an internet, NAT or \
            egress-only gateway in their subnet's route table, and no default route to a transit gateway whose \
            table sends it to a VPC that has one: centralised egress) can be managed without SSH or a bastion only \
            through Session Manager's interface endpoints. When one is missing, not available, not resolving \
            the service's public name (private DNS), absent from an instance's Availability Zone, or closed to \
            https from the instances, the agent cannot register: the instances drop out of management and \
            patching, and someone opens SSH instead. Instances that reach the internet are left alone, as are \
            VPCs whose instances are all terminated.
            """,
        cases: [endpointMissing, endpointNotAvailable, privateDnsDisabled, availabilityZoneNotCovered, httpsNotAdmitted],
        references: [
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html",
            "https://docs.aws.amazon.com/vpc/latest/privatelink/interface-endpoints.html",
            "AWS Security Hub EC2.57 (VPCs should be configured with an interface endpoint for Systems Manager); "
                + "related: EC2.55, EC2.56, EC2.58",
        ],
        controls: [.securityHub("EC2.57")],
        inputs: [.describeVpcs, .describeSubnets, .describeRouteTables, .describeVpcEndpoints, .describeSecurityGroups,
                 .describeInstances, .describeNetworkInterfaces],
        parameters: Parameters.specs,
        needs: .scopeResources,
        triggeringExamples: SessionManagerEndpointsRuleExamples.triggering,
        nonTriggeringExamples: SessionManagerEndpointsRuleExamples.nonTriggering)

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        guard !parameters.requiredServices.isEmpty else { return }
        let snapshot = context.snapshot
        let live = snapshot.instances.filter { $0.state != "terminated" && context.isEvaluable($0.scope) }
        guard !live.isEmpty else { return }
        let lookups = EndpointLookups(snapshot)
        var egress = EgressLookups(gatewayTables: TransitGatewayTables(snapshot))
        for (vpcId, instances) in Dictionary(grouping: live, by: \.vpcId).sorted(by: { $0.key < $1.key }) {
            let isolated = isolatedInstances(instances.sorted { $0.id < $1.id }, lookups, egress: &egress, output: &output)
            guard !isolated.isEmpty, let scope = isolated.first?.instance.scope else { continue }
            var check = EndpointCheck(context: context, lookups: lookups, vpcId: vpcId, scope: scope, isolated: isolated)
            check.run(services: parameters.requiredServices, output: &output)
        }
    }

    /// The instances whose subnet's route table has no active default route to an internet, NAT or
    /// egress-only gateway; an instance whose subnet or route table is unknown is not judged (said so).
    private func isolatedInstances(_ instances: [Instance], _ lookups: EndpointLookups, egress: inout EgressLookups,
                                   output: inout RuleOutput) -> [IsolatedInstance] {
        var result: [IsolatedInstance] = []
        for instance in instances {
            guard let subnet = lookups.snapshot.subnet(id: instance.subnetId),
                  let table = lookups.snapshot.routeTable(forSubnet: subnet) else {
                output.cannotEvaluate(instance.scope, resources: [instance.id, instance.subnetId], reason: .missingInput,
                                      "whether \(instance.id) reaches the internet cannot be judged: subnet \(instance.subnetId) "
                                          + "or its route table is not in the snapshot")
                continue
            }
            guard !table.routes.contains(where: Self.isInternetRoute) else { continue }
            var egressNotes: [String] = []
            var reachesInternet = false
            for route in table.routes where Self.isDefaultRouteToTransitGateway(route) {
                switch egress.verdict(route, from: instance.vpcId, lookups, isInternetRoute: Self.isInternetRoute) {
                case .reachesInternet: reachesInternet = true
                case .isolated(let why): egressNotes.append(why)
                case .unknown(let gap):
                    output.cannotEvaluate(gap, at: instance.scope, resources: [instance.id, table.id],
                                          "whether \(instance.id) reaches the internet through \(route.targetId) cannot be judged")
                    reachesInternet = true  // not judged: filed above, never flagged
                }
            }
            guard !reachesInternet else { continue }
            result.append(IsolatedInstance(instance: instance, subnet: subnet, routeTable: table,
                                           addresses: lookups.addresses(of: instance), egressNotes: egressNotes))
        }
        return result
    }

    /// 0.0.0.0/0 or ::/0 to a transit gateway: centralised egress, when the gateway sends it on to
    /// a VPC that has the internet route (`CentralisedEgress`).
    static func isDefaultRouteToTransitGateway(_ route: Route) -> Bool {
        guard let cidr = route.cidr, cidr.isAny, route.state != "blackhole" else { return false }
        return route.targetId.hasPrefix("tgw-")
    }

    /// 0.0.0.0/0 or ::/0 to an internet, NAT or egress-only gateway, not a blackhole.
    static func isInternetRoute(_ route: Route) -> Bool {
        guard let cidr = route.cidr, cidr.isAny, route.state != "blackhole" else { return false }
        return ["igw-", "nat-", "eigw-"].contains { route.targetId.hasPrefix($0) }
    }
}

/// Where each VPC's default routes to transit gateways lead, followed once per VPC, gateway and
/// destination (not once per instance), through routings built once per gateway table.
struct EgressLookups {
    var gatewayTables: TransitGatewayTables
    private var verdicts: [String: CentralisedEgress.Verdict] = [:]

    init(gatewayTables: TransitGatewayTables) { self.gatewayTables = gatewayTables }

    mutating func verdict(_ route: Route, from vpcId: String, _ lookups: EndpointLookups,
                          isInternetRoute: (Route) -> Bool) -> CentralisedEgress.Verdict {
        let destination = route.cidr!
        let key = "\(vpcId)|\(route.targetId)|\(destination)"
        if let known = verdicts[key] { return known }
        let verdict = CentralisedEgress.follow(route, to: destination, from: vpcId, lookups, gatewayTables: &gatewayTables,
                                               isInternetRoute: isInternetRoute)
        verdicts[key] = verdict
        return verdict
    }
}

/// An instance without internet route, with what the checks need of it.
struct IsolatedInstance {
    let instance: Instance
    let subnet: Subnet
    let routeTable: RouteTable
    /// Its interfaces' private addresses (single-address blocks).
    let addresses: [CIDR]
    /// Where its default routes to transit gateways end, when they do not reach the internet.
    var egressNotes: [String] = []

    var availabilityZone: String { subnet.availabilityZone }
    var evidence: String {
        "\(instance.label) (\(instance.state)) in \(subnet.id)"
            + (subnet.availabilityZone.isEmpty ? "" : " (\(subnet.availabilityZone))")
            + ", route table \(routeTable.id) has no 0.0.0.0/0 or ::/0 route to an internet, NAT or egress-only gateway"
            + (addresses.isEmpty ? "" : "; private addresses " + addresses.map { String($0.description.prefix { $0 != "/" }) }.joined(separator: ", "))
            + egressNotes.map { "; " + $0 }.joined()
    }
}

/// The lookups the rule builds once per run.
struct EndpointLookups {
    let snapshot: Snapshot
    let groupsById: [String: SecurityGroup]
    let endpointsByVpc: [String: [VpcEndpoint]]
    let interfacesByInstance: [String: [NetworkInterface]]

    init(_ snapshot: Snapshot) {
        self.snapshot = snapshot
        groupsById = Dictionary(snapshot.securityGroups.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        endpointsByVpc = Dictionary(grouping: snapshot.endpoints.filter { $0.type.lowercased() == "interface" }, by: \.vpcId)
        var byInstance: [String: [NetworkInterface]] = [:]
        for interface in snapshot.interfaces { if let id = interface.instanceId { byInstance[id, default: []].append(interface) } }
        interfacesByInstance = byInstance
    }

    func addresses(of instance: Instance) -> [CIDR] {
        (interfacesByInstance[instance.id] ?? []).flatMap(\.addresses)
    }
}
