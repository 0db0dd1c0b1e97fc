import HubModel
import HubXML

/// Everything one response file held: resources of one action, or an EC2 error.
public struct DecodedResponse: Sendable {
    public var action: Action?
    public var vpcs: [Vpc] = []
    public var subnets: [Subnet] = []
    public var routeTables: [RouteTable] = []
    public var peerings: [PeeringConnection] = []
    public var securityGroups: [SecurityGroup] = []
    public var flowLogs: [FlowLog] = []
    public var networkAcls: [NetworkAcl] = []
    public var endpoints: [VpcEndpoint] = []
    public var prefixLists: [PrefixList] = []
    public var prefixListEntries: [CIDR] = []
    public var interfaces: [NetworkInterface] = []
    public var instances: [Instance] = []
    public var transitGateways: [TransitGateway] = []
    /// DescribeTransitGatewayAttachments: every kind, with its association.
    public var transitGatewayAttachments: [TransitGatewayAttachment] = []
    /// DescribeTransitGatewayVpcAttachments: subnets and appliance mode, joined by attachment id.
    public var transitGatewayVpcAttachments: [TransitGatewayAttachment] = []
    public var transitGatewayPeerings: [TransitGatewayPeering] = []
    public var transitGatewayRouteTables: [TransitGatewayRouteTable] = []
    /// One table's associations or propagations (the action says which).
    public var transitGatewayRouteTableLinks: [TransitGatewayRouteTable.Link] = []
    public var transitGatewayRoutes: [TransitGatewayRoute] = []
    /// DescribeStaleSecurityGroups (of one VPC): the groups EC2 reports with stale rules.
    public var staleSecurityGroups: [StaleSecurityGroup] = []
    /// Each VPC's DescribeStaleSecurityGroups call, attached by the snapshot reader (never by a file).
    var staleGroupReports: [StaleGroupReport] = []
    /// SearchTransitGatewayRoutes: more routes exist than the search returned (of several pages: the last says).
    public var additionalRoutesAvailable = false
    /// DescribeVpcAttribute: the one attribute it answered, for the VPC it names.
    public var vpcAttribute: VpcAttributeAnswer?
    /// The pagination token; nil or empty on the last page.
    public var nextToken: String?
    /// Set when the body is an EC2 (`<Response><Errors>`) or STS (`<ErrorResponse>`) error.
    public var errorCode: String?
    public var errorMessage: String?

    public var isError: Bool { errorCode != nil }
}

/// Decodes one response document as it streams. The action comes from the root element
/// (`DescribeVpcsResponse`); an error body has the root `Response` or `ErrorResponse`.
public final class ResponseReader: ResponseHandler {
    public private(set) var result = DecodedResponse()
    fileprivate let context: DecodeContext
    private var errorBody = AWSErrorBody()
    /// DescribeVpcAttribute's VPC and value, in whichever order they come; joined when the document ends.
    fileprivate var attributeVpcId: String?
    fileprivate var attributeValue: (attribute: VpcAttribute, value: Bool)?

    public init(scope: Scope, file: String) {
        context = DecodeContext(scope: scope, file: file)
    }

    /// Reads a file; throws `InputProblem` for malformed XML, an unknown root or a bad value.
    public static func read(file path: String, name: String? = nil, scope: Scope) throws -> DecodedResponse {
        let reader = ResponseReader(scope: scope, file: name ?? path)
        try ResponseParser.parse(file: path, name: name, handler: reader)
        return try reader.finished()
    }

    public static func read(bytes: [UInt8], name: String, scope: Scope) throws -> DecodedResponse {
        let reader = ResponseReader(scope: scope, file: name)
        try ResponseParser.parse(bytes: bytes, name: name, handler: reader)
        return try reader.finished()
    }

    /// The result, after checking that an error body actually named an error, and that a
    /// DescribeVpcAttribute answer holds its value and VPC (a rule must never take silence for "off").
    public func finished() throws -> DecodedResponse {
        if result.action == nil && result.errorCode == nil {
            throw InputProblem(file: context.file, line: nil, message: "error response without an error code")
        }
        if result.action == .describeVpcAttribute {
            guard let answer = attributeValue else {
                throw InputProblem(file: context.file, line: nil,
                                   message: "DescribeVpcAttribute response without enableDnsSupport or enableDnsHostnames <value>")
            }
            guard let vpcId = attributeVpcId else {
                throw InputProblem(file: context.file, line: nil, message: "DescribeVpcAttribute response without vpcId")
            }
            var complete = result
            complete.vpcAttribute = VpcAttributeAnswer(vpcId: vpcId, attribute: answer.attribute, value: answer.value)
            return complete
        }
        return result
    }

    public func didStartRoot(_ name: String, line: Int) throws {
        if name == "Response" || name == "ErrorResponse" { return }
        guard name.hasSuffix("Response"), let action = Action(rawValue: String(name.dropLast("Response".count))) else {
            throw InputProblem(file: context.file, line: line,
                                message: "unexpected root element <\(name)>: not a response of an action hubaudit reads")
        }
        result.action = action
    }

    public func didReadField(_ name: XMLName, text: String, line: Int) throws {
        if name == .nextToken { result.nextToken = text }
        if result.action == .describeVpcAttribute { try readVpcAttributeField(name, text: text, line: line) }
        if name == .additionalRoutesAvailable && result.action == .searchTransitGatewayRoutes {
            // Anything but a clear "false" may hide routes: only "true" and "false" are accepted.
            switch text {
            case "true": result.additionalRoutesAvailable = true
            case "false": break
            default:
                throw InputProblem(file: context.file, line: line,
                                   message: "invalid additionalRoutesAvailable \(quotedForMessage(text)) (expected true or false)")
            }
        }
    }

