/// The JSON form of answers, shared by `hubaudit path --json` (schema hubaudit-path/1) and the scan
/// report's reachability section: plain values, keys as documented in README ("Reachability").
public struct EndpointRecord: Encodable, Sendable {
    var account: String
    var region: String
    var vpc: String
    var subnet: String
    var groups: [String]?
    var members: [String]

    public init(_ endpoint: EndpointClass) {
        account = endpoint.scope.account
        region = endpoint.scope.region
        vpc = endpoint.vpcId
        subnet = endpoint.subnetId
        groups = endpoint.groupIds
        members = endpoint.members.map(\.label)
    }
}

public struct HopRecord: Encodable, Sendable {
    var leg: String
    var kind: String
    var account: String
    var region: String
    var resources: [String]
    var admittedBy: [String]
    var traffic: String

    enum CodingKeys: String, CodingKey { case leg, kind, account, region, resources, traffic, admittedBy = "admitted_by" }
}

public struct ReasonRecord: Encodable, Sendable {
    var traffic: String
    var leg: String
    var kind: String
    var resources: [String]
    var code: String
    var detail: String
    var inputs: [String]?
}

public struct PairRecord: Encodable, Sendable {
    var source: EndpointRecord
    var destination: EndpointRecord
    var family: String
    var status: String
    var reachable: String
    var hops: [HopRecord]
    var blocked: [ReasonRecord]
    var notEvaluated: [ReasonRecord]

    enum CodingKeys: String, CodingKey { case source, destination, family, status, reachable, hops, blocked, notEvaluated = "not_evaluated" }

    public init(_ pair: PairAnswer) {
        source = EndpointRecord(pair.source)
        destination = EndpointRecord(pair.destination)
        family = pair.family == .v4 ? "ipv4" : "ipv6"
        status = pair.status.rawValue
        reachable = pair.reachable.isEmpty ? "" : pair.reachable.description
        hops = pair.hops.map {
            HopRecord(leg: $0.leg.rawValue, kind: $0.kind.rawValue, account: $0.scope.account, region: $0.scope.region,
                    resources: $0.resourceIds, admittedBy: $0.evidence, traffic: $0.traffic.description)
        }
        blocked = pair.blocked.map {
            ReasonRecord(traffic: $0.traffic.description, leg: $0.leg.rawValue, kind: $0.kind.rawValue, resources: $0.resourceIds,
                       code: $0.code.rawValue, detail: $0.detail, inputs: nil)
        }
        notEvaluated = pair.unjudged.map {
            ReasonRecord(traffic: $0.traffic.description, leg: $0.leg.rawValue, kind: $0.kind.rawValue, resources: $0.resourceIds,
                       code: $0.code.rawValue, detail: $0.detail, inputs: $0.inputs.map(\.rawValue))
        }
    }
}
