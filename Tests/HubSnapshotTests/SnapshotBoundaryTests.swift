import Foundation
import HubTestSupport
import HubSnapshot
import HubModel
import HubXML
import Testing

/// Issue 9: a snapshot is untrusted input. What is not a snapshot is said so; nothing outside the
/// snapshot folder is listed or read; a manifest or response that is not a readable regular file of
/// sane size is an input problem, never "absent" and never a blocked scan; a response that parses
/// but cannot be complete is an input problem too.

private let vpcBody = """
    <DescribeVpcsResponse><vpcSet><item><vpcId>vpc-1</vpcId><ownerId>123456789012</ownerId>\
    <state>available</state><cidrBlock>10.0.0.0/16</cidrBlock></item></vpcSet></DescribeVpcsResponse>
    """

/// The message `SnapshotReader.read` fails with, or nil (recording an issue) when it read something.
private func refusal(_ path: String) -> String? {
    do {
        let snapshot = try SnapshotReader.read(path)
        Issue.record("read as a snapshot with scopes \(snapshot.scopes), problems \(snapshot.problems)")
        return nil
    } catch {
        return String(describing: error)
    }
}

/// Runs `body` with a watchdog: should it block on a FIFO, a writer opens and closes the FIFO after
/// `seconds`, so the test fails (too slow, wrong message) instead of hanging the suite.
private func unblockingAfter<T>(_ seconds: Double, fifos: [String], _ body: () throws -> T) rethrows -> (T, Duration) {
    let done = ManagedFlag()
    let watchdog = Thread {
        Thread.sleep(forTimeInterval: seconds)
        while !done.isSet {
            for fifo in fifos {
                let descriptor = open(fifo, O_WRONLY | O_NONBLOCK)
                if descriptor >= 0 { close(descriptor) }
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }
    watchdog.start()
    let started = ContinuousClock.now
    defer { done.set() }
    let result = try body()
    return (result, ContinuousClock.now - started)
}

private final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// A folder outside every snapshot, removed with the value.
final class OutsideFolder {
    let root: URL
    init() throws {
        root = try temporaryFolder("outside")
    }
    deinit { try? FileManager.default.removeItem(at: root) }
}

@Suite struct NotASnapshotTests {
    @Test func anEmptyFolderIsNotASnapshot() throws {
        let folder = try SnapshotFolder()
        let message = try #require(refusal(folder.root.path))
        #expect(message.contains("is not a snapshot: expected ACCOUNT/REGION/Describe*.xml"))
    }

    @Test func anAccountFolderIsNotASnapshotAndSaysSo() throws {
        let folder = try SnapshotFolder()
        try folder.write(vpcBody, as: "DescribeVpcs.xml")
        let message = try #require(refusal(folder.root.appendingPathComponent("123456789012").path))
        #expect(message.contains("is not a snapshot"))
        #expect(message.contains("account folder"))
    }

    @Test func aRegionFolderIsNotASnapshotAndSaysSo() throws {
        let folder = try SnapshotFolder()
        try folder.write(vpcBody, as: "DescribeVpcs.xml")
        let message = try #require(refusal(folder.root.appendingPathComponent("123456789012/us-east-1").path))
        #expect(message.contains("region folder"))
    }

    @Test func aStoreIsNotASnapshotAndTheHintIsStore() throws {
        let store = Samples.examples.appendingPathComponent("nightly").path
        let message = try #require(refusal(store))
        #expect(message.contains("did you mean --store"))
    }

    @Test func aMissingPathSaysItDoesNotExist() throws {
        let message = try #require(refusal("/nonexistent/hubaudit-snapshot"))
        #expect(message.contains("does not exist"))
    }

    /// A manifest alone is a snapshot: the collector writes one even when every call failed.
    @Test func aManifestAloneIsASnapshot() throws {
        let folder = try SnapshotFolder()
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]}],
             "failures": [{"account": "123456789012", "region": "us-east-1", "action": "DescribeVpcs", "code": "AuthFailure"}]}
            """)
        let snapshot = try folder.read()
        #expect(snapshot.scopes == [Samples.hub])
        #expect(snapshot.coverage.status(Samples.hub, .describeVpcs).failureCode == "AuthFailure")
    }

    /// Account folders are 12 digits and region folders region names: anything else is listed as
    /// not read, never audited as an account or region.
    @Test func foldersThatAreNotAccountsOrRegionsAreSkipped() throws {
        let folder = try SnapshotFolder()
        try folder.write(vpcBody, as: "DescribeVpcs.xml")
        try folder.write(vpcBody, as: "DescribeVpcs.xml", scope: Scope(account: "notes", region: "us-east-1"))
        try folder.write(vpcBody, as: "DescribeVpcs.xml", scope: Scope(account: "12345678901", region: "us-east-1"))
        try folder.write(vpcBody, as: "DescribeVpcs.xml", scope: Scope(account: "123456789012", region: "backup"))
        let snapshot = try folder.read()
        #expect(snapshot.scopes == [Samples.hub])
        #expect(snapshot.metadata.skippedFiles == ["12345678901/", "123456789012/backup/", "notes/"])
        #expect(snapshot.problems.isEmpty)
    }
}

@Suite struct ManifestFileTests {
    static func folderWithVpcs() throws -> SnapshotFolder {
        let folder = try SnapshotFolder()
        try folder.write(vpcBody, as: "DescribeVpcs.xml")
        return folder
    }

    static func manifestProblem(_ snapshot: Snapshot) throws -> InputProblem {
        let problem = try #require(snapshot.problems.first { $0.file == "manifest.json" })
        #expect(!snapshot.metadata.hasManifest)
        return problem
    }

    @Test func aManifestThatIsAFolderIsAProblem() throws {
        let folder = try Self.folderWithVpcs()
        try FileManager.default.createDirectory(at: folder.root.appendingPathComponent("manifest.json"), withIntermediateDirectories: true)
        #expect(try Self.manifestProblem(folder.read()).message.contains("folder"))
    }

    @Test func aDanglingManifestLinkIsAProblem() throws {
        let folder = try Self.folderWithVpcs()
        try FileManager.default.createSymbolicLink(atPath: folder.root.appendingPathComponent("manifest.json").path,
                                                   withDestinationPath: "/nonexistent/manifest.json")
        #expect(try Self.manifestProblem(folder.read()).message.contains("symbolic link"))
    }

    @Test func aManifestFIFOIsAProblemAndDoesNotBlock() throws {
        let folder = try Self.folderWithVpcs()
        let fifo = folder.root.appendingPathComponent("manifest.json").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let (snapshot, elapsed) = try unblockingAfter(3, fifos: [fifo]) { try folder.read() }
        #expect(elapsed < .seconds(2))
        #expect(try Self.manifestProblem(snapshot).message.contains("FIFO"))
    }

    /// A manifest over the cap is refused by its size, before a byte is read (a sparse file: no disk used).
    @Test func aManifestOverTheCapIsRefusedUnread() throws {
        let folder = try Self.folderWithVpcs()
        let path = folder.root.appendingPathComponent("manifest.json").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("{".utf8)))
        #expect(truncate(path, off_t(64 << 20) + 1) == 0)
        let problem = try Self.manifestProblem(try folder.read())
        #expect(problem.message.contains("64 MiB"))
    }

    /// `../../etc` as an account or region would make the reader list `/etc/ssh`: ids and regions are
    /// checked, and the bad entries are problems.
    @Test func manifestEntriesCannotLeaveTheSnapshot() throws {
        let folder = try Self.folderWithVpcs()
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1",
             "accounts": [{"id": "123456789012", "regions": ["us-east-1", "../../../../../../../etc"]},
                          {"id": "../../../../../../../../etc", "regions": ["ssh"]}],
             "failures": [{"account": "../../../../../../../../etc", "region": "ssh", "action": "DescribeVpcs", "code": "X"}]}
            """)
        let snapshot = try folder.read()
        #expect(snapshot.scopes == [Samples.hub])
        #expect(snapshot.metadata.skippedFiles.isEmpty)
        let messages = snapshot.problems.filter { $0.file == "manifest.json" }.map(\.message)
        #expect(messages.count == 3)
        #expect(messages.contains { $0.contains("not an account id") })
        #expect(messages.contains { $0.contains("not a region name") })
    }

    @Test func anImplausiblePageCountIsAProblemNamingTheKey() throws {
        let folder = try Self.folderWithVpcs()
        try folder.writeManifest("""
            {"format": "hubaudit-snapshot/1", "accounts": [{"id": "123456789012", "regions": ["us-east-1"]}],
             "pages": {"123456789012/us-east-1/DescribeVpcs": 99999999999, "../../etc/DescribeVpcs": 2}}
            """)
        let snapshot = try folder.read()
        let messages = snapshot.problems.filter { $0.file == "manifest.json" }.map(\.message)
        #expect(messages.contains { $0.contains("123456789012/us-east-1/DescribeVpcs") && $0.contains("99999999999") })
        #expect(messages.contains { $0.contains("'../../etc/DescribeVpcs'") })
    }
}

