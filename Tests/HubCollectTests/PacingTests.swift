import Foundation
import Testing
import HubAWS
import HubModel
@testable import HubCollect

/// EC2 meters calls per account and region with a token bucket; a collector that paces each
/// account and region under its refill rate is never throttled, where one that relies on retries is
/// throttled and, once its attempts run out, loses input.
struct PacingTests {
    /// The server's side: EC2's bucket, in miniature (`capacity` tokens, `refill` a second).
    final class ServerBucket: @unchecked Sendable {
        private let lock = NSLock()
        private let capacity: Double
        private let refill: Double
        private var tokens: Double
        private var stamp = Date()
        private(set) var throttled = 0

        init(capacity: Double, refill: Double) {
            self.capacity = capacity
            self.refill = refill
            tokens = capacity
        }

        func take() -> Bool {
            lock.lock()
            defer { lock.unlock() }
            let now = Date()
            tokens = min(capacity, tokens + now.timeIntervalSince(stamp) * refill)
            stamp = now
            guard tokens >= 1 else {
                throttled += 1
                return false
            }
            tokens -= 1
            return true
        }
    }

    static let throttledAnswer = HTTPResponse(status: 503, body: Array(
        "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors></Response>".utf8))

    /// One account and region whose 60 prefix lists each need a call of their own: about 80 calls,
    /// against a bucket of 10 refilled at 100 a second.
    static func collect(pacing: PacingPolicy?, attempts: Int) async throws -> (summary: CollectSummary, bucket: ServerBucket) {
        let bucket = ServerBucket(capacity: 10, refill: 100)
        let lists = (0..<60).map { "<item><prefixListId>pl-\(String($0, radix: 16))</prefixListId></item>" }.joined()
        let transport = ScriptedTransport { action, _ in
            if action == "AssumeRole" || action == "GetCallerIdentity" { return nil }
            guard bucket.take() else { return PacingTests.throttledAnswer }
            guard action == "DescribeManagedPrefixLists" else { return nil }
            return ScriptedTransport.ok("<DescribeManagedPrefixListsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                + "<prefixListSet>\(lists)</prefixListSet></DescribeManagedPrefixListsResponse>")
        }
        var request = CollectorTests.request([AccountTarget(id: CollectorTests.account)], store: try temporaryFolder() + "/store")
        request.retry = RetryPolicy(maxAttempts: attempts, baseDelay: 0.001, maxDelay: 0.002)
        request.pacing = pacing
        let summary = try await Collector.run(request, base: CollectorTests.base, transport: transport,
                                              progress: CollectProgress(interactive: false))
        return (summary, bucket)
    }

    /// With margins like the default's (the rate below the refill, the burst half the bucket): calls
    /// reach the server later than the pacer lets them go, and not in the same order.
    @Test func pacedUnderTheRefillRateNoCallIsThrottled() async throws {
        let (summary, bucket) = try await Self.collect(pacing: PacingPolicy(perSecond: 60, burst: 5), attempts: 1)
        #expect(bucket.throttled == 0)
        #expect(summary.failures.isEmpty)
        #expect(summary.calls > 70)
    }

    @Test func withoutPacingTheSameCollectionIsThrottledAndLosesCalls() async throws {
        let (summary, bucket) = try await Self.collect(pacing: nil, attempts: 2)
        #expect(bucket.throttled > 0)
        #expect(summary.failures.contains { $0.code == "RequestLimitExceeded" })
    }

    /// A throttled answer (the bucket is shared with the account's other callers) spends the
    /// client's tokens: the next call waits for the refill instead of meeting the same answer.
    @Test func aThrottledAnswerMakesTheNextCallWait() async {
        let pacer = RequestPacer(PacingPolicy(perSecond: 20, burst: 5))
        await pacer.permit()
        await pacer.throttled()
        let clock = ContinuousClock()
        let waited = await clock.measure { await pacer.permit() }
        #expect(waited >= .milliseconds(45))
    }
}
