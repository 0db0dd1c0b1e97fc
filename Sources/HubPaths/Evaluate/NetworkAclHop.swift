import HubModel

extension ReachabilityModel {
    /// A subnet's network ACL for traffic to (outbound) or from (inbound) `peer`: entries in
    /// ascending rule number, the first that matches decides each part of the traffic; what no entry
    /// allows is denied (the final `*` entry — denied even where a response omits it, as moto's do).
    func networkAclHop(subnetId: String, scope: Scope, peer: CIDR, outbound: Bool, traffic: TrafficSet,
                       leg: Leg) -> HopVerdict {
        let kind: HopKind = outbound ? .networkAclOutbound : .networkAclInbound
        if let status = gap(scope, .describeNetworkAcls) {
            return .missing(leg, kind, scope, [subnetId], .notCollected, "DescribeNetworkAcls \(status.summary) in \(scope)",
                            inputs: [.describeNetworkAcls])
        }
        guard let acl = aclsBySubnet[subnetId] else {
            return .missing(leg, kind, scope, [subnetId], .subnetUnassociated, "no network ACL lists \(subnetId)")
        }
        var verdict = HopVerdict(leg, kind, scope, [acl.id, subnetId])
        let preposition = outbound ? "to" : "from"
        var remaining = traffic
        let entries = acl.entries.filter { $0.egress == outbound && ($0.cidr?.contains(peer) ?? false) }
            .sorted { $0.ruleNumber < $1.ruleNumber }
        for entry in entries where !remaining.isEmpty {
            let from = entry.ipProtocol == "1" || entry.ipProtocol == "58" ? entry.icmpType : entry.portRange?.lowerBound
            let to = entry.ipProtocol == "1" || entry.ipProtocol == "58" ? entry.icmpCode : entry.portRange?.upperBound
            guard let matched = TrafficSet.permission(protocol: entry.ipProtocol, from: from, to: to) else {
                verdict.cannotJudge(remaining, .unknownProtocol, "\(acl.id) rule \(entry.ruleNumber): protocol '\(entry.ipProtocol)' is not one hubaudit knows")
                remaining = .empty
                break
            }
            let part = matched.intersection(remaining)
            guard !part.isEmpty else { continue }
            let line = "\(acl.id) rule \(entry.ruleNumber) \(entry.allow ? "allow" : "deny") \(matched) \(preposition) \(entry.cidr!)"
            if entry.allow { verdict.admit(part, line) } else { verdict.deny(part, .naclDeny, line) }
            remaining = remaining.subtracting(part)
        }
        if !remaining.isEmpty {
            verdict.deny(remaining, .naclDeny, "\(acl.id): no entry allows it \(preposition) \(host(peer)) (the final * entry denies)")
        }
        return verdict
    }
}
