import Foundation
import HubTestSupport
import Testing

/// Paths the end-to-end tests share.
enum Repo {
    static let root = Repository.root

    static func path(_ relative: String) -> String { Repository.path(relative) }

    /// The built `hubaudit` executable, next to the test bundle in the build folder.
    static var executable: URL {
        let candidates = [Bundle.main.bundleURL] + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        for folder in candidates {
            let url = folder.appendingPathComponent("hubaudit")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return root.appendingPathComponent(".build/debug/hubaudit")
    }

    static func temporaryFolder() throws -> URL { try HubTestSupport.temporaryFolder("audit") }
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built executable from the repository root, as a user would. `environment` entries
/// are added to (or replace) the test's own environment.
func runHubaudit(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = Repo.executable
    process.arguments = arguments
    process.currentDirectoryURL = Repo.root
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
}

/// Golden-file comparison in the manner of swift-argument-parser's `assertSnapshot`: set
/// HUBAUDIT_RECORD=1 to rewrite the file; on mismatch, the first differing lines are shown.
func assertMatchesGolden(_ actual: String, path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    if ProcessInfo.processInfo.environment["HUBAUDIT_RECORD"] == "1" {
        try actual.write(toFile: path, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
        Issue.record("missing golden file \(path): run with HUBAUDIT_RECORD=1", sourceLocation: sourceLocation)
        return
    }
    guard actual != expected else { return }
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let first = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
    let context = (first..<min(first + 5, max(a.count, e.count))).map { index in
        "line \(index + 1)\n  expected: \(index < e.count ? String(e[index]) : "<end>")\n  actual:   \(index < a.count ? String(a[index]) : "<end>")"
    }.joined(separator: "\n")
    Issue.record("\(path) differs from a fresh run (HUBAUDIT_RECORD=1 re-records):\n\(context)", sourceLocation: sourceLocation)
}

/// Runs a Python service on 127.0.0.1 (`examples/record_examples.py --serve`, `Tests/Stubs/ec2_stub.py`)
/// that prints `READY <endpoint>` and serves until its standard input closes; `body` gets the
/// endpoint, and the service (moto included) is stopped when it returns.
func withLoopbackService<T>(_ arguments: [String], _ body: (String) throws -> T) throws -> T {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
    var text = ""
    while !text.contains("\n") {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        text += String(decoding: chunk, as: UTF8.self)
    }
    guard let line = text.split(separator: "\n").first, line.hasPrefix("READY ") else {
        throw ServiceFailure(description: "\(arguments.first ?? "the service") did not start (python3 with moto[server]?): \(text)")
    }
    return try body(String(line.dropFirst("READY ".count)))
}

/// moto runs outside Swift: without it the end-to-end collect suite is skipped, naming the install
/// command; in CI (HUBAUDIT_REQUIRE_PYTHON=1) a missing moto fails instead (`PythonPackages`).
enum Moto {
    static let isUsable = PythonPackages.usable(["moto.server", "boto3"])
    static let skipNote: Comment = "needs python3 with moto[server] and boto3: python3 -m pip install -r Tests/requirements.txt"
}

struct ServiceFailure: Error, CustomStringConvertible {
    var description: String
}

/// A copied snapshot's manifest as a collector that never made `action` would have left it: the
/// action gone from `actions`, and its calls gone from `failures`.
func removeFromManifest(_ action: String, in snapshot: URL) throws {
    let url = snapshot.appendingPathComponent("manifest.json")
    var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    manifest["actions"] = (manifest["actions"] as? [String] ?? []).filter { $0 != action }
    manifest["failures"] = (manifest["failures"] as? [[String: Any]] ?? []).filter {
        let failed = $0["action"] as? String ?? ""
        return failed != action && !failed.hasPrefix(action + ".")
    }
    try JSONSerialization.data(withJSONObject: manifest).write(to: url)
}
