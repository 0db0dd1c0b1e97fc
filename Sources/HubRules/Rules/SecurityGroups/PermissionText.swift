import HubModel

/// How evidence names a security-group rule: `tcp 22 from 0.0.0.0/0`, `all traffic from sg-0a1 (this group)`,
/// in the words `sg-broad-ingress` uses (`Permission.description` and the source as the rule holds it).
enum PermissionText {
    /// One line per permission: its protocol and ports, then every source (or destination) it names.
    static func line(_ permission: Permission, egress: Bool, of group: SecurityGroup) -> String {
        let parties = parties(of: permission, group: group)
        let preposition = egress ? "to" : "from"
        let direction = egress ? "egress" : "ingress"
        guard !parties.isEmpty else { return "\(direction) \(permission) (no \(egress ? "destination" : "source") listed)" }
        return "\(direction) \(permission) \(preposition) \(parties.joined(separator: ", "))"
    }

    /// The ranges, prefix lists and groups a permission names, as written; a group reference says
    /// when it is the group itself or lives in another account or across a peering.
    static func parties(of permission: Permission, group: SecurityGroup) -> [String] {
        var parties = permission.ipv4Ranges.map(\.text) + permission.ipv6Ranges.map(\.text)
        parties += permission.prefixListIds.map { "prefix list \($0)" }
        for reference in permission.groups {
            var notes: [String] = []
            if reference.groupId == group.id { notes.append("this group") }
            if let account = reference.userId, account != group.ownerId { notes.append("account \(account)") }
            if let peering = reference.peeringId { notes.append("across \(peering)") }
            parties.append(notes.isEmpty ? reference.groupId : "\(reference.groupId) (\(notes.joined(separator: ", ")))")
        }
        return parties
    }
}
