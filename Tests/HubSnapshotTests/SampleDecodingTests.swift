import Foundation
import HubSnapshot
import HubModel
import HubXML
import Testing

/// Every reference sample, decoded by `ResponseReader` and checked against the values it holds.

@Suite struct SampleInventoryTests {
    /// Every sample file is claimed by exactly one of the lists the tests below run over.
    static let decoded: Set<String> = [
        "DescribeVpcs.xml", "DescribeVpcs-MaxResults5.xml", "DescribeVpcs-filter.xml", "DescribeVpcs-acctB.xml",
        "DescribeVpcs-header-acct222222222222-MaxResults5.xml", "DescribeSubnets.xml", "DescribeSubnets-MaxResults5.xml",
        "DescribeRouteTables.xml", "DescribeRouteTables-acctB.xml", "DescribeRouteTables-acctB-after-pcx-delete.xml",
        "DescribeSecurityGroups.xml", "DescribeSecurityGroups-MaxResults5.xml", "DescribeSecurityGroups-acctB.xml",
        "DescribeFlowLogs.xml", "DescribeVpcPeeringConnections.xml", "DescribeVpcPeeringConnections-pending.xml",
        "DescribeVpcPeeringConnections-acctB-pending.xml", "DescribeVpcPeeringConnections-acctB-deleted.xml",
        "DescribeVpcPeeringConnections-xacct-requester.xml", "DescribeVpcPeeringConnections-xacct-accepter.xml",
        "DescribeNetworkAcls.xml", "DescribeVpcEndpoints.xml", "DescribeManagedPrefixLists.xml",
        "GetManagedPrefixListEntries.xml", "DescribeNetworkInterfaces.xml", "DescribeInstances.xml",
        "DescribeInstances-page1.xml", "DescribeInstances-page2.xml",
        "DescribeTransitGateways.xml", "DescribeTransitGatewayAttachments.xml", "DescribeTransitGatewayAttachments-tgw.xml",
        "DescribeTransitGatewayVpcAttachments.xml", "DescribeTransitGatewayPeeringAttachments.xml",
        "DescribeTransitGatewayRouteTables.xml", "GetTransitGatewayRouteTableAssociations.xml",
        "GetTransitGatewayRouteTablePropagations.xml", "SearchTransitGatewayRoutes.xml", "DescribeStaleSecurityGroups.xml",
        "DescribeVpcPeeringConnections-dns.xml", "DescribeVpcAttribute-requester-enableDnsSupport.xml",
        "DescribeVpcAttribute-requester-enableDnsHostnames.xml", "DescribeVpcAttribute-accepter-enableDnsSupport.xml",
        "DescribeVpcAttribute-accepter-enableDnsHostnames.xml",
        "botocore/ec2-describe-vpcs.xml", "botocore/ec2-describe-subnets.xml", "botocore/ec2-describe-route-tables.xml",
        "botocore/ec2-describe-security-groups.xml", "botocore/ec2-describe-network-acls.xml",
        "botocore/ec2-describe-network-interfaces.xml", "botocore/ec2-describe-instances.xml",
    ]

    @Test func everySampleFileIsCovered() throws {
        let claimed = Self.decoded
            .union(ErrorBodyTests.cases.map(\.file))
            .union(RejectedRootTests.cases.map(\.file))
            .union(["DescribeStaleSecurityGroups-moto-HTTP500.html"])
        var onDisk: Set<String> = []
        for (subfolder, prefix) in [("", ""), ("botocore", "botocore/")] {
            let url = Samples.folder.appendingPathComponent(subfolder)
            let names = try FileManager.default.contentsOfDirectory(atPath: url.path)
            for name in names where name.hasSuffix(".xml") || name.hasSuffix(".html") {
                onDisk.insert(prefix + name)
            }
        }
        #expect(onDisk.count == 81)
        #expect(onDisk.subtracting(claimed).sorted() == [])
        #expect(claimed.subtracting(onDisk).sorted() == [])
    }

    @Test(arguments: Array(decoded).sorted())
    func decodedSamplesAreNotErrors(file: String) throws {
        let response = try Samples.read(file)
        #expect(response.action != nil)
        #expect(!response.isError)
        #expect(response.errorCode == nil)
        #expect(response.errorMessage == nil)
    }
}

@Suite struct VpcSampleTests {
    @Test(arguments: ["DescribeVpcs.xml", "DescribeVpcs-MaxResults5.xml"])
    func describeVpcs(file: String) throws {
        let response = try Samples.read(file)
        #expect(response.action == .describeVpcs)
        #expect(response.nextToken == nil)
        #expect(response.vpcs.map(\.id) == ["vpc-054491aee76f0d1c3", "vpc-971b4b75de8fa6c6f", "vpc-2086d7572d0828fc0"])
        #expect(response.subnets.isEmpty)
        #expect(response.routeTables.isEmpty)

        let defaultVpc = Vpc(scope: Samples.hub, id: "vpc-054491aee76f0d1c3", ownerId: "123456789012", state: "available",
                             ipv4: [cidr("172.31.0.0/16")], ipv6: [], isDefault: true, tags: Tags())
        let vpcA = Vpc(scope: Samples.hub, id: "vpc-971b4b75de8fa6c6f", ownerId: "123456789012", state: "available",
                       ipv4: [cidr("10.0.0.0/16"), cidr("10.1.0.0/16")], ipv6: [cidr("2400:6500:16fa:5f00::/56")],
                       isDefault: false, tags: Tags(["Name": "vpc-a"]))
        let vpcB = Vpc(scope: Samples.hub, id: "vpc-2086d7572d0828fc0", ownerId: "123456789012", state: "available",
                       ipv4: [cidr("10.2.0.0/16")], ipv6: [], isDefault: false, tags: Tags(["Name": "vpc-b"]))
        #expect(response.vpcs == [defaultVpc, vpcA, vpcB])
        #expect(response.vpcs[1].label == "vpc-971b4b75de8fa6c6f (vpc-a)")
    }

