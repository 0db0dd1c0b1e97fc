import HubModel

/// Judges the peerings `peering-dns` requires, one side at a time: the side's option (set by its
/// owner), then the DNS attributes of the side's VPC. A VPC on several required peerings gets one
/// finding per attribute, naming them all. What cannot be told is filed as not evaluated: a side
/// whose owner is outside the snapshot, an option or attribute not reported or not collected.
struct PeeringDnsCheck {
    let context: RuleContext
    /// VPC id and attribute → the peerings that need it on, for one finding per VPC and attribute.
    private var attributesOff: [VpcAttributeKey: [String]] = [:]
    /// Gaps already filed per VPC and attribute: a VPC on several peerings is reported once.
    private var attributeGapsFiled = Set<VpcAttributeKey>()

    private struct VpcAttributeKey: Hashable, Comparable {
        var vpcId: String
        var attribute: VpcAttribute

        static func < (a: VpcAttributeKey, b: VpcAttributeKey) -> Bool { (a.vpcId, a.attribute) < (b.vpcId, b.attribute) }
    }

    init(context: RuleContext) { self.context = context }

    mutating func judge(_ peering: PeeringConnection, requiredBy reason: String, into output: inout RuleOutput) {
        for requester in [true, false] {
            let side = requester ? peering.requester : peering.accepter
            let other = requester ? peering.accepter : peering.requester
            let role = requester ? "requester" : "accepter"
            guard context.snapshot.scopes.contains(side.scope) else {
                // The other side's scope is where the peering was seen: file it there.
                output.cannotEvaluate(other.scope, resources: [peering.id, side.vpcId], reason: .outsideSnapshot,
                                      "the DNS settings of \(side.vpcId), the \(role) side of \(peering.id), are its owner's "
                                          + "(\(context.account(side.ownerId))), outside the snapshot")
                continue
            }
            // A scope without its listings was reported not evaluated by the engine already.
            guard context.isEvaluable(side.scope) else { continue }
            judgeOption(peering, requester: requester, reason: reason, into: &output)
            judgeAttributes(of: side, peering: peering, into: &output)
        }
    }

    private func judgeOption(_ peering: PeeringConnection, requester: Bool, reason: String, into output: inout RuleOutput) {
        let side = requester ? peering.requester : peering.accepter
        let other = requester ? peering.accepter : peering.requester
        let role = requester ? "requester" : "accepter"
        switch side.allowsDnsResolutionFromRemoteVpc {
        case true?:
            return
        case nil:
            output.cannotEvaluate(side.scope, resources: [peering.id, side.vpcId], reason: .missingInput,
                                  inputs: [.describeVpcPeeringConnections],
                                  "whether \(other.vpcId) resolves the hostnames of \(side.vpcId) privately cannot be told: no report of "
                                      + "\(peering.id) holds the \(role) side's peeringOptions (AWS shows them to that side's owner)")
        case false?:
            let command = AWSCommand.allowDnsResolution(peering, requester: requester)
            output.flag(FindingDraft(
                case: PeeringDnsRule.remoteDnsResolutionDisabled, scope: side.scope,
                resources: [peering.id, side.vpcId, other.vpcId],
                message: "the \(role) side of peering \(peering.id) (\(side.vpcId)) does not allow DNS resolution from \(other.vpcId): "
                    + "instances in \(other.vpcId) resolve the public DNS hostnames of \(side.vpcId)'s instances to public addresses",
                evidence: optionLines(peering) + [reason],
                key: "\(peering.id)|\(role)",
                fix: AWSCommand.runSentence([command], account: context.account(side.ownerId)), fixCommands: [command]))
        }
    }

    private func optionLines(_ peering: PeeringConnection) -> [String] {
        var lines = ["\(context.peering(peering)): \(peering.statusCode)"]
        for (role, side) in [("requester", peering.requester), ("accepter", peering.accepter)] {
            let value = side.allowsDnsResolutionFromRemoteVpc.map(String.init) ?? "not reported"
            lines.append("\(role) \(side.vpcId) (owner \(context.account(side.ownerId))): allowDnsResolutionFromRemoteVpc \(value)")
        }
        return lines
    }

    private mutating func judgeAttributes(of side: PeeringConnection.Side, peering: PeeringConnection, into output: inout RuleOutput) {
        guard let vpc = context.snapshot.vpcsById[side.vpcId] else {
            output.cannotEvaluate(side.scope, resources: [peering.id, side.vpcId], reason: .missingInput, inputs: [.describeVpcs],
                                  "the DNS attributes of \(side.vpcId) (\(peering.id)) cannot be read: DescribeVpcs of "
                                      + "\(context.account(side.ownerId)) does not list it")
            return
        }
        for attribute in VpcAttribute.allCases {
            let key = VpcAttributeKey(vpcId: vpc.id, attribute: attribute)
            let reading = vpc[attribute]
            if reading.status.isCollected, let value = reading.value {
                if !value { attributesOff[key, default: []].append(peering.id) }
                continue
            }
            guard attributeGapsFiled.insert(key).inserted else { continue }
            let subject = "whether \(vpc.id) has \(attribute.rawValue) on (for \(peering.id)) cannot be told"
            if reading.status == .missing && context.snapshot.coverage.notAttempted.contains(.describeVpcAttribute) {
                output.cannotEvaluate(vpc.scope, resources: [vpc.id, peering.id], reason: .notAttempted, inputs: [.describeVpcAttribute],
                                      "\(subject): the snapshot's collector did not call DescribeVpcAttribute (collect again)")
            } else {
                output.cannotEvaluate(vpc.scope, resources: [vpc.id, peering.id], reason: .missingInput, inputs: [.describeVpcAttribute],
                                      "\(subject): DescribeVpcAttribute \(attribute.rawValue) \(reading.status.summary)")
            }
        }
    }

    /// One finding per VPC and attribute that is off, naming every required peering of the VPC.
    func flagAttributes(into output: inout RuleOutput) {
        for key in attributesOff.keys.sorted() {
            guard let vpc = context.snapshot.vpcsById[key.vpcId], let peerings = attributesOff[key] else { continue }
            let ruleCase = key.attribute == .enableDnsSupport ? PeeringDnsRule.dnsSupportDisabled : PeeringDnsRule.dnsHostnamesDisabled
            let ids = Array(Set(peerings)).sorted()
            let command = AWSCommand.enable(key.attribute, of: vpc)
            var evidence = ["\(vpc.label) in \(context.account(vpc.ownerId)): enableDnsSupport \(text(vpc.dnsSupport)), "
                + "enableDnsHostnames \(text(vpc.dnsHostnames))"]
            evidence += ids.compactMap { id in context.snapshot.peerings.first { $0.id == id } }.map { "\(context.peering($0)): active" }
            output.flag(FindingDraft(
                case: ruleCase, scope: vpc.scope, resources: [vpc.id] + ids,
                message: "VPC \(vpc.label) has \(key.attribute.rawValue) off, yet its \(Plural.count(ids.count, "peering")) "
                    + "(\(ids.joined(separator: ", "))) must resolve privately",
                evidence: evidence, key: "\(vpc.id)|\(key.attribute.rawValue)",
                fix: AWSCommand.runSentence([command], account: context.account(vpc.ownerId)), fixCommands: [command]))
        }
    }

    private func text(_ reading: VpcAttributeReading) -> String {
        reading.status.isCollected ? reading.value.map(String.init) ?? "not reported" : "not collected"
    }
}
