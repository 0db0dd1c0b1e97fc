import Foundation

/// Where `scan` may write: checked before anything is read, as usage errors (exit 64). Two reports
/// to one file would leave only the last; a report inside the snapshot (or store) being read
/// becomes part of the next audit's input; a folder is not a file.
public enum ReportPaths {
    /// One report option and the path given to it.
    public struct Output: Sendable {
        public var option: String
        public var path: String
        public init(_ option: String, _ path: String) {
            self.option = option
            self.path = path
        }
    }

    /// The first usage problem of a scan's paths, or nil when they are fine.
    public static func usageError(snapshot: String?, store: String?, reports: String?, outputs: [Output]) -> String? {
        let toStdout = outputs.filter { $0.path == "-" }
        if toStdout.count > 1 {
            return "only one report can go to stdout ('-'): \(toStdout.map(\.option).joined(separator: " and ")) both ask for it"
        }
        if reports != nil && store == nil { return "--reports goes with --store (the reports of a store's snapshots)" }
        if store != nil && reports == nil {
            return "--store needs --reports DIR: where the reports of its snapshots go (outside the store)"
        }
        let files = outputs.filter { $0.path != "-" }
        for output in files where isFolder(output.path) {
            return "\(output.option) \(output.path) is a folder: give the path of the report file"
        }
        var seen: [String: Output] = [:]
        for output in files {
            let path = resolved(output.path)
            if let earlier = seen[path], !isDevice(path) {
                return "\(earlier.option) and \(output.option) both write to \(output.path): give each report its own file"
            }
            seen[path] = output
        }
        var inputs: [(String, String)] = []
        if let snapshot { inputs.append(("the snapshot", snapshot)) }
        if let store { inputs.append(("the store", store)) }
        for (what, input) in inputs {
            let inside = resolved(input)
            for output in files + (reports.map { [Output("--reports", $0)] } ?? [])
            where contains(inside, resolved(output.path)) {
                return "\(output.option) \(output.path) is inside \(what) being read (\(input)): write reports elsewhere"
            }
        }
        return nil
    }

    /// The absolute path with every link resolved, for the part that exists: two spellings of one
    /// file (`r.out`, `./x/../r.out`, a linked folder) compare equal.
    static func resolved(_ path: String) -> String {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: url.path) && url.path != "/" {
            missing.insert(url.lastPathComponent, at: 0)
            url.deleteLastPathComponent()
        }
        var base = url.path
        if let real = realpath(url.path, nil) {
            base = String(cString: real)
            free(real)
        }
        return ([base == "/" ? "" : base] + missing).joined(separator: "/")
    }

    private static func contains(_ folder: String, _ path: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// `/dev/null` (or another device) may take several reports: nothing is kept to overwrite.
    private static func isDevice(_ path: String) -> Bool {
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        return type == .typeCharacterSpecial || type == .typeBlockSpecial
    }
}
