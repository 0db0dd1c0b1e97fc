import Foundation
import HubModel
import HubSnapshot
import Testing

/// `hubaudit collect` of a transit gateway held by moto on 127.0.0.1 (Tests/Stubs/tgw_moto.py: two
/// VPC attachments, a route table with an association, a propagation, a static route and a
/// blackhole), then `SnapshotReader` reading the facts back.
@Suite(.serialized, .enabled(if: Moto.isUsable, Moto.skipNote))
struct CollectTransitGatewayTests {
    struct Ids: Decodable {
        var tgw: String
        var table: String
        var attachments: [String]
        var vpcs: [String]
        var subnets: [String]
    }

    @Test func collectsTheGatewayAndEachRouteTablesCalls() throws {
        let folder = try Repo.temporaryFolder()
        let accounts = folder.appendingPathComponent("accounts.yml")
        try """
            accounts:
              - account_id: "123456789012"
                name: network
            """.write(to: accounts, atomically: true, encoding: .utf8)
        let store = folder.appendingPathComponent("store").path
        let log = folder.appendingPathComponent("requests.log").path
        var ids: Ids?
        let collected = try withLoopbackService([Repo.path("Tests/Stubs/tgw_moto.py"), log]) { ready in
            // `<endpoint> <ids as JSON>`
            let parts = ready.split(separator: " ", maxSplits: 1).map(String.init)
            ids = try JSONDecoder().decode(Ids.self, from: Data(parts[1].utf8))
            return try runHubaudit(["collect", "--accounts", accounts.path, "--regions", "us-east-1", "--out", store,
                                    "--endpoint-url", parts[0]], environment: CollectEndToEndTests.credentials)
        }
        let moto = try #require(ids)
        #expect(collected.status == 0, "\(collected.stderr)")
        let snapshotPath = "\(store)/\(try FileManager.default.destinationOfSymbolicLink(atPath: "\(store)/latest"))"
        let scope = Scope(account: "123456789012", region: "us-east-1")

        // The files: the five listings, and the three calls of every table the listing named
        // (moto adds a default table even with default association off).
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: "\(snapshotPath)/123456789012/us-east-1"))
        for listing in ["DescribeTransitGateways", "DescribeTransitGatewayAttachments", "DescribeTransitGatewayVpcAttachments",
                        "DescribeTransitGatewayPeeringAttachments", "DescribeTransitGatewayRouteTables"] {
            #expect(files.contains("\(listing).xml"), "\(listing)")
        }
        for action in ["GetTransitGatewayRouteTableAssociations", "GetTransitGatewayRouteTablePropagations", "SearchTransitGatewayRoutes"] {
            #expect(files.contains("\(action).\(moto.table).xml"), "\(action)")
        }

        // The search asked for every route type and state, 1,000 at most (moto applied the filters).
        let searches = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains("Action=SearchTransitGatewayRoutes") && $0.contains(moto.table) }
        #expect(searches.count == 1)
        for parameter in ["Filter.1.Name=type", "Filter.1.Value.1=static", "Filter.1.Value.2=propagated", "Filter.2.Name=state",
                          "Filter.2.Value.1=active", "Filter.2.Value.2=blackhole", "MaxResults=1000"] {
            #expect(searches.first?.contains(parameter) == true, "\(parameter)")
        }

        // The snapshot reads the facts back, every transit-gateway call collected.
        let snapshot = try SnapshotReader.read(snapshotPath)
        #expect(snapshot.problems == [])
        #expect(snapshot.coverage.gaps(in: scope, needed: Action.allCases.filter(\.isTransitGateway)).isEmpty)
        let gateway = try #require(snapshot.transitGatewaysById[moto.tgw])
        #expect(gateway.options.autoAcceptSharedAttachments)
        #expect(!gateway.options.defaultRouteTableAssociation)
        let first = try #require(snapshot.transitGatewayAttachmentsById[moto.attachments[0]])
        #expect(first.resourceId == moto.vpcs[0])
        #expect(first.subnetIds == [moto.subnets[0]])
        #expect(first.applianceModeSupport == true)
        #expect(snapshot.transitGatewayAttachmentsById[moto.attachments[1]]?.applianceModeSupport == false)
        let table = try #require(snapshot.transitGatewayRouteTablesById[moto.table])
        #expect(table.associations?.map(\.attachmentId) == [moto.attachments[0]])
        #expect(table.propagations?.map(\.attachmentId) == [moto.attachments[1]])
        #expect(table.propagations?.first?.isInForce == true)
        let routes = try #require(table.routes)
        #expect(Set(routes.map { "\($0.destination) \($0.state)" }) == ["10.21.0.0/16 active", "10.99.0.0/16 blackhole"])
        #expect(!table.routesTruncated)

        // moto 5.2.1 lacks DescribeStaleSecurityGroups: asked once per listed VPC (VpcId, MaxResults), refused with
        // an HTML HTTP 500, recorded per VPC as a cross-check's failure; collect still exits 0 and the scan is not untrusted.
        let vpcs = snapshot.vpcs.filter { $0.scope == scope }.map(\.id).sorted()
        #expect(vpcs.count >= 2)
        let asked = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains("Action=DescribeStaleSecurityGroups") }
        for vpc in vpcs {
            #expect(asked.contains { $0.contains("VpcId=\(vpc)") && $0.contains("MaxResults=255") }, "\(vpc)")
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(snapshotPath)/manifest.json"))) as? [String: Any]
        let failures = manifest?["failures"] as? [[String: Any]] ?? []
        #expect(failures.compactMap { $0["action"] as? String }.sorted() == vpcs.map { "DescribeStaleSecurityGroups.\($0)" })
        #expect(failures.allSatisfy { $0["code"] as? String == "HTTP500" && $0["http_status"] as? Int == 500 })
        #expect(collected.stderr.contains("note: 123456789012/us-east-1 DescribeStaleSecurityGroups.\(vpcs[0]): HTTP500"))
        #expect(collected.stderr.contains("0 failures, \(vpcs.count) cross-check calls not collected"), "\(collected.stderr)")
        #expect(snapshot.staleGroupReports.map(\.vpcId) == vpcs)
        #expect(snapshot.staleGroupReports.allSatisfy { $0.status.failureCode == "HTTP500" })
        let scanned = try runHubaudit(["scan", snapshotPath])
        #expect(scanned.status != 2, "\(scanned.stdout)")
        #expect(!scanned.stdout.contains("UNTRUSTED"), "\(scanned.stdout)")
    }
}

private extension CollectionStatus {
    var failureCode: String? {
        if case .failed(let code, _) = self { return code }
        return nil
    }
}
