import Foundation

/// Capped exponential backoff with full jitter (the AWS SDKs' standard mode).
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval

    public init(maxAttempts: Int = 5, baseDelay: TimeInterval = 0.2, maxDelay: TimeInterval = 20) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1): random in [0, min(cap, base·2^(attempt-1))].
    public func delay(after attempt: Int) -> TimeInterval {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return Double.random(in: 0...ceiling)
    }
}

extension RetryPolicy {
    /// Sends with `send` until an answer is 2xx (its body), or fails for good: a client error such
    /// as access denied at once, throttling and transient failures (`AWSCallError.isRetryable`) after
    /// the attempts run out. `failure` reads a non-2xx answer's error in the protocol's own way (the
    /// Query protocol's XML, REST-JSON's `__type`). Each attempt is signed anew by `send`, and
    /// waits for `pacer`'s permit; a throttled answer empties the pacer's bucket.
    public func run(pacer: RequestPacer? = nil, onRetry: @Sendable (AWSCallError) -> Void,
                    failure describe: (HTTPResponse) -> AWSCallError,
                    _ send: () async throws -> HTTPResponse) async throws -> [UInt8] {
        var attempt = 0
        while true {
            attempt += 1
            await pacer?.permit()
            let failure: AWSCallError
            do {
                let response = try await send()
                if (200..<300).contains(response.status) { return response.body }
                failure = describe(response)
            } catch let error as AWSCallError {
                failure = error
            }
            guard failure.isRetryable, attempt < maxAttempts else {
                var final = failure
                if attempt > 1 { final.message += " (after \(attempt) attempts)" }
                throw final
            }
            if failure.isThrottling { await pacer?.throttled() }
            onRetry(failure)
            try await Task.sleep(nanoseconds: UInt64(delay(after: attempt) * 1_000_000_000))
        }
    }
}
