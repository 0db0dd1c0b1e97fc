import Foundation
import HubReport

/// A report file written in pieces while it is rendered (`ReportStream`): a large organisation's
/// report is never whole in memory. A regular file is written atomically, as a temporary file beside
/// it renamed into place at the end, so a reader never sees half a report and a failed scan leaves
/// the previous one; anything else (`/dev/null`, a pipe) is written in place, which a rename would
/// replace with a file.
enum ReportFileWriter {
    /// Renders into `path` through `render`; throws a `ScanFailure` naming the path.
    static func write(to path: String, _ render: (ReportStream) -> Void) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ScanFailure(description: "\(path): cannot write the report: it is a folder")
        }
        do {
            let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
            if let type, type != .typeRegular, type != .typeSymbolicLink {
                try writeInPlace(path, render)
            } else {
                try writeAtomically(path, render)
            }
        } catch let failure as ScanFailure {
            throw failure
        } catch {
            throw ScanFailure(description: "\(path): cannot write the report (\(error.localizedDescription))")
        }
    }

    /// A text already rendered (the scan keeps it for its caller): the same file handling.
    static func write(_ text: String, to path: String) throws {
        try write(to: path) { $0.write(text) }
    }

    private static func writeInPlace(_ path: String, _ render: (ReportStream) -> Void) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXError(errno) }
        defer { close(descriptor) }
        try stream(into: descriptor, render)
    }

    private static func writeAtomically(_ path: String, _ render: (ReportStream) -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Beside the report (a rename does not cross file systems), hidden, and never an existing file.
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw POSIXError(errno) }
        var failure: (any Error)?
        do { try stream(into: descriptor, render) } catch { failure = error }
        if close(descriptor) != 0, failure == nil { failure = POSIXError(errno) }
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let error = POSIXError(errno)
            unlink(temporary)
            throw error
        }
    }

    private static func stream(into descriptor: Int32, _ render: (ReportStream) -> Void) throws {
        let stream = ReportStream { text in try writeAll(&text, to: descriptor) }
        render(stream)
        try stream.finish()
    }

    private static func writeAll(_ text: inout String, to descriptor: Int32) throws {
        try text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(errno)
                }
                offset += written
            }
        }
    }
}

extension POSIXError {
    init(_ code: Int32) {
        self.init(POSIXErrorCode(rawValue: code) ?? .EIO)
    }
}
