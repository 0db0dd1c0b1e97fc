import Foundation
import HubModel
import HubPolicy
import HubReport
import HubRules
import HubSnapshot

/// `scan`'s stage between the folder and the reports: the snapshot read and the rules run.
///
/// Where no enabled rule needs every resource at once (`RuleRun.needsWholeSnapshot`: the
/// reachability model, when the intent declares paths), the scope resources — security groups with
/// their rules, network ACLs, interfaces, instances, flow logs, most of a snapshot — are read in
/// batches of accounts and regions: the `.scopeResources` rules judge each batch as it decodes, and
/// only the shared facts stay for the rules about the whole organisation and for the reports. The
/// result is the one a whole read gives (`BatchedAuditTests`); the peak memory is not.
public enum AuditStage {
    /// `afterEachBatch` is told each batch's scopes once its rules ran (the benchmark's probes).
    public static func judged(_ path: String, policy: Policy, inBatches: Bool, afterEachBatch: ([Scope]) -> Void = { _ in })
        throws -> (snapshot: Snapshot, result: AuditResult) {
        var run = RuleRun(configurations: policy.rules, intent: policy.intent)
        guard inBatches, !run.needsWholeSnapshot else {
            let snapshot = ReportAssembly.named(try SnapshotReader.read(path), by: policy)
            run.evaluate(snapshot) { _ in true }
            return (snapshot, run.finished())
        }
        var early: EarlyRules?
        let shared = try SnapshotReader.read(path, sharingFacts: { facts in
            early = EarlyRules(ReportAssembly.named(facts, by: policy), run: run)
        }, visitingScopes: { batch, scopes in
            run.evaluate(ReportAssembly.named(batch, by: policy), scopes: scopes) { $0 == .scopeResources }
            afterEachBatch(scopes)
        })
        if let early { run.absorb(early.finished()) }
        let snapshot = ReportAssembly.named(shared, by: policy)
        run.evaluate(snapshot) { $0 != .scopeResources && $0 != .sharedFacts }
        return (snapshot, run.finished())
    }

    /// The rules that read the shared facts alone, run on another thread while the batches decode,
    /// so that their working sets (`peering-routes`, the slowest, 0.9 s at 5,000 accounts) no longer
    /// come on top of everything a finished read holds: the 5,000-account peak went from 519 to
    /// 510 MB. Not faster: the parser already keeps both cores busy.
    private final class EarlyRules: @unchecked Sendable {
        private let done = DispatchGroup()
        // Written once before `done` is left, read only after it was waited for.
        private var run: RuleRun

        init(_ facts: Snapshot, run: RuleRun) {
            self.run = run
            done.enter()
            DispatchQueue.global().async { [self] in
                self.run.evaluate(facts) { $0 == .sharedFacts }
                done.leave()
            }
        }

        func finished() -> RuleRun {
            done.wait()
            return run
        }
    }
}
