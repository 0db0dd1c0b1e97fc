import HubModel

/// The checks of one VPC's Session Manager endpoints, service by service, for its instances
/// without internet route.
struct EndpointCheck {
    typealias Rule = SessionManagerEndpointsRule
    let context: RuleContext
    let lookups: EndpointLookups
    let vpcId: String
    let scope: Scope
    let isolated: [IsolatedInstance]

    private var account: String { context.account(scope.account) }
    private var instancesText: String {
        Plural.count(isolated.count, "instance") + " without internet route (" + isolated.map(\.instance.id).joined(separator: ", ") + ")"
    }

    /// AZ → the instances' subnets there, sorted: where a new endpoint's subnets come from.
    private var subnetsByZone: [String: [String]] {
        Dictionary(grouping: isolated.filter { !$0.availabilityZone.isEmpty }, by: \.availabilityZone)
            .mapValues { Array(Set($0.map(\.subnet.id))).sorted() }
    }

    func serviceName(_ service: String) -> String { "com.amazonaws.\(scope.region).\(service)" }

    mutating func run(services: [String], output: inout RuleOutput) {
        let endpoints = lookups.endpointsByVpc[vpcId] ?? []
        var missing: [String] = []
        for service in services {
            let name = serviceName(service)
            let found = endpoints.filter { $0.serviceName == name }.sorted { $0.id < $1.id }
            if found.isEmpty { missing.append(service); continue }
            let available = found.filter { $0.state.lowercased() == "available" }
            guard !available.isEmpty else { flagNotAvailable(service, found, output: &output); continue }
            checkPrivateDns(service, available, output: &output)
            checkZones(service, available, output: &output)
            checkHttps(service, available, output: &output)
        }
        if !missing.isEmpty { flagMissing(missing, endpoints, output: &output) }
    }

    private func endpointLine(_ endpoint: VpcEndpoint) -> String {
        let zones = endpoint.subnetIds.map { id in lookups.snapshot.subnet(id: id).map { "\(id) (\($0.availabilityZone))" } ?? "\(id) (not in the snapshot)" }
        return "endpoint \(endpoint.id) \(endpoint.serviceName): \(endpoint.state)"
            + ", private DNS " + (endpoint.privateDnsEnabled.map { $0 ? "enabled" : "disabled" } ?? "not reported")
            + ", subnets " + (zones.isEmpty ? "none" : zones.joined(separator: ", "))
            + ", security groups " + (endpoint.groupIds.isEmpty ? "none" : endpoint.groupIds.joined(separator: ", "))
    }

    private func baseEvidence() -> [String] {
        ["\(vpcId) in \(account) has \(instancesText)"] + isolated.map(\.evidence)
    }

    private func flagMissing(_ services: [String], _ endpoints: [VpcEndpoint], output: inout RuleOutput) {
        let zones = subnetsByZone
        let subnets = zones.keys.sorted().compactMap { zones[$0]?.first }
        let chosen = subnets.isEmpty ? Array(Set(isolated.map(\.subnet.id))).sorted().prefix(1).map { $0 } : subnets
        let commands = services.map { service in
            "aws ec2 create-vpc-endpoint --region \(AWSCommand.quoted(scope.region)) --vpc-id \(AWSCommand.quoted(vpcId)) "
                + "--vpc-endpoint-type Interface --service-name \(AWSCommand.quoted(serviceName(service))) "
                + "--subnet-ids \(chosen.map(AWSCommand.quoted).joined(separator: " ")) "
                + "--security-group-ids \(AWSCommand.quoted(AWSCommand.placeholder("group-admitting-tcp-443-from-the-instances"))) "
                + "--private-dns-enabled"
        }
        var evidence = baseEvidence()
        evidence.append(endpoints.isEmpty ? "\(vpcId) has no interface endpoint"
            : "its interface endpoints: " + endpoints.sorted { $0.id < $1.id }.map { "\($0.id) \($0.serviceName)" }.joined(separator: ", "))
        let names = services.map(serviceName)
        output.flag(FindingDraft(
            case: Rule.endpointMissing, scope: scope, resources: [vpcId] + isolated.map(\.instance.id),
            message: "\(vpcId) has \(instancesText) but no interface endpoint for \(names.joined(separator: ", "))",
            evidence: evidence, key: "\(vpcId)/missing",
            fix: "In the commands, name that security group. " + AWSCommand.runSentence(commands, account: account),
            fixCommands: commands))
    }

