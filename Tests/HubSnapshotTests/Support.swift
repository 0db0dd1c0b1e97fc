import Foundation
import HubTestSupport
import HubSnapshot
import HubModel
import HubXML
import Testing

/// The recorded responses under `Tests/Fixtures/samples` (provenance in its README) and the
/// example snapshots. A missing folder or file fails the test that needs it: never a silent skip.
enum Samples {
    static let folder = Repository.samples
    static let examples = Repository.examples

    static let hub = Scope(account: "123456789012", region: "us-east-1")
    static let acctB = Scope(account: "111111111111", region: "us-east-1")

    /// Absolute path of a sample (`DescribeVpcs.xml`, `botocore/ec2-describe-vpcs.xml`); fails when absent.
    static func path(_ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try #require(FileManager.default.fileExists(atPath: path), "sample \(path) does not exist")
        return path
    }

    static func read(_ name: String, scope: Scope = hub) throws -> DecodedResponse {
        try ResponseReader.read(file: try path(name), scope: scope)
    }

    /// The parse error a sample gives, or nil (recording an issue) when it decoded.
    static func error(_ name: String, scope: Scope = hub) throws -> InputProblem? {
        let path = try path(name)
        return #expect(throws: InputProblem.self) { try ResponseReader.read(file: path, scope: scope) }
    }
}

func cidr(_ text: String) -> CIDR {
    guard let value = CIDR(text) else { preconditionFailure("bad CIDR literal \(text)") }
    return value
}

/// A snapshot folder built in a temporary directory, removed when the value goes away.
final class SnapshotFolder {
    let root: URL

    init() throws {
        root = try temporaryFolder("snapshot")
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    private func folder(_ scope: Scope) throws -> URL {
        let url = root.appendingPathComponent(scope.account).appendingPathComponent(scope.region)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Copies a reference sample into `<account>/<region>/<name>`.
    func add(sample: String, as name: String, scope: Scope = Samples.hub) throws {
        let source = URL(fileURLWithPath: try Samples.path(sample))
        try FileManager.default.copyItem(at: source, to: try folder(scope).appendingPathComponent(name))
    }

    func write(_ text: String, as name: String, scope: Scope = Samples.hub) throws {
        try Data(text.utf8).write(to: try folder(scope).appendingPathComponent(name))
    }

    func writeManifest(_ json: String) throws {
        try Data(json.utf8).write(to: root.appendingPathComponent("manifest.json"))
    }

    func read() throws -> Snapshot {
        try SnapshotReader.read(root.path)
    }
}

extension CollectionStatus {
    var unreadableFile: String? {
        if case .unreadable(let file, _) = self { return file }
        return nil
    }

    var failureCode: String? {
        if case .failed(let code, _) = self { return code }
        return nil
    }
}