    @Test func describeVpcsFiltered() throws {
        let response = try Samples.read("DescribeVpcs-filter.xml")
        #expect(response.action == .describeVpcs)
        #expect(response.vpcs.map(\.id) == ["vpc-971b4b75de8fa6c6f", "vpc-2086d7572d0828fc0"])
        #expect(response.vpcs.map(\.tags.name) == ["vpc-a", "vpc-b"])
        #expect(response.vpcs[0].blocks == [cidr("10.0.0.0/16"), cidr("10.1.0.0/16"), cidr("2400:6500:16fa:5f00::/56")])
        #expect(response.vpcs.allSatisfy { !$0.isDefault })
    }

    @Test func describeVpcsOfAccountB() throws {
        let response = try Samples.read("DescribeVpcs-acctB.xml", scope: Samples.acctB)
        let expected = [
            Vpc(scope: Samples.acctB, id: "vpc-109a8179267b29a79", ownerId: "111111111111", ipv4: [cidr("172.31.0.0/16")],
                isDefault: true),
            Vpc(scope: Samples.acctB, id: "vpc-1c7c7dd53da4de65d", ownerId: "111111111111", ipv4: [cidr("10.3.0.0/16")],
                tags: Tags(["Name": "vpc-c-acctB"])),
        ]
        #expect(response.vpcs == expected)
    }

    @Test func describeVpcsOfAccountViaHeaderIgnoresMaxResults() throws {
        let scope = Scope(account: "222222222222", region: "us-east-1")
        let response = try Samples.read("DescribeVpcs-header-acct222222222222-MaxResults5.xml", scope: scope)
        #expect(response.vpcs.count == 8)
        #expect(response.nextToken == nil)
        let blocks = response.vpcs.map { $0.ipv4.map(\.description) }
        #expect(blocks == [["172.31.0.0/16"], ["172.16.0.0/16"], ["172.17.0.0/16"], ["172.18.0.0/16"],
                           ["172.19.0.0/16"], ["172.20.0.0/16"], ["172.21.0.0/16"], ["172.22.0.0/16"]])
        #expect(response.vpcs.map(\.isDefault) == [true, false, false, false, false, false, false, false])
        #expect(Set(response.vpcs.map(\.ownerId)) == ["222222222222"])
        #expect(response.vpcs.first?.id == "vpc-010f608476a840c16")
        #expect(response.vpcs.last?.id == "vpc-789810231c22813a0")
        #expect(response.vpcs.allSatisfy { $0.tags.pairs.isEmpty })
    }

    @Test func botocoreVpcWithoutOwnerOrAssociationSet() throws {
        let response = try Samples.read("botocore/ec2-describe-vpcs.xml")
        // No ownerId in the 2014 body: the owner is the account the call was made in.
        let expected = Vpc(scope: Samples.hub, id: "vpc-8d2910e4", ownerId: "123456789012", state: "available",
                           ipv4: [cidr("10.0.0.0/16")], ipv6: [], isDefault: false, tags: Tags())
        #expect(response.vpcs == [expected])
    }
}

@Suite struct SubnetSampleTests {
    @Test(arguments: ["DescribeSubnets.xml", "DescribeSubnets-MaxResults5.xml"])
    func describeSubnets(file: String) throws {
        let response = try Samples.read(file)
        #expect(response.action == .describeSubnets)
        #expect(response.subnets.count == 9)
        #expect(response.nextToken == nil)
        let web = try #require(response.subnets.first { $0.id == "subnet-b989ac3209fea295b" })
        #expect(web == Subnet(scope: Samples.hub, id: "subnet-b989ac3209fea295b", vpcId: "vpc-971b4b75de8fa6c6f",
                              ipv4: cidr("10.0.1.0/24"), ipv6: [], availabilityZone: "us-east-1a"))
        let app = try #require(response.subnets.first { $0.id == "subnet-db001e63cda41754b" })
        #expect(app.ipv4 == cidr("10.0.2.0/24"))
        #expect(app.availabilityZone == "us-east-1b")
        let peer = try #require(response.subnets.first { $0.id == "subnet-c248e7643df19792c" })
        #expect(peer.vpcId == "vpc-2086d7572d0828fc0")
        #expect(peer.ipv4 == cidr("10.2.1.0/24"))
        let defaults = response.subnets.filter { $0.vpcId == "vpc-054491aee76f0d1c3" }
        #expect(defaults.compactMap(\.ipv4?.description) == ["172.31.0.0/20", "172.31.16.0/20", "172.31.32.0/20",
                                                              "172.31.48.0/20", "172.31.64.0/20", "172.31.80.0/20"])
        #expect(defaults.map(\.availabilityZone) == ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d",
                                                     "us-east-1e", "us-east-1f"])
        #expect(response.subnets.allSatisfy { $0.ipv6.isEmpty })
    }

    @Test func botocoreSubnet() throws {
        let response = try Samples.read("botocore/ec2-describe-subnets.xml")
        let expected = Subnet(scope: Samples.hub, id: "subnet-812910e8", vpcId: "vpc-8d2910e4", ipv4: cidr("10.0.0.0/24"),
                              availabilityZone: "us-west-2a")
        #expect(response.subnets == [expected])
    }
}

