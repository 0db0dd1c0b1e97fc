import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where a successful response's body goes as it arrives: chunk by chunk, so a large page is
/// parsed and saved without being held in memory. `begin` is called before every attempt
/// (a retry starts over); `end` after the last chunk of a successful attempt.
public protocol BodySink: AnyObject, Sendable {
    func begin() throws
    func consume(_ chunk: UnsafeRawBufferPointer) throws
    func end() throws
}

/// A transport that can hand a 2xx body to a sink while it streams; error bodies (small) are
/// still returned whole, for their error code.
public protocol StreamingHTTPTransport: HTTPTransport {
    func post(_ url: URL, headers: [(String, String)], body: [UInt8], streamingTo sink: BodySink) async throws -> HTTPResponse
}

extension URLSessionTransport: StreamingHTTPTransport {
    public func post(_ url: URL, headers: [(String, String)], body: [UInt8], streamingTo sink: BodySink) async throws -> HTTPResponse {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(body)
        let task = streamingSession.dataTask(with: request)
        return try await withCheckedThrowingContinuation { continuation in
            router.register(task.taskIdentifier, StreamState(sink: sink, continuation: continuation))
            task.resume()
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
