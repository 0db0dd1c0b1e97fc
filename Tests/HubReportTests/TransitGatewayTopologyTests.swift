import Foundation
import HubModel
@testable import HubReport
import HubRules
import Testing

/// Transit gateways in the Markdown report's topology (issue 12): a hexagon per gateway in its owner's
/// subgraph with its route tables, an edge per attachment labelled with its associated table.
struct TransitGatewayTopologyTests {
    static let finance = Scope(account: "111111111111", region: "us-east-1")
    static let marketing = Scope(account: "222222222222", region: "us-east-1")

    /// The finance-hub example plus: `core` (tgw-0c, owned by finance) with tables `spokes` and `hub`;
    /// finance's VPC associated with `hub`, marketing's with `spokes`, developer's attached but
    /// associated with none and pending; a peering attachment to a gateway of another account; and
    /// developer's dev-sandbox attached to tgw-0e, which marketing reports and an account outside the
    /// snapshot owns (its route tables cannot be read).
    static func input(gatewayName: String = "core", tableName: String = "spokes") throws -> ReportInput {
        var input = try Fixture.input()
        let old = input.snapshot
        let vpc = { (name: String) in old.vpcs.first { $0.tags.name == name }!.id }
        let core = TransitGateway(scope: finance, id: "tgw-0c", tags: Tags(["Name": gatewayName]))
        let partner = TransitGateway(scope: marketing, id: "tgw-0e", ownerId: "999999999999")
        let attachments = [
            TransitGatewayAttachment(scope: finance, id: "tgw-attach-01", transitGatewayId: "tgw-0c", resourceId: vpc("finance")),
            TransitGatewayAttachment(scope: finance, id: "tgw-attach-02", transitGatewayId: "tgw-0c",
                                     resourceOwnerId: "222222222222", resourceId: vpc("marketing")),
            TransitGatewayAttachment(scope: finance, id: "tgw-attach-03", transitGatewayId: "tgw-0c", resourceOwnerId: "333333333333",
                                     resourceId: vpc("developer"), state: "pendingAcceptance"),
            TransitGatewayAttachment(scope: finance, id: "tgw-attach-04", transitGatewayId: "tgw-0c", kind: .peering,
                                     resourceId: "tgw-0f", peerTransitGatewayId: "tgw-0f", peerAccountId: "444444444444",
                                     peerRegion: "eu-west-1"),
            TransitGatewayAttachment(scope: marketing, id: "tgw-attach-05", transitGatewayId: "tgw-0e",
                                     transitGatewayOwnerId: "999999999999", resourceOwnerId: "333333333333",
                                     resourceId: vpc("dev-sandbox")),
        ]
        func link(_ id: String) -> TransitGatewayRouteTable.Link { .init(attachmentId: id, state: "associated") }
        let tables = [
            TransitGatewayRouteTable(scope: finance, id: "tgw-rtb-0b", transitGatewayId: "tgw-0c", associations: [link("tgw-attach-02")],
                                     propagations: [], routes: [], tags: Tags(["Name": tableName])),
            TransitGatewayRouteTable(scope: finance, id: "tgw-rtb-0a", transitGatewayId: "tgw-0c", associations: [link("tgw-attach-01")],
                                     propagations: [], routes: [], tags: Tags(["Name": "hub"])),
        ]
        var coverage = old.coverage
        for scope in old.scopes { coverage.set(.collected(files: []), scope: scope, action: .describeTransitGatewayRouteTables) }
        input.snapshot = Snapshot(metadata: old.metadata, scopes: old.scopes, vpcs: old.vpcs, subnets: old.subnets,
                                  routeTables: old.routeTables, peerings: old.peerings, securityGroups: old.securityGroups,
                                  flowLogs: old.flowLogs, networkAcls: old.networkAcls, endpoints: old.endpoints,
                                  prefixLists: old.prefixLists, interfaces: old.interfaces, instances: old.instances,
                                  transitGateways: [partner, core], transitGatewayAttachments: attachments.reversed(),
                                  transitGatewayRouteTables: tables, coverage: coverage, problems: old.problems)
        return input
    }