@Suite struct RouteTableSampleTests {
    @Test func describeRouteTablesMainTables() throws {
        let response = try Samples.read("DescribeRouteTables.xml")
        #expect(response.action == .describeRouteTables)
        #expect(response.routeTables.map(\.id) == ["rtb-f13c6235d74e8690d", "rtb-e1f50a826ef907638", "rtb-9dbc824cd2e6bbf6e",
                                                   "rtb-b28f4a13c113d3fba", "rtb-33ae9cd09593217ad"])
        #expect(response.routeTables.map(\.isMain) == [true, true, true, false, false])
        #expect(response.routeTables.map(\.subnetIds) == [[], [], [], ["subnet-b989ac3209fea295b"], ["subnet-c248e7643df19792c"]])
        #expect(response.routeTables.map(\.vpcId) == ["vpc-054491aee76f0d1c3", "vpc-971b4b75de8fa6c6f", "vpc-2086d7572d0828fc0",
                                                      "vpc-971b4b75de8fa6c6f", "vpc-2086d7572d0828fc0"])
    }

    @Test func mainTableOfVpcAHasLocalRoutesForEveryBlock() throws {
        let response = try Samples.read("DescribeRouteTables.xml")
        let main = try #require(response.routeTables.first { $0.id == "rtb-e1f50a826ef907638" })
        let expected = [
            Route(destination: .cidr(cidr("10.0.0.0/16")), targetKind: .local, targetId: "local", state: "active",
                  origin: "CreateRouteTable"),
            Route(destination: .cidr(cidr("2400:6500:16fa:5f00::/56")), targetKind: .local, targetId: "local",
                  state: "active", origin: "CreateRouteTable"),
            Route(destination: .cidr(cidr("10.1.0.0/16")), targetKind: .local, targetId: "local", state: "active",
                  origin: "CreateRouteTable"),
        ]
        #expect(main.routes == expected)
    }

    @Test func subnetTableOfVpcAHasEveryTargetKind() throws {
        let response = try Samples.read("DescribeRouteTables.xml")
        let table = try #require(response.routeTables.first { $0.id == "rtb-b28f4a13c113d3fba" })
        let expected = [
            Route(destination: .cidr(cidr("10.0.0.0/16")), targetKind: .local, targetId: "local", state: "active",
                  origin: "CreateRouteTable"),
            Route(destination: .cidr(cidr("10.1.0.0/16")), targetKind: .local, targetId: "local", state: "active",
                  origin: "CreateRouteTable"),
            Route(destination: .cidr(cidr("2400:6500:16fa:5f00::/56")), targetKind: .local, targetId: "local",
                  state: "active", origin: "CreateRouteTable"),
            Route(destination: .cidr(cidr("0.0.0.0/0")), targetKind: .internetGateway, targetId: "igw-fd05278a741eb2895",
                  state: "active", origin: "CreateRoute"),
            Route(destination: .cidr(cidr("10.2.0.0/16")), targetKind: .peering, targetId: "pcx-9b736311533cbc470",
                  state: "active", origin: "CreateRoute"),
            Route(destination: .cidr(cidr("::/0")), targetKind: .internetGateway, targetId: "igw-fd05278a741eb2895",
                  state: "active", origin: "CreateRoute"),
            // A gateway endpoint's route: destination is the service's prefix list, target the vpce in gatewayId.
            Route(destination: .prefixList("pl-1543bac24d0376bee"), targetKind: .vpcEndpoint,
                  targetId: "vpce-7d2fca13719fa3e52", state: "active", origin: "CreateRoute"),
        ]
        #expect(table.routes == expected)
        #expect(table.routes[5].cidr?.family == .v6)
        #expect(table.routes[6].cidr == nil)
    }

    @Test func peerSideTableRoutesBackOverThePeering() throws {
        let response = try Samples.read("DescribeRouteTables.xml")
        let table = try #require(response.routeTables.first { $0.id == "rtb-33ae9cd09593217ad" })
        #expect(table.routes.map(\.description) == ["10.2.0.0/16 → local (active)",
                                                     "10.0.0.0/16 → pcx-9b736311533cbc470 (active)"])
        #expect(table.routes.map(\.targetKind) == [.local, .peering])
    }

    /// moto keeps reporting the route to a deleted peering as active; the decoder reports what it reads.
    @Test(arguments: ["DescribeRouteTables-acctB.xml", "DescribeRouteTables-acctB-after-pcx-delete.xml"])
    func accountBTables(file: String) throws {
        let response = try Samples.read(file, scope: Samples.acctB)
        #expect(response.routeTables.map(\.id) == ["rtb-ef2c41768337957fc", "rtb-5bad762ca6667327e", "rtb-e1223579f1ac6396a"])
        #expect(response.routeTables.map(\.isMain) == [true, true, false])
        #expect(response.routeTables.allSatisfy { $0.scope == Samples.acctB })
        // `<associationSet/>`: not main, no subnets.
        let custom = response.routeTables[2]
        #expect(custom.subnetIds.isEmpty)
        #expect(custom.vpcId == "vpc-1c7c7dd53da4de65d")
        let expected = [
            Route(destination: .cidr(cidr("10.3.0.0/16")), targetKind: .local, targetId: "local", state: "active",
                  origin: "CreateRouteTable"),
            Route(destination: .cidr(cidr("10.0.0.0/16")), targetKind: .peering, targetId: "pcx-e75755643c71e3952",
                  state: "active", origin: "CreateRoute"),
        ]
        #expect(custom.routes == expected)
    }

    @Test func botocoreRouteTablesWithoutAssociationState() throws {
        let response = try Samples.read("botocore/ec2-describe-route-tables.xml")
        let expected = [
            RouteTable(scope: Samples.hub, id: "rtb-2728114e", vpcId: "vpc-8d2910e4", isMain: false,
                       subnetIds: ["subnet-812910e8"], routes: [
                           Route(destination: .cidr(cidr("10.0.0.0/16")), targetKind: .local, targetId: "local",
                                 state: "active", origin: "CreateRouteTable"),
                           Route(destination: .cidr(cidr("0.0.0.0/0")), targetKind: .internetGateway,
                                 targetId: "igw-6228110b", state: "active", origin: "CreateRoute"),
                       ]),
            RouteTable(scope: Samples.hub, id: "rtb-8f2910e6", vpcId: "vpc-8d2910e4", isMain: true, subnetIds: [], routes: [
                Route(destination: .cidr(cidr("10.0.0.0/16")), targetKind: .local, targetId: "local", state: "active",
                      origin: "CreateRouteTable"),
            ]),
        ]
        #expect(response.routeTables == expected)
    }
}

@Suite struct SecurityGroupSampleTests {
    static let anyV4 = SourceRange(cidr: cidr("0.0.0.0/0"), text: "0.0.0.0/0")
    static let anyV6 = SourceRange(cidr: cidr("::/0"), text: "::/0")

