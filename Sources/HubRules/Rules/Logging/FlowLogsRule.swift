import HubModel

/// Every VPC needs a working flow log that records what the policy asks for: at VPC level, or on
/// every one of its subnets. Interface-level logs do not cover a VPC.
public struct FlowLogsRule: Rule {
    public static let noFlowLog = RuleCase(
        id: "no-flow-log", severity: .medium,
        summary: "no active flow log covers the VPC (none at VPC level, and not every subnet has one)",
        remediation: "Create a flow log on the VPC with traffic type ALL, to CloudWatch Logs or S3 (aws ec2 create-flow-logs --resource-type "
            + "VPC --traffic-type ALL …).")
    public static let insufficientTrafficType = RuleCase(
        id: "insufficient-traffic-type", severity: .medium,
        summary: "the VPC's flow logs capture less than the policy requires (e.g. REJECT only when ALL is required)",
        remediation: "Replace the flow log with one of traffic type ALL (a flow log's traffic type cannot be changed).")
    public static let deliveryFailing = RuleCase(
        id: "delivery-failing", severity: .medium,
        summary: "a flow log's delivery is failing, so it records nothing",
        remediation: "Fix the destination: the IAM role's permissions (CloudWatch Logs), the bucket policy (S3), or the rate limit named in "
            + "deliverLogsErrorMessage.")
    public static let partialSubnetCoverage = RuleCase(
        id: "partial-subnet-coverage", severity: .medium,
        summary: "working flow logs cover some of the VPC's subnets only, and there is none at VPC level",
        remediation: "Create a flow log on the VPC (it covers every subnet, present and future), or on each subnet the evidence lists.")
    public static let inactiveFlowLog = RuleCase(
        id: "inactive-flow-log", severity: .medium,
        summary: "the VPC's only flow logs are not ACTIVE",
        remediation: "Delete and recreate the flow log; check its destination and role.")

    public struct Parameters: RuleParameters {
        static let requiredTrafficType = Parameter<String>(
            "required_traffic_type", default: "ALL",
            "what a flow log must capture: ALL, or REJECT / ACCEPT to accept a log of that type (or ALL)",
            allowed: ["ALL", "ACCEPT", "REJECT"])
        public static let specs = [requiredTrafficType.spec]

        /// ALL, ACCEPT or REJECT, upper-cased.
        var requiredTrafficType: String

        public init(_ values: ParameterValues) {
            requiredTrafficType = values[Self.requiredTrafficType].uppercased()
        }
    }

