import HubModel

/// What one hop decides about traffic, before it is applied to what is still travelling.
struct HopVerdict {
    var leg: Leg
    var kind: HopKind
    var scope: Scope
    var resourceIds: [String]
    /// Certainly admitted.
    var admitted = TrafficSet.empty
    /// Could be admitted: the hop lacks an input to tell (`gap` says which).
    var unknown = TrafficSet.empty
    /// The rules, entries or routes that admitted part of the traffic, each with what it admits.
    /// Texts are made only for what a report keeps: most hops of most pairs are never shown.
    var evidence: [(TrafficSet, @Sendable () -> String)] = []
    /// What is dropped and why; together they cover everything neither admitted nor unknown.
    var denials: [(traffic: TrafficSet, code: BlockCode, detail: @Sendable () -> String)] = []
    var gaps: [(traffic: TrafficSet, code: GapCode, detail: @Sendable () -> String, inputs: [Action])] = []
    /// Past this hop the engine cannot follow the packet (it left the modelled network).
    var stops = false

    init(_ leg: Leg, _ kind: HopKind, _ scope: Scope, _ resourceIds: [String]) {
        self.leg = leg
        self.kind = kind
        self.scope = scope
        self.resourceIds = resourceIds
    }

    mutating func admit(_ traffic: TrafficSet, _ evidence: @autoclosure @escaping @Sendable () -> String) {
        admitted = admitted.union(traffic)
        self.evidence.append((traffic, evidence))
    }

    mutating func deny(_ traffic: TrafficSet, _ code: BlockCode, _ detail: @autoclosure @escaping @Sendable () -> String) {
        denials.append((traffic, code, detail))
    }

    mutating func cannotJudge(_ traffic: TrafficSet, _ code: GapCode, _ detail: @autoclosure @escaping @Sendable () -> String,
                              inputs: [Action] = []) {
        unknown = unknown.union(traffic)
        gaps.append((traffic, code, detail, inputs))
    }

    /// The hop cannot be judged at all (a missing input): everything unknown.
    static func missing(_ leg: Leg, _ kind: HopKind, _ scope: Scope, _ resourceIds: [String], _ code: GapCode,
                        _ detail: @autoclosure @escaping @Sendable () -> String, inputs: [Action] = []) -> HopVerdict {
        var verdict = HopVerdict(leg, kind, scope, resourceIds)
        verdict.cannotJudge(.all, code, detail(), inputs: inputs)
        return verdict
    }
}

/// Traffic walking the path hop by hop: what certainly still travels (`alive`), what might (`maybe`:
/// an earlier hop could not tell), and the record of hops, drops and gaps.
struct Walk {
    var alive: TrafficSet
    var maybe = TrafficSet.empty
    var hops: [Hop] = []
    var blocked: [Blocked] = []
    var unjudged: [Unjudged] = []
    var stopped = false

    init(_ asked: TrafficSet) { alive = asked }

    var isOver: Bool { stopped || (alive.isEmpty && maybe.isEmpty) }

    mutating func apply(_ verdict: HopVerdict) {
        guard !isOver else { return }
        let live = alive.union(maybe)
        let passing = verdict.admitted.union(verdict.unknown)
        // Anything a hop certainly drops is blocked, whether an earlier hop was sure of it or not.
        var accounted = passing
        for denial in verdict.denials {
            let dropped = denial.traffic.intersection(live).subtracting(accounted)
            accounted = accounted.union(denial.traffic)
            if !dropped.isEmpty {
                blocked.append(Blocked(traffic: dropped, leg: verdict.leg, kind: verdict.kind, scope: verdict.scope,
                                       resourceIds: verdict.resourceIds, code: denial.code, detailText: denial.detail))
            }
        }
        let newlyUnknown = alive.intersection(verdict.unknown).subtracting(verdict.admitted)
        var gapped = verdict.admitted
        for gap in verdict.gaps {
            let part = newlyUnknown.intersection(gap.traffic).subtracting(gapped)
            gapped = gapped.union(gap.traffic)
            if !part.isEmpty {
                unjudged.append(Unjudged(traffic: part, leg: verdict.leg, kind: verdict.kind, scope: verdict.scope,
                                         resourceIds: verdict.resourceIds, code: gap.code, detailText: gap.detail, inputs: gap.inputs))
            }
        }
        maybe = maybe.intersection(passing).union(newlyUnknown)
        let before = alive
        alive = alive.intersection(verdict.admitted)
        let shown = alive.isEmpty ? before.intersection(passing) : alive
        if !shown.isEmpty {
            let evidence = verdict.evidence.filter { $0.0.overlaps(shown) }.map(\.1)
            hops.append(Hop(leg: verdict.leg, kind: verdict.kind, scope: verdict.scope, resourceIds: verdict.resourceIds,
                            traffic: alive, evidenceText: evidence))
        }
        if verdict.stops { stopped = true }
    }

    /// The answer once every hop was applied: what is still unknown keeps its gap records; the rest
    /// of the asked traffic was dropped by the hops recorded in `blocked`.
    func answer(_ source: EndpointClass, _ destination: EndpointClass, asked: TrafficSet) -> PairAnswer {
        let open = maybe.subtracting(alive)
        let gaps = unjudged.compactMap { entry -> Unjudged? in
            var entry = entry
            entry.traffic = entry.traffic.intersection(open)
            return entry.traffic.isEmpty ? nil : entry
        }
        return PairAnswer(source: source, destination: destination, family: source.family, asked: asked, reachable: alive,
                          hops: hops, blocked: blocked, unjudged: gaps)
    }
}
