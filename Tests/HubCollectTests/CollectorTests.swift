import Foundation
import Testing
import HubAWS
import HubModel
@testable import HubCollect

struct CollectorTests {
    static let base = CredentialSource.credentials(AWSCredentials(accessKeyId: "AKIA", secretAccessKey: "secret"))

    static func request(_ accounts: [AccountTarget], store: String, regions: [String] = ["us-east-1"]) -> CollectRequest {
        CollectRequest(accounts: accounts, regions: regions.compactMap(RegionName.init), store: store, roleTemplate: "audit",
                       retry: RetryPolicy(maxAttempts: 1))
    }

    static let account = AccountId("222222222222")!

    /// Every request goes to `https://<service>.<region>.<partition domain>/`, and roles are
    /// assumed in the region's partition (`arn:aws-cn:` in China).
    @Test func requestsGoToTheRegionalEndpointsOnly() async throws {
        let store = try temporaryFolder() + "/store"
        let transport = ScriptedTransport()
        let china = AccountTarget(id: Self.account, regions: [RegionName("cn-north-1")!])
        let summary = try await Collector.run(Self.request([china], store: store), base: Self.base, transport: transport,
                                              progress: CollectProgress(interactive: false))
        #expect(summary.failures.isEmpty)
        let hosts = Set(transport.requests.map { "\($0.url.scheme ?? "")://\($0.url.host ?? "")\($0.url.path)" })
        #expect(hosts == ["https://sts.cn-north-1.amazonaws.com.cn/", "https://ec2.cn-north-1.amazonaws.com.cn/"])
        let assume = transport.requests.first { $0.action == "AssumeRole" }
        #expect(assume?.form["RoleArn"] == "arn:aws-cn:iam::222222222222:role/audit")
        #expect(FileManager.default.fileExists(atPath: "\(summary.snapshot)/222222222222/cn-north-1/DescribeVpcs.xml"))
    }

    /// A region of a partition hubaudit has no endpoints for stops the run before any request.
    @Test func aRegionWithoutKnownEndpointsStopsTheRunFirst() async throws {
        let store = try temporaryFolder() + "/store"
        let transport = ScriptedTransport()
        let isolated = AccountTarget(id: Self.account, regions: [RegionName("us-iso-east-1")!])
        await #expect(throws: CollectFailure.self) {
            _ = try await Collector.run(Self.request([isolated], store: store), base: Self.base, transport: transport,
                                        progress: CollectProgress(interactive: false))
        }
        #expect(transport.requests.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    /// A prefix-list id from an answer names a file: `../../x` is refused and recorded, not written.
    @Test func aHostilePrefixListIdIsRecordedNotWritten() async throws {
        let folder = try temporaryFolder()
        let store = folder + "/store"
        let transport = ScriptedTransport { action, _ in
            guard action == "DescribeManagedPrefixLists" else { return nil }
            return ScriptedTransport.ok("<DescribeManagedPrefixListsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><prefixListSet>"
                + "<item><prefixListId>../../../../escaped</prefixListId></item><item><prefixListId>pl-0a1b</prefixListId></item>"
                + "</prefixListSet></DescribeManagedPrefixListsResponse>")
        }
        let summary = try await Collector.run(Self.request([AccountTarget(id: Self.account)], store: store), base: Self.base,
                                              transport: transport, progress: CollectProgress(interactive: false))
        let entries = transport.requests.filter { $0.action == "GetManagedPrefixListEntries" }.map { $0.form["PrefixListId"] }
        #expect(entries == ["pl-0a1b"])
        #expect(summary.failures.map(\.code) == ["MalformedResponse"])
        #expect(summary.failures.first?.message?.contains("'../../../../escaped'") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["store"])
        #expect(FileManager.default.fileExists(atPath: "\(summary.snapshot)/222222222222/us-east-1/GetManagedPrefixListEntries.pl-0a1b.xml"))
    }

