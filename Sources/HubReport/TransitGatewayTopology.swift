import HubModel
import HubRules

/// The transit gateways in the Markdown report's topology: each gateway a hexagon in its owner
/// account's subgraph, listing its route tables; each attachment a line from the VPC (or the peer
/// gateway, or the VPN / Direct Connect resource) to its gateway, labelled with the route table it is
/// associated with. Every id, name and state is hostile input: labels go through `mermaidLabel`,
/// node ids through `mermaidId`. Order is by id throughout: the same snapshot draws the same lines.
struct TransitGatewayTopology {
    struct Edge {
        var line: String
        var isRed: Bool
    }

    let snapshot: Snapshot
    /// Gateways by id, the snapshot's first report of each.
    let gateways: [TransitGateway]
    /// Attachments by id, each once (the owner's and the spoke's reports are one attachment).
    let attachments: [TransitGatewayAttachment]
    /// Attachments a finding names: drawn red.
    let flagged: Set<String>
    /// VPCs drawn because they are attached (a default VPC with an attachment is not left out).
    /// Made once: the topology asks it of every VPC.
    let attachedVpcs: Set<String>

    init(_ snapshot: Snapshot, findings: [Finding]) {
        self.snapshot = snapshot
        gateways = Self.unique(snapshot.transitGateways, id: \.id)
        attachments = Self.unique(snapshot.transitGatewayAttachments, id: \.id)
        flagged = Set(findings.flatMap(\.resourceIds).filter { $0.hasPrefix("tgw-attach-") })
        attachedVpcs = Set(attachments.filter { $0.kind == .vpc }.map(\.resourceId))
    }

    var isEmpty: Bool { gateways.isEmpty && attachments.isEmpty }

    /// Accounts of the snapshot that own a gateway: their subgraphs hold its node.
    var ownerAccounts: Set<String> { Set(gateways.map(\.ownerId).filter(snapshot.accounts.contains)) }

    /// The hexagons of the gateways `account` owns.
    func nodes(ownedBy account: String) -> [String] {
        gateways.filter { $0.ownerId == account && snapshot.accounts.contains(account) }.map(node)
    }

    /// Nodes for what an attachment or a gateway names outside the drawn accounts: a gateway owned
    /// elsewhere, a gateway only an attachment names, a VPC not in the snapshot, a VPN or Direct
    /// Connect resource. `knownVpcs` are drawn already.
    func outsideNodes(knownVpcs: Set<String>) -> [String] {
        var out = gateways.filter { !snapshot.accounts.contains($0.ownerId) }.map(node)
        var drawn = Set(gateways.map(\.id))
        var vpcs = knownVpcs
        for attachment in attachments {
            if !drawn.contains(attachment.transitGatewayId) {
                drawn.insert(attachment.transitGatewayId)
                out.append("\(Self.node(attachment.transitGatewayId)){{\"\(label: attachment.transitGatewayId)<br/>account "
                    + "\(label: attachment.transitGatewayOwnerId)<br/>not described in the snapshot\"}}")
            }
            switch attachment.kind {
            case .vpc where !vpcs.contains(attachment.resourceId):
                vpcs.insert(attachment.resourceId)
                out.append("\(MarkdownReport.node(attachment.resourceId))[\"\(label: attachment.resourceId)<br/>account "
                    + "\(label: attachment.resourceOwnerId)<br/>outside the snapshot\"]")
            case .vpc:
                break
            case .peering, .tgwPeering:
                let peer = attachment.peerTransitGatewayId ?? attachment.resourceId
                if !drawn.contains(peer) {
                    drawn.insert(peer)
                    let account = attachment.peerAccountId.map { "<br/>account \(label: $0)" } ?? ""
                    let region = attachment.peerRegion.map { "<br/>\(label: $0)" } ?? ""
                    out.append("\(Self.node(peer)){{\"\(label: peer)\(account)\(region)<br/>outside the snapshot\"}}")
                }
            default:
                if !drawn.contains("resource " + attachment.resourceId) {
                    drawn.insert("resource " + attachment.resourceId)
                    out.append("\(Self.resourceNode(attachment.resourceId))[\"\(label: attachment.kind.rawValue) "
                        + "\(label: attachment.resourceId)\"]")
                }
            }
        }
        return out
    }

    /// One line per attachment, from what it attaches to its gateway.
    var edges: [Edge] {
        attachments.map { attachment in
            let association = associationLabel(attachment)
            let state = attachment.isAvailable ? "" : "<br/>\(label: attachment.state)"
            let mark = flagged.contains(attachment.id) ? " ⚠" : ""
            let text = "\(label: attachment.id)<br/>\(association.text)\(state)\(mark)"
            let arrow = attachment.isAvailable && association.isAssociated ? "---" : "-.-"
            let from: String
            switch attachment.kind {
            case .vpc: from = MarkdownReport.node(attachment.resourceId)
            case .peering, .tgwPeering: from = Self.node(attachment.peerTransitGatewayId ?? attachment.resourceId)
            default: from = Self.resourceNode(attachment.resourceId)
            }
            return Edge(line: "\(from) \(arrow)|\"\(text)\"| \(Self.node(attachment.transitGatewayId))",
                        isRed: !mark.isEmpty || !attachment.isAvailable)
        }
    }

    /// `rt spokes` (the associated table by name, else id), `no association`, or `association unknown`
    /// when the owner's view is missing: never a guess.
    private func associationLabel(_ attachment: TransitGatewayAttachment) -> (text: String, isAssociated: Bool) {
        switch snapshot.associatedRouteTable(of: attachment) {
        case .table(let table): return ("rt \(label: table.tags.name ?? table.id)", true)
        case .none: return ("no association", false)
        case .unknown: return ("association unknown", true)
        }
    }

    /// The hexagon: name, id, region, then its route tables (`rt spokes tgw-rtb-…`), or why they
    /// are not in the snapshot.
    private func node(_ gateway: TransitGateway) -> String {
        var lines = gateway.tags.name.map { ["\(label: $0)"] } ?? []
        lines += ["\(label: gateway.id)", "\(label: gateway.scope.region)"]
        if !gateway.state.isEmpty, gateway.state != "available" { lines.append("\(label: gateway.state)") }
        if let gap = snapshot.ownerViewGap(of: gateway) {
            lines.append(gap.isOutsideSnapshot ? "account \(label: gateway.ownerId), outside the snapshot" : "route tables not collected")
        } else {
            let tables = Self.unique(snapshot.routeTables(ofTransitGateway: gateway.id), id: \.id)
            lines += tables.map { table in "rt \(table.tags.name.map { "\(label: $0) " } ?? "")\(label: table.id)" }
        }
        return "\(Self.node(gateway.id)){{\"\(lines.joined(separator: "<br/>"))\"}}"
    }

    /// A gateway's node id: `tgw_0a1b…` for an AWS-shaped id, a hex form for anything else.
    static func node(_ gatewayId: String) -> String {
        MarkdownText.mermaidId(gatewayId, prefix: "tgw", readable: { "0123456789abcdef".contains($0) })
    }

    /// A VPN, Direct Connect gateway or Connect resource: always the hex form (its ids vary in shape).
    static func resourceNode(_ resourceId: String) -> String {
        MarkdownText.mermaidId(resourceId, prefix: "res", readable: { _ in false })
    }

    private static func unique<T>(_ values: [T], id: (T) -> String) -> [T] {
        var seen = Set<String>()
        return values.filter { seen.insert(id($0)).inserted }.sorted { id($0) < id($1) }
    }
}
