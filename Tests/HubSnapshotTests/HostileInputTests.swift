import Foundation
import HubTestSupport
import HubSnapshot
import HubModel
import HubXML
import Testing

/// Hostile and broken inputs not covered by ParserTests / DecoderEdgeTests: bad bytes, empty files,
/// nesting bombs, huge text, huge files, well-formed but wrong values, duplicate ids, and every
/// input the fuzzer (Tests/Fuzz) ever crashed on (Regressions/).

private func body(_ action: String, _ container: String, _ items: String, extra: String = "") -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <\(action)Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>r-1</requestId>
    <\(container)>
    \(items)
    </\(container)>\(extra)
    </\(action)Response>
    """
}

private let goodVpcs = body("DescribeVpcs", "vpcSet", "<item><vpcId>vpc-good</vpcId><cidrBlock>10.0.0.0/16</cidrBlock></item>")

private func decodeError(_ bytes: [UInt8], name: String = "body.xml") -> InputProblem? {
    #expect(throws: InputProblem.self) { try ResponseReader.read(bytes: bytes, name: name, scope: Samples.hub) }
}

private func securityGroup(_ permission: String) -> String {
    body("DescribeSecurityGroups", "securityGroupInfo", """
        <item><groupId>sg-1</groupId><groupName>g</groupName><vpcId>vpc-good</vpcId>
        <ipPermissions><item>
        \(permission)
        </item></ipPermissions></item>
        """)
}

private let relativeFolder = "\(Samples.hub.account)/\(Samples.hub.region)"

/// `swift test --filter HostileInputTests` runs every suite below.
@Suite struct HostileInputTests {}

extension HostileInputTests {
@Suite struct HostileBytes {
    /// 0xFF / 0xC3 0x28 are never valid UTF-8: libxml2 refuses the document and names the line.
    @Test func invalidUtf8InATextNodeIsAnErrorWithTheLine() throws {
        var bytes = Array("<DescribeVpcsResponse>\n<vpcSet>\n<item><vpcId>vpc-".utf8)
        bytes += [0xFF, 0xC3, 0x28]
        bytes += Array("</vpcId></item>\n</vpcSet>\n</DescribeVpcsResponse>".utf8)
        let error = try #require(decodeError(bytes, name: "bad-utf8.xml"))
        #expect(error.file == "bad-utf8.xml")
        #expect(error.line == 3)
        #expect(error.message.contains("UTF-8"))
    }

    @Test func invalidUtf8FileInASnapshotLeavesTheOthersRead() throws {
        let folder = try SnapshotFolder()
        try folder.write(goodVpcs, as: "DescribeVpcs.xml")
        var bytes = Array(body("DescribeSubnets", "subnetSet", "<item><subnetId>subnet-X</subnetId></item>").utf8)
        let index = try #require(bytes.firstIndex(of: UInt8(ascii: "X")))
        bytes[index] = 0xFE
        try Data(bytes).write(to: folder.root.appendingPathComponent("\(relativeFolder)/DescribeSubnets.xml"))
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(snapshot.problems.count == 1)
        #expect(problem.file == "\(relativeFolder)/DescribeSubnets.xml")
        #expect(problem.line == 5)
        #expect(snapshot.coverage.status(Samples.hub, .describeSubnets).unreadableFile == problem.file)
        #expect(snapshot.vpcs.map(\.id) == ["vpc-good"])
    }

    @Test func zeroByteFileInASnapshotIsAnEmptyDocumentProblem() throws {
        let folder = try SnapshotFolder()
        try folder.write(goodVpcs, as: "DescribeVpcs.xml")
        try folder.write("", as: "DescribeSecurityGroups.xml")
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(snapshot.problems.count == 1)
        #expect(problem.file == "\(relativeFolder)/DescribeSecurityGroups.xml")
        #expect(problem.message.contains("empty"))
        #expect(snapshot.coverage.status(Samples.hub, .describeSecurityGroups).unreadableFile == problem.file)
        #expect(snapshot.coverage.status(Samples.hub, .describeVpcs).isCollected)
        #expect(snapshot.vpcs.map(\.id) == ["vpc-good"])
    }
}
}

extension HostileInputTests {
@Suite struct NestingAndSize {
    static func nested(_ depth: Int) -> [UInt8] {
        var text = "<DescribeVpcsResponse>\n<vpcSet>\n<item><vpcId>vpc-deep</vpcId>\n"
        text += String(repeating: "<x>", count: depth) + "leaf" + String(repeating: "</x>", count: depth)
        text += "\n</item>\n</vpcSet>\n</DescribeVpcsResponse>"
        return Array(text.utf8)
    }

    /// libxml2 2.9.14's push parser applies no depth limit to SAX callbacks: this overflowed the stack
    /// (recursive release of an owned element tree) until ParserState refused more than 256 levels. Building
    /// uses an explicit stack; the limit keeps the release recursion shallow.
    @Test func hundredThousandNestedElementsAreRefusedByDepth() throws {
        let started = ContinuousClock.now
        let bytes = Self.nested(100_000)
        guard let error = decodeError(bytes, name: "deep.xml") else { return }
        #expect(error.file == "deep.xml")
        #expect(error.line == 4)
        #expect(error.message.contains("depth"))
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    /// Just under the limit, unknown elements nested inside an item are built and ignored.
    @Test func nestingUnderTheLimitIsReadAndIgnored() throws {
        let decoded = try ResponseReader.read(bytes: Self.nested(250), name: "deep.xml", scope: Samples.hub)
        #expect(decoded.vpcs.map(\.id) == ["vpc-deep"])
    }

    /// libxml2 2.9's XML_MAX_TEXT_LENGTH (10,000,000 bytes without XML_PARSE_HUGE) guards the text
    /// nodes of its own tree builder only: through SAX `characters` a 20 MB description arrives in
    /// pieces and is parsed whole. Accepted on purpose: memory is bounded by the file (one item at a
    /// time) and nothing in it is expanded.
    @Test func twentyMegabyteTextNodeIsParsed() throws {
        let size = 20 << 20
        let huge = String(repeating: "A", count: size)
        let bytes = Array(securityGroup("<ipProtocol>tcp</ipProtocol><fromPort>443</fromPort><toPort>443</toPort><ipRanges><item><cidrIp>10.0.0.0/8</cidrIp><description>\(huge)</description></item></ipRanges>").utf8)
        let started = ContinuousClock.now
        let decoded = try ResponseReader.read(bytes: bytes, name: "huge-text.xml", scope: Samples.hub)
        let length = decoded.securityGroups.first?.ingress.first?.ipv4Ranges.first?.description?.utf8.count ?? 0
        #expect(length == size)
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    /// A DescribeSecurityGroups body streamed from disk in bounded memory: 256 MB by default,
    /// ≥ 1 GB with HUBAUDIT_LARGE=1. Peak RSS (ru_maxrss) may grow by at most 200 MB.
    @Test func largeValidFileParsesInBoundedMemory() throws {
        let large = ProcessInfo.processInfo.environment["HUBAUDIT_LARGE"] == "1"
        let target = large ? (1 << 30) + (1 << 20) : 256 << 20
        let folder = try temporaryFolder("large")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("large.xml").path
        let written = try writeLargeSecurityGroups(path: path, atLeast: target)
        let counter = CountingHandler()
        let before = peakRSSBytes()
        try ResponseParser.parse(file: path, name: "large.xml", handler: counter)
        let after = peakRSSBytes()
        let growthMB = (after - before) >> 20
        print("large file: \(written >> 20) MB, \(counter.items) items, peak RSS \(before >> 20) → \(after >> 20) MB (+\(growthMB) MB)")
        #expect(written >= target)
        #expect(counter.items == counter.expected(written: written))
        #expect(counter.root == "DescribeSecurityGroupsResponse")
        #expect(growthMB < 200)
    }
}
}

/// One group per item, ~1 KB each; chunks of 4 MB go to the file.
private let groupItem: String = """
    <item><ownerId>123456789012</ownerId><groupId>sg-0123456789abcdef0</groupId><groupName>web</groupName>\
    <groupDescription>generated</groupDescription><vpcId>vpc-0123456789abcdef0</vpcId><ipPermissions>\
    <item><ipProtocol>tcp</ipProtocol><fromPort>443</fromPort><toPort>443</toPort><groups/>\
    <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp><description>https from anywhere</description></item></ipRanges>\
    <ipv6Ranges/><prefixListIds/></item><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort>\
    <toPort>22</toPort><groups/><ipRanges><item><cidrIp>10.0.0.0/8</cidrIp></item></ipRanges><ipv6Ranges/>\
    <prefixListIds/></item></ipPermissions><ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/>\
    <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item>\
    </ipPermissionsEgress><tagSet><item><key>Name</key><value>generated-group</value></item></tagSet></item>

    """

private let largeHead = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeSecurityGroupsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n<requestId>r-1</requestId>\n<securityGroupInfo>\n"
private let largeTail = "</securityGroupInfo>\n</DescribeSecurityGroupsResponse>\n"

/// Returns the file's size in bytes.
private func writeLargeSecurityGroups(path: String, atLeast target: Int) throws -> Int {
    guard let stream = fopen(path, "wb") else { throw InputProblem(file: path, line: nil, message: "cannot create") }
    defer { fclose(stream) }
    let item = Array(groupItem.utf8)
    let chunk = [UInt8]((0..<(4 << 20) / item.count).flatMap { _ in item })
    var written = 0
    func put(_ bytes: [UInt8]) throws {
        guard fwrite(bytes, 1, bytes.count, stream) == bytes.count else {
            throw InputProblem(file: path, line: nil, message: "write failed")
        }
        written += bytes.count
    }
    try put(Array(largeHead.utf8))
    while written < target { try put(chunk) }
    try put(Array(largeTail.utf8))
    return written
}

private final class CountingHandler: ResponseHandler {
    var items = 0
    var root = ""

    func expected(written: Int) -> Int {
        (written - largeHead.utf8.count - largeTail.utf8.count) / groupItem.utf8.count
    }

    func didStartRoot(_ name: String, line: Int) throws { root = name }
    func didReadField(_ name: XMLName, text: String, line: Int) throws {}
    func didReadItem(_ item: ItemElement, in container: XMLName) throws {
        if item.value(XMLName("groupId")) != nil { items += 1 }
    }
}

private func peakRSSBytes() -> Int {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024 // kilobytes on Linux
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Int(usage.ru_maxrss) // bytes on macOS
    #endif
}

extension HostileInputTests {
@Suite struct WrongValue {
    @Test func invalidCidrInASnapshotNamesFileAndLineAndKeepsTheOthers() throws {
        let folder = try SnapshotFolder()
        try folder.write(goodVpcs, as: "DescribeVpcs.xml")
        try folder.write(body("DescribeSubnets", "subnetSet", """
            <item><subnetId>subnet-1</subnetId><vpcId>vpc-good</vpcId><cidrBlock>10.0.0.0/16</cidrBlock></item>
            <item><subnetId>subnet-2</subnetId><vpcId>vpc-good</vpcId>
            <cidrBlock>10.0.300.0/24</cidrBlock></item>
            """), as: "DescribeSubnets.xml")
        let snapshot = try folder.read()
        let problem = try #require(snapshot.problems.first)
        #expect(problem.file == "\(relativeFolder)/DescribeSubnets.xml")
        #expect(problem.line == 7)
        #expect(problem.message.contains("10.0.300.0/24"))
        // The whole file is unreadable (never half a subnet list); the VPCs still count.
        #expect(snapshot.subnets.isEmpty)
        #expect(snapshot.vpcs.map(\.id) == ["vpc-good"])
    }

    @Test(arguments: ["65536", "-2", "99999999999999999999999"])
    func portOutsideTheRangeIsAnErrorWithTheLine(port: String) throws {
        let text = securityGroup("<ipProtocol>tcp</ipProtocol><fromPort>\(port)</fromPort><toPort>22</toPort>")
        let error = try #require(decodeError(Array(text.utf8), name: "sg.xml"))
        #expect(error.file == "sg.xml")
        #expect(error.line == 6)
        #expect(error.message.contains("fromPort"))
    }

    /// An unknown protocol string is kept as sent (EC2 adds protocols; refusing would lose the group):
    /// it has no port range, so BroadIngressRule treats it as "another protocol" (internet-other-port
    /// when open to the internet), never as tcp/udp or all traffic.
    @Test func unknownProtocolIsKeptAsAnotherProtocol() throws {
        let text = securityGroup("<ipProtocol>quic-ng</ipProtocol><fromPort>0</fromPort><toPort>65535</toPort><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>")
        let decoded = try ResponseReader.read(bytes: Array(text.utf8), name: "sg.xml", scope: Samples.hub)
        let permission = try #require(decoded.securityGroups.first?.ingress.first)
        #expect(permission.ipProtocol == "quic-ng")
        #expect(!permission.isAllTraffic)
        #expect(!permission.hasPorts)
        #expect(permission.portRange == nil)
        #expect(permission.description == "quic-ng")
    }

    /// A route to a peering no response mentions is kept as data: judging it is the rule's job
    /// (peering-routes, route-to-inactive-peering; see that rule's examples).
    @Test func routeToAnUnknownPeeringIsKept() throws {
        let folder = try SnapshotFolder()
        try folder.write(goodVpcs, as: "DescribeVpcs.xml")
        try folder.write(body("DescribeVpcPeeringConnections", "vpcPeeringConnectionSet", ""), as: "DescribeVpcPeeringConnections.xml")
        try folder.write(body("DescribeRouteTables", "routeTableSet", """
            <item><routeTableId>rtb-1</routeTableId><vpcId>vpc-good</vpcId>
            <associationSet><item><main>true</main></item></associationSet><routeSet>
            <item><destinationCidrBlock>10.9.0.0/16</destinationCidrBlock><vpcPeeringConnectionId>pcx-ghost</vpcPeeringConnectionId><state>blackhole</state></item>
            </routeSet></item>
            """), as: "DescribeRouteTables.xml")
        let snapshot = try folder.read()
        #expect(snapshot.problems.isEmpty)
        let route = try #require(snapshot.routeTables.first?.routes.first)
        #expect(route.targetKind == .peering)
        #expect(route.targetId == "pcx-ghost")
        #expect(snapshot.peeringsById["pcx-ghost"] == nil)
    }

    /// Two pages listing the same VPC (a listing that changed while it was paged): one VPC, the first
    /// page's, and no input problem. Before the fix the duplicate reached the rules and
    /// OverlappingCidrsRule trapped on `Dictionary(uniqueKeysWithValues:)`.
    @Test func duplicateVpcAcrossPagesIsKeptOnce() throws {
        let folder = try SnapshotFolder()
        try folder.write(body("DescribeVpcs", "vpcSet", "<item><vpcId>vpc-dup</vpcId><cidrBlock>10.0.0.0/16</cidrBlock></item>",
                              extra: "\n<nextToken>t-1</nextToken>"), as: "DescribeVpcs.1.xml")
        try folder.write(body("DescribeVpcs", "vpcSet", "<item><vpcId>vpc-dup</vpcId><cidrBlock>10.1.0.0/16</cidrBlock></item>"),
                         as: "DescribeVpcs.2.xml")
        let snapshot = try folder.read()
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.vpcs.map(\.id) == ["vpc-dup"])
        #expect(snapshot.vpcsById["vpc-dup"]?.ipv4 == [cidr("10.0.0.0/16")])
        #expect(snapshot.coverage.status(Samples.hub, .describeVpcs).isCollected)
    }

    /// A shared VPC is listed by its owner and by a participant account: the owner's report is kept.
    @Test func sharedVpcReportedByTwoAccountsKeepsTheOwners() throws {
        let folder = try SnapshotFolder()
        let item = "<item><vpcId>vpc-shared</vpcId><ownerId>\(Samples.acctB.account)</ownerId><cidrBlock>10.0.0.0/16</cidrBlock></item>"
        try folder.write(body("DescribeVpcs", "vpcSet", item), as: "DescribeVpcs.xml", scope: Samples.hub)
        try folder.write(body("DescribeVpcs", "vpcSet", item), as: "DescribeVpcs.xml", scope: Samples.acctB)
        let snapshot = try folder.read()
        #expect(snapshot.vpcs.count == 1)
        #expect(snapshot.vpcs.first?.scope == Samples.acctB)
    }
}
}

/// Every input the fuzzer found a crash with is kept in Regressions/: each must decode or fail with
/// an InputProblem naming it — never crash.
extension HostileInputTests {
@Suite struct FuzzRegression {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Regressions")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func regressionFolderExists() {
        #expect(FileManager.default.fileExists(atPath: Self.folder.path))
    }

    @Test func everyRegressionInputDecodesWithoutCrashing() throws {
        for name in Self.files {
            let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(name)))
            do {
                _ = try ResponseReader.read(bytes: bytes, name: name, scope: Samples.hub)
            } catch let error as InputProblem {
                #expect(error.file == name)
            }
        }
    }
}
}
