import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HubAWS

// URLSession (FoundationNetworking on Linux), the product's transport before AsyncHTTPClient, kept
// here only so collect_bench.py can still measure the two side by side (Benchmarks/README.md
// "Transports side by side"). Its URLErrors are mapped as the product's retry policy mapped them.

/// Foundation's URLSession (FoundationNetworking on Linux), with a timeout on every request.
final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    /// A second session whose delegate streams bodies (StreamRouter, below).
    let streamingSession: URLSession
    let router = StreamRouter()

    /// `timeout`: seconds a request may wait for data before it fails (and is retried).
    /// `connectionsPerHost`: connections kept open to one endpoint. Every account of a region calls
    /// the same host (`ec2.<region>.amazonaws.com`), so this, not the collector's concurrency, would
    /// bound the requests in flight there: give it the concurrency.
    init(timeout: TimeInterval = 30, connectionsPerHost: Int = 8) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 4
        configuration.httpMaximumConnectionsPerHost = max(1, connectionsPerHost)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
        streamingSession = URLSession(configuration: configuration, delegate: router, delegateQueue: nil)
    }

    func post(_ url: URL, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResponse {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(body)
        let (data, response) = try await mapped { try await session.data(for: request) }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return HTTPResponse(status: status, body: [UInt8](data))
    }
}

/// A URLError as the retry policy knows it: a timeout, or a network failure (both retried).
func mapped<T>(_ call: () async throws -> T) async throws -> T {
    do {
        return try await call()
    } catch let error as URLError where error.code == .timedOut {
        throw AWSCallError(code: "Timeout", message: "no answer within the request timeout")
    } catch let error as URLError {
        throw AWSCallError(code: "NetworkError", message: error.localizedDescription)
    }
}

extension URLSessionTransport: StreamingHTTPTransport {
    func post(_ url: URL, headers: [(String, String)], body: [UInt8], streamingTo sink: BodySink) async throws -> HTTPResponse {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(body)
        let task = streamingSession.dataTask(with: request)
        return try await mapped {
            try await withCheckedThrowingContinuation { continuation in
                router.register(task.taskIdentifier, StreamState(sink: sink, continuation: continuation))
                task.resume()
            }
        }
    }
}

/// One streaming request in flight: where its body goes and whom to tell when it ends.
final class StreamState: @unchecked Sendable {
    let sink: BodySink
    let continuation: CheckedContinuation<HTTPResponse, Error>
    var status = 0
    var errorBody: [UInt8] = []
    var failure: Error?

    init(sink: BodySink, continuation: CheckedContinuation<HTTPResponse, Error>) {
        self.sink = sink
        self.continuation = continuation
    }
}

/// URLSession's delegate for streaming requests, routing callbacks to each task's state.
final class StreamRouter: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private var states: [Int: StreamState] = [:]
    private let lock = NSLock()

    func register(_ id: Int, _ state: StreamState) {
        lock.lock()
        states[id] = state
        lock.unlock()
    }

    private func state(_ id: Int, remove: Bool = false) -> StreamState? {
        lock.lock()
        defer { lock.unlock() }
        return remove ? states.removeValue(forKey: id) : states[id]
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        guard let state = state(dataTask.taskIdentifier) else { return completionHandler(.cancel) }
        state.status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if (200..<300).contains(state.status) {
            do { try state.sink.begin() } catch { state.failure = error }
        }
        completionHandler(state.failure == nil ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let state = state(dataTask.taskIdentifier), state.failure == nil else { return }
        if (200..<300).contains(state.status) {
            do {
                try data.withUnsafeBytes { try state.sink.consume($0) }
            } catch {
                state.failure = error
                dataTask.cancel()
            }
        } else {
            state.errorBody.append(contentsOf: data)
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        guard let state = state(task.taskIdentifier, remove: true) else { return }
        if let failure = state.failure { return state.continuation.resume(throwing: failure) }
        if let error { return state.continuation.resume(throwing: error) }
        if (200..<300).contains(state.status) {
            do { try state.sink.end() } catch { return state.continuation.resume(throwing: error) }
        }
        state.continuation.resume(returning: HTTPResponse(status: state.status, body: state.errorBody))
    }
}
