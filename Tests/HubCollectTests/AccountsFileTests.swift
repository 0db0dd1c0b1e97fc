import Testing
import HubModel
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
        "a.yml:2: '\\u{ff11}",
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
