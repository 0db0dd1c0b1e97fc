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
enum AuditStage {
    static func judged(_ path: String, policy: Policy, inBatches: Bool) throws -> (snapshot: Snapshot, result: AuditResult) {
        var run = RuleRun(configurations: policy.rules, intent: policy.intent)
        guard inBatches, !run.needsWholeSnapshot else {
            let snapshot = ReportAssembly.named(try SnapshotReader.read(path), by: policy)
            run.evaluate(snapshot) { _ in true }
            return (snapshot, run.finished())
        }
        let shared = try SnapshotReader.read(path) { batch, scopes in
            run.evaluate(ReportAssembly.named(batch, by: policy), scopes: scopes) { $0 == .scopeResources }
        }
        let snapshot = ReportAssembly.named(shared, by: policy)
        run.evaluate(snapshot) { $0 != .scopeResources }
        return (snapshot, run.finished())
    }
}
