public struct FlowLog: Hashable, Sendable {
    public var scope: Scope
    public var id: String
    /// `vpc-…`, `subnet-…`, `eni-…`, or a transit gateway resource.
    public var resourceId: String
    /// `ALL`, `ACCEPT` or `REJECT`.
    public var trafficType: String
    /// `ACTIVE` when the flow log is working (the only value AWS documents).
    public var status: String
    /// `SUCCESS` or `FAILED`; nil when not reported.
    public var deliveryStatus: String?
    public var deliveryError: String?
    public var destinationType: String
    public var destination: String

    public init(scope: Scope, id: String, resourceId: String, trafficType: String = "ALL", status: String = "ACTIVE",
                deliveryStatus: String? = "SUCCESS", deliveryError: String? = nil,
                destinationType: String = "cloud-watch-logs", destination: String = "") {
        self.scope = scope
        self.id = id
        self.resourceId = resourceId
        self.trafficType = trafficType
        self.status = status
        self.deliveryStatus = deliveryStatus
        self.deliveryError = deliveryError
        self.destinationType = destinationType
        self.destination = destination
    }

    public var isActive: Bool { status.uppercased() == "ACTIVE" }
    public var isDeliveryFailing: Bool { deliveryStatus?.uppercased() == "FAILED" }
}