    @Test(arguments: ["DescribeSecurityGroups.xml", "DescribeSecurityGroups-MaxResults5.xml"])
    func groupsAndOwners(file: String) throws {
        let response = try Samples.read(file)
        #expect(response.action == .describeSecurityGroups)
        #expect(response.nextToken == nil)
        #expect(response.securityGroups.map(\.id) == ["sg-0a45d17591f3a192a", "sg-31e66ed201d5c5faf", "sg-54393e55db5d96e6c",
                                                      "sg-172d5fef3c6ee88e0", "sg-8a724a489f48ef6bb", "sg-c0e86d737954f61a7"])
        #expect(response.securityGroups.map(\.name) == ["default", "default", "web", "app", "default", "peer-b"])
        #expect(response.securityGroups.map(\.vpcId) == ["vpc-054491aee76f0d1c3", "vpc-971b4b75de8fa6c6f",
                                                         "vpc-971b4b75de8fa6c6f", "vpc-971b4b75de8fa6c6f",
                                                         "vpc-2086d7572d0828fc0", "vpc-2086d7572d0828fc0"])
        #expect(Set(response.securityGroups.map(\.ownerId)) == ["123456789012"])
        #expect(response.securityGroups.map(\.ingress.count) == [0, 0, 4, 2, 0, 1])
    }

    @Test func webGroupIngressAndEgress() throws {
        let response = try Samples.read("DescribeSecurityGroups.xml")
        let web = try #require(response.securityGroups.first { $0.id == "sg-54393e55db5d96e6c" })
        let ssh = SourceRange(cidr: cidr("0.0.0.0/0"), text: "0.0.0.0/0", description: "ssh from anywhere")
        let ingress = [
            Permission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipv4Ranges: [ssh]),
            Permission(ipProtocol: "tcp", fromPort: 443, toPort: 443, ipv4Ranges: [Self.anyV4], ipv6Ranges: [Self.anyV6]),
            Permission(ipProtocol: "tcp", fromPort: 5432, toPort: 5432, prefixListIds: ["pl-97279db71a2e4555e"]),
            Permission(ipProtocol: "icmp", fromPort: -1, toPort: -1,
                       ipv4Ranges: [SourceRange(cidr: cidr("10.0.0.0/8"), text: "10.0.0.0/8")]),
        ]
        #expect(Array(web.ingress) == ingress)
        let egress = [
            Permission(ipProtocol: "-1", ipv4Ranges: [Self.anyV4], ipv6Ranges: [Self.anyV6]),
            Permission(ipProtocol: "udp", fromPort: 53, toPort: 53,
                       ipv4Ranges: [SourceRange(cidr: cidr("10.0.0.2/32"), text: "10.0.0.2/32")]),
        ]
        #expect(Array(web.egress) == egress)
        #expect(web.ingress[0].description == "tcp 22")
        #expect(web.ingress[3].portRange == nil)
        #expect(web.egress[0].isAllTraffic)
    }

    @Test func appGroupReferencesTheWebGroup() throws {
        let response = try Samples.read("DescribeSecurityGroups.xml")
        let app = try #require(response.securityGroups.first { $0.id == "sg-172d5fef3c6ee88e0" })
        let web = GroupReference(groupId: "sg-54393e55db5d96e6c", userId: "123456789012", vpcId: nil, peeringId: nil)
        let expected = [
            Permission(ipProtocol: "-1", fromPort: nil, toPort: nil, groups: [web]),
            Permission(ipProtocol: "tcp", fromPort: 8080, toPort: 8080, groups: [web]),
        ]
        #expect(Array(app.ingress) == expected)
    }

    @Test func peerGroupReferencesAcrossThePeering() throws {
        let response = try Samples.read("DescribeSecurityGroups.xml")
        let peer = try #require(response.securityGroups.first { $0.id == "sg-c0e86d737954f61a7" })
        let reference = GroupReference(groupId: "sg-54393e55db5d96e6c", userId: "123456789012", vpcId: nil,
                                       peeringId: "pcx-9b736311533cbc470")
        #expect(peer.ingress == [Permission(ipProtocol: "tcp", fromPort: 22, toPort: 22, groups: [reference])])
        #expect(peer.egress == [Permission(ipProtocol: "-1", ipv4Ranges: [Self.anyV4])])
    }

    @Test func defaultGroupsHaveNoIngress() throws {
        let response = try Samples.read("DescribeSecurityGroups.xml")
        let defaults = response.securityGroups.filter { $0.name == "default" }
        #expect(defaults.count == 3)
        #expect(defaults.allSatisfy { $0.ingress.isEmpty })
        #expect(defaults.allSatisfy { $0.egress.count == 1 })
    }

    @Test func accountBGroups() throws {
        let response = try Samples.read("DescribeSecurityGroups-acctB.xml", scope: Samples.acctB)
        #expect(response.securityGroups.map(\.id) == ["sg-2140d7c6b5cc92366", "sg-59aaf93f6524a1ade", "sg-02009c307a113b2cd"])
        #expect(response.securityGroups.map(\.name) == ["default", "default", "acctb"])
        #expect(response.securityGroups.map(\.vpcId) == ["vpc-109a8179267b29a79", "vpc-1c7c7dd53da4de65d",
                                                         "vpc-1c7c7dd53da4de65d"])
        #expect(Set(response.securityGroups.map(\.ownerId)) == ["111111111111"])
        #expect(response.securityGroups.allSatisfy { $0.ingress.isEmpty })
        #expect(response.securityGroups.allSatisfy { $0.egress == [Permission(ipProtocol: "-1", ipv4Ranges: [Self.anyV4])] })
    }

    @Test func botocoreGroups() throws {
        let response = try Samples.read("botocore/ec2-describe-security-groups.xml")
        #expect(response.securityGroups.map(\.id) == ["sg-68d8a958", "sg-72334242", "sg-4e970e7e", "sg-eab831da", "sg-97b1aefb"])
        #expect(response.securityGroups.map(\.vpcId) == ["", "", "", "", "vpc-8d2910e4"])
        let rdp = response.securityGroups[1]
        #expect(rdp.ingress == [Permission(ipProtocol: "tcp", fromPort: 3389, toPort: 3389, ipv4Ranges: [Self.anyV4])])
        #expect(rdp.egress.isEmpty)
        let notebook = response.securityGroups[2]
        #expect(notebook.ingress.map(\.fromPort) == [22, 443, 8888])
        let selfReference = GroupReference(groupId: "sg-eab831da", userId: "123456789012")
        let classic = response.securityGroups[3]
        let classicExpected = [
            Permission(ipProtocol: "tcp", fromPort: 0, toPort: 65535, groups: [selfReference]),
            Permission(ipProtocol: "udp", fromPort: 0, toPort: 65535, groups: [selfReference]),
            Permission(ipProtocol: "icmp", fromPort: -1, toPort: -1, groups: [selfReference]),
        ]
        #expect(Array(classic.ingress) == classicExpected)
        let vpcDefault = response.securityGroups[4]
        let vpcSelf = GroupReference(groupId: "sg-97b1aefb", userId: "123456789012")
        #expect(vpcDefault.ingress == [Permission(ipProtocol: "-1", groups: [vpcSelf])])
        #expect(vpcDefault.egress == [Permission(ipProtocol: "-1", ipv4Ranges: [Self.anyV4])])
    }
}