@Suite struct ResponseFileTests {
    /// A FIFO named like a response blocked the scan forever: it is refused at once, and the rest read.
    @Test func aResponseFIFOIsRefusedWithoutBlocking() throws {
        let folder = try SnapshotFolder()
        try folder.write(vpcBody, as: "DescribeVpcs.xml")
        let fifo = folder.root.appendingPathComponent("123456789012/us-east-1/DescribeSubnets.xml").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let (snapshot, elapsed) = try unblockingAfter(3, fifos: [fifo]) { try folder.read() }
        #expect(elapsed < .seconds(2))
        let problem = try #require(snapshot.problems.first { $0.file == "123456789012/us-east-1/DescribeSubnets.xml" })
        #expect(problem.message.contains("FIFO"))
        #expect(snapshot.coverage.status(Samples.hub, .describeSubnets).unreadableFile == problem.file)
        #expect(snapshot.vpcs.map(\.id) == ["vpc-1"])
    }

    /// Responses are streamed, but a file over the cap (2 GiB) is refused by its size, unread (sparse).
    @Test func aResponseOverTheCapIsRefusedUnread() throws {
        let folder = try OutsideFolder()
        let path = folder.root.appendingPathComponent("DescribeVpcs.xml").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(truncate(path, off_t(2 << 30) + 1) == 0)
        let error = #expect(throws: InputProblem.self) {
            _ = try ResponseReader.read(file: path, name: "DescribeVpcs.xml", scope: Samples.hub)
        }
        #expect(error?.message.contains("2048 MiB") == true)
    }

    /// A character device named like a response is never opened: reading one may block, never end
    /// (/dev/zero: the scan read it forever) or have effects. This one has /dev/null's numbers, so
    /// that the code as it was fails the test ("the document is empty") instead of hanging it.
    /// Making a device needs root (CAP_MKNOD).
    @Test(.enabled(if: getuid() == 0, "mknod needs root"))
    func aResponseDeviceIsRefused() throws {
        let folder = try SnapshotFolder()
        try folder.write(vpcBody, as: "DescribeVpcs.xml")
        let device = folder.root.appendingPathComponent("123456789012/us-east-1/DescribeSubnets.xml").path
        try #require(mknod(device, S_IFCHR | 0o644, 0x103) == 0)
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == "123456789012/us-east-1/DescribeSubnets.xml")
        #expect(problem.message.contains("device"))
    }

    @Test func aResponseThatIsAFolderIsAProblem() throws {
        let folder = try SnapshotFolder()
        try folder.write(vpcBody, as: "DescribeVpcs.xml")
        try FileManager.default.createDirectory(at: folder.root.appendingPathComponent("123456789012/us-east-1/DescribeSubnets.xml"),
                                                withIntermediateDirectories: true)
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == "123456789012/us-east-1/DescribeSubnets.xml")
        #expect(problem.message.contains("folder"))
    }
}

