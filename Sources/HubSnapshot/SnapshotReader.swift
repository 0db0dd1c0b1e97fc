import Foundation
import HubModel
import HubXML

/// Reads a snapshot folder `<snapshot>/<account>/<region>/<Action>[.N].xml` (with an optional
/// `manifest.json`) into a `Snapshot`. A bad file never stops the read: it becomes an
/// `InputProblem` and the action it held is marked unreadable for that account and region,
/// so the rules that needed it report "not evaluated" there and nowhere else.
public enum SnapshotReader {
    /// Why a path is not read at all: one clear error instead of a report in which nothing was evaluated.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case doesNotExist(path: String)
        case notAFolder(path: String)
        /// A folder without any `<account>/<region>/` responses or manifest, and what it looks like.
        case notASnapshot(path: String, looksLike: SnapshotLookalike)
        /// One shard of a sharded collection (`collect --shard`): a part of the accounts, which
        /// audited alone would pass for an audit of the whole set.
        case shard(path: String, label: String)
        /// A snapshot still being written in place (a `hubaudit merge` that stopped half way).
        case unfinished(path: String)

        public var description: String {
            switch self {
            case .doesNotExist(let path): return "\(path): does not exist"
            case .notAFolder(let path): return "\(path): not a folder (a snapshot is a folder of ACCOUNT/REGION/Describe*.xml)"
            case .notASnapshot(let path, let lookalike):
                let head = "\(path) is not a snapshot: expected ACCOUNT/REGION/Describe*.xml"
                switch lookalike {
                case .store: return "\(head); it is a store of dated snapshots: did you mean --store \(path) --reports DIR?"
                case .accountFolder: return "\(head); it looks like an account folder (REGION/…): give the snapshot folder that holds it"
                case .regionFolder: return "\(head); it looks like a region folder (Describe*.xml): give the snapshot folder two levels up"
                case .nothingKnown: return "\(head) (ACCOUNT: a 12-digit account id, REGION: a region name such as us-east-1)"
                }
            case .shard(let path, let label):
                return "\(path) is shard \(label) of a sharded collection, not a whole snapshot: merge the shards first "
                    + "(hubaudit merge OUT SHARD…) and scan OUT"
            case .unfinished(let path):
                return "\(path): an unfinished snapshot (its manifest says it was still being written): not read; merge again into an empty folder"
            }
        }
    }

    /// Reads the snapshot at `root`. Throws when `root` is not a snapshot at all (missing, not a
    /// folder, or without any `<account>/<region>/` responses or manifest): one clear error instead
    /// of a report in which nothing was evaluated.
    public static func read(_ root: String) throws -> Snapshot {
        try read(root, keeping: .whole, share: nil, visit: nil)
    }

    /// Reads the snapshot at `root` as `read` does, handing each batch of accounts and regions to
    /// `visit` as its files decode: the shared facts of every scope with the batch's own
    /// `ScopeResources` and the coverage of all (a `.batch` snapshot), and the batch's scopes. The
    /// snapshot returned keeps of the scope resources only their `sharedPart(reportedStale:)`
    /// (`.sharedFacts`): a scan runs the scope rules in `visit`, and the organisation's security-group
    /// rules, interfaces and ACLs are never all held at once. Batches come in scope order, one at a time.
    public static func read(_ root: String, visitingScopes visit: (Snapshot, [Scope]) -> Void) throws -> Snapshot {
        try read(root, sharingFacts: { _ in }, visitingScopes: visit)
    }

    /// As `read(_:visitingScopes:)`, handing first the shared facts alone (a `.factsAlone` snapshot:
    /// no scope resource, their coverage not settled) to `share`, as soon as they are read and
    /// before any batch: what needs nothing else can start while the batches decode.
    public static func read(_ root: String, sharingFacts share: (Snapshot) -> Void,
                            visitingScopes visit: (Snapshot, [Scope]) -> Void) throws -> Snapshot {
        try withoutActuallyEscaping(share) { share in
            try withoutActuallyEscaping(visit) { try read(root, keeping: .sharedFacts, share: share, visit: $0) }
        }
    }

    /// The stages: the shared facts of every scope first (the scope rules read them across
    /// accounts), then the scope resources batch by batch, each merged, checked and visited before
    /// the next is decoded.
    private static func read(_ root: String, keeping part: SnapshotPart, share: ((Snapshot) -> Void)?,
                             visit: ((Snapshot, [Scope]) -> Void)?) throws -> Snapshot {
        try checkIsFolder(root)
        var problems: [InputProblem] = []
        let manifest = Manifest.read(root: root, problems: &problems)
        try refusePartial(root, manifest)
        let folders = SnapshotFolders.find(root: root)
        problems += folders.problems
        var skipped = folders.skipped
        let scopes = auditedScopes(folders: folders.scopes, manifest: manifest)

        let jobs = planJobs(root: root, folders: folders.scopes, manifest: manifest, skipped: &skipped)
        // The collector writes a manifest even when every call failed: that is still a snapshot.
        if jobs.isEmpty && !hasManifestEntry(root) {
            throw Failure.notASnapshot(path: root, looksLike: .classify(root))
        }
        var state = ReadState(tally: CoverageTally(scopes: scopes, expected: manifest?.actions.map { $0.compactMap(Action.init(rawValue:)) }),
                              failures: manifest?.failures ?? [], problems: problems)
        let sharedJobs = jobs.filter { !ScopeResources.actions.contains($0.key.action) }
        var merged = state.decodeSharedFacts(sharedJobs, root: root)
        let owned = PlausibilityCheck.OwnedVpcs(merged, coverage: state.coverage)
        state.applyPlausibility(PlausibilityCheck.sharedFacts(merged, owned: owned, coverage: state.coverage), to: &merged)

        let info = AssemblyInfo(root: root, manifest: manifest, skipped: skipped, scopes: scopes)
        // The batches' snapshots take the coverage as it stands (`with`): this one holds none of its own.
        let shared = assemble(info, merged: merged, coverage: Coverage(), problems: state.problems)
        merged = DecodedResponse()  // the snapshot holds what it keeps of the responses now
        share?(shared.with(ScopeResources(), coverage: state.coverage, part: .factsAlone))
        var kept = ScopeResources()
        var firstSeen = FirstSeen()
        let reportedStale = shared.groupIdsReportedStale
        let batches = batches(of: jobs.filter { ScopeResources.actions.contains($0.key.action) }, scopes: scopes.sorted())
        var next = batches.first.map { PendingDecode($0.jobs, root: root) }
        for (index, batch) in batches.enumerated() {
            var resources = state.countScopeResources(batch.jobs, scopes: batch.scopes, results: next!.takeResults())
            state.applyPlausibility(PlausibilityCheck.scopeResources(resources, owned: owned, coverage: state.coverage,
                                                                     scopes: batch.scopes), to: &resources)
            let own = firstSeen.keepFirst(of: resources)
            // The next batch decodes while this one is judged: the parser and the rules share the cores.
            next = index + 1 < batches.count ? PendingDecode(batches[index + 1].jobs, root: root) : nil
            visit?(shared.with(own, coverage: state.coverage), batch.scopes)
            kept.append(part == .whole ? own : own.sharedPart(reportedStale: reportedStale))
        }
        return shared.with(kept, coverage: state.coverage, problems: sortedProblems(state.problems), part: part)
    }

    /// A shard, or a snapshot still being written, is not read at all: reported as it is, a part
    /// of the accounts would look like a complete audit of the organisation.
    private static func refusePartial(_ root: String, _ manifest: Manifest?) throws {
        if manifest?.unfinished != nil { throw Failure.unfinished(path: root) }
        if let shard = manifest?.shard { throw Failure.shard(path: root, label: shard.label) }
    }

    /// The scopes to audit: the folders on disk, plus any the manifest names (a missing folder means
    /// nothing was collected there), plus those of its failures (a region whose every call failed,
    /// OptInRequired, has no folder but belongs in the audit).
    private static func auditedScopes(folders: Set<Scope>, manifest: Manifest?) -> Set<Scope> {
        var scopes = folders
        for account in manifest?.accounts ?? [] {
            for region in account.regions { scopes.insert(Scope(account: account.id, region: region)) }
        }
        for failure in manifest?.failures ?? [] { scopes.insert(Scope(account: failure.account, region: failure.region)) }
        return scopes
    }

    /// What the read carries from stage to stage: the tally of every job counted so far, whose
    /// coverage is the snapshot's as it stands, and the problems. The manifest's failures and the
    /// scopes without per-resource calls are settled once the shared facts are counted; a batch's
    /// own failures are counted again after its jobs, so that, as in one count of everything, a
    /// failure the manifest records wins over what a file says.
    private struct ReadState {
        private var tally: CoverageTally
        let failures: [Manifest.Failure]
        var problems: [InputProblem]

        var coverage: Coverage { tally.coverage }

        init(tally: CoverageTally, failures: [Manifest.Failure], problems: [InputProblem]) {
            self.tally = tally
            self.failures = failures
            self.problems = problems
        }

        /// The shared facts of every scope, decoded side by side, counted, and merged where usable;
        /// the per-resource calls attached to their lists, tables and VPCs.
        mutating func decodeSharedFacts(_ jobs: [Job], root: String) -> DecodedResponse {
            var results = jobs.concurrentMap { decode($0, root: root) }
            count(jobs, results)
            tally.count(failures: failures)
            tally.settleScopesWithoutResources()
            var merged = mergeUsable(jobs, &results)
            tally.attachEntries(to: &merged.prefixLists)
            tally.attachRouteTableCalls(to: &merged.transitGatewayRouteTables)
            merged.staleGroupReports = tally.staleGroupReports()
            tally.attachVpcAttributes(to: &merged.vpcs)
            tally.releaseResponses()
            return merged
        }

        /// One batch's scope resources, decoded (`PendingDecode`), counted and merged where usable.
        mutating func countScopeResources(_ jobs: [Job], scopes: [Scope], results: [Result<DecodedResponse, InputProblem>])
            -> DecodedResponse {
            var results = results
            count(jobs, results)
            let batch = Set(scopes)
            tally.count(failures: failures.filter {
                batch.contains(Scope(account: $0.account, region: $0.region))
                    && $0.calledAction.map(ScopeResources.actions.contains) == true
            })
            return mergeUsable(jobs, &results)
        }

        private mutating func count(_ jobs: [Job], _ results: [Result<DecodedResponse, InputProblem>]) {
            for (job, result) in zip(jobs, results) {
                if case .failure(let problem) = result { problems.append(problem) }
                tally.count(scope: job.scope, action: job.key.action, resource: job.key.parameter,
                            files: job.files.map { "\(SnapshotLayout.folder(job.scope))/\($0.name)" }, result: result)
            }
        }

        /// Data from an action that is not fully collected is dropped: the rules treat it as unseen.
        /// Decided per job, once the job and the manifest's failures have been counted. Per-resource
        /// calls are attached to their lists and tables separately (`CoverageTally.attachEntries`,
        /// `.attachRouteTableCalls`). Each job's result is emptied once merged: the per-file arrays
        /// and the merged ones are not both held whole (at 5,000 accounts, 150,000 files).
        private func mergeUsable(_ jobs: [Job], _ results: inout [Result<DecodedResponse, InputProblem>]) -> DecodedResponse {
            var merged = DecodedResponse()
            for index in jobs.indices where jobs[index].key.parameter == nil {
                let job = jobs[index]
                guard case .success(let response) = results[index], !response.isError,
                      coverage.status(job.scope, job.key.action).isCollected else { continue }
                results[index] = .success(DecodedResponse())
                merged.append(response)
            }
            return merged
        }

        /// An implausible response (see `PlausibilityCheck`) is an input problem: its action becomes
        /// unreadable in that scope and its data is dropped, like any action not fully collected.
        mutating func applyPlausibility(_ violations: [PlausibilityCheck.Violation], to merged: inout DecodedResponse) {
            guard !violations.isEmpty else { return }
            for violation in violations {
                var file = "\(SnapshotLayout.folder(violation.scope))/\(violation.action.rawValue).xml"
                if case .collected(let files) = coverage.status(violation.scope, violation.action), let first = files.first { file = first }
                problems.append(InputProblem(file: file, message: violation.message))
                tally.mark(.unreadable(file: file, message: violation.message), scope: violation.scope, action: violation.action)
            }
            merged.removeAll(of: Set(violations.map { ScopedAction(scope: $0.scope, action: $0.action) }))
        }
    }

    /// Every audited scope with its scope resources' jobs, in batches of whole scopes in scope order
    /// (a scope without a response file too: its rules still say what they could not evaluate
    /// there): about 32 batches whatever the organisation's size, so that a batch's resources are a
    /// small part of the snapshot while the scope rules' fixed costs per run (lookups over the shared
    /// facts) are paid a bounded number of times.
    static func batches(of jobs: [Job], scopes: [Scope], count target: Int = 32) -> [(scopes: [Scope], jobs: [Job])] {
        let jobsByScope = Dictionary(grouping: jobs, by: \.scope)
        let size = max(1, (scopes.count + target - 1) / target)
        return stride(from: 0, to: scopes.count, by: size).map { start in
            let part = scopes[start..<min(start + size, scopes.count)]
            return (Array(part), part.flatMap { jobsByScope[$0] ?? [] })
        }
    }

    /// A batch's files decoding side by side on other threads while the caller goes on.
    private final class PendingDecode: @unchecked Sendable {
        private let done = DispatchGroup()
        // Written once before `done` is left, read only after it was waited for.
        private var decoded: [Result<DecodedResponse, InputProblem>] = []

        init(_ jobs: [Job], root: String) {
            done.enter()
            DispatchQueue.global().async { [self] in
                decoded = jobs.concurrentMap { decode($0, root: root) }
                done.leave()
            }
        }

        /// The results, handed over (not kept here: merging empties them one by one).
        func takeResults() -> [Result<DecodedResponse, InputProblem>] {
            done.wait()
            defer { decoded = [] }
            return decoded
        }
    }

    /// One resource per id across batches, the first seen, as `firstById` keeps it across the whole
    /// snapshot (the batches come in scope order, as the jobs do).
    private struct FirstSeen {
        var groups = Set<String>(), acls = Set<String>(), interfaces = Set<String>(), instances = Set<String>(), flowLogs = Set<String>()

        mutating func keepFirst(of data: DecodedResponse) -> ScopeResources {
            ScopeResources(securityGroups: data.securityGroups.filter { groups.insert($0.id).inserted },
                           networkAcls: data.networkAcls.filter { acls.insert($0.id).inserted },
                           interfaces: data.interfaces.filter { interfaces.insert($0.id).inserted },
                           instances: data.instances.filter { instances.insert($0.id).inserted },
                           flowLogs: data.flowLogs.filter { flowLogs.insert($0.id).inserted })
        }
    }

    private struct AssemblyInfo {
        var root: String
        var manifest: Manifest?
        var skipped: [String]
        var scopes: Set<Scope>
    }

    /// The shared facts as a snapshot: one resource per id, peerings reported by both sides merged,
    /// problems in file order.
    private static func assemble(_ info: AssemblyInfo, merged: DecodedResponse, coverage: Coverage,
                                 problems: [InputProblem]) -> Snapshot {
        var names: [String: String] = [:]
        for account in info.manifest?.accounts ?? [] { if let name = account.name { names[account.id] = name } }
        let manifest = info.manifest
        let metadata = SnapshotMetadata(path: info.root, takenAt: manifest?.takenAt, collector: manifest?.collector,
                                        accountNames: names, hasManifest: manifest != nil, skippedFiles: info.skipped.sorted())
        let vpcs = uniqueVpcs(merged.vpcs)
        let (subnets, routeTables) = IdentifierTable.sharingIds(vpcs: vpcs, subnets: firstById(merged.subnets) { $0.id },
                                                                routeTables: firstById(merged.routeTables) { $0.id })
        return Snapshot(
            metadata: metadata, scopes: info.scopes.sorted(),
            vpcs: vpcs, subnets: subnets, routeTables: routeTables,
            peerings: mergePeerings(merged.peerings),
            endpoints: firstById(merged.endpoints) { $0.id },
            prefixLists: merged.prefixLists,
            transitGateways: mergeTransitGateways(merged.transitGateways),
            transitGatewayAttachments: mergeAttachments(merged),
            transitGatewayRouteTables: firstById(merged.transitGatewayRouteTables) { $0.id },
            staleGroupReports: merged.staleGroupReports,
            coverage: coverage, problems: sortedProblems(problems))
    }

    /// Problems in file order.
    private static func sortedProblems(_ problems: [InputProblem]) -> [InputProblem] {
        problems.sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
    }

    /// `root` exists and is a folder (a link to one is fine: the root is where the user points).
    private static func checkIsFolder(_ root: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw Failure.doesNotExist(path: root)
        }
        guard isDirectory.boolValue else {
            throw Failure.notAFolder(path: root)
        }
    }

    private static func hasManifestEntry(_ root: String) -> Bool {
        var status = stat()
        return lstat("\(root)/\(SnapshotLayout.manifestName)", &status) == 0
    }

    /// One job per (scope, action, prefix list or route table): its pages are decoded in order, jobs in parallel.
    /// Only the folders found on disk are listed (never one the manifest names: those are checked
    /// names, but the folder may be a link).
    private static func planJobs(root: String, folders: Set<Scope>, manifest: Manifest?, skipped: inout [String]) -> [Job] {
        var jobs: [Job] = []
        for scope in folders.sorted() {
            let relative = SnapshotLayout.folder(scope)
            let folder = "\(root)/\(relative)"
            var groups: [JobKey: [(page: Int?, name: String)]] = [:]
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted() ?? [] where !name.hasPrefix(".") {
                guard let parsed = FileName(name) else {
                    skipped.append("\(relative)/\(name)")
                    continue
                }
                groups[JobKey(action: parsed.action, parameter: parsed.parameter), default: []].append((parsed.page, name))
            }
            for (key, files) in groups {
                // Per-resource calls are keyed like their files: `GetManagedPrefixListEntries.pl-0abc`.
                let call = SnapshotLayout.ResponseFile(action: key.action, parameter: key.parameter).call
                jobs.append(Job(scope: scope, key: key, folder: folder, files: files.sorted { ($0.page ?? 0) < ($1.page ?? 0) },
                                expectedPages: manifest?.pages?["\(relative)/\(call)"]))
            }
        }
        jobs.sort { ($0.scope, $0.key.action, $0.key.parameter ?? "") < ($1.scope, $1.key.action, $1.key.parameter ?? "") }
        return jobs
    }

    /// One VPC per id. The same id comes twice when pages repeat an item (a listing that changed while
    /// it was paged) or when a shared VPC is reported by its owner and by a participant account; the
    /// rules key VPCs by id (a duplicate crashed the overlap rule). The owner's report wins, else the first.
    static func uniqueVpcs(_ vpcs: [Vpc]) -> [Vpc] {
        var index: [String: Int] = [:]
        var result: [Vpc] = []
        for vpc in vpcs {
            guard let earlier = index[vpc.id] else {
                index[vpc.id] = result.count
                result.append(vpc)
                continue
            }
            if result[earlier].ownerId != result[earlier].scope.account && vpc.ownerId == vpc.scope.account {
                result[earlier] = vpc
            }
        }
        return result
    }

    /// One resource per id, the first seen (repeated items across pages, a shared subnet listed by
    /// its owner and a participant): otherwise the rules would judge it, and report it, twice.
    /// Prefix lists are per account (AWS-managed ids repeat across regions), so they are not merged.
    /// Without repeats (the usual case) the array itself, not a copy of it.
    static func firstById<T>(_ items: [T], _ id: (T) -> String) -> [T] {
        var seen = Set<String>()
        seen.reserveCapacity(items.count)
        guard let repeated = items.firstIndex(where: { !seen.insert(id($0)).inserted }) else { return items }
        return Array(items[..<repeated]) + items[(repeated + 1)...].filter { seen.insert(id($0)).inserted }
    }

    /// Both accounts of a cross-account peering report it: one object, the less live status wins
    /// (a side that sees it deleted is right), CIDR sets are taken from whichever side has them, and
    /// each side's DNS option from its owner's report when that holds one.
    static func mergePeerings(_ reports: [PeeringConnection]) -> [PeeringConnection] {
        var byId: [String: PeeringConnection] = [:]
        for report in reports {
            guard var existing = byId[report.id] else {
                byId[report.id] = report
                continue
            }
            let earlierReporters = existing.reportedBy
            existing.reportedBy = Array(Set(existing.reportedBy + report.reportedBy)).sorted()
            if liveness(report.statusCode) < liveness(existing.statusCode) {
                existing.statusCode = report.statusCode
                existing.statusMessage = report.statusMessage
            }
            if existing.requester.blocks.isEmpty { existing.requester.blocks = report.requester.blocks }
            if existing.accepter.blocks.isEmpty { existing.accepter.blocks = report.accepter.blocks }
            existing.requester.allowsDnsResolutionFromRemoteVpc = dnsOption(existing.requester, earlierReporters, report.requester, report.reportedBy)
            existing.accepter.allowsDnsResolutionFromRemoteVpc = dnsOption(existing.accepter, earlierReporters, report.accepter, report.reportedBy)
            existing.tags = Tags(existing.tags.pairs.merging(report.tags.pairs) { first, _ in first })
            byId[report.id] = existing
        }
        return byId.values.sorted { $0.id < $1.id }
    }

    /// A side's DNS option from two reports: the side's owner sets it and is the one AWS shows it
    /// to, so the owner's report wins; else whichever report holds a value.
    private static func dnsOption(_ existing: PeeringConnection.Side, _ existingReporters: [Scope],
                                  _ report: PeeringConnection.Side, _ reporters: [Scope]) -> Bool? {
        let owner = existing.ownerId
        if let value = report.allowsDnsResolutionFromRemoteVpc, reporters.contains(where: { $0.account == owner }),
           !existingReporters.contains(where: { $0.account == owner }) || existing.allowsDnsResolutionFromRemoteVpc == nil {
            return value
        }
        return existing.allowsDnsResolutionFromRemoteVpc ?? report.allowsDnsResolutionFromRemoteVpc
    }

    private static func liveness(_ code: String) -> Int {
        switch code {
        case "active": return 2
        case "initiating-request", "pending-acceptance", "provisioning": return 1
        default: return 0
        }
    }

    // MARK: - Files

    struct JobKey: Hashable {
        var action: Action
        var parameter: String?
    }

    struct Job: Sendable {
        var scope: Scope
        var key: JobKey
        var folder: String
        var files: [(page: Int?, name: String)]
        var expectedPages: Int?
    }

    /// The response file names: see `SnapshotLayout.ResponseFile`.
    typealias FileName = SnapshotLayout.ResponseFile

    /// Decodes a job's pages in order and checks that pagination is complete.
    private static func decode(_ job: Job, root: String) -> Result<DecodedResponse, InputProblem> {
        let relative = "\(job.scope.account)/\(job.scope.region)"
        let pages = job.files.sorted { ($0.page ?? 0) < ($1.page ?? 0) }
        let numbered = pages.compactMap(\.page)
        if numbered.count != pages.count && pages.count > 1 {
            return .failure(InputProblem(file: "\(relative)/\(pages[0].name)",
                                         message: "both an unnumbered and numbered pages of \(job.key.action.rawValue)"))
        }
        if !numbered.isEmpty, numbered != Array(1...numbered.count) {
            let missing = (1...(numbered.max() ?? 1)).first { !numbered.contains($0) } ?? 1
            return .failure(InputProblem(file: "\(relative)/\(pages[0].name)",
                                         message: "page \(missing) of \(job.key.action.rawValue) is missing"))
        }
        if let expected = job.expectedPages, expected != pages.count {
            return .failure(InputProblem(file: "\(relative)/\(pages.last!.name)",
                                         message: "the manifest records \(expected) pages, the snapshot has \(pages.count)"))
        }
        var combined = DecodedResponse()
        for (index, page) in pages.enumerated() {
            let name = "\(relative)/\(page.name)"
            do {
                let response = try ResponseReader.read(file: "\(job.folder)/\(page.name)", name: name, scope: job.scope)
                if response.isError { return .success(response) }
                if response.action != job.key.action {
                    return .failure(InputProblem(file: name, line: 1, message:
                        "the file holds a \(response.action?.rawValue ?? "?") response, but its name says \(job.key.action.rawValue)"))
                }
                // A VPC's call answers for that VPC only: a group of another VPC means the file is not what its name says.
                if job.key.action.isPerVpc, let vpc = job.key.parameter,
                   let stray = response.staleSecurityGroups.first(where: { $0.vpcId != vpc }) {
                    return .failure(InputProblem(file: name, message:
                        "lists \(quotedForMessage(stray.groupId)) of \(quotedForMessage(stray.vpcId)), but the file answers for \(vpc)"))
                }
                let isLast = index == pages.count - 1
                let hasToken = !(response.nextToken ?? "").isEmpty
                if isLast && hasToken {
                    return .failure(InputProblem(file: name, message:
                        "the last page has a nextToken: the collection was cut short (page \(pages.count + 1) is missing)"))
                }
                if !isLast && !hasToken {
                    return .failure(InputProblem(file: name, message:
                        "page \(index + 1) has no nextToken, yet page \(index + 2) exists: the pages do not belong together"))
                }
                if let parameter = job.key.parameter, let problem = attributeMismatch(response, parameter: parameter, file: name) {
                    return .failure(problem)
                }
                combined.action = response.action
                combined.append(response)
            } catch let problem as InputProblem {
                return .failure(problem)
            } catch {
                return .failure(InputProblem(file: name, message: String(describing: error)))
            }
        }
        return .success(combined)
    }
}