@Suite struct FlowLogSampleTests {
    @Test func describeFlowLogs() throws {
        let response = try Samples.read("DescribeFlowLogs.xml")
        #expect(response.action == .describeFlowLogs)
        let expected = [
            // CloudWatch Logs: no logDestination in moto's body, the log group names the destination.
            FlowLog(scope: Samples.hub, id: "fl-e3cbcdf80b960ad08", resourceId: "vpc-971b4b75de8fa6c6f", trafficType: "ALL",
                    status: "ACTIVE", deliveryStatus: "SUCCESS", deliveryError: nil,
                    destinationType: "cloud-watch-logs", destination: "vpc-flow"),
            FlowLog(scope: Samples.hub, id: "fl-b8e47de722b3df075", resourceId: "subnet-c248e7643df19792c",
                    trafficType: "REJECT", status: "ACTIVE", deliveryStatus: "SUCCESS", deliveryError: nil,
                    destinationType: "s3", destination: "arn:aws:s3:::flow-bucket"),
        ]
        #expect(response.flowLogs == expected)
        #expect(response.flowLogs.allSatisfy { $0.isActive })
        #expect(!response.flowLogs.contains { $0.isDeliveryFailing })
    }
}

@Suite struct PeeringSampleTests {
    // moto reports each side's peeringOptions (DNS resolution off) in every state; AWS only while active.
    static let vpcA = PeeringConnection.Side(ownerId: "123456789012", vpcId: "vpc-971b4b75de8fa6c6f", region: "us-east-1",
                                             blocks: [cidr("10.0.0.0/16")], allowsDnsResolutionFromRemoteVpc: false)
    static let vpcB = PeeringConnection.Side(ownerId: "123456789012", vpcId: "vpc-2086d7572d0828fc0", region: "us-east-1",
                                             blocks: [cidr("10.2.0.0/16")], allowsDnsResolutionFromRemoteVpc: false)
    static let vpcC = PeeringConnection.Side(ownerId: "111111111111", vpcId: "vpc-1c7c7dd53da4de65d", region: "us-east-1",
                                             blocks: [cidr("10.3.0.0/16")], allowsDnsResolutionFromRemoteVpc: false)

    @Test func sameAccountActive() throws {
        let response = try Samples.read("DescribeVpcPeeringConnections.xml")
        #expect(response.action == .describeVpcPeeringConnections)
        let expected = PeeringConnection(id: "pcx-9b736311533cbc470", statusCode: "active", statusMessage: "Active",
                                         requester: Self.vpcA, accepter: Self.vpcB, reportedBy: [Samples.hub])
        #expect(response.peerings == [expected])
        #expect(response.peerings[0].isActive)
    }

    @Test func sameAccountPending() throws {
        let response = try Samples.read("DescribeVpcPeeringConnections-pending.xml")
        let expected = PeeringConnection(id: "pcx-9b736311533cbc470", statusCode: "pending-acceptance",
                                         statusMessage: "Pending Acceptance by 123456789012",
                                         requester: Self.vpcA, accepter: Self.vpcB, reportedBy: [Samples.hub])
        #expect(response.peerings == [expected])
        #expect(response.peerings[0].isPending)
        #expect(response.peerings[0].isLive)
    }

    @Test func crossAccountPendingSeenByAccepter() throws {
        let response = try Samples.read("DescribeVpcPeeringConnections-acctB-pending.xml", scope: Samples.acctB)
        let expected = PeeringConnection(id: "pcx-e75755643c71e3952", statusCode: "pending-acceptance",
                                         statusMessage: "Pending Acceptance by 111111111111",
                                         requester: Self.vpcA, accepter: Self.vpcC, reportedBy: [Samples.acctB])
        #expect(response.peerings == [expected])
    }

    @Test func crossAccountActiveSeenByRequester() throws {
        let response = try Samples.read("DescribeVpcPeeringConnections-xacct-requester.xml")
        #expect(response.peerings.map(\.id) == ["pcx-9b736311533cbc470", "pcx-e75755643c71e3952"])
        #expect(response.peerings.map(\.statusCode) == ["active", "active"])
        let crossAccount = response.peerings[1]
        #expect(crossAccount.requester == Self.vpcA)
        #expect(crossAccount.accepter == Self.vpcC)
        #expect(crossAccount.requester.ownerId == "123456789012")
        #expect(crossAccount.accepter.ownerId == "111111111111")
        #expect(crossAccount.accepter.scope == Samples.acctB)
        #expect(crossAccount.reportedBy == [Samples.hub])
        #expect(crossAccount.peer(of: "vpc-971b4b75de8fa6c6f")?.vpcId == "vpc-1c7c7dd53da4de65d")
    }

    @Test func crossAccountActiveSeenByAccepter() throws {
        let response = try Samples.read("DescribeVpcPeeringConnections-xacct-accepter.xml", scope: Samples.acctB)
        let expected = PeeringConnection(id: "pcx-e75755643c71e3952", statusCode: "active", statusMessage: "Active",
                                         requester: Self.vpcA, accepter: Self.vpcC, reportedBy: [Samples.acctB])
        #expect(response.peerings == [expected])
    }

    @Test func crossAccountDeletedSeenByAccepter() throws {
        let response = try Samples.read("DescribeVpcPeeringConnections-acctB-deleted.xml", scope: Samples.acctB)
        let peering = try #require(response.peerings.first)
        #expect(response.peerings.count == 1)
        #expect(peering.id == "pcx-e75755643c71e3952")
        #expect(peering.statusCode == "deleted")
        #expect(peering.statusMessage == "Deleted by 123456789012")
        #expect(peering.requester == Self.vpcA)
        #expect(peering.accepter == Self.vpcC)
        #expect(!peering.isLive)
    }
}