/// Nothing outside the snapshot folder is read: not through a linked response, region or account.
@Suite struct OutsideTheSnapshotTests {
    static func outsideVpcs() throws -> (OutsideFolder, URL) {
        let outside = try OutsideFolder()
        let region = outside.root.appendingPathComponent("us-east-1")
        try FileManager.default.createDirectory(at: region, withIntermediateDirectories: true)
        try Data(vpcBody.replacingOccurrences(of: "vpc-1", with: "vpc-outside").utf8)
            .write(to: region.appendingPathComponent("DescribeVpcs.xml"))
        return (outside, region)
    }

    @Test func aLinkedResponseFileIsNotFollowed() throws {
        let (outside, region) = try Self.outsideVpcs()
        let folder = try SnapshotFolder()
        try folder.write(body(), as: "DescribeSubnets.xml")
        try FileManager.default.createSymbolicLink(atPath: folder.root.appendingPathComponent("123456789012/us-east-1/DescribeVpcs.xml").path,
                                                   withDestinationPath: region.appendingPathComponent("DescribeVpcs.xml").path)
        let snapshot = try folder.read()
        #expect(snapshot.vpcs.isEmpty)
        let problem = try #require(snapshot.problems.first { $0.file == "123456789012/us-east-1/DescribeVpcs.xml" })
        #expect(problem.message.contains("symbolic link"))
        #expect(snapshot.coverage.status(Samples.hub, .describeVpcs).unreadableFile == problem.file)
        withExtendedLifetime(outside) {}
    }

    @Test func aLinkedRegionFolderIsNotFollowed() throws {
        let (outside, region) = try Self.outsideVpcs()
        let folder = try SnapshotFolder()
        try folder.write(vpcBody, as: "DescribeVpcs.xml")
        try FileManager.default.createSymbolicLink(atPath: folder.root.appendingPathComponent("123456789012/eu-west-1").path,
                                                   withDestinationPath: region.path)
        let snapshot = try folder.read()
        #expect(snapshot.vpcs.map(\.id) == ["vpc-1"])
        #expect(snapshot.scopes == [Samples.hub])
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == "123456789012/eu-west-1")
        #expect(problem.message.contains("symbolic link"))
        withExtendedLifetime(outside) {}
    }

    @Test func aLinkedAccountFolderIsNotFollowed() throws {
        let (outside, _) = try Self.outsideVpcs()
        let folder = try SnapshotFolder()
        try folder.write(vpcBody, as: "DescribeVpcs.xml")
        try FileManager.default.createSymbolicLink(atPath: folder.root.appendingPathComponent("111111111111").path,
                                                   withDestinationPath: outside.root.path)
        let snapshot = try folder.read()
        #expect(snapshot.vpcs.map(\.id) == ["vpc-1"])
        #expect(snapshot.scopes == [Samples.hub])
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == "111111111111")
        #expect(problem.message.contains("symbolic link"))
    }

    private func body() -> String { "<DescribeSubnetsResponse><subnetSet/></DescribeSubnetsResponse>" }
}