    let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    public static let description = RuleDescription(
        id: "vpc-flow-logs",
        title: "VPC flow logs absent, partial, or not working",
        category: "logging",
        rationale: """
            Without flow logs there is no record of who connected to what across the peerings — nothing to \
            investigate an incident with, and nothing to prove isolation. A log that captures only ACCEPT or only \
            REJECT misses half the story; a log whose delivery fails records nothing at all.
            """,
        cases: [noFlowLog, insufficientTrafficType, deliveryFailing, partialSubnetCoverage, inactiveFlowLog],
        references: [
            "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
            "AWS Security Hub EC2.6; CIS AWS Foundations 3.7 (3.0) / 4.7 (6.0)",
        ],
        controls: [.securityHub("EC2.6"), .cisV3("3.7"), .awsConfig("vpc-flow-logs-enabled")],
        inputs: [.describeVpcs, .describeSubnets, .describeFlowLogs],
        parameters: Parameters.specs,
        needs: .scopeResources,
        triggeringExamples: [
            RuleExample("a VPC with no flow log at all", flags: ["vpc-1"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-1", "10.0.0.0/16")
                b.subnet("subnet-1", vpc: "vpc-1", "10.0.1.0/24")
                b.networkInterface("eni-1", vpc: "vpc-1")
                return b.build()
            },
            RuleExample("REJECT only when ALL is required", flags: ["vpc-1", "fl-reject"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-1", "10.0.0.0/16")
                b.flowLog("fl-reject", resource: "vpc-1", traffic: "REJECT")
                return b.build()
            },
            RuleExample("one of two subnets has a flow log", flags: ["vpc-1", "subnet-b"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-1", "10.0.0.0/16")
                b.subnet("subnet-a", vpc: "vpc-1", "10.0.1.0/24")
                b.subnet("subnet-b", vpc: "vpc-1", "10.0.2.0/24")
                b.flowLog("fl-a", resource: "subnet-a")
                return b.build()
            },
            RuleExample("delivery failing on the VPC's only flow log", flags: ["vpc-1", "fl-broken"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-1", "10.0.0.0/16")
                b.flowLog("fl-broken", resource: "vpc-1", delivery: "FAILED", deliveryError: "Access error")
                return b.build()
            },
            RuleExample("a second flow log failing while the first works", flags: ["fl-second"]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-1", "10.0.0.0/16")
                b.flowLog("fl-first", resource: "vpc-1")
                b.flowLog("fl-second", resource: "vpc-1", delivery: "FAILED", deliveryError: "Rate limited")
                return b.build()
            },
        ],
        nonTriggeringExamples: [
            RuleExample("an active VPC-level log of traffic type ALL") {
                var b = ExampleSnapshot()
                b.vpc("vpc-1", "10.0.0.0/16")
                b.subnet("subnet-1", vpc: "vpc-1", "10.0.1.0/24")
                b.flowLog("fl-1", resource: "vpc-1")
                return b.build()
            },
            RuleExample("every subnet covered at subnet level") {
                var b = ExampleSnapshot()
                b.vpc("vpc-1", "10.0.0.0/16")
                b.subnet("subnet-a", vpc: "vpc-1", "10.0.1.0/24")
                b.subnet("subnet-b", vpc: "vpc-1", "10.0.2.0/24")
                b.flowLog("fl-a", resource: "subnet-a")
                b.flowLog("fl-b", resource: "subnet-b")
                return b.build()
            },
            RuleExample("REJECT only, when the policy requires REJECT", parameters: ["required_traffic_type": .string("REJECT")]) {
                var b = ExampleSnapshot()
                b.vpc("vpc-1", "10.0.0.0/16")
                b.flowLog("fl-reject", resource: "vpc-1", traffic: "REJECT")
                return b.build()
            },
        ])

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let snapshot = context.snapshot
        let required = parameters.requiredTrafficType
        let logsByResource = Dictionary(grouping: snapshot.flowLogs, by: \.resourceId)
        let usageKnown = { (scope: Scope) in snapshot.coverage.status(scope, .describeNetworkInterfaces).isCollected }
        let vpcsInUse = Set(snapshot.interfaces.map(\.vpcId))

        for vpc in snapshot.vpcs where context.isEvaluable(vpc.scope) {
            let subnets = (snapshot.subnetsByVpc[vpc.id] ?? []).sorted { $0.id < $1.id }
            let vpcLogs = logsByResource[vpc.id] ?? []
            let subnetLogs = subnets.flatMap { logsByResource[$0.id] ?? [] }
            let adequate = { (log: FlowLog) in
                log.isActive && !log.isDeliveryFailing && (log.trafficType.uppercased() == "ALL" || log.trafficType.uppercased() == required)
            }
            let uncovered = subnets.filter { !(logsByResource[$0.id] ?? []).contains(where: adequate) }
            let covered = vpcLogs.contains(where: adequate) || (!subnets.isEmpty && uncovered.isEmpty)

            // A failing log records nothing, even where another log covers the VPC.
            for log in (vpcLogs + subnetLogs).filter(\.isDeliveryFailing) where covered {
                output.flag(FindingDraft(
                    case: Self.deliveryFailing, scope: vpc.scope, resources: [log.id, log.resourceId],
                    message: "flow log \(log.id) on \(log.resourceId) fails to deliver\(log.deliveryError.map { " (\($0))" } ?? "")",
                    evidence: [line(log)], key: log.id))
            }
            guard !covered else { continue }

            let candidates = vpcLogs + subnetLogs
            let ruleCase: RuleCase
            let message: String
            if let short = candidates.first(where: { $0.isActive && !["ALL", required].contains($0.trafficType.uppercased()) }) {
                ruleCase = Self.insufficientTrafficType
                message = "\(vpc.label) is logged with traffic type \(short.trafficType) only; the policy requires \(required)"
            } else if let failing = candidates.first(where: \.isDeliveryFailing) {
                ruleCase = Self.deliveryFailing
                message = "\(vpc.label) has no working flow log: \(failing.id) fails to deliver\(failing.deliveryError.map { " (\($0))" } ?? "")"
            } else if candidates.contains(where: adequate) {
                // Working logs on some subnets: the gap is the subnets without one, not the logs' state.
                ruleCase = Self.partialSubnetCoverage
                message = "\(vpc.label) has no VPC-level flow log, and \(uncovered.count) of its \(Plural.count(subnets.count, "subnet")) "
                    + "\(uncovered.count == 1 ? "has" : "have") no working one: \(uncovered.map(\.id).joined(separator: ", "))"
            } else if !candidates.isEmpty {
                ruleCase = Self.inactiveFlowLog
                message = "\(vpc.label) has flow logs, but none is ACTIVE"
            } else {
                ruleCase = Self.noFlowLog
                message = uncovered.count < subnets.count
                    ? "\(vpc.label) has no VPC-level flow log and \(uncovered.count) of its \(Plural.count(subnets.count, "subnet")) "
                        + "\(uncovered.count == 1 ? "has" : "have") none"
                    : "\(vpc.label) has no flow log"
            }
            var evidence = candidates.map(line)
            if candidates.isEmpty { evidence.append("no flow log on \(vpc.id) or any of its subnets") }
            if !uncovered.isEmpty && uncovered.count < subnets.count {
                evidence.append("subnets without a working flow log: \(uncovered.map(\.id).joined(separator: ", "))")
            }
            // An untouched default VPC (no interfaces) carries no traffic yet: one level lower.
            let idle = vpc.isDefault && usageKnown(vpc.scope) && !vpcsInUse.contains(vpc.id)
            if idle { evidence.append("default VPC with no network interfaces: one severity lower") }
            let partial = uncovered.count < subnets.count ? uncovered.map(\.id) : []
            output.flag(FindingDraft(case: ruleCase, scope: vpc.scope, resources: [vpc.id] + candidates.map(\.id).sorted() + partial,
                                     message: message, evidence: evidence, key: vpc.id, lowered: idle ? 1 : 0))
        }
    }

    private func line(_ log: FlowLog) -> String {
        var text = "\(log.id) on \(log.resourceId): traffic \(log.trafficType), status \(log.status)"
        if let delivery = log.deliveryStatus { text += ", delivery \(delivery)" }
        if let error = log.deliveryError, !error.isEmpty { text += " (\(error))" }
        if !log.destination.isEmpty { text += " → \(log.destinationType) \(log.destination)" }
        return text
    }
}
