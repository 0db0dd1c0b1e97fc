public struct NetworkAcl: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var ruleNumber: Int
        public var ipProtocol: String
        public var allow: Bool
        public var egress: Bool
        public var cidr: CIDR?
        public var portRange: ClosedRange<Int>?
        /// ICMP entries: the type and code (`icmpTypeCode`), -1 or nil meaning any.
        public var icmpType: Int?
        public var icmpCode: Int?

        public init(ruleNumber: Int, ipProtocol: String, allow: Bool, egress: Bool, cidr: CIDR?,
                    portRange: ClosedRange<Int>? = nil, icmpType: Int? = nil, icmpCode: Int? = nil) {
            self.ruleNumber = ruleNumber
            self.ipProtocol = ipProtocol
            self.allow = allow
            self.egress = egress
            self.cidr = cidr
            self.portRange = portRange
            self.icmpType = icmpType
            self.icmpCode = icmpCode
        }
    }

    public var scope: Scope
    public var id: String
    public var vpcId: String
    public var isDefault: Bool
    public var subnetIds: [String]
    public var entries: [Entry]

    public init(scope: Scope, id: String, vpcId: String, isDefault: Bool, subnetIds: [String], entries: [Entry]) {
        self.scope = scope
        self.id = id
        self.vpcId = vpcId
        self.isDefault = isDefault
        self.subnetIds = subnetIds
        self.entries = entries
    }
}
