import HubModel

/// Peerings whose VPCs must resolve each other's names privately: each side's
/// `AllowDnsResolutionFromRemoteVpc`, and `enableDnsSupport` / `enableDnsHostnames` on both VPCs
/// (AWS's requirements for DNS resolution over a peering).
public struct PeeringDnsRule: Rule {
    public static let remoteDnsResolutionDisabled = RuleCase(
        id: "remote-dns-resolution-disabled", severity: .medium,
        summary: "a side of a peering that must resolve privately does not allow DNS resolution from the remote VPC: the peer VPC's "
            + "instances resolve this side's public DNS hostnames to public addresses, and that traffic leaves the peering",
        remediation: "Enable DNS resolution from the remote VPC on that side of the peering (its owner's option: the console's "
            + "\"Edit DNS settings\", requester or accepter DNS resolution).")
    public static let dnsSupportDisabled = RuleCase(
        id: "dns-support-disabled", severity: .medium,
        summary: "a VPC of a peering that must resolve privately has DNS support (enableDnsSupport) off: its instances have no "
            + "Amazon-provided resolver, and DNS resolution over the peering cannot work",
        remediation: "Turn DNS support on for the VPC.")
    public static let dnsHostnamesDisabled = RuleCase(
        id: "dns-hostnames-disabled", severity: .medium,
        summary: "a VPC of a peering that must resolve privately has DNS hostnames (enableDnsHostnames) off: AWS requires both DNS "
            + "attributes on both VPCs for DNS resolution over a peering",
        remediation: "Turn DNS hostnames on for the VPC.")

    /// Which peerings must resolve privately.
    public enum RequiredFor: String, Sendable {
        /// Every active peering between a hub and one of its spokes (the policy's `hubs`).
        case hubSpoke = "hub-spoke"
        /// Every active peering.
        case all
    }

    public struct Parameters: RuleParameters {
        static let requiredFor = Parameter<String>(
            "required_for", default: RequiredFor.hubSpoke.rawValue,
            "the peerings whose VPCs must resolve each other's names privately: hub-spoke (every active peering between a hub and "
                + "one of its spokes, from the policy's hubs; not configured without hubs) or all (every active peering)",
            allowed: [RequiredFor.hubSpoke.rawValue, RequiredFor.all.rawValue])
        public static let specs = [requiredFor.spec]

        public var scope: RequiredFor

        public init(_ values: ParameterValues) {
            // The policy loader allowed only the two values.
            scope = RequiredFor(rawValue: values[Self.requiredFor]) ?? .hubSpoke
        }
    }

    let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    public static let description = RuleDescription(
        id: "peering-dns",
        title: "DNS resolution over peerings that must resolve privately",
        category: "routing",
        rationale: """
            Across a peering, an instance's public DNS hostname resolves to its private address only when the side that \
            holds the instance allows DNS resolution from the remote VPC, and both VPCs have DNS support and DNS \
            hostnames on. Otherwise the peer resolves the public address: its traffic goes out through an internet or NAT \
            gateway instead of the peering — exposed, billed, and past the security groups that admit the peer's range — \
            or fails where there is no such gateway. The option is set by each side's owner apart, so one side is often \
            forgotten.
            """,
        cases: [remoteDnsResolutionDisabled, dnsSupportDisabled, dnsHostnamesDisabled],
        references: [
            "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-dns.html",
            "https://docs.aws.amazon.com/vpc/latest/peering/modify-peering-connections.html#vpc-peering-dns",
            "https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html#vpc-dns-support",
            "AWS Config vpc-peering-dns-resolution-check",
            "no CIS or Security Hub control checks this",
        ],
        controls: [.awsConfig("vpc-peering-dns-resolution-check")],
        inputs: [.describeVpcs, .describeVpcPeeringConnections, .describeVpcAttribute],
        parameters: Parameters.specs,
        needs: .sharedFacts,
        triggeringExamples: PeeringDnsRuleExamples.triggering,
        nonTriggeringExamples: PeeringDnsRuleExamples.nonTriggering)

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        guard let required = requiredPeerings(context, into: &output) else { return }
        var check = PeeringDnsCheck(context: context)
        for (peering, reason) in required { check.judge(peering, requiredBy: reason, into: &output) }
        check.flagAttributes(into: &output)
    }

    /// The active peerings that must resolve privately, each with why; nil when the policy
    /// declares nothing to check (reported as not configured).
    private func requiredPeerings(_ context: RuleContext, into output: inout RuleOutput) -> [(PeeringConnection, String)]? {
        let active = context.snapshot.peerings.filter(\.isActive).sorted { $0.id < $1.id }
        switch parameters.scope {
        case .all:
            return active.map { ($0, "required_for: all (every active peering)") }
        case .hubSpoke:
            let intent = context.intent
            guard !intent.hubs.isEmpty else {
                output.notConfigured("the policy declares no hubs (`hubs`) and `required_for` is hub-spoke: no peering's DNS was "
                    + "checked (set `required_for: all` to check every active peering)")
                return nil
            }
            var pairs: [Set<String>: String] = [:]
            for hub in intent.hubs {
                for hubVpc in hub.vpc.select(context.snapshot.vpcs, intent: intent) {
                    for selector in hub.spokes {
                        for spoke in selector.select(context.snapshot.vpcs, intent: intent) where spoke.id != hubVpc.id {
                            pairs[[hubVpc.id, spoke.id]] = pairs[[hubVpc.id, spoke.id]]
                                ?? "required_for: hub-spoke (hub \(hubVpc.label), spoke \(spoke.label))"
                        }
                    }
                }
            }
            return active.compactMap { peering in
                pairs[[peering.requester.vpcId, peering.accepter.vpcId]].map { (peering, $0) }
            }
        }
    }
}
