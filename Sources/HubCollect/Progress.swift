import Foundation

/// Counts what collection does; on a terminal, redraws one status line on stderr twice a second
/// (accounts done/total, calls, retries, failures, elapsed, estimated time left).
public actor CollectProgress {
    public struct Counters: Sendable {
        public var accounts = 0
        public var accountsDone = 0
        public var calls = 0
        public var retries = 0
        public var failures = 0
    }

    public private(set) var counters = Counters()
    private let interactive: Bool
    private var started = Date()
    private var ticker: Task<Void, Never>?
    /// Set by finish(): a cancelled ticker may still wake once, and must not draw after the summary.
    private var finished = false

    /// `interactive`: draw the status line (default: when stderr is a terminal).
    public init(interactive: Bool = isatty(STDERR_FILENO) == 1) {
        self.interactive = interactive
    }

    public func start(accounts: Int) {
        counters.accounts = accounts
        started = Date()
        guard interactive, ticker == nil else { return }
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 500_000_000)
                await self?.draw()
            }
        }
    }

    public func call() { counters.calls += 1 }
    public func retried() { counters.retries += 1 }
    public func failed(_ count: Int) { counters.failures += count }
    public func accountDone() { counters.accountsDone += 1 }

    /// Stops the status line; the caller prints the summary.
    public func finish() {
        finished = true
        ticker?.cancel()
        ticker = nil
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    private func draw() {
        guard !finished else { return }
        let elapsed = Date().timeIntervalSince(started)
        var line = "collecting: accounts \(counters.accountsDone)/\(counters.accounts) · \(counters.calls) calls · "
            + "\(counters.retries) retries · \(counters.failures) failures · \(Int(elapsed))s"
        if counters.accountsDone > 0 && counters.accountsDone < counters.accounts {
            let left = elapsed / Double(counters.accountsDone) * Double(counters.accounts - counters.accountsDone)
            line += " · ~\(Int(left.rounded(.up)))s left"
        }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    }
}
