import Foundation
import HubSnapshot
import HubModel
import HubReport

/// A store of dated snapshots, `<store>/<timestamp>/<account>/<region>/…`: the nightly scan audits
/// the newest and compares it with the report of the one before.
public enum SnapshotStore {
    /// The snapshot folders of a store, oldest first, and a note for each other entry. Only folders
    /// named as the collector names them count (`2026-11-23T020000Z`, `2026-11-23T020000Z-2` for a
    /// second run in the same second; see `SnapshotLayout.StoreStamp`): `lost+found` or a stray
    /// folder would otherwise sort last and be audited as the newest night. `latest` (the
    /// collector's link) and hidden folders (an interrupted collection) are passed over silently.
    public static func snapshots(in store: String) throws -> (snapshots: [String], notes: [String]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: store, isDirectory: &isDirectory) else {
            throw ScanFailure(description: "\(store): the store does not exist")
        }
        guard isDirectory.boolValue, let names = try? FileManager.default.contentsOfDirectory(atPath: store) else {
            throw ScanFailure(description: "\(store): not a snapshot store (a folder of <timestamp>/ snapshots)")
        }
        // A snapshot given as a store: its account folders are not timestamps, and nothing would be audited.
        if names.contains(where: SnapshotLayout.isAccountId) || names.contains(SnapshotLayout.manifestName) {
            throw ScanFailure(description:
                "\(store) is a snapshot, not a store: scan it as `hubaudit scan \(store)` (--store takes a folder of <timestamp>/ snapshots)")
        }
        var stamps: [(SnapshotLayout.StoreStamp, String)] = []
        var notes: [String] = []
        // The reader's own listing (lstat: a link is never taken for a snapshot folder).
        for entry in SnapshotFolders.entries(store) where entry.name != "latest" {
            guard let stamp = SnapshotLayout.StoreStamp(entry.name), entry.kind == .folder else {
                notes.append("note: \(terminal: "\(store)/\(entry.name)"): not a snapshot of the store (expected a folder named like "
                    + "2026-11-23T020000Z); ignored")
                continue
            }
            stamps.append((stamp, entry.name))
        }
        return (stamps.sorted { $0.0 < $1.0 }.map(\.1), notes)
    }

    /// Audits the newest snapshot of a store: reports under `<reports>/<timestamp>/` (report.json,
    /// review.md), the previous snapshot's report as the baseline. When that report does not exist
    /// yet (the first nightly run), the previous snapshot is audited first to make it.
    public static func scan(store: String, reports: String, base: ScanRequest) -> (ScanOutcome, notes: [String]) {
        let all: [String]
        var notes: [String] = []
        do {
            (all, notes) = try snapshots(in: store)
            guard !all.isEmpty else { throw ScanFailure(description: "\(store): the store holds no snapshot") }
        } catch {
            return (ScanOutcome(exitCode: 2, summary: "", diagnostics: ["error: \(terminal: error)"]), notes)
        }
        func request(for stamp: String, baseline: String?) -> ScanRequest {
            var request = base
            request.snapshotPath = "\(store)/\(stamp)"
            request.jsonPath = base.jsonPath ?? "\(reports)/\(stamp)/report.json"
            request.markdownPath = base.markdownPath ?? "\(reports)/\(stamp)/review.md"
            request.baselinePath = base.baselinePath ?? baseline
            return request
        }
        var baseline: String?
        if all.count > 1 {
            let previous = all[all.count - 2]
            let path = "\(reports)/\(previous)/report.json"
            if !FileManager.default.fileExists(atPath: path) {
                notes.append("no report of the previous snapshot \(terminal: previous): auditing it first for the baseline")
                var first = request(for: previous, baseline: nil)
                (first.jsonPath, first.markdownPath) = (path, "\(reports)/\(previous)/review.md")
                first.console = nil  // the user asked about the newest snapshot: its summary alone
                let outcome = Scan.run(first)
                if outcome.json == nil { notes += outcome.diagnostics }
            }
            if FileManager.default.fileExists(atPath: path) { baseline = path }
        }
        let newest = request(for: all[all.count - 1], baseline: baseline)
        notes.append("scanning \(terminal: newest.snapshotPath)" + (newest.baselinePath.map { ", baseline \(terminal: $0)" } ?? ", no baseline"))
        // With a console the scan prints as it goes: the notes come before it, as they belong.
        if let console = base.console {
            notes.forEach(console.diagnostic)
            notes = []
        }
        return (Scan.run(newest), notes)
    }
}

/// `hubaudit diff OLD.json NEW.json`: the same comparison the nightly report opens with.
public enum Diff {
    public static func run(old: String, new: String) -> (exitCode: Int32, output: String, diagnostics: [String]) {
        do {
            let before = try BaselineReport.load(path: old)
            let after = try BaselineReport.load(path: new)
            let comparison = BaselineComparison(baseline: before, current: after.findings.map(\.fingerprint))
            let text = ChangeReport.render(comparison, current: after.findings)
            // Exit 1 when something new appeared that no waiver covers: a nightly job can alert on it.
            let newUnwaived = after.findings.filter { comparison.new.contains($0.fingerprint) && $0.waiver == nil }
            return (newUnwaived.isEmpty ? 0 : 1, text, [])
        } catch {
            return (2, "", ["error: \(error)"])
        }
    }
}
