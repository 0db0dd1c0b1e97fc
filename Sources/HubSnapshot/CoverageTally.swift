import HubModel

/// The coverage stage of reading a snapshot: what was collected, failed, unreadable or missing for
/// every account, region and action, from the decoded files and the manifest's failures; and, for
/// prefix lists, each list's own entries call (the action's coverage cannot say which list lacks
/// its entries).
struct CoverageTally {
    private(set) var coverage = Coverage()
    private let scopes: Set<Scope>
    private var entriesByList: [String: [CIDR]] = [:]
    private var entriesStatusByList: [String: CollectionStatus] = [:]
    private var scopesWithLists = Set<Scope>()

    /// Starts from "missing" for every expected action (the manifest's, else every action hubaudit reads).
    init(scopes: Set<Scope>, expected: [Action]?) {
        self.scopes = scopes
        for scope in scopes {
            for action in expected ?? Action.allCases { coverage.set(.missing, scope: scope, action: action) }
        }
    }

    /// One decoded job: a call's pages (or one prefix list's entries, `list`).
    mutating func count(scope: Scope, action: Action, list: String?, files: [String],
                        result: Result<DecodedResponse, InputProblem>) {
        let status: CollectionStatus
        switch result {
        case .failure(let problem):
            status = .unreadable(file: problem.file, message: problem.message)
            coverage.set(status, scope: scope, action: action)
        case .success(let response) where response.isError:
            status = .failed(code: response.errorCode ?? "", message: response.errorMessage ?? "")
            coverage.set(status, scope: scope, action: action)
        case .success(let response):
            status = .collected(files: files)
            // Per-list jobs add their files to the action's; a failure of any one list wins.
            if case .collected(let earlier) = coverage.status(scope, action) {
                coverage.set(.collected(files: earlier + files), scope: scope, action: action)
            } else if !coverage.status(scope, action).isFailure {
                coverage.set(status, scope: scope, action: action)
            }
            if let list { entriesByList["\(scope)/\(list)"] = response.prefixListEntries }
            if !response.prefixLists.isEmpty { scopesWithLists.insert(scope) }
        }
        if let list { entriesStatusByList["\(scope)/\(list)"] = status }
    }

    /// The calls the manifest records as failed. `GetManagedPrefixListEntries.pl-0abc` names one
    /// list's call: it counts against the action and that list.
    mutating func count(failures: [Manifest.Failure]) {
        for failure in failures {
            let parts = failure.action.split(separator: ".", maxSplits: 1)
            guard let name = parts.first, let action = Action(rawValue: String(name)) else { continue }
            let scope = Scope(account: failure.account, region: failure.region)
            let status = CollectionStatus.failed(code: failure.code, message: failure.message ?? "")
            coverage.set(status, scope: scope, action: action)
            if action.isPerPrefixList, parts.count == 2 { entriesStatusByList["\(scope)/\(parts[1])"] = status }
        }
    }

    /// Prefix-list entries are one call per list: where the listing was collected and holds no
    /// list, there is nothing to miss.
    mutating func settleScopesWithoutPrefixLists() {
        for scope in scopes where coverage.status(scope, .getManagedPrefixListEntries) == .missing
            && coverage.status(scope, .describeManagedPrefixLists).isCollected && !scopesWithLists.contains(scope) {
            coverage.set(.collected(files: []), scope: scope, action: .getManagedPrefixListEntries)
        }
    }

    /// Each list's entries call status, and its entries when that call was collected.
    func attachEntries(to lists: inout [PrefixList]) {
        for index in lists.indices {
            let key = "\(lists[index].scope)/\(lists[index].id)"
            let status = entriesStatusByList[key] ?? .missing
            lists[index].entriesStatus = status
            lists[index].entries = status.isCollected ? entriesByList[key] : nil
        }
    }
}
