import HubModel

/// The replies a request needs back, and the judgement of a return-leg ACL translated into the
/// request's terms. TCP and UDP replies go to the source's ephemeral ports (the policy's range,
/// 1024–65535 by default, AWS's own guidance); an ICMP echo, timestamp, information or address-mask
/// request needs its reply type; other ICMP types are one-way; any other protocol needs itself.
struct ReplyTraffic {
    /// One part of the request and the reply it needs: the part passes only if all of the reply does.
    struct Unit {
        var request: TrafficSet
        var reply: TrafficSet
    }

    static let icmpReplies = [8: 0, 13: 14, 15: 16, 17: 18]
    static let icmpv6Replies = [128: 129]

    let units: [Unit]
    /// Request traffic that needs no reply (one-way ICMP types).
    let oneWay: TrafficSet

    init(_ request: TrafficSet, ephemeral: ClosedRange<Int>) {
        var units: [Unit] = []
        if !request.tcp.isEmpty { units.append(Unit(request: TrafficSet(tcp: request.tcp), reply: .tcp(ephemeral))) }
        if !request.udp.isEmpty { units.append(Unit(request: TrafficSet(udp: request.udp), reply: .udp(ephemeral))) }
        var oneWay = TrafficSet(icmp: request.icmp, icmpv6: request.icmpv6)
        for (v6, table) in [(false, ReplyTraffic.icmpReplies), (true, ReplyTraffic.icmpv6Replies)] {
            for (type, replyType) in table.sorted(by: { $0.key < $1.key }) {
                let part = request.intersection(.icmp(type: type, code: nil, v6: v6))
                guard !part.isEmpty else { continue }
                units.append(Unit(request: part, reply: .icmp(type: replyType, code: 0, v6: v6)))
                oneWay = oneWay.subtracting(part)
            }
        }
        self.units = units
        self.oneWay = oneWay
        otherProtocols = TrafficSet(other: request.other)
    }

    /// Protocols without ports or types: each needs itself back, judged number by number as a set.
    let otherProtocols: TrafficSet

    /// Every reply, as one set: what the return-leg ACLs are asked about.
    var replies: TrafficSet { units.reduce(otherProtocols) { $0.union($1.reply) } }

    /// A return-leg ACL verdict (on replies) as a verdict on the request: a part passes when its
    /// whole reply is admitted, is unknown when the rest of its reply is unknown, else it is dropped
    /// by the entry that denies its reply.
    func requestVerdict(_ reply: HopVerdict, ephemeral: ClosedRange<Int>) -> HopVerdict {
        var verdict = HopVerdict(reply.leg, reply.kind, reply.scope, reply.resourceIds)
        verdict.stops = reply.stops
        verdict.admitted = oneWay
        // One evidence line per entry (by its place in the hop's list), naming every reply it admits.
        var admittedBy: [Int: (request: TrafficSet, reply: TrafficSet)] = [:]
        for unit in units {
            let missing = unit.reply.subtracting(reply.admitted)
            if missing.isEmpty {
                verdict.admitted = verdict.admitted.union(unit.request)
                for (index, (traffic, _)) in reply.evidence.enumerated() where traffic.overlaps(unit.reply) {
                    let known = admittedBy[index] ?? (.empty, .empty)
                    admittedBy[index] = (known.request.union(unit.request), known.reply.union(traffic.intersection(unit.reply)))
                }
            } else if missing.subtracting(reply.unknown).isEmpty {
                for gap in reply.gaps where gap.traffic.overlaps(missing) {
                    verdict.cannotJudge(unit.request, gap.code, "replies \(missing): \(gap.detail())", inputs: gap.inputs)
                }
            } else {
                let denied = missing.subtracting(reply.unknown)
                if let denial = reply.denials.first(where: { $0.traffic.overlaps(denied) }) {
                    verdict.deny(unit.request, denial.code, "replies \(denied.intersection(denial.traffic)) (ephemeral ports \(ephemeral.lowerBound)-\(ephemeral.upperBound) for tcp/udp): \(denial.detail())")
                }
            }
        }
        for index in admittedBy.keys.sorted() {
            let (request, replies) = admittedBy[index]!
            let line = reply.evidence[index].1
            verdict.evidence.append((request, { "\(line()) (replies \(replies))" }))
        }
        let admittedOther = otherProtocols.intersection(reply.admitted)
        verdict.admitted = verdict.admitted.union(admittedOther)
        for (traffic, line) in reply.evidence where traffic.overlaps(admittedOther) {
            verdict.evidence.append((traffic.intersection(admittedOther), line))
        }
        let unknownOther = otherProtocols.subtracting(admittedOther).intersection(reply.unknown)
        for gap in reply.gaps where gap.traffic.overlaps(unknownOther) {
            verdict.cannotJudge(gap.traffic.intersection(unknownOther), gap.code, "replies: \(gap.detail())", inputs: gap.inputs)
        }
        for denial in reply.denials {
            let part = otherProtocols.intersection(denial.traffic).subtracting(admittedOther).subtracting(unknownOther)
            if !part.isEmpty { verdict.deny(part, denial.code, "replies: \(denial.detail())") }
        }
        return verdict
    }
}