@Suite struct NetworkAclSampleTests {
    static func defaultEntries() -> [NetworkAcl.Entry] {
        [
            .init(ruleNumber: 100, ipProtocol: "-1", allow: true, egress: true, cidr: cidr("0.0.0.0/0")),
            .init(ruleNumber: 32767, ipProtocol: "-1", allow: false, egress: true, cidr: cidr("0.0.0.0/0")),
            .init(ruleNumber: 100, ipProtocol: "-1", allow: true, egress: false, cidr: cidr("0.0.0.0/0")),
            .init(ruleNumber: 32767, ipProtocol: "-1", allow: false, egress: false, cidr: cidr("0.0.0.0/0")),
        ]
    }

    @Test func describeNetworkAcls() throws {
        let response = try Samples.read("DescribeNetworkAcls.xml")
        #expect(response.action == .describeNetworkAcls)
        #expect(response.networkAcls.map(\.id) == ["acl-6ac893bcb1781d87a", "acl-57320db2abe118099", "acl-66a14261793046a9a",
                                                   "acl-b7fbadbd9bb98761c"])
        #expect(response.networkAcls.map(\.isDefault) == [true, true, true, false])
        #expect(response.networkAcls.map(\.subnetIds.count) == [6, 1, 1, 1])
        #expect(response.networkAcls[0].subnetIds.first == "subnet-f07c288b92806acd7")
        #expect(response.networkAcls[0].entries == Self.defaultEntries())
        #expect(response.networkAcls[1].entries == Self.defaultEntries())
    }

    @Test func customAclEntries() throws {
        let response = try Samples.read("DescribeNetworkAcls.xml")
        let acl = try #require(response.networkAcls.first { $0.id == "acl-b7fbadbd9bb98761c" })
        #expect(acl.vpcId == "vpc-971b4b75de8fa6c6f")
        #expect(acl.subnetIds == ["subnet-db001e63cda41754b"])
        let expected: [NetworkAcl.Entry] = [
            .init(ruleNumber: 100, ipProtocol: "6", allow: true, egress: false, cidr: cidr("0.0.0.0/0"), portRange: 22...22),
            .init(ruleNumber: 110, ipProtocol: "-1", allow: false, egress: false, cidr: cidr("203.0.113.0/24")),
            .init(ruleNumber: 120, ipProtocol: "1", allow: true, egress: false, cidr: cidr("10.0.0.0/8")),
            .init(ruleNumber: 100, ipProtocol: "-1", allow: true, egress: true, cidr: cidr("::/0")),
        ]
        #expect(acl.entries == expected)
    }

    @Test func botocoreAcl() throws {
        let response = try Samples.read("botocore/ec2-describe-network-acls.xml")
        let expected = NetworkAcl(scope: Samples.hub, id: "acl-8c2910e5", vpcId: "vpc-8d2910e4", isDefault: true,
                                  subnetIds: ["subnet-812910e8"], entries: Self.defaultEntries())
        #expect(response.networkAcls == [expected])
    }
}

@Suite struct EndpointAndPrefixListSampleTests {
    @Test func describeVpcEndpoints() throws {
        let response = try Samples.read("DescribeVpcEndpoints.xml")
        #expect(response.action == .describeVpcEndpoints)
        let expected = [
            VpcEndpoint(scope: Samples.hub, id: "vpce-7d2fca13719fa3e52", type: "Gateway", vpcId: "vpc-971b4b75de8fa6c6f",
                        serviceName: "com.amazonaws.us-east-1.s3", state: "available",
                        routeTableIds: ["rtb-b28f4a13c113d3fba"], subnetIds: [], groupIds: [], privateDnsEnabled: true),
            VpcEndpoint(scope: Samples.hub, id: "vpce-c3ea3f6f075f6fbe0", type: "Interface", vpcId: "vpc-971b4b75de8fa6c6f",
                        serviceName: "com.amazonaws.us-east-1.ssm", state: "available",
                        routeTableIds: [], subnetIds: ["subnet-b989ac3209fea295b"], groupIds: ["sg-172d5fef3c6ee88e0"],
                        privateDnsEnabled: true),
        ]
        #expect(response.endpoints == expected)
    }

    /// The peering-pair example's Session Manager endpoints, recorded from moto: all three with private DNS.
    @Test func sessionManagerEndpointsOfThePeeringPairExample() throws {
        let path = Samples.examples.appendingPathComponent("peering-pair/444444444444/us-east-1/DescribeVpcEndpoints.xml").path
        let response = try ResponseReader.read(file: path, scope: Scope(account: "444444444444", region: "us-east-1"))
        let services = response.endpoints.map { $0.serviceName.split(separator: ".").last.map(String.init) ?? "" }
        #expect(services == ["ssm", "ssmmessages", "ec2messages"])
        #expect(response.endpoints.allSatisfy { $0.type == "Interface" && $0.privateDnsEnabled == true })
    }

    @Test func describeManagedPrefixLists() throws {
        let response = try Samples.read("DescribeManagedPrefixLists.xml")
        #expect(response.action == .describeManagedPrefixLists)
        #expect(response.prefixLists.map(\.id) == ["pl-1543bac24d0376bee", "pl-4b40f4d2109044b62", "pl-86801e4192d8ed530",
                                                   "pl-0788c3b2201a0d23a", "pl-37dbf66e65150acc2", "pl-f25db6968bbf9ec98",
                                                   "pl-97279db71a2e4555e"])
        #expect(response.prefixLists.map(\.addressFamily) == ["IPv4", "IPv4", "IPv4", "IPv4", "IPv4", "IPv6", "IPv4"])
        #expect(response.prefixLists.map(\.ownerId) == ["AWS", "AWS", "AWS", "AWS", "AWS", "AWS", "123456789012"])
        #expect(response.prefixLists[0].name == "com.amazonaws.us-east-1.s3")
        let corp = PrefixList(scope: Samples.hub, id: "pl-97279db71a2e4555e", name: "corp-ranges", addressFamily: "IPv4",
                              ownerId: "123456789012", entries: nil)
        #expect(response.prefixLists.last == corp)
        // Entries come from a separate call: never filled in here.
        #expect(response.prefixLists.allSatisfy { $0.entries == nil })
    }

    @Test func getManagedPrefixListEntries() throws {
        let response = try Samples.read("GetManagedPrefixListEntries.xml")
        #expect(response.action == .getManagedPrefixListEntries)
        #expect(response.prefixListEntries == [cidr("192.168.0.0/24"), cidr("192.168.1.0/24")])
        #expect(response.prefixLists.isEmpty)
    }
}

