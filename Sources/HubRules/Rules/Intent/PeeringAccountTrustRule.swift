import HubModel

/// A peering with an account that is neither in the organisation nor explicitly trusted.
public struct PeeringAccountTrustRule: Rule {
    public static let unknownAccountPeering = RuleCase(
        id: "unknown-account-peering", severity: .high,
        summary: "a peering (active or pending) connects to an account outside the organisation and the trusted list",
        remediation: "Delete or reject the peering, or add the account to the policy's trusted_accounts after review.")

    public init(parameters: NoParameters = NoParameters()) {}

    static let intent = NetworkIntent(accounts: [.init(id: "111111111111", name: "finance"), .init(id: "222222222222", name: "marketing")],
                                      trustedAccounts: ["777777777777"])

    public static let description = RuleDescription(
        id: "peering-account-trust",
        title: "Peerings with accounts outside the organisation",
        category: "intent",
        rationale: """
            A peering opens routing (and, through security-group rules, access) to another account's network. One \
            with an account the organisation does not own or explicitly trust is a path no one reviewed — a \
            forgotten vendor, a typo in the peer account id, or an attacker's account.
            """,
        cases: [unknownAccountPeering],
        references: ["https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security.html",
                     "Cloud Custodian peering-connection cross-account filter (whitelist)"],
        inputs: [.describeVpcPeeringConnections],
        needs: .sharedFacts,
        triggeringExamples: [
            RuleExample("finance peered with an unknown account", flags: ["pcx-x"], intent: intent) {
                var b = ExampleSnapshot()
                b.vpc("vpc-fin", "10.10.0.0/16")
                b.peering("pcx-x", "vpc-fin", "vpc-ext", peerAccount: "999999999999", peerBlocks: ["10.99.0.0/16"])
                return b.build()
            },
        ],
        nonTriggeringExamples: [
            RuleExample("peerings inside the organisation and with a trusted vendor", intent: intent) {
                var b = ExampleSnapshot()
                b.vpc("vpc-fin", "10.10.0.0/16")
                b.vpc("vpc-mkt", "10.20.0.0/16", account: "222222222222")
                b.peering("pcx-1", "vpc-fin", "vpc-mkt")
                b.peering("pcx-vendor", "vpc-fin", "vpc-vendor", peerAccount: "777777777777", peerBlocks: ["10.77.0.0/16"])
                return b.build()
            },
        ])

    public func evaluate(_ context: RuleContext, into output: inout RuleOutput) {
        let organisation = Set(context.intent.accounts.map(\.id))
        guard !organisation.isEmpty else {
            output.notConfigured("the policy declares no organisation accounts (`organization.accounts`): no peering's account was checked")
            return
        }
        let trusted = Set(context.intent.trustedAccounts)
        for peering in context.snapshot.peerings where peering.isLive {
            for (local, remote) in [(peering.requester, peering.accepter), (peering.accepter, peering.requester)] {
                guard organisation.contains(local.ownerId), !organisation.contains(remote.ownerId),
                      !trusted.contains(remote.ownerId), context.isEvaluable(local.scope) else { continue }
                output.flag(FindingDraft(
                    case: Self.unknownAccountPeering, scope: local.scope, resources: [peering.id, local.vpcId, remote.vpcId],
                    message: "peering \(peering.id) (\(peering.statusCode)) connects \(local.vpcId) in account "
                        + "\(context.account(local.ownerId)) with \(remote.vpcId) in account \(context.account(remote.ownerId)), "
                        + "which is neither in the organisation nor trusted",
                    evidence: ["\(context.peering(peering)): \(peering.statusCode)",
                               "organisation accounts: \(organisation.sorted().joined(separator: ", "))",
                               "trusted accounts: \(trusted.isEmpty ? "none" : trusted.sorted().joined(separator: ", "))"],
                    key: peering.id))
            }
        }
    }
}
