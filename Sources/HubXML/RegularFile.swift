#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens input files that may be hostile without ever blocking or leaving the path given: only a
/// regular file is opened, never through a symbolic link (`O_NOFOLLOW`), never waiting on a FIFO
/// or device (`lstat` first, `O_NONBLOCK`, then `fstat` of the descriptor to confirm what was
/// opened), and never larger than a cap.
public enum RegularFile {
    /// Why a file was not opened, worded to follow its name: "is a symbolic link (not followed)".
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var reason: String
        /// The file does not exist at all (not a dangling link): for callers to whom absence is normal.
        public var isAbsent: Bool
        public var description: String { reason }
    }

    /// An open descriptor of a regular file at most `maxBytes` long; the caller closes it.
    public static func openForReading(_ path: String, maxBytes: Int) throws(Refusal) -> (descriptor: Int32, size: Int) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            let code = errno
            throw Refusal(reason: code == ENOENT ? "does not exist" : "cannot be examined (\(describe(code)))",
                          isAbsent: code == ENOENT)
        }
        try check(status, maxBytes: maxBytes)
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw Refusal(reason: code == ELOOP ? "is a symbolic link (not followed)" : "cannot be opened (\(describe(code)))",
                          isAbsent: false)
        }
        // The path may have changed between lstat and open: judge what was actually opened.
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            throw Refusal(reason: "cannot be examined", isAbsent: false)
        }
        do { try check(status, maxBytes: maxBytes) } catch {
            close(descriptor)
            throw error
        }
        return (descriptor, Int(status.st_size))
    }

    /// The whole content of a small regular file (a manifest): at most `maxBytes`.
    public static func contents(_ path: String, maxBytes: Int) throws(Refusal) -> [UInt8] {
        let (descriptor, size) = try openForReading(path, maxBytes: maxBytes)
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: size)
        var count = 0
        while count < size {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, size - count) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw Refusal(reason: "cannot be read (\(describe(errno)))", isAbsent: false) }
            if got == 0 { break } // Shrank while read: take what is there; the parser judges it.
            count += got
        }
        return Array(bytes[0..<count])
    }

    private static func check(_ status: stat, maxBytes: Int) throws(Refusal) {
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: throw Refusal(reason: "is a symbolic link (not followed)", isAbsent: false)
        case S_IFDIR: throw Refusal(reason: "is a folder, not a file", isAbsent: false)
        case S_IFIFO: throw Refusal(reason: "is a FIFO, not a regular file", isAbsent: false)
        case S_IFCHR, S_IFBLK: throw Refusal(reason: "is a device, not a regular file", isAbsent: false)
        case S_IFSOCK: throw Refusal(reason: "is a socket, not a regular file", isAbsent: false)
        default: throw Refusal(reason: "is not a regular file", isAbsent: false)
        }
        if Int(status.st_size) > maxBytes {
            throw Refusal(reason: "is \(Int(status.st_size)) bytes, more than the \(maxBytes >> 20) MiB a file may have",
                          isAbsent: false)
        }
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