extension SnapshotReader {
    /// A DescribeVpcAttribute file must answer the VPC and attribute its name says: a file
    /// renamed or copied over another would otherwise lend its value to the wrong VPC.
    static func attributeMismatch(_ response: DecodedResponse, parameter: String, file: String) -> InputProblem? {
        guard let expected = SnapshotLayout.vpcAttribute(of: parameter), let answer = response.vpcAttribute else { return nil }
        guard answer.vpcId != expected.vpcId || answer.attribute != expected.attribute else { return nil }
        return InputProblem(file: file, message: "the file answers \(answer.attribute.rawValue) of \(quotedForMessage(answer.vpcId)), "
            + "but its name says \(expected.attribute.rawValue) of \(expected.vpcId)")
    }
}

extension DecodedResponse {
    mutating func append(_ other: DecodedResponse) {
        vpcs += other.vpcs
        subnets += other.subnets
        routeTables += other.routeTables
        peerings += other.peerings
        securityGroups += other.securityGroups
        flowLogs += other.flowLogs
        networkAcls += other.networkAcls
        endpoints += other.endpoints
        prefixLists += other.prefixLists
        prefixListEntries += other.prefixListEntries
        interfaces += other.interfaces
        instances += other.instances
        transitGateways += other.transitGateways
        transitGatewayAttachments += other.transitGatewayAttachments
        transitGatewayVpcAttachments += other.transitGatewayVpcAttachments
        transitGatewayPeerings += other.transitGatewayPeerings
        transitGatewayRouteTables += other.transitGatewayRouteTables
        transitGatewayRouteTableLinks += other.transitGatewayRouteTableLinks
        transitGatewayRoutes += other.transitGatewayRoutes
        staleSecurityGroups += other.staleSecurityGroups
        // Pages come in order, and the last one says whether routes remain (AWS now pages
        // SearchTransitGatewayRoutes with NextToken too, and says "more" on every page but the last).
        additionalRoutesAvailable = other.additionalRoutesAvailable
        vpcAttribute = other.vpcAttribute ?? vpcAttribute
    }
}

extension CollectionStatus {
    var isFailure: Bool {
        switch self {
        case .failed, .unreadable: return true
        default: return false
        }
    }
}

