import Testing
@testable import HubModel

struct AWSIdentifiersTests {
    @Test(arguments: ["us-east-1", "us-gov-west-1", "ap-southeast-3", "eu-central-2", "il-central-1", "cn-north-1",
                      "cn-northwest-1", "mx-central-1", "ca-west-1", "us-iso-east-1", "eusc-de-east-1", "ap-southeast-7"])
    func realRegionNamesAreAccepted(name: String) {
        #expect(RegionName(name)?.name == name)
    }

    @Test(arguments: ["us east-1", "../../x", "x@127.0.0.1:1/#", "US-EAST-1", "us-east-1 ", " us-east-1", "us-east", "us-east-123",
                      "useast-1", "u-east-1", "abcde-east-1", "us--east-1", "-us-east-1", "us-east-1-", "us-east-١", "us-east-１",
                      "us-eaſt-1", "us-east-1\n", "us-east-1/", "us.east.1", "", "1", "null",
                      "us-" + String(repeating: "a", count: 40) + "-1"])
    func anythingElseIsRefused(text: String) {
        #expect(RegionName(text) == nil)
    }

    @Test func endpointsDomainsAndPartitions() {
        #expect(RegionName("us-east-1")?.endpointDomain == "amazonaws.com")
        #expect(RegionName("us-gov-west-1")?.endpointDomain == "amazonaws.com")
        #expect(RegionName("us-gov-west-1")?.partition == "aws-us-gov")
        #expect(RegionName("cn-north-1")?.endpointDomain == "amazonaws.com.cn")
        #expect(RegionName("cn-north-1")?.partition == "aws-cn")
        #expect(RegionName("il-central-1")?.partition == "aws")
        // Partitions whose endpoints hubaudit does not know: no guess.
        #expect(RegionName("us-iso-east-1")?.endpointDomain == nil)
        #expect(RegionName("us-isob-east-1")?.endpointDomain == nil)
        #expect(RegionName("eusc-de-east-1")?.endpointDomain == nil)
    }

    @Test func accountIdsAreTwelveASCIIDigits() {
        #expect(AccountId("011111111111")?.digits == "011111111111")
        // Character.isNumber would accept all of these.
        for text in ["１１１１１１１１１１１１", "١١١١١١١١١١١١", "11111111111²", "11111111111", "1111111111111", "11111111111a",
                     "-11111111111", "+11111111111", " 11111111111", "111111111111\n", "../111111111", ""] {
            #expect(AccountId(text) == nil, "\(text.debugDescription)")
        }
    }

    @Test func messagesShowHostileTextSafely() {
        #expect(quotedForMessage("a\u{1b}[31mb") == "'a\\u{1B}[31mb'")
        #expect(quotedForMessage(String(repeating: "x", count: 100)) == "'" + String(repeating: "x", count: 40) + "…'")
        #expect(RegionName.problem(with: "us east-1") == "'us east-1' is not an AWS region name (such as us-east-1 or eu-central-2)")
    }
}