    static func lines(_ input: ReportInput) -> [String] {
        MarkdownReport.render(input).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func gatewaysAreNodesAndAttachmentsAreEdgesLabelledWithTheirTable() throws {
        let lines = Self.lines(try Self.input())
        let finance = try #require(lines.firstIndex { $0.hasPrefix("  subgraph acct_111111111111[") })
        let end = try #require(lines[finance...].firstIndex(of: "  end"))
        // In its owner's subgraph, its route tables by id.
        #expect(lines[finance..<end].contains("    tgw_0c{{\"core<br/>tgw-0c<br/>us-east-1<br/>rt hub tgw-rtb-0a<br/>rt spokes tgw-rtb-0b\"}}"))
        let vpc = { (name: String) in try #require(Self.vpcNode(name, in: lines)) }
        #expect(lines.contains("  \(try vpc("finance")) ---|\"tgw-attach-01<br/>rt hub\"| tgw_0c"))
        #expect(lines.contains("  \(try vpc("marketing")) ---|\"tgw-attach-02<br/>rt spokes\"| tgw_0c"))
        // No association, not available: dotted, with its state.
        #expect(lines.contains("  \(try vpc("developer")) -.-|\"tgw-attach-03<br/>no association<br/>pendingAcceptance\"| tgw_0c"))
        // The peer gateway and the gateway owned outside the snapshot are nodes of their own.
        #expect(lines.contains("  tgw_0f{{\"tgw-0f<br/>account 444444444444<br/>eu-west-1<br/>outside the snapshot\"}}"))
        #expect(lines.contains("  tgw_0f -.-|\"tgw-attach-04<br/>no association\"| tgw_0c"))
        #expect(lines.contains("  tgw_0e{{\"tgw-0e<br/>us-east-1<br/>account 999999999999, outside the snapshot\"}}"))
        #expect(lines.contains("  \(try vpc("dev-sandbox")) ---|\"tgw-attach-05<br/>association unknown\"| tgw_0e"))
        // The peerings come first; of the attachments after them only the pending, unassociated one
        // (the third) is red.
        let peerings = lines.filter { $0.contains("|\"pcx-") }.count
        let style = try #require(lines.first { $0.hasPrefix("  linkStyle ") })
        let red = style.dropFirst("  linkStyle ".count).prefix { $0 != " " }.split(separator: ",").compactMap { Int($0) }
        #expect(peerings == 6)
        #expect(red.filter { $0 >= peerings } == [peerings + 2], "\(style)")
        // Same input, same bytes: the gateways and attachments were given out of order.
        #expect(MarkdownReport.render(try Self.input()) == MarkdownReport.render(try Self.input()))
    }

    @Test func aReportWithoutGatewaysKeepsItsTopology() throws {
        let text = MarkdownReport.render(try Fixture.input())
        #expect(!text.contains("{{"))
        #expect(!text.contains("Hexagons are transit gateways"))
    }

    @Test func hostileGatewayAndTableNamesAreEscaped() throws {
        let lines = Self.lines(try Self.input(gatewayName: "x\"}} --> evil{{\"\nclick evil call alert()", tableName: "%%{init}%% <b>`"))
        let node = try #require(lines.first { $0.hasPrefix("    tgw_0c{{") })
        #expect(node == "    tgw_0c{{\"x#34;#125;#125; --#62; evil#123;#123;#34;#92;u#123;A#125;click evil call alert()<br/>tgw-0c<br/>us-east-1"
            + "<br/>rt hub tgw-rtb-0a<br/>rt #37;#37;#123;init#125;#37;#37; #60;b#62;#96; tgw-rtb-0b\"}}")
        #expect(lines.contains { $0.hasSuffix("---|\"tgw-attach-02<br/>rt #37;#37;#123;init#125;#37;#37; #60;b#62;#96;\"| tgw_0c") })
        #expect(!lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("click") })
    }

    static func vpcNode(_ name: String, in lines: [String]) -> String? {
        lines.first { $0.hasPrefix("    vpc_") && $0.contains("[\"\(name)<br/>") }
            .map { String($0.trimmingCharacters(in: .whitespaces).prefix { $0 != "[" }) }
    }
}
