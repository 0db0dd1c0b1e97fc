import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket on 127.0.0.1 bound to a free port: not listening (a connection to it is refused),
/// listening and never accepting (no answer ever comes), or answering one request as a script says.
public final class LoopbackSocket: @unchecked Sendable {
    public let descriptor: Int32
    public let port: Int

    public init(listening: Bool) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound, !listening || listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Accepts one connection, reads its first bytes, answers `reply`, and returns what it read.
    public func answerOnce(_ reply: String) -> String {
        // Waits 10 s at most (SO_RCVTIMEO bounds accept too): a test never hangs on a client that never came.
        var wait = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        let connection = accept(descriptor, nil, nil)
        defer { close(connection) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(connection, &buffer, buffer.count, 0)
        _ = reply.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        return String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
    }

    deinit { close(descriptor) }
}

