import Foundation

/// What every test target shares: the repository's own paths, temporary folders, and whether the
/// Python packages some tests use are there. A library target beside the tests (not a test
/// target), so there is one copy of each helper instead of one per target.
public enum Repository {
    /// `<repo>/Tests/HubTestSupport/TestSupport.swift` → up three levels.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The recorded responses the tests read (provenance in its README).
    public static let samples = root.appendingPathComponent("Tests/Fixtures/samples")
    public static let examples = root.appendingPathComponent("examples")
}

/// A new, empty, uniquely named folder under the system's temporary folder; `label` says which
/// tests made it (`hubaudit-<label>-<uuid>`), for anyone who finds one left behind.
public func temporaryFolder(_ label: String = "test") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hubaudit-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The Python packages some tests use (the SARIF schema, the JUnit reader, moto): without them those
/// tests are skipped, naming the install command; CI sets HUBAUDIT_REQUIRE_PYTHON=1, so there a
/// missing package fails the test instead and the check is never silently lost.
public enum PythonPackages {
    public static let install = "python3 -m pip install -r Tests/requirements.txt"

    /// CI's switch: a missing package is a failure, not a skip.
    public static var areRequired: Bool { ProcessInfo.processInfo.environment["HUBAUDIT_REQUIRE_PYTHON"] == "1" }

    /// Whether `python3` imports every one of `modules`.
    public static func canImport(_ modules: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", modules.map { "import \($0)" }.joined(separator: "; ")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Usable here, or required (then the test runs and fails loudly when they are missing).
    public static func usable(_ modules: [String]) -> Bool { areRequired || canImport(modules) }
}

/// A deterministic generator (SplitMix64) for property tests: the same values on every run, so a
/// failing input can be found again.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
