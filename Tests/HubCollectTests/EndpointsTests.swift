import Foundation
import Testing
import HubModel
@testable import HubCollect

struct EndpointsTests {
    @Test(arguments: zip(["us-east-1", "us-gov-west-1", "ap-southeast-3", "il-central-1", "cn-north-1"],
                         ["https://ec2.us-east-1.amazonaws.com/", "https://ec2.us-gov-west-1.amazonaws.com/",
                          "https://ec2.ap-southeast-3.amazonaws.com/", "https://ec2.il-central-1.amazonaws.com/",
                          "https://ec2.cn-north-1.amazonaws.com.cn/"]))
    func regionalEndpointsFollowTheFixedTemplate(region: String, expected: String) throws {
        let url = try Endpoints.regional("ec2", #require(RegionName(region)))
        #expect(url.absoluteString == expected)
    }

    @Test func partitionsWithoutKnownEndpointsNeedAnOverride() throws {
        let region = try #require(RegionName("us-iso-east-1"))
        #expect(throws: CollectFailure.self) { try Endpoints.regional("sts", region) }
    }

    @Test(arguments: zip([
        "http://127.0.0.1:5055", "https://ec2.example.test/", "http://user:pw@127.0.0.1:5055/", "http://127.0.0.1:5055/?a=b",
        "http://127.0.0.1:5055/#x", "http://127.0.0.1:5055/#", "ftp://127.0.0.1/", "127.0.0.1:5055", "http:///x",
    ], [
        nil, nil, "--endpoint-url must not hold a user name or password", "--endpoint-url must not hold a query (?…)",
        "--endpoint-url must not hold a fragment (#…)", "--endpoint-url must not hold a fragment (#…)",
        "--endpoint-url takes an http or https URL such as http://127.0.0.1:5055",
        "--endpoint-url takes an http or https URL such as http://127.0.0.1:5055",
        "--endpoint-url takes an http or https URL such as http://127.0.0.1:5055",
    ] as [String?]))
    func theOverrideHidesNothing(text: String, expected: String?) {
        switch Endpoints.parseOverride(text) {
        case .success: #expect(expected == nil, "accepted \(text)")
        case .failure(let failure): #expect(failure.description == expected)
        }
    }
}
