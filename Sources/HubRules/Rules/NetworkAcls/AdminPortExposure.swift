import HubModel
import HubPaths

/// What a network ACL's inbound entries let through from the whole internet to the administration
/// ports, judged as AWS evaluates them: in ascending rule number, the first entry that matches a
/// packet decides it. An entry allowing 0.0.0.0/0 (or ::/0) exposes only what no lower-numbered
/// entry decided before it, for the sources that entry covered: a lower deny of tcp 22 leaves
/// 3389 open, a lower deny from 0.0.0.0/1 leaves 22 open from the other half of the internet.
struct AdminPortExposure {
    /// The allow entry from the whole internet that lets it through.
    var entry: NetworkAcl.Entry
    /// The administration traffic (tcp and udp on the ports) it admits.
    var traffic: TrafficSet
    /// Lower-numbered entries decided some of the traffic for part of the internet: the entry admits
    /// it from the rest only.
    var partial: Bool

    /// The entries that decided some administration traffic from the internet before an exposing
    /// entry (denies, narrower allows), as evidence lines, and the exposures, per address family.
    struct Judgement {
        var exposures: [AdminPortExposure] = []
        var decidedEarlier: [(ruleNumber: Int, family: CIDR.Family, line: String)] = []

        /// The earlier decisions that bear on an exposure: same family, lower rule number.
        var evidenceBeforeExposures: [String] {
            decidedEarlier.filter { decision in
                exposures.contains { $0.entry.cidr?.family == decision.family && decision.ruleNumber < $0.entry.ruleNumber }
            }.map(\.line)
        }
    }

    /// TCP and UDP on the ports: CIS 5.1/5.2 and AWS Config's nacl-no-unrestricted-ssh-rdp count both.
    static func adminTraffic(_ ports: [Int]) -> TrafficSet {
        let ranges = IntervalSet(ports.map { $0...$0 })
        return TrafficSet(tcp: ranges, udp: ranges)
    }

    static func judge(_ acl: NetworkAcl, ports: [Int]) -> Judgement {
        let inbound = acl.entries.filter { !$0.egress }.sorted { $0.ruleNumber < $1.ruleNumber }
        var judgement = Judgement()
        for family in [CIDR.Family.v4, .v6] {
            judge(inbound, family: family, admin: adminTraffic(ports), into: &judgement)
        }
        return judgement
    }

    /// One family: the internet's address space split into regions, each with the administration
    /// traffic no entry has decided for it yet; each entry decides what it matches in the regions it
    /// overlaps, and the rest of a region carries on to the next entry.
    private static func judge(_ entries: [NetworkAcl.Entry], family: CIDR.Family, admin: TrafficSet, into judgement: inout Judgement) {
        let internet = family == .v4 ? CIDR.anyIPv4 : CIDR.anyIPv6
        var regions: [(block: CIDR, undecided: TrafficSet)] = [(internet, admin)]
        for entry in entries where !regions.isEmpty {
            // An entry without a block of this family matches none of its packets. A protocol
            // hubaudit does not know (nil) is none of tcp, udp or all: it matches no admin traffic.
            guard let cidr = entry.cidr, cidr.family == family,
                  let traffic = TrafficSet.permission(protocol: entry.ipProtocol, from: entry.portRange?.lowerBound,
                                                      to: entry.portRange?.upperBound) else { continue }
            var next: [(block: CIDR, undecided: TrafficSet)] = []
            var decided = TrafficSet.empty
            var partial = false
            for region in regions {
                let matched = region.undecided.intersection(traffic)
                guard let overlap = region.block.intersection(cidr), !matched.isEmpty else {
                    next.append(region)
                    continue
                }
                decided = decided.union(matched)
                if !region.block.isAny { partial = true }
                next += region.block.subtracting([overlap]).map { ($0, region.undecided) }
                let left = region.undecided.subtracting(matched)
                if !left.isEmpty { next.append((overlap, left)) }
            }
            regions = next
            guard !decided.isEmpty else { continue }
            if entry.allow && cidr.isAny {
                judgement.exposures.append(AdminPortExposure(entry: entry, traffic: decided, partial: partial))
            } else {
                let verb = entry.allow ? "allows" : "denies"
                judgement.decidedEarlier.append((entry.ruleNumber, family, "ingress \(describe(entry, traffic)) \(verb) \(decided) first"))
            }
        }
    }

    /// `rule 100 allow all traffic from 0.0.0.0/0`
    static func describe(_ entry: NetworkAcl.Entry, _ traffic: TrafficSet?) -> String {
        let what = traffic.map(\.description) ?? "protocol \(entry.ipProtocol)"
        return "rule \(entry.ruleNumber) \(entry.allow ? "allow" : "deny") \(what) from \(entry.cidr.map(\.description) ?? "?")"
    }
}

extension CIDR {
    static let anyIPv4 = CIDR(family: .v4, network: 0, prefixLength: 0)
}