    private func flagNotAvailable(_ service: String, _ endpoints: [VpcEndpoint], output: inout RuleOutput) {
        output.flag(FindingDraft(
            case: Rule.endpointNotAvailable, scope: scope, resources: [vpcId] + endpoints.map(\.id),
            message: "no endpoint for \(serviceName(service)) in \(vpcId) is available ("
                + endpoints.map { "\($0.id) \($0.state.isEmpty ? "state not reported" : $0.state)" }.joined(separator: ", ")
                + "), and it has \(instancesText)",
            evidence: baseEvidence() + endpoints.map(endpointLine), key: "\(vpcId)/\(service)"))
    }

    /// One available endpoint with private DNS is enough; one that does not report it leaves the check open.
    private func checkPrivateDns(_ service: String, _ endpoints: [VpcEndpoint], output: inout RuleOutput) {
        if endpoints.contains(where: { $0.privateDnsEnabled == true }) { return }
        let unreported = endpoints.filter { $0.privateDnsEnabled == nil }
        guard unreported.isEmpty else {
            output.cannotEvaluate(scope, resources: unreported.map(\.id), reason: .missingInput, inputs: [.describeVpcEndpoints],
                                  "whether \(unreported.map(\.id).joined(separator: ", ")) resolve \(serviceName(service)) "
                                      + "privately cannot be judged: DescribeVpcEndpoints did not report privateDnsEnabled")
            return
        }
        let commands = endpoints.map {
            "aws ec2 modify-vpc-endpoint --region \(AWSCommand.quoted(scope.region)) --vpc-endpoint-id \(AWSCommand.quoted($0.id)) "
                + "--private-dns-enabled"
        }
        output.flag(FindingDraft(
            case: Rule.privateDnsDisabled, scope: scope, resources: [vpcId] + endpoints.map(\.id),
            message: "the \(serviceName(service)) endpoint\(endpoints.count == 1 ? "" : "s") "
                + endpoints.map(\.id).joined(separator: ", ") + " of \(vpcId) \(endpoints.count == 1 ? "has" : "have") private DNS "
                + "disabled, and it has \(instancesText)",
            evidence: baseEvidence() + endpoints.map(endpointLine), key: "\(vpcId)/\(service)",
            fix: AWSCommand.runSentence(Array(commands.prefix(1)), account: account), fixCommands: Array(commands.prefix(1))))
    }

    /// Every AZ with an instance without internet route needs a subnet of some available endpoint.
    private func checkZones(_ service: String, _ endpoints: [VpcEndpoint], output: inout RuleOutput) {
        let needed = subnetsByZone
        let unknownSubnets = endpoints.flatMap(\.subnetIds).filter { lookups.snapshot.subnet(id: $0) == nil }
        let covered = Set(endpoints.flatMap(\.subnetIds).compactMap { lookups.snapshot.subnet(id: $0)?.availabilityZone })
        let uncovered = needed.keys.filter { !covered.contains($0) }.sorted()
        guard !uncovered.isEmpty else { return }
        guard unknownSubnets.isEmpty else {
            output.cannotEvaluate(scope, resources: endpoints.map(\.id), reason: .missingInput, inputs: [.describeSubnets],
                                  "whether the \(serviceName(service)) endpoints cover \(uncovered.joined(separator: ", ")) cannot be "
                                      + "judged: their subnets \(unknownSubnets.joined(separator: ", ")) are not in DescribeSubnets")
            return
        }
        let endpoint = endpoints[0]
        let subnets = uncovered.compactMap { needed[$0]?.first }
        let command = "aws ec2 modify-vpc-endpoint --region \(AWSCommand.quoted(scope.region)) --vpc-endpoint-id "
            + "\(AWSCommand.quoted(endpoint.id)) --add-subnet-ids \(subnets.map(AWSCommand.quoted).joined(separator: " "))"
        let stranded = isolated.filter { uncovered.contains($0.availabilityZone) }.map(\.instance.id)
        output.flag(FindingDraft(
            case: Rule.availabilityZoneNotCovered, scope: scope, resources: [vpcId] + endpoints.map(\.id) + stranded,
            message: "no \(serviceName(service)) endpoint of \(vpcId) has a subnet in \(uncovered.joined(separator: ", ")), where "
                + stranded.joined(separator: ", ") + (stranded.count == 1 ? " has" : " have") + " no internet route",
            evidence: baseEvidence() + endpoints.map(endpointLine), key: "\(vpcId)/\(service)",
            fix: AWSCommand.runSentence([command], account: account), fixCommands: [command]))
    }

