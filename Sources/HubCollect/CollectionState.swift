import HubAWS
import HubSnapshot
import Synchronization

/// What the collection recorded for the manifest, shared by the concurrent tasks.
actor Recorder {
    struct State {
        var pages: [String: Int] = [:]
        var failures: [Manifest.Failure] = []
        var identities: [String: String] = [:]
    }

    private(set) var state = State()

    func pages(_ key: String, _ count: Int) { state.pages[key] = count }

    func identify(_ account: String, _ arn: String) { state.identities[account] = arn }

    func fail(_ account: String, _ region: String, _ action: String, _ error: AWSCallError) {
        state.failures.append(Manifest.Failure(account: account, region: region, action: action, code: error.code,
                                               message: error.message, httpStatus: error.httpStatus))
    }
}

/// At most `limit` bodies of work at once (requests overall, or per account).
actor Limiter {
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ limit: Int) { self.limit = max(1, limit) }

    func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    nonisolated func withPermit<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }
}

/// Items handed out one at a time, in order, to whichever worker asks next.
final class WorkQueue<Item: Sendable>: Sendable {
    private let state: Mutex<(items: [Item], next: Int)>

    init(_ items: [Item]) { state = Mutex((items, 0)) }

    func next() -> Item? {
        state.withLock { state in
            guard state.next < state.items.count else { return nil }
            defer { state.next += 1 }
            return state.items[state.next]
        }
    }
}