    /// The base credentials cannot be had (the profile's role is refused): nothing is left in the store.
    @Test func aFailedRunLeavesNoWorkingFolder() async throws {
        let store = try temporaryFolder() + "/store"
        let transport = ScriptedTransport { action, _ in
            action == "AssumeRole" ? HTTPResponse(status: 403, body: Array("<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>".utf8)) : nil
        }
        let profileRole = CredentialSource.assumeRole(roleArn: "arn:aws:iam::111111111111:role/base", externalId: nil, sessionName: nil,
                                                      source: Self.base, profile: "p")
        await #expect(throws: (any Error).self) {
            _ = try await Collector.run(Self.request([AccountTarget(id: Self.account)], store: store), base: profileRole,
                                        transport: transport, progress: CollectProgress(interactive: false))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: store).isEmpty)
    }
}

/// DescribeVpcAttribute: two calls (one per DNS attribute) for every VPC DescribeVpcs lists, no
/// MaxResults, each saved under the VPC id and attribute; a hostile VPC id names no file.
struct VpcAttributeCollectionTests {
    static func vpcs(_ ids: [String]) -> HTTPResponse {
        ScriptedTransport.ok("<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><vpcSet>"
            + ids.map { "<item><vpcId>\($0)</vpcId><cidrBlock>10.0.0.0/16</cidrBlock></item>" }.joined()
            + "</vpcSet></DescribeVpcsResponse>")
    }