    /// Every instance without internet route must be admitted on tcp 443 by a group of some available endpoint.
    private func checkHttps(_ service: String, _ endpoints: [VpcEndpoint], output: inout RuleOutput) {
        var refused: [IsolatedInstance] = []
        var unknown: [(IsolatedInstance, String)] = []
        for candidate in isolated {
            switch admission(of: candidate, by: endpoints) {
            case .admitted: continue
            case .refused: refused.append(candidate)
            case .unknown(let why): unknown.append((candidate, why))
            }
        }
        for (candidate, why) in unknown {
            output.cannotEvaluate(scope, resources: [candidate.instance.id] + endpoints.map(\.id), reason: .missingInput,
                                  "whether the \(serviceName(service)) endpoints admit https from \(candidate.instance.id) cannot "
                                      + "be judged: \(why)")
        }
        guard !refused.isEmpty else { return }
        let groups = Array(Set(endpoints.flatMap(\.groupIds))).sorted()
        var evidence = baseEvidence() + endpoints.map(endpointLine)
        for id in groups {
            guard let group = lookups.groupsById[id] else { continue }
            let rules = group.ingress.map(\.description)
            evidence.append("security group \(group.label) ingress: " + (rules.isEmpty ? "none" : rules.joined(separator: "; ")))
        }
        let sources = Array(Set(refused.compactMap { $0.subnet.ipv4?.description })).sorted()
        let commands = groups.first.map { group in
            sources.map { "aws ec2 authorize-security-group-ingress --region \(AWSCommand.quoted(scope.region)) --group-id "
                + "\(AWSCommand.quoted(group)) --protocol tcp --port 443 --cidr \(AWSCommand.quoted($0))" }
        } ?? []
        output.flag(FindingDraft(
            case: Rule.httpsNotAdmitted, scope: scope, resources: [vpcId] + endpoints.map(\.id) + refused.map(\.instance.id),
            message: "no security group of the \(serviceName(service)) endpoint\(endpoints.count == 1 ? "" : "s") "
                + endpoints.map(\.id).joined(separator: ", ") + " admits tcp 443 from " + refused.map(\.instance.id).joined(separator: ", "),
            evidence: evidence, key: "\(vpcId)/\(service)",
            fix: commands.isEmpty ? nil : "The commands admit the instances' subnets. " + AWSCommand.runSentence(commands, account: account),
            fixCommands: commands))
    }

    private enum Admission { case admitted, refused, unknown(String) }

    /// Admitted when an ingress rule of an endpoint's group opens tcp 443 from a block holding one
    /// of the instance's addresses or from one of its groups; unknown when what would tell is missing.
    private func admission(of candidate: IsolatedInstance, by endpoints: [VpcEndpoint]) -> Admission {
        var gaps: [String] = []
        let instanceGroups = Set(candidate.instance.groupIds)
        for groupId in Set(endpoints.flatMap(\.groupIds)).sorted() {
            guard let group = lookups.groupsById[groupId] else {
                gaps.append("security group \(groupId) is not in DescribeSecurityGroups")
                continue
            }
            for permission in group.ingress where opensHttps(permission) {
                if permission.groups.contains(where: { instanceGroups.contains($0.groupId) }) { return .admitted }
                let blocks = permission.ipv4Ranges.map(\.cidr) + permission.ipv6Ranges.map(\.cidr)
                if blocks.contains(where: { block in candidate.addresses.contains { block.contains($0) } }) { return .admitted }
                if candidate.addresses.isEmpty && !blocks.isEmpty {
                    gaps.append("the private addresses of \(candidate.instance.id) are unknown (no network interface of it read)")
                }
                for listId in permission.prefixListIds {
                    guard let entries = lookups.snapshot.prefixList(listId, in: group.scope)?.entries else {
                        gaps.append("the entries of prefix list \(listId) in \(group.id) are unknown")
                        continue
                    }
                    if entries.contains(where: { block in candidate.addresses.contains { block.contains($0) } }) { return .admitted }
                }
            }
        }
        return gaps.isEmpty ? .refused : .unknown(Array(Set(gaps)).sorted().joined(separator: "; "))
    }

    private func opensHttps(_ permission: Permission) -> Bool {
        guard permission.isAllTraffic || ["tcp", "6"].contains(permission.ipProtocol.lowercased()) else { return false }
        return permission.portRange?.contains(443) == true
    }
}