@Suite struct InterfaceAndInstanceSampleTests {
    @Test func describeNetworkInterfaces() throws {
        let response = try Samples.read("DescribeNetworkInterfaces.xml")
        #expect(response.action == .describeNetworkInterfaces)
        #expect(response.interfaces.count == 9)
        #expect(response.interfaces.map(\.status) == ["available", "in-use", "in-use", "in-use", "in-use", "in-use",
                                                      "in-use", "in-use", "available"])
        let endpointEni = NetworkInterface(scope: Samples.hub, id: "eni-144ca5fd860fa8819", vpcId: "vpc-971b4b75de8fa6c6f",
                                           subnetId: "subnet-b989ac3209fea295b", groupIds: ["sg-31e66ed201d5c5faf"],
                                           status: "available", interfaceType: "interface",
                                           addresses: [cidr("10.116.207.150/32")])
        #expect(response.interfaces.first == endpointEni)
        let web = try #require(response.interfaces.first { $0.id == "eni-c1640279e9014b9da" })
        #expect(web.groupIds == ["sg-172d5fef3c6ee88e0", "sg-54393e55db5d96e6c"])
        #expect(web.subnetId == "subnet-b989ac3209fea295b")
        let peerSide = response.interfaces.filter { $0.vpcId == "vpc-2086d7572d0828fc0" }
        #expect(peerSide.map(\.id) == ["eni-0277f7f95aaee5776", "eni-26f11bc5b0afb7b85"])
        #expect(peerSide.allSatisfy { $0.groupIds == ["sg-c0e86d737954f61a7"] })
        let detached = try #require(response.interfaces.last)
        #expect(detached.id == "eni-503d2ac442a103e6c")
        #expect(detached.groupIds == ["sg-172d5fef3c6ee88e0"])
        #expect(Set(response.interfaces.map(\.interfaceType)) == ["interface"])
    }

    @Test func botocoreInterfacesDefaultTheirType() throws {
        let response = try Samples.read("botocore/ec2-describe-network-interfaces.xml")
        let expected = [
            NetworkInterface(scope: Samples.hub, id: "eni-0f62d866", vpcId: "vpc-cc3c87a5", subnetId: "subnet-c53c87ac",
                             groupIds: ["sg-3f4b5653"], status: "in-use", interfaceType: "interface",
                             addresses: [cidr("10.0.0.146/32"), cidr("10.0.0.148/32"), cidr("10.0.0.150/32")], instanceId: "i-22197876"),
            NetworkInterface(scope: Samples.hub, id: "eni-a66ed5cf", vpcId: "vpc-f28a359b", subnetId: "subnet-cd8a35a4",
                             groupIds: ["sg-a2a0b2ce"], status: "in-use", interfaceType: "interface",
                             addresses: [cidr("10.0.1.233/32"), cidr("10.0.1.20/32")], instanceId: "i-886401dc"),
        ]
        #expect(response.interfaces == expected)
    }

    static let page1Ids = ["i-34c48ce8826e926b7", "i-f8dc753cd0e0a4ee9", "i-b7088a86e5396b833", "i-aa47c6b118c55b1e3",
                           "i-6c477c3151a2cec0d", "i-428eef3373b5bd962"]

    @Test func describeInstancesAll() throws {
        let response = try Samples.read("DescribeInstances.xml")
        #expect(response.action == .describeInstances)
        #expect(response.nextToken == nil)
        #expect(response.instances.map(\.id) == Self.page1Ids + ["i-6215a20ff2773b331"])
        #expect(Set(response.instances.map(\.state)) == ["running"])
        // Groups from the instance's groupSet and its ENIs', deduplicated and sorted.
        let web = Instance(scope: Samples.hub, id: "i-34c48ce8826e926b7", vpcId: "vpc-971b4b75de8fa6c6f",
                           subnetId: "subnet-b989ac3209fea295b",
                           groupIds: ["sg-172d5fef3c6ee88e0", "sg-54393e55db5d96e6c"], state: "running",
                           interfaceIds: ["eni-c1640279e9014b9da"], tags: Tags(["Name": "bastion"]))
        #expect(response.instances[0] == web)
        // Two instances in one reservation (r-23b8377050a2fc90b).
        #expect(response.instances[1].vpcId == "vpc-2086d7572d0828fc0")
        #expect(response.instances[2].vpcId == "vpc-2086d7572d0828fc0")
        #expect(response.instances[1].groupIds == ["sg-c0e86d737954f61a7"])
        // Empty instance groupSet: the groups come only from the ENI.
        #expect(response.instances[3].groupIds == ["sg-31e66ed201d5c5faf"])
        #expect(response.instances[3].subnetId == "subnet-db001e63cda41754b")
    }

    @Test func describeInstancesPageOneHasNextToken() throws {
        let response = try Samples.read("DescribeInstances-page1.xml")
        #expect(response.nextToken == "r-6e19b234d668b94fa")
        #expect(response.instances.map(\.id) == Self.page1Ids)
    }

    @Test func describeInstancesPageTwoIsLast() throws {
        let response = try Samples.read("DescribeInstances-page2.xml")
        #expect(response.nextToken == nil)
        let expected = Instance(scope: Samples.hub, id: "i-6215a20ff2773b331", vpcId: "vpc-971b4b75de8fa6c6f",
                                subnetId: "subnet-db001e63cda41754b", groupIds: ["sg-31e66ed201d5c5faf"], state: "running",
                                interfaceIds: ["eni-0741c1f9ec24a9a05"])
        #expect(response.instances == [expected])
    }

    @Test func pagesTogetherEqualTheWholeResponse() throws {
        let whole = try Samples.read("DescribeInstances.xml")
        let first = try Samples.read("DescribeInstances-page1.xml")
        let second = try Samples.read("DescribeInstances-page2.xml")
        #expect(first.instances + second.instances == whole.instances)
    }

    @Test func botocoreInstances() throws {
        let response = try Samples.read("botocore/ec2-describe-instances.xml")
        let expected = [
            Instance(scope: Samples.hub, id: "i-fde9cece", vpcId: "", subnetId: "", groupIds: ["sg-4e970e7e"], state: "stopped",
                     tags: Tags(["notebook": ""])),
            Instance(scope: Samples.hub, id: "i-78f1b94a", vpcId: "", subnetId: "", groupIds: ["sg-72334242"], state: "running"),
        ]
        #expect(response.instances == expected)
    }
}

