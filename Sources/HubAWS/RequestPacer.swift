import Foundation

/// How fast one account and region may be called: a token bucket on the client's side. EC2 meters
/// Describe* calls per account and region with a bucket of its own (100 tokens, 20 refilled a
/// second); a collector that stays under the refill rate is never throttled, where one that relies
/// on retries turns a large account into a storm of RequestLimitExceeded and, at the end of its
/// attempts, into failed calls — input the audit then lacks.
public struct PacingPolicy: Sendable, Equatable {
    /// Calls a second, sustained.
    public var perSecond: Double
    /// Calls that may go at once before the rate applies.
    public var burst: Int

    /// 15 a second with a burst of 50: three quarters of EC2's refill rate and half its bucket, which
    /// leaves room for the account's other callers (consoles, pipelines) in the same bucket.
    public init(perSecond: Double = 15, burst: Int = 50) {
        self.perSecond = perSecond
        self.burst = burst
    }
}

/// The bucket of one account and region, shared by every call made there.
public actor RequestPacer {
    private let policy: PacingPolicy
    private var tokens: Double
    private var stamp: ContinuousClock.Instant

    public init(_ policy: PacingPolicy) {
        self.policy = policy
        tokens = Double(policy.burst)
        stamp = .now
    }

    /// Waits until a call may go, and takes its token.
    public func permit() async {
        while true {
            refill()
            if tokens >= 1 {
                tokens -= 1
                return
            }
            let wait = (1 - tokens) / policy.perSecond
            try? await Task.sleep(for: .seconds(wait))
        }
    }

    /// The server throttled anyway (its bucket is shared with other callers): spend what is left,
    /// so the calls that follow wait for the refill instead of meeting the same answer.
    public func throttled() {
        refill()
        tokens = min(tokens, 0)
    }

    private func refill() {
        let now = ContinuousClock.now
        let elapsed = stamp.duration(to: now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(Double(policy.burst), tokens + seconds * policy.perSecond)
        stamp = now
    }
}
