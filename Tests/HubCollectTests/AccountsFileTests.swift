import Testing
import HubModel
import HubPolicy
@testable import HubCollect

struct AccountsFileTests {
    @Test func readsC7nOrgAndPolicyFormats() throws {
        let c7n = try AccountsFile.parse("""
            accounts:
              - account_id: "011111111111"
                name: finance
                role: [arn:aws:iam::011111111111:role/First, HubAuditRead]
                external_id: 0042
                regions: [us-gov-west-1, cn-north-1]
                tags: [prod]
            """, file: "a.yml")
        #expect(c7n == [AccountTarget(id: AccountId("011111111111")!, name: "finance", role: "HubAuditRead", externalId: "0042",
                                      regions: [RegionName("us-gov-west-1")!, RegionName("cn-north-1")!])])
        let policy = try AccountsFile.parse("""
            version: 1
            organization:
              accounts:
                - { id: "222222222222", name: marketing, environment: prod }
            """, file: "p.yml")
        #expect(policy == [AccountTarget(id: AccountId("222222222222")!, name: "marketing")])
    }

    @Test(arguments: zip([
        "accounts:\n  - account_id: \"111111111111\"\n    regions: [\"us east-1\"]\n",
        "accounts:\n  - account_id: \"111111111111\"\n    regions: [\"../../x\"]\n",
        "accounts:\n  - account_id: \"111111111111\"\n    regions: [\"x@127.0.0.1:1/#\"]\n",
        "accounts:\n  - account_id: \"111111111111\"\n    regions:\n      - us-east-1\n      - 1\n",
        "accounts:\n  - account_id: \"111111111111\"\n    regions: [~]\n",
        "accounts:\n  - account_id: \"111111111111\"\n    regions: [[us-east-1]]\n",
        "accounts:\n  - account_id: 111111111111\n",
        "accounts:\n  - account_id: \"１１１１１１１１１１１１\"\n",
        "accounts:\n  - account_id: \"111111111111\"\n  - account_id: \"111111111111\"\n",
        "accounts:\n  - account_id: \"111111111111\"\n    name: [a]\n",
        "accounts:\n  - account_id: \"111111111111\"\n    role: []\n",
        "accounts:\n  - account_id: \"111111111111\"\n    external_id: ~\n",
        "accounts:\n  - name: x\n",
        // The policy format takes what PolicyLoader takes: no c7n-org tags there.
        "organization:\n  accounts:\n    - { id: \"111111111111\", tags: [x] }\n",
        "accounts: [\n",
    ], [
        "a.yml:3: 'us east-1' is not an AWS region name",
        "a.yml:3: '../../x' is not an AWS region name",
        "a.yml:3: 'x@127.0.0.1:1/#' is not an AWS region name",
        "a.yml:5: a region must be text, not the number '1'",
        "a.yml:3: a region must be text, not null",
        "a.yml:3: a region must be text, not a list",
        "a.yml:2: account_id must be quoted (account_id: \"111111111111\")",
        "a.yml:2: '\\u{FF11}",
        "a.yml:3: account 111111111111 is listed twice",
        "a.yml:3: name must be text, not a list",
        "a.yml:3: role must name a role, not an empty list",
        "a.yml:3: external_id must be text, not null",
        "a.yml:2: an account needs 'account_id'",
        "a.yml:3: unknown key 'tags' in an account",
        "a.yml:2: not valid YAML",
    ]))
    func everyValueIsCheckedAndNamedWithFileAndLine(text: String, expected: String) {
        do {
            let targets = try AccountsFile.parse(text, file: "a.yml")
            Issue.record("accepted: \(targets)")
        } catch {
            #expect(String(describing: error).hasPrefix(expected), "got: \(error)")
        }
    }
}

/// One accounts reader (HubYAML): a policy's `organization.accounts` means the same to `collect`
/// (AccountsFile) and to `scan` (PolicyLoader), and a bad entry gets the same error from both.
struct SharedAccountsReaderTests {
    static let policies = [
        "organization:\n  accounts:\n    - { id: \"111111111111\", name: finance, regions: [\"us east-1\"] }\n",
        "organization:\n  accounts:\n    - { id: 111111111111 }\n",
        "organization:\n  accounts:\n    - { id: \"111111111111\", colour: blue }\n",
        "organization:\n  accounts:\n    - { id: \"111111111111\" }\n    - { id: \"111111111111\" }\n",
        "organization:\n  accounts:\n    - { id: \"111111111111\", role: [] }\n",
    ]

    @Test(arguments: policies)
    func collectAndScanRejectABadEntryAlike(text: String) {
        let collect = Result { try AccountsFile.parse(text, file: "p.yml") }
        let scan = Result { try PolicyLoader.parse(text, file: "p.yml") }
        guard case .failure(let collectError) = collect, case .failure(let scanError) = scan else {
            Issue.record("both must refuse: collect \(collect), scan \(scan)")
            return
        }
        #expect(String(describing: collectError) == String(describing: scanError))
    }

    @Test func collectAndScanReadTheSameAccounts() throws {
        let text = """
            organization:
              accounts:
                - { id: "111111111111", name: finance, environment: prod, role: HubAuditRead, regions: [eu-west-1] }
                - { id: "222222222222", name: marketing }
            """
        let targets = try AccountsFile.parse(text, file: "p.yml")
        let intent = try PolicyLoader.parse(text, file: "p.yml").intent.accounts
        #expect(targets.map(\.id.digits) == intent.map(\.id))
        #expect(targets.map(\.name) == intent.map(\.name))
        #expect(targets.first?.regions == [RegionName("eu-west-1")!])
    }
}
