import HubModel

extension ReachabilityModel {
    /// The interface's groups: egress towards `peer` at the source, ingress from `peer` at the
    /// destination. Any rule of any group admits (a union); replies need no rule (stateful).
    func securityGroupHop(_ endpoint: EndpointClass, peer: EndpointClass, egress: Bool) -> HopVerdict {
        let kind: HopKind = egress ? .securityGroupEgress : .securityGroupIngress
        guard let groupIds = endpoint.groupIds else {
            return .missing(.forward, kind, endpoint.scope, [endpoint.subnetId], .noInterface,
                            "no network interface in the snapshot holds \(host(endpoint.address)): its security groups are unknown")
        }
        if let status = gap(endpoint.scope, .describeSecurityGroups) {
            return .missing(.forward, kind, endpoint.scope, groupIds, .notCollected,
                            "DescribeSecurityGroups \(status.summary) in \(endpoint.scope)", inputs: [.describeSecurityGroups])
        }
        var verdict = HopVerdict(.forward, kind, endpoint.scope, groupIds)
        let direction = egress ? "egress" : "ingress", preposition = egress ? "to" : "from"
        for groupId in groupIds {
            guard let compiled = compiledGroups[groupId] else {
                verdict.cannotJudge(.all, .groupNotInSnapshot, "\(groupId) on the interface is not among the groups the snapshot describes",
                                    inputs: [.describeSecurityGroups])
                continue
            }
            for compiledRule in egress ? compiled.egress : compiled.ingress {
                guard let traffic = compiledRule.traffic else {
                    verdict.cannotJudge(.all, .unknownProtocol,
                                        "\(compiled.group.label) \(direction): protocol '\(compiledRule.permission.ipProtocol)' is not one hubaudit knows")
                    continue
                }
                var rule: String { "\(compiled.group.label) \(direction): \(compiledRule.permission)" }
                let v4 = peer.family == .v4
                let cidrs = v4 ? compiledRule.v4 : compiledRule.v6
                for index in cidrs.indices where cidrs[index].contains(peer.address) {
                    verdict.admit(traffic, "\(rule) \(preposition) \((v4 ? compiledRule.permission.ipv4Ranges : compiledRule.permission.ipv6Ranges)[index].text)")
                }
                guard compiledRule.hasReferences else { continue }
                let permission = compiledRule.permission
                for listId in permission.prefixListIds {
                    switch snapshot.prefixListEntries(listId, in: compiled.group.scope) {
                    case .known(let list, let entries):
                        if let entry = entries.first(where: { $0.contains(peer.address) }) {
                            let name = list.name.isEmpty ? "" : " (\(list.name))"
                            verdict.admit(traffic, "\(rule) \(preposition) \(listId)\(name) entry \(entry)")
                        }
                    case .unknown(let gap) where gap.concerns(peer.address):
                        verdict.cannotJudge(traffic, .prefixListUnknown, "\(rule) \(preposition) \(listId): \(gap.detail)",
                                            inputs: gap.isOutsideSnapshot ? [] : [gap.action])
                    case .unknown:
                        continue
                    }
                }
                for reference in permission.groups {
                    switch referenceMatch(reference, in: compiled.group, peer: peer) {
                    case .match(let how): verdict.admit(traffic, "\(rule) \(preposition) \(reference.groupId) (\(how))")
                    case .noMatch: continue
                    case .unknown(let code, let detail):
                        verdict.cannotJudge(traffic, code, "\(rule) \(preposition) \(reference.groupId): \(detail)",
                                            inputs: code == .groupNotInSnapshot ? [.describeSecurityGroups] : [])
                    }
                }
            }
        }
        let groups = groupsById, address = peer.address
        verdict.deny(.all, .sgNoMatchingRule,
                     "no \(direction) rule of \(groupIds.map { groups[$0]?.label ?? $0 }.joined(separator: ", ")) admits it \(preposition) \(hostText(address))")
        return verdict
    }

    enum ReferenceMatch {
        case match(String)
        case noMatch
        case unknown(GapCode, String)
    }

    /// A rule's group reference against the peer's interface: it matches the addresses of interfaces
    /// carrying the group, in the rule's own VPC or in a VPC peered with it over an active peering in
    /// the same region (across regions AWS matches nothing). A group the snapshot does not describe
    /// is not judged, never dropped.
    func referenceMatch(_ reference: GroupReference, in group: SecurityGroup, peer: EndpointClass) -> ReferenceMatch {
        guard let peerGroups = peer.groupIds else {
            return .unknown(.noInterface, "no network interface in the snapshot holds \(host(peer.address))")
        }
        guard peerGroups.contains(reference.groupId) else {
            if groupsById[reference.groupId] == nil {
                let owner = reference.userId.map { " of account \($0)" } ?? ""
                return .unknown(.groupNotInSnapshot, "the referenced group\(owner) is not in the snapshot (deleted, or in an account not collected)")
            }
            return .noMatch
        }
        if peer.vpcId == group.vpcId { return .match("same VPC") }
        let links = (snapshot.peeringsByVpc[group.vpcId] ?? []).filter { $0.isActive && $0.peer(of: group.vpcId)?.vpcId == peer.vpcId }
        guard let link = links.first(where: { $0.requester.region == $0.accepter.region }) else { return .noMatch }
        let owner = reference.userId ?? groupsById[reference.groupId]?.ownerId ?? peer.scope.account
        return .match("account \(owner), over \(link.id)")
    }

    func host(_ address: CIDR) -> String { hostText(address) }
}

/// `10.0.1.5` for a single address, the block otherwise.
func hostText(_ address: CIDR) -> String {
    let text = address.description
    return address.prefixLength == address.family.bits ? String(text[..<text.lastIndex(of: "/")!]) : text
}
