import Foundation
import Testing
import HubAWS
import HubModel
import HubSnapshot
@testable import HubCollect

/// DescribeStaleSecurityGroups, a follow-up of DescribeVpcs: one call per listed VPC, named by its
/// checked id, with VpcId and MaxResults; a refusal (moto: HTTP 500 with an HTML page) is recorded
/// per VPC and is a cross-check's failure, which the manifest keeps apart from the others.
struct StaleGroupCollectionTests {
    static let vpcs = ["vpc-0a1b2c3d", "vpc-0e4f5a6b"]

    static func vpcListing(_ ids: [String]) -> HTTPResponse {
        ScriptedTransport.ok("<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><vpcSet>"
            + ids.map { "<item><vpcId>\($0)</vpcId><ownerId>222222222222</ownerId><cidrBlock>10.0.0.0/16</cidrBlock>"
                + "<cidrBlockAssociationSet><item><cidrBlock>10.0.0.0/16</cidrBlock></item></cidrBlockAssociationSet></item>" }.joined()
            + "</vpcSet></DescribeVpcsResponse>")
    }

    static let motoRefusal = HTTPResponse(status: 500, body: Array("<!doctype html>\n<title>500 Internal Server Error</title>".utf8))

    static func collect(_ transport: ScriptedTransport, pageSize: Int? = nil) async throws -> CollectSummary {
        var request = CollectorTests.request([AccountTarget(id: CollectorTests.account)], store: try temporaryFolder() + "/store")
        request.pageSize = pageSize
        return try await Collector.run(request, base: CollectorTests.base, transport: transport,
                                       progress: CollectProgress(interactive: false))
    }

    @Test func eachListedVpcGetsItsCallWithVpcIdAndMaxResults() async throws {
        let transport = ScriptedTransport { action, _ in action == "DescribeVpcs" ? Self.vpcListing(Self.vpcs) : nil }
        let summary = try await Self.collect(transport)
        #expect(summary.failures.isEmpty)
        let calls = transport.requests.filter { $0.action == "DescribeStaleSecurityGroups" }
        #expect(calls.map { $0.form["VpcId"] } == Self.vpcs)
        #expect(calls.allSatisfy { $0.form["MaxResults"] == "255" })
        let folder = "\(summary.snapshot)/222222222222/us-east-1"
        for vpc in Self.vpcs {
            #expect(FileManager.default.fileExists(atPath: "\(folder)/DescribeStaleSecurityGroups.\(vpc).xml"))
        }
        #expect(summary.manifest.actions?.contains("DescribeStaleSecurityGroups") == true)
        // What it wrote reads back as one report per VPC, collected.
        let snapshot = try SnapshotReader.read(summary.snapshot)
        let scope = Scope(account: "222222222222", region: "us-east-1")
        #expect(Self.vpcs.allSatisfy { snapshot.staleGroupReport(vpcId: $0, in: scope)?.status.isCollected == true })
    }

    /// The call accepts 5 to 255 items a page: a smaller or larger --page-size is kept within.
    @Test(arguments: [(2, "5"), (100, "100"), (1000, "255")])
    func thePageSizeStaysWithinTheCallsRange(pageSize: Int, sent: String) async throws {
        let transport = ScriptedTransport { action, _ in action == "DescribeVpcs" ? Self.vpcListing([Self.vpcs[0]]) : nil }
        _ = try await Self.collect(transport, pageSize: pageSize)
        #expect(transport.requests.first { $0.action == "DescribeStaleSecurityGroups" }?.form["MaxResults"] == sent)
    }

    /// moto 5.2.1 answers HTTP 500 with an HTML page: recorded per VPC, a cross-check's failure.
    @Test func motosRefusalIsRecordedPerVpcAsACrossCheck() async throws {
        let transport = ScriptedTransport { action, _ in
            switch action {
            case "DescribeVpcs": return Self.vpcListing(Self.vpcs)
            case "DescribeStaleSecurityGroups": return Self.motoRefusal
            default: return nil
            }
        }
        let summary = try await Self.collect(transport)
        #expect(summary.failures.map(\.action) == Self.vpcs.map { "DescribeStaleSecurityGroups.\($0)" })
        #expect(summary.failures.map(\.code) == ["HTTP500", "HTTP500"])
        #expect(summary.failures.map(\.httpStatus) == [500, 500])
        #expect(summary.failures.allSatisfy { $0.isCrossCheck })
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(summary.snapshot)/222222222222/us-east-1")
        #expect(!files.contains { $0.hasPrefix("DescribeStaleSecurityGroups") })
        #expect(files.contains("DescribeVpcs.xml"))
    }

    /// A VPC id from an answer names a file: `vpc-../../x` is refused and recorded, not written.
    @Test func aHostileVpcIdIsRecordedNotWritten() async throws {
        let transport = ScriptedTransport { action, _ in
            action == "DescribeVpcs" ? Self.vpcListing(["vpc-../../../../escaped", Self.vpcs[0]]) : nil
        }
        let summary = try await Self.collect(transport)
        let calls = transport.requests.filter { $0.action == "DescribeStaleSecurityGroups" }.map { $0.form["VpcId"] }
        #expect(calls == [Self.vpcs[0]])
        // (DescribeVpcAttribute, DescribeVpcs' other follow-up, records its own failures for that id too.)
        let failures = summary.failures.filter { $0.action.hasPrefix("DescribeStaleSecurityGroups") }
        #expect(failures.map(\.action) == ["DescribeStaleSecurityGroups"])
        #expect(failures.first?.code == "MalformedResponse")
        #expect(failures.first?.message == "DescribeVpcs named the VPC 'vpc-../../../../escaped'")
    }

    /// A listing may have several follow-ups, each its own declaration; every one is made.
    @Test func followUpsAreLookedUpPerListing() {
        #expect(FollowUp.of(.describeVpcs).map(\.resource).contains("VPC"))
        #expect(FollowUp.of(.describeVpcs).allSatisfy { $0.listing == .describeVpcs })
        #expect(FollowUp.of(.describeManagedPrefixLists).flatMap { $0.calls.map(\.action) } == [.getManagedPrefixListEntries])
        #expect(Collector.perResourceActions.contains(.describeStaleSecurityGroups))
    }
}
