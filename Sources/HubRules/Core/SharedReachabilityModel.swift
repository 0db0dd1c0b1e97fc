import Foundation
import HubModel
import HubPaths

/// The reachability engine's model of one snapshot, built at most once per engine run however many
/// rules ask for it (isolation-breach, hub-spoke-connectivity, reachability-intent run side by side),
/// and handed on in the `AuditResult` for the reports' reachability section — with the policy's
/// intents judged once too, for the rule and the section alike. Building the model is the costly
/// part of a reachability answer (0.4 s at 1,000 accounts).
public final class SharedReachabilityModel: @unchecked Sendable {
    private let snapshot: Snapshot
    private let lock = NSLock()
    // Guarded by `lock`.
    private var built: ReachabilityModel?
    private let judging = NSLock()
    // Guarded by `judging`. One engine run has one policy intent: the outcomes differ only by options.
    private var outcomes: [PathOptions: [IntentOutcome]] = [:]

    public init(_ snapshot: Snapshot) { self.snapshot = snapshot }

    /// The model, built by the first caller; the others wait for it.
    public var model: ReachabilityModel {
        lock.lock()
        defer { lock.unlock() }
        if let built { return built }
        let model = ReachabilityModel(snapshot)
        built = model
        return model
    }

    /// The policy's reachability intents judged on the model, once per run and options.
    public func intentOutcomes(_ intents: [ReachabilityIntent], organization: NetworkIntent,
                               options: PathOptions) -> [IntentOutcome] {
        judging.lock()
        defer { judging.unlock() }
        if let known = outcomes[options] { return known }
        let judged = IntentOutcome.judge(intents, model: model, organization: organization, options: options)
        outcomes[options] = judged
        return judged
    }

    /// The model when some rule built it, without building it.
    public var modelIfBuilt: ReachabilityModel? {
        lock.lock()
        defer { lock.unlock() }
        return built
    }
}