    @Test func eachListedVpcGetsBothAttributeCalls() async throws {
        let transport = ScriptedTransport { action, _ in
            action == "DescribeVpcs" ? Self.vpcs(["vpc-0a1b", "vpc-../../x", "vpc-0c2d"]) : nil
        }
        let summary = try await TransitGatewayCollectionTests.collect(transport)
        let calls = transport.requests.filter { $0.action == "DescribeVpcAttribute" }
        #expect(calls.map { "\($0.form["VpcId"] ?? "")/\($0.form["Attribute"] ?? "")" } == [
            "vpc-0a1b/enableDnsSupport", "vpc-0a1b/enableDnsHostnames", "vpc-0c2d/enableDnsSupport", "vpc-0c2d/enableDnsHostnames"])
        #expect(calls.allSatisfy { $0.form["MaxResults"] == nil })
        let folder = "\(summary.snapshot)/222222222222/us-east-1"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("DescribeVpcAttribute") }
        #expect(Set(files) == ["DescribeVpcAttribute.vpc-0a1b.enableDnsSupport.xml", "DescribeVpcAttribute.vpc-0a1b.enableDnsHostnames.xml",
                               "DescribeVpcAttribute.vpc-0c2d.enableDnsSupport.xml", "DescribeVpcAttribute.vpc-0c2d.enableDnsHostnames.xml"])
        // The hostile id: one failure per call it would have made, recorded, nothing written.
        // (DescribeStaleSecurityGroups, DescribeVpcs' other follow-up, records its own: StaleGroupCollectionTests.)
        let attributeFailures = summary.failures.filter { $0.action.hasPrefix("DescribeVpcAttribute") }
        #expect(attributeFailures.map(\.action) == ["DescribeVpcAttribute", "DescribeVpcAttribute"])
        #expect(attributeFailures.allSatisfy { $0.code == "MalformedResponse" && $0.message?.contains("the VPC 'vpc-../../x'") == true })
        #expect(summary.manifest.actions?.filter { $0 == "DescribeVpcAttribute" }.count == 1)
    }

    /// Two follow-ups of one listing (DescribeVpcs has the attribute calls, and may get others): each
    /// makes its own calls on every id the listing named, from one read of the listing.
    @Test func twoFollowUpsOfOneListingBothRun() async throws {
        let transport = ScriptedTransport { action, _ in action == "DescribeVpcs" ? Self.vpcs(["vpc-0a1b", "vpc-0c2d"]) : nil }
        var other = FollowUp.vpcAttributes
        other.resource = "VPC (second)"
        other.calls = [FollowUp.Call(action: .describeVpcAttribute, idParameter: "VpcId", range: nil,
                                     parameters: [("Attribute", "enableNetworkAddressUsageMetrics")],
                                     qualifier: "enableNetworkAddressUsageMetrics")]
        let folder = try temporaryFolder()
        let client = QueryClient(endpoint: URL(string: "https://ec2.us-east-1.amazonaws.com/")!, region: "us-east-1", service: "ec2",
                                 version: "2016-11-15", credentials: AWSCredentials(accessKeyId: "AKIA", secretAccessKey: "s"),
                                 transport: transport, retry: RetryPolicy(maxAttempts: 1))
        await Collector.collectAction(.describeVpcs, range: 5...1000, client: client, folder: folder, account: "222222222222",
                                      region: "us-east-1", request: CollectorTests.request([], store: folder), recorder: Recorder(),
                                      progress: CollectProgress(interactive: false), followUps: [FollowUp.vpcAttributes, other])
        #expect(transport.requests.filter { $0.action == "DescribeVpcs" }.count == 1)
        let calls = transport.requests.filter { $0.action == "DescribeVpcAttribute" }.map { "\($0.form["VpcId"] ?? "") \($0.form["Attribute"] ?? "")" }
        #expect(calls == ["vpc-0a1b enableDnsSupport", "vpc-0a1b enableDnsHostnames", "vpc-0c2d enableDnsSupport", "vpc-0c2d enableDnsHostnames",
                          "vpc-0a1b enableNetworkAddressUsageMetrics", "vpc-0c2d enableNetworkAddressUsageMetrics"])
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("DescribeVpcAttribute.") }
        #expect(files.count == 6)
        #expect(FollowUp.of(.describeVpcs).map(\.resource).contains("VPC"))
    }

    /// A denied attribute call fails that VPC's call only, under its own name.
    @Test func aDeniedAttributeCallIsRecordedPerVpcAndAttribute() async throws {
        let transport = ScriptedTransport { action, form in
            if action == "DescribeVpcs" { return Self.vpcs(["vpc-0a1b"]) }
            if action == "DescribeVpcAttribute", form["Attribute"] == "enableDnsHostnames" {
                return HTTPResponse(status: 403, body: Array(("<Response><Errors><Error><Code>UnauthorizedOperation</Code>"
                    + "<Message>denied</Message></Error></Errors></Response>").utf8))
            }
            return nil
        }
        let summary = try await TransitGatewayCollectionTests.collect(transport)
        #expect(summary.failures.map(\.action) == ["DescribeVpcAttribute.vpc-0a1b.enableDnsHostnames"])
        #expect(summary.failures.map(\.code) == ["UnauthorizedOperation"])
    }
}

/// The transit-gateway calls: the five listings in every account and region, then each route
/// table's three calls, named by its checked id.
struct TransitGatewayCollectionTests {
    static let table = "tgw-rtb-0a1b2c"

    static func routeTables(_ ids: [String]) -> HTTPResponse {
        ScriptedTransport.ok("<DescribeTransitGatewayRouteTablesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
            + "<transitGatewayRouteTables>" + ids.map { "<item><transitGatewayRouteTableId>\($0)</transitGatewayRouteTableId>"
                + "<transitGatewayId>tgw-0a1b</transitGatewayId></item>" }.joined()
            + "</transitGatewayRouteTables></DescribeTransitGatewayRouteTablesResponse>")
    }

    static func collect(_ transport: ScriptedTransport) async throws -> CollectSummary {
        let store = try temporaryFolder() + "/store"
        return try await Collector.run(CollectorTests.request([AccountTarget(id: CollectorTests.account)], store: store),
                                       base: CollectorTests.base, transport: transport, progress: CollectProgress(interactive: false))
    }

