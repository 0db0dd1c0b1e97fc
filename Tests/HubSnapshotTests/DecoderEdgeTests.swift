import Foundation
import HubSnapshot
import HubModel
import HubXML
import Testing

/// Shapes the samples do not show (real AWS bodies, broken values), built by hand.

private func decode(_ body: String, name: String = "body.xml") throws -> DecodedResponse {
    try ResponseReader.read(bytes: Array(body.utf8), name: name, scope: Samples.hub)
}

private func decodeError(_ body: String, name: String = "body.xml") -> InputProblem? {
    #expect(throws: InputProblem.self) { try decode(body, name: name) }
}

private func response(_ action: String, _ container: String, _ items: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <\(action)Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>r-1</requestId>
    <\(container)>
    \(items)
    </\(container)>
    </\(action)Response>
    """
}

@Suite struct DecoderEdgeTests {
    @Test func emptyListIsACollectedEmptyResponse() throws {
        for body in ["<DescribeVpcsResponse><vpcSet/><requestId>x</requestId></DescribeVpcsResponse>",
                     "<DescribeVpcsResponse><requestId>x</requestId></DescribeVpcsResponse>"] {
            let decoded = try decode(body)
            #expect(decoded.action == .describeVpcs)
            #expect(decoded.vpcs.isEmpty)
            #expect(!decoded.isError)
        }
    }

    @Test func emptyNextTokenIsEmpty() throws {
        let decoded = try decode("<DescribeInstancesResponse><reservationSet/><nextToken/></DescribeInstancesResponse>")
        #expect(decoded.nextToken == "")
    }

    @Test func unknownContainersAndMembersAreSkipped() throws {
        let body = response("DescribeVpcs", "vpcSet", "<item><vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/16</cidrBlock><newThing><x>1</x></newThing></item>")
            .replacingOccurrences(of: "<requestId>r-1</requestId>", with: "<futureSet><item><a>1</a></item></futureSet><subnetSet><item><subnetId>s</subnetId></item></subnetSet>")
        let decoded = try decode(body)
        #expect(decoded.vpcs.map(\.id) == ["vpc-1"])
        #expect(decoded.subnets.isEmpty)
    }

    @Test func disassociatedBlocksAreDropped() throws {
        let body = response("DescribeVpcs", "vpcSet", """
            <item><vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/16</cidrBlock>
            <cidrBlockAssociationSet>
              <item><cidrBlock>10.9.0.0/16</cidrBlock><cidrBlockState><state>disassociated</state></cidrBlockState></item>
              <item><cidrBlock>10.0.0.0/16</cidrBlock><cidrBlockState><state>associated</state></cidrBlockState></item>
              <item><cidrBlock>10.5.0.0/16</cidrBlock><cidrBlockState><state>associated</state></cidrBlockState></item>
            </cidrBlockAssociationSet>
            <ipv6CidrBlockAssociationSet>
              <item><ipv6CidrBlock>2600:1f18::/56</ipv6CidrBlock><ipv6CidrBlockState><state>disassociated</state></ipv6CidrBlockState></item>
              <item><ipv6CidrBlock>2600:1f19::/56</ipv6CidrBlock><ipv6CidrBlockState><state>associated</state></ipv6CidrBlockState></item>
            </ipv6CidrBlockAssociationSet></item>
            """)
        let vpc = try #require(try decode(body).vpcs.first)
        // Primary first, then the other associated blocks in order.
        #expect(vpc.ipv4 == [cidr("10.0.0.0/16"), cidr("10.5.0.0/16")])
        #expect(vpc.ipv6 == [cidr("2600:1f19::/56")])
    }

    @Test func missingRequiredIdNamesTheElementAndLine() throws {
        let body = response("DescribeVpcs", "vpcSet", "<item><cidrBlock>10.0.0.0/16</cidrBlock></item>")
        let error = try #require(decodeError(body, name: "a/b/DescribeVpcs.xml"))
        #expect(error.file == "a/b/DescribeVpcs.xml")
        #expect(error.message.contains("vpcId"))
        #expect(error.line == 5)
    }

    @Test func invalidCidrIsAnErrorNamingTheValue() throws {
        let body = response("DescribeSubnets", "subnetSet", """
            <item><subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId>
            <cidrBlock>10.0.0.300/24</cidrBlock></item>
            """)
        let error = try #require(decodeError(body))
        #expect(error.message.contains("10.0.0.300/24"))
        #expect(error.line == 6)
    }

    @Test func routeTargetKinds() throws {
        let body = response("DescribeRouteTables", "routeTableSet", """
            <item><routeTableId>rtb-1</routeTableId><vpcId>vpc-1</vpcId><routeSet>
            <item><destinationCidrBlock>10.1.0.0/16</destinationCidrBlock><natGatewayId>nat-1</natGatewayId><state>active</state></item>
            <item><destinationCidrBlock>10.2.0.0/16</destinationCidrBlock><transitGatewayId>tgw-1</transitGatewayId><state>blackhole</state></item>
            <item><destinationCidrBlock>10.3.0.0/16</destinationCidrBlock><instanceId>i-1</instanceId><instanceOwnerId>1</instanceOwnerId><networkInterfaceId>eni-1</networkInterfaceId></item>
            <item><destinationCidrBlock>10.4.0.0/16</destinationCidrBlock><gatewayId>vgw-1</gatewayId><origin>EnableVgwRoutePropagation</origin></item>
            <item><destinationIpv6CidrBlock>::/0</destinationIpv6CidrBlock><egressOnlyInternetGatewayId>eigw-1</egressOnlyInternetGatewayId></item>
            <item><destinationCidrBlock>10.5.0.0/16</destinationCidrBlock><gatewayId/><state>blackhole</state></item>
            </routeSet>
            <associationSet>
              <item><main>true</main><associationState><state>disassociated</state></associationState></item>
              <item><subnetId>subnet-old</subnetId><associationState><state>disassociated</state></associationState></item>
              <item><subnetId>subnet-new</subnetId><associationState><state>associated</state></associationState></item>
            </associationSet></item>
            """)
        let table = try #require(try decode(body).routeTables.first)
        #expect(table.routes.map(\.targetKind) == [.natGateway, .transitGateway, .networkInterface, .virtualPrivateGateway,
                                                   .egressOnlyInternetGateway, .other])
        #expect(table.routes.map(\.targetId) == ["nat-1", "tgw-1", "eni-1", "vgw-1", "eigw-1", ""])
        #expect(table.routes.map(\.state) == ["active", "blackhole", "active", "active", "active", "blackhole"])
        #expect(table.routes[3].origin == "EnableVgwRoutePropagation")
        // Disassociated entries no longer count.
        #expect(!table.isMain)
        #expect(table.subnetIds == ["subnet-new"])
    }

    @Test func routeWithoutDestinationIsAnError() throws {
        let body = response("DescribeRouteTables", "routeTableSet", """
            <item><routeTableId>rtb-1</routeTableId><vpcId>vpc-1</vpcId><routeSet>
            <item><gatewayId>local</gatewayId></item></routeSet></item>
            """)
        let error = try #require(decodeError(body))
        #expect(error.message.contains("destination"))
    }

    @Test func peeringBlocksFromSetsAndMissingRegion() throws {
        let body = response("DescribeVpcPeeringConnections", "vpcPeeringConnectionSet", """
            <item><vpcPeeringConnectionId>pcx-1</vpcPeeringConnectionId>
            <requesterVpcInfo><ownerId>1</ownerId><vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/16</cidrBlock>
              <cidrBlockSet><item><cidrBlock>10.0.0.0/16</cidrBlock></item><item><cidrBlock>10.1.0.0/16</cidrBlock></item></cidrBlockSet>
              <ipv6CidrBlockSet><item><ipv6CidrBlock>2600:1f18::/56</ipv6CidrBlock></item></ipv6CidrBlockSet>
              <region>eu-west-1</region></requesterVpcInfo>
            <accepterVpcInfo><ownerId>2</ownerId><vpcId>vpc-2</vpcId></accepterVpcInfo>
            <status><code>provisioning</code></status></item>
            """)
        let peering = try #require(try decode(body).peerings.first)
        #expect(peering.requester.blocks == [cidr("10.0.0.0/16"), cidr("10.1.0.0/16"), cidr("2600:1f18::/56")])
        #expect(peering.requester.region == "eu-west-1")
        // No region element: the reporting region. No blocks while not active.
        #expect(peering.accepter.region == "us-east-1")
        #expect(peering.accepter.blocks.isEmpty)
        #expect(peering.statusCode == "provisioning")
        #expect(peering.statusMessage == "")
    }

    @Test func peeringWithoutAccepterIsAnError() throws {
        let body = response("DescribeVpcPeeringConnections", "vpcPeeringConnectionSet", """
            <item><vpcPeeringConnectionId>pcx-1</vpcPeeringConnectionId>
            <requesterVpcInfo><ownerId>1</ownerId><vpcId>vpc-1</vpcId></requesterVpcInfo></item>
            """)
        let error = try #require(decodeError(body))
        #expect(error.message.contains("accepterVpcInfo"))
    }

    @Test(arguments: ["70000", "ssh", "-2"])
    func invalidPortsAreErrors(port: String) throws {
        let body = response("DescribeSecurityGroups", "securityGroupInfo", """
            <item><groupId>sg-1</groupId><ipPermissions><item><ipProtocol>tcp</ipProtocol>
            <fromPort>\(port)</fromPort><toPort>22</toPort></item></ipPermissions></item>
            """)
        let error = try #require(decodeError(body))
        #expect(error.message.contains("fromPort"))
    }

    @Test func permissionWithoutProtocolIsAnError() throws {
        let body = response("DescribeSecurityGroups", "securityGroupInfo", """
            <item><groupId>sg-1</groupId><ipPermissions><item><fromPort>22</fromPort></item></ipPermissions></item>
            """)
        let error = try #require(decodeError(body))
        #expect(error.message.contains("ipProtocol"))
    }

    @Test func nonCanonicalSourceKeepsItsText() throws {
        let body = response("DescribeSecurityGroups", "securityGroupInfo", """
            <item><groupId>sg-1</groupId><ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort>
            <toPort>22</toPort><ipRanges><item><cidrIp>10.0.0.1/16</cidrIp></item></ipRanges>
            <groups><item><groupId>sg-9</groupId><userId>222222222222</userId><vpcId>vpc-9</vpcId></item></groups>
            </item></ipPermissions></item>
            """)
        let permission = try #require(try decode(body).securityGroups.first?.ingress.first)
        let range = try #require(permission.ipv4Ranges.first)
        #expect(range.text == "10.0.0.1/16")
        #expect(range.cidr == cidr("10.0.0.0/16"))
        #expect(!range.cidr.wasCanonical)
        #expect(permission.groups == [GroupReference(groupId: "sg-9", userId: "222222222222", vpcId: "vpc-9")])
    }

    @Test func failingFlowLogDelivery() throws {
        let body = response("DescribeFlowLogs", "flowLogSet", """
            <item><flowLogId>fl-1</flowLogId><resourceId>vpc-1</resourceId><trafficType>ACCEPT</trafficType>
            <flowLogStatus>ACTIVE</flowLogStatus><deliverLogsStatus>FAILED</deliverLogsStatus>
            <deliverLogsErrorMessage>Access error</deliverLogsErrorMessage>
            <logDestinationType>cloud-watch-logs</logDestinationType><logGroupName>g</logGroupName>
            <logDestination>arn:aws:logs:us-east-1:1:log-group:g</logDestination></item>
            """)
        let log = try #require(try decode(body).flowLogs.first)
        #expect(log.isDeliveryFailing)
        #expect(log.deliveryError == "Access error")
        #expect(log.destination == "arn:aws:logs:us-east-1:1:log-group:g")
        #expect(log.trafficType == "ACCEPT")
    }

    /// The reachability engine's endpoints: every private address (v4 and v6), the attached
    /// instance and tags; an address that is not one is an error naming the line, never dropped.
    @Test func interfaceAddressesAttachmentAndTags() throws {
        let body = response("DescribeNetworkInterfaces", "networkInterfaceSet", """
            <item><networkInterfaceId>eni-1</networkInterfaceId><subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId>
            <attachment><instanceId>i-1</instanceId><status>attached</status></attachment>
            <privateIpAddress>10.0.0.5</privateIpAddress>
            <privateIpAddressesSet><item><privateIpAddress>10.0.0.5</privateIpAddress><primary>true</primary></item>
              <item><privateIpAddress>10.0.0.6</privateIpAddress><primary>false</primary></item></privateIpAddressesSet>
            <ipv6AddressesSet><item><ipv6Address>2001:db8::5</ipv6Address></item></ipv6AddressesSet>
            <tagSet><item><key>Name</key><value>web</value></item></tagSet></item>
            <item><networkInterfaceId>eni-2</networkInterfaceId><subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId>
            <privateIpAddress>10.0.0.7</privateIpAddress></item>
            """)
        let interfaces = try decode(body).interfaces
        #expect(interfaces[0].addresses == [cidr("10.0.0.5/32"), cidr("10.0.0.6/32"), cidr("2001:db8::5/128")])
        #expect(interfaces[0].instanceId == "i-1")
        #expect(interfaces[0].tags.name == "web")
        // Without a privateIpAddressesSet, the lone privateIpAddress.
        #expect(interfaces[1].addresses == [cidr("10.0.0.7/32")])
        #expect(interfaces[1].instanceId == nil)
        let bad = response("DescribeNetworkInterfaces", "networkInterfaceSet", """
            <item><networkInterfaceId>eni-1</networkInterfaceId>
            <privateIpAddressesSet><item><privateIpAddress>10.0.0.300</privateIpAddress></item></privateIpAddressesSet></item>
            """)
        #expect(decodeError(bad)?.description.contains("invalid address in privateIpAddress") == true)
    }

    /// `privateDnsEnabled` is strictly true/false; absent or empty means not reported (nil), anything else names file and line.
    @Test func endpointPrivateDnsFlag() throws {
        func endpoint(_ flag: String) -> String {
            response("DescribeVpcEndpoints", "vpcEndpointSet", """
                <item><vpcEndpointId>vpce-1</vpcEndpointId><vpcEndpointType>Interface</vpcEndpointType><vpcId>vpc-1</vpcId>
                \(flag)</item>
                """)
        }
        #expect(try decode(endpoint("<privateDnsEnabled>false</privateDnsEnabled>")).endpoints.first?.privateDnsEnabled == false)
        #expect(try decode(endpoint("<privateDnsEnabled>true</privateDnsEnabled>")).endpoints.first?.privateDnsEnabled == true)
        #expect(try decode(endpoint("")).endpoints.first?.privateDnsEnabled == nil)
        let error = try #require(decodeError(endpoint("<privateDnsEnabled>yes</privateDnsEnabled>"), name: "a/b/DescribeVpcEndpoints.xml"))
        #expect(error.file == "a/b/DescribeVpcEndpoints.xml")
        #expect(error.line == 6)
        #expect(error.message.contains("privateDnsEnabled"))
    }

    @Test func aclPortRangeAndIcmp() throws {
        let body = response("DescribeNetworkAcls", "networkAclSet", """
            <item><networkAclId>acl-1</networkAclId><vpcId>vpc-1</vpcId><default>false</default><entrySet>
            <item><ruleNumber>10</ruleNumber><protocol>17</protocol><ruleAction>allow</ruleAction><egress>false</egress>
              <cidrBlock>10.0.0.0/8</cidrBlock><portRange><from>1024</from><to>65535</to></portRange></item>
            <item><ruleNumber>20</ruleNumber><protocol>1</protocol><ruleAction>deny</ruleAction><egress>true</egress>
              <cidrBlock>0.0.0.0/0</cidrBlock><icmpTypeCode><code>-1</code><type>-1</type></icmpTypeCode></item>
            </entrySet><associationSet/></item>
            """)
        let acl = try #require(try decode(body).networkAcls.first)
        let expected: [NetworkAcl.Entry] = [
            .init(ruleNumber: 10, ipProtocol: "17", allow: true, egress: false, cidr: cidr("10.0.0.0/8"), portRange: 1024...65535),
            .init(ruleNumber: 20, ipProtocol: "1", allow: false, egress: true, cidr: cidr("0.0.0.0/0"), portRange: nil,
                  icmpType: -1, icmpCode: -1),
        ]
        #expect(acl.entries == expected)
        #expect(acl.subnetIds.isEmpty)
        #expect(!acl.isDefault)
    }

    @Test func firstOfSeveralEc2ErrorsWins() throws {
        let decoded = try decode("""
            <Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>no</Message></Error>\
            <Error><Code>Other</Code><Message>later</Message></Error></Errors><RequestID>x</RequestID></Response>
            """)
        #expect(decoded.errorCode == "UnauthorizedOperation")
        #expect(decoded.errorMessage == "no")
    }

    @Test func errorBodyWithoutCodeIsRejected() throws {
        let error = try #require(decodeError("<Response><Errors/><RequestID>x</RequestID></Response>"))
        #expect(error.message.contains("without an error code"))
    }

    @Test(arguments: ["<FooResponse/>", "<DescribeVpcs/>", "<DescribeVpcsResult/>", "<html><body/></html>"])
    func unknownRootsAreRejected(body: String) throws {
        let error = try #require(decodeError(body))
        #expect(error.message.contains("unexpected root element"))
        #expect(error.line == 1)
    }
}