    public func didReadItem(_ item: ItemElement, in container: XMLName) throws {
        guard let action = result.action else {
            errorBody.read(item, in: container)
            result.errorCode = errorBody.code
            result.errorMessage = errorBody.code == nil ? nil : errorBody.message ?? ""
            return
        }
        switch (action, container) {
        case (.describeVpcs, .vpcSet): result.vpcs.append(try Decode.vpc(item, context))
        case (.describeSubnets, .subnetSet): result.subnets.append(try Decode.subnet(item, context))
        case (.describeRouteTables, .routeTableSet): result.routeTables.append(try Decode.routeTable(item, context))
        case (.describeSecurityGroups, .securityGroupInfo):
            result.securityGroups.append(try Decode.securityGroup(item, context))
        case (.describeFlowLogs, .flowLogSet): result.flowLogs.append(try Decode.flowLog(item, context))
        case (.describeVpcPeeringConnections, .vpcPeeringConnectionSet):
            result.peerings.append(try Decode.peering(item, context))
        case (.describeNetworkAcls, .networkAclSet): result.networkAcls.append(try Decode.networkAcl(item, context))
        case (.describeVpcEndpoints, .vpcEndpointSet): result.endpoints.append(try Decode.endpoint(item, context))
        case (.describeManagedPrefixLists, .prefixListSet): result.prefixLists.append(try Decode.prefixList(item, context))
        case (.getManagedPrefixListEntries, .entrySet):
            result.prefixListEntries.append(try Decode.prefixListEntry(item, context))
        case (.describeNetworkInterfaces, .networkInterfaceSet):
            result.interfaces.append(try Decode.networkInterface(item, context))
        case (.describeInstances, .reservationSet):
            result.instances += try Decode.instances(ofReservation: item, context)
        case (.describeTransitGateways, .transitGatewaySet):
            result.transitGateways.append(try Decode.transitGateway(item, context))
        case (.describeTransitGatewayAttachments, .transitGatewayAttachments):
            result.transitGatewayAttachments.append(try Decode.transitGatewayAttachment(item, context))
        case (.describeTransitGatewayVpcAttachments, .transitGatewayVpcAttachments):
            if let attachment = try Decode.transitGatewayVpcAttachment(item, context) {
                result.transitGatewayVpcAttachments.append(attachment)
            }
        case (.describeTransitGatewayPeeringAttachments, .transitGatewayPeeringAttachments):
            if let peering = try Decode.transitGatewayPeering(item, context) { result.transitGatewayPeerings.append(peering) }
        case (.describeTransitGatewayRouteTables, .transitGatewayRouteTables):
            result.transitGatewayRouteTables.append(try Decode.transitGatewayRouteTable(item, context))
        case (.getTransitGatewayRouteTableAssociations, .associations),
             (.getTransitGatewayRouteTablePropagations, .transitGatewayRouteTablePropagations):
            result.transitGatewayRouteTableLinks.append(try Decode.transitGatewayRouteTableLink(item, context))
        case (.searchTransitGatewayRoutes, .routeSet):
            result.transitGatewayRoutes.append(try Decode.transitGatewayRoute(item, context))
        case (.describeStaleSecurityGroups, .staleSecurityGroupSet):
            result.staleSecurityGroups.append(try Decode.staleSecurityGroup(item, context))
        case (.describeVpcAttribute, .enableDnsSupport), (.describeVpcAttribute, .enableDnsHostnames):
            try readVpcAttributeValue(item, in: container)
        default:
            break // Members added to the API later, or not needed: skipped, never an error.
        }
    }
}

/// One DescribeVpcAttribute answer: `<vpcId>` and one attribute holding `<value>true|false</value>`.
public struct VpcAttributeAnswer: Hashable, Sendable {
    public var vpcId: String
    public var attribute: VpcAttribute
    public var value: Bool

    public init(vpcId: String, attribute: VpcAttribute, value: Bool) {
        self.vpcId = vpcId
        self.attribute = attribute
        self.value = value
    }
}

extension ResponseReader {
    /// `<vpcId>` beside the attribute; an attribute written as a bare field (no `<value>`) is refused.
    fileprivate func readVpcAttributeField(_ name: XMLName, text: String, line: Int) throws {
        if name == .vpcId {
            attributeVpcId = text.isEmpty ? nil : text
        } else if name == .enableDnsSupport || name == .enableDnsHostnames {
            throw InputProblem(file: context.file, line: line, message: "\(name) without <value> (expected <value>true</value> or false)")
        }
    }

    /// The attribute's `<value>`: exactly `true` or `false`, one attribute per response.
    fileprivate func readVpcAttributeValue(_ item: ItemElement, in container: XMLName) throws {
        guard item.name == .value else { return }
        let line = item.line > 0 ? item.line : nil
        let value: Bool
        if item.textEquals("true") { value = true }
        else if item.textEquals("false") { value = false }
        else {
            throw InputProblem(file: context.file, line: line,
                               message: "invalid \(container) value \(quotedForMessage(item.text)) (expected true or false)")
        }
        if let earlier = attributeValue {
            throw InputProblem(file: context.file, line: line,
                               message: "DescribeVpcAttribute response with more than one value (\(earlier.attribute.rawValue), \(container))")
        }
        attributeValue = (container == .enableDnsSupport ? .enableDnsSupport : .enableDnsHostnames, value)
    }
}