@Suite struct ErrorBodyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var code: String
        var message: String
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "Error-AcceptVpcPeeringConnection-wrong-account.xml", code: "OperationNotPermitted",
             message: "User (123456789012) cannot accept peering pcx-e75755643c71e3952"),
        Case(file: "Error-AuthorizeSecurityGroupIngress-xacct.xml", code: "InvalidGroup.NotFound",
             message: "The security group 'sg-54393e55db5d96e6c' does not exist"),
        Case(file: "Error-DescribeSecurityGroups-InvalidGroup.xml", code: "InvalidGroup.NotFound",
             message: "The security group '{'sg-0deadbeef0000000'}' does not exist"),
        Case(file: "Error-DescribeVpcs-DryRun.xml", code: "DryRunOperation",
             message: "Request would have succeeded, but DryRun flag is set."),
        Case(file: "Error-DescribeVpcs-InvalidVpcID.xml", code: "InvalidVpcID.NotFound",
             message: "VpcID {'vpc-0deadbeef0000000'} does not exist."),
        Case(file: "botocore/error-ec2-describe-instances.xml", code: "InvalidInstanceID.Malformed",
             message: #"Invalid id: "foobar""#),
        Case(file: "botocore/error-sts-get-session-token.xml", code: "AccessDenied",
             message: "GetSessionToken call failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user."),
    ]

    @Test(arguments: cases)
    func errorBodiesDecodeAsErrors(_ sample: Case) throws {
        let response = try Samples.read(sample.file)
        #expect(response.isError)
        #expect(response.action == nil)
        #expect(response.errorCode == sample.code)
        #expect(response.errorMessage == sample.message)
        #expect(response.vpcs.isEmpty)
        #expect(response.nextToken == nil)
    }
}

@Suite struct RejectedRootTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var root: String
        var line: Int
        var testDescription: String { file }
    }

    /// Responses of actions hubaudit does not read: refused by their root element, whatever they hold.
    static let cases: [Case] = [
        Case(file: "AcceptVpcPeeringConnection-acctB.xml", root: "AcceptVpcPeeringConnectionResponse", line: 2),
        Case(file: "AcceptVpcPeeringConnection.xml", root: "AcceptVpcPeeringConnectionResponse", line: 2),
        Case(file: "AssumeRole.xml", root: "AssumeRoleResponse", line: 1),
        Case(file: "AuthorizeSecurityGroupIngress-peer.xml", root: "AuthorizeSecurityGroupIngressResponse", line: 2),
        Case(file: "AuthorizeSecurityGroupIngress.xml", root: "AuthorizeSecurityGroupIngressResponse", line: 2),
        Case(file: "CreateFlowLogs-unsuccessful.xml", root: "CreateFlowLogsResponse", line: 2),
        Case(file: "CreateFlowLogs.xml", root: "CreateFlowLogsResponse", line: 2),
        Case(file: "CreateManagedPrefixList.xml", root: "CreateManagedPrefixListResponse", line: 2),
        Case(file: "CreateTransitGatewayVpcAttachment.xml", root: "CreateTransitGatewayVpcAttachmentResponse", line: 2),
        Case(file: "CreateVpc.xml", root: "CreateVpcResponse", line: 2),
        Case(file: "CreateVpcEndpoint.xml", root: "CreateVpcEndpointResponse", line: 2),
        Case(file: "CreateVpcPeeringConnection-xacct.xml", root: "CreateVpcPeeringConnectionResponse", line: 2),
        Case(file: "CreateVpcPeeringConnection.xml", root: "CreateVpcPeeringConnectionResponse", line: 2),
        Case(file: "DescribeSecurityGroupRules.xml", root: "DescribeSecurityGroupRulesResponse", line: 2),
        Case(file: "GetCallerIdentity-assumed.xml", root: "GetCallerIdentityResponse", line: 1),
        Case(file: "GetCallerIdentity.xml", root: "GetCallerIdentityResponse", line: 1),
        Case(file: "RunInstances.xml", root: "RunInstancesResponse", line: 2),
        Case(file: "botocore/ec2-create-network-acl.xml", root: "CreateNetworkAclResponse", line: 1),
        Case(file: "botocore/ec2-create-network-interface.xml", root: "CreateNetworkInterfaceResponse", line: 1),
        Case(file: "botocore/ec2-create-route-table.xml", root: "CreateRouteTableResponse", line: 1),
        Case(file: "botocore/ec2-create-subnet.xml", root: "CreateSubnetResponse", line: 1),
        Case(file: "botocore/ec2-create-vpc.xml", root: "CreateVpcResponse", line: 1),
        Case(file: "botocore/sts-get-session-token.xml", root: "GetSessionTokenResponse", line: 1),
    ]

    @Test(arguments: cases)
    func unreadActionsAreRejectedByRoot(_ sample: Case) throws {
        let path = try Samples.path(sample.file)
        let caught = try Samples.error(sample.file)
        let error = try #require(caught)
        #expect(error.message.contains("unexpected root element <\(sample.root)>"))
        #expect(error.file == path)
        #expect(error.line == sample.line)
    }

    @Test func rejectionUsesTheGivenName() throws {
        let path = try Samples.path("CreateVpc.xml")
        let error = #expect(throws: InputProblem.self) {
            try ResponseReader.read(file: path, name: "123456789012/us-east-1/DescribeVpcs.xml", scope: Samples.hub)
        }
        #expect(error?.file == "123456789012/us-east-1/DescribeVpcs.xml")
    }

    @Test func htmlErrorPageIsAParseError() throws {
        let path = try Samples.path("DescribeStaleSecurityGroups-moto-HTTP500.html")
        let caught = try Samples.error("DescribeStaleSecurityGroups-moto-HTTP500.html")
        let error = try #require(caught)
        #expect(error.file == path)
        #expect(error.line == 1)
        #expect(!error.message.contains("unexpected root"))
    }
}