    @Test func eachListedRouteTableGetsItsThreeCalls() async throws {
        let transport = ScriptedTransport { action, _ in
            action == "DescribeTransitGatewayRouteTables" ? Self.routeTables([Self.table]) : nil
        }
        let summary = try await Self.collect(transport)
        #expect(summary.failures.isEmpty)
        let calls = transport.requests.map(\.action)
        for listing in ["DescribeTransitGateways", "DescribeTransitGatewayAttachments", "DescribeTransitGatewayVpcAttachments",
                        "DescribeTransitGatewayPeeringAttachments", "DescribeTransitGatewayRouteTables"] {
            #expect(calls.filter { $0 == listing }.count == 1, "\(listing)")
            #expect(transport.requests.first { $0.action == listing }?.form["MaxResults"] == "1000")
        }
        for action in ["GetTransitGatewayRouteTableAssociations", "GetTransitGatewayRouteTablePropagations"] {
            let request = try #require(transport.requests.first { $0.action == action })
            #expect(request.form["TransitGatewayRouteTableId"] == Self.table)
            #expect(request.form["MaxResults"] == "1000")
        }
        let search = try #require(transport.requests.first { $0.action == "SearchTransitGatewayRoutes" })
        #expect(search.form.filter { $0.key.hasPrefix("Filter.") } == [
            "Filter.1.Name": "type", "Filter.1.Value.1": "static", "Filter.1.Value.2": "propagated",
            "Filter.2.Name": "state", "Filter.2.Value.1": "active", "Filter.2.Value.2": "blackhole",
        ])
        #expect(search.form["MaxResults"] == "1000")
        #expect(search.form["TransitGatewayRouteTableId"] == Self.table)
        let folder = "\(summary.snapshot)/222222222222/us-east-1"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        for action in ["GetTransitGatewayRouteTableAssociations", "GetTransitGatewayRouteTablePropagations", "SearchTransitGatewayRoutes"] {
            #expect(files.contains("\(action).\(Self.table).xml"), "\(action)")
        }
        // The manifest names every action attempted, the per-table ones included.
        #expect(Set(summary.manifest.actions ?? []) == Set(Action.allCases.map(\.rawValue)))
        #expect(summary.manifest.actions?.count == Action.allCases.count)
    }

    /// The page size asked for shrinks the paged calls, never the one search of 1,000 routes.
    @Test func thePageSizeLeavesTheSearchWhole() async throws {
        let transport = ScriptedTransport { action, _ in
            action == "DescribeTransitGatewayRouteTables" ? Self.routeTables([Self.table]) : nil
        }
        let store = try temporaryFolder() + "/store"
        var request = CollectorTests.request([AccountTarget(id: CollectorTests.account)], store: store)
        request.pageSize = 5
        _ = try await Collector.run(request, base: CollectorTests.base, transport: transport, progress: CollectProgress(interactive: false))
        #expect(transport.requests.first { $0.action == "GetTransitGatewayRouteTablePropagations" }?.form["MaxResults"] == "5")
        #expect(transport.requests.first { $0.action == "DescribeTransitGateways" }?.form["MaxResults"] == "5")
        #expect(transport.requests.first { $0.action == "SearchTransitGatewayRoutes" }?.form["MaxResults"] == "1000")
    }

    /// A route-table id from an answer names three files: `../x` is refused for each call, recorded, not written.
    @Test func aHostileRouteTableIdIsRecordedNotWritten() async throws {
        let transport = ScriptedTransport { action, _ in
            action == "DescribeTransitGatewayRouteTables" ? Self.routeTables(["tgw-rtb-../../../x", Self.table]) : nil
        }
        let summary = try await Self.collect(transport)
        #expect(transport.requests.filter { $0.action == "SearchTransitGatewayRoutes" }.map { $0.form["TransitGatewayRouteTableId"] }
            == [Self.table])
        #expect(summary.failures.map(\.action) == ["GetTransitGatewayRouteTableAssociations", "GetTransitGatewayRouteTablePropagations",
                                                   "SearchTransitGatewayRoutes"])
        #expect(summary.failures.allSatisfy { $0.code == "MalformedResponse" && $0.message?.contains("'tgw-rtb-../../../x'") == true })
    }
}
