import HubModel

/// ACL verdicts of one query that do not depend on the peer address (every entry of that direction
/// matches any address, as in default ACLs): computed once per subnet, direction and traffic.
final class AclVerdictCache {
    struct Key: Hashable {
        var subnetId: String
        var outbound: Bool
        var leg: Leg
        var family: CIDR.Family
        var traffic: TrafficSet
    }
    var verdicts: [Key: HopVerdict] = [:]
}

extension ReachabilityModel {
    /// `networkAclHop`, through the query's cache where the ACL's verdict is the same for every peer.
    func networkAclHop(subnetId: String, scope: Scope, peer: CIDR, outbound: Bool, traffic: TrafficSet, leg: Leg,
                       cache: AclVerdictCache?) -> HopVerdict {
        guard let cache, let compiled = aclsBySubnet[subnetId], gap(scope, .describeNetworkAcls) == nil,
              outbound ? compiled.outboundIsUniform : compiled.inboundIsUniform else {
            return networkAclHop(subnetId: subnetId, scope: scope, peer: peer, outbound: outbound, traffic: traffic, leg: leg)
        }
        let key = AclVerdictCache.Key(subnetId: subnetId, outbound: outbound, leg: leg, family: peer.family, traffic: traffic)
        if let known = cache.verdicts[key] { return known }
        let verdict = networkAclHop(subnetId: subnetId, scope: scope, peer: peer, outbound: outbound, traffic: traffic, leg: leg)
        cache.verdicts[key] = verdict
        return verdict
    }

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
        guard let compiled = aclsBySubnet[subnetId] else {
            return .missing(leg, kind, scope, [subnetId], .subnetUnassociated, "no network ACL lists \(subnetId)")
        }
        let acl = compiled.acl
        var verdict = HopVerdict(leg, kind, scope, [acl.id, subnetId])
        let preposition = outbound ? "to" : "from"
        var remaining = traffic
        for (entry, entryTraffic) in outbound ? compiled.outbound : compiled.inbound where !remaining.isEmpty {
            guard let cidr = entry.cidr, cidr.contains(peer) else { continue }
            guard let matched = entryTraffic else {
                verdict.cannotJudge(remaining, .unknownProtocol, "\(acl.id) rule \(entry.ruleNumber): protocol '\(entry.ipProtocol)' is not one hubaudit knows")
                remaining = .empty
                break
            }
            let part = matched.intersection(remaining)
            guard !part.isEmpty else { continue }
            var line: String { "\(acl.id) rule \(entry.ruleNumber) \(entry.allow ? "allow" : "deny") \(matched) \(preposition) \(cidr)" }
            if entry.allow { verdict.admit(part, line) } else { verdict.deny(part, .naclDeny, line) }
            remaining = remaining.subtracting(part)
        }
        if !remaining.isEmpty {
            verdict.deny(remaining, .naclDeny, "\(acl.id): no entry allows it (the final * entry denies)")
        }
        return verdict
    }
}
