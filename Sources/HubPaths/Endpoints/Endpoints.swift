import HubModel

/// A call whose absence leaves an endpoint list incomplete.
public struct ResolutionGap: Hashable, Sendable, CustomStringConvertible {
    public var scope: Scope
    public var action: Action
    public var status: CollectionStatus
    /// `DescribeNetworkInterfaces missing in 111111111111/us-east-1: endpoints there are unknown`
    public var description: String { "\(action.rawValue) \(status.summary) in \(scope): endpoints there are unknown" }
}

/// What an endpoint argument or selector stands for: the members found, and why the list may be
/// incomplete (an account whose interfaces were not collected).
public struct Resolution: Sendable {
    public var members: [EndpointMember]
    /// Gaps that make the list uncertain: the answer cannot be "blocked" while one is open.
    public var gaps: [ResolutionGap]
    /// When nothing matched: why (a typo must not pass).
    public var failure: String?
}

extension ReachabilityModel {
    /// Resolves what `hubaudit path --from/--to` takes: an instance, interface, subnet or VPC id, a
    /// Name tag (instances first, then interfaces, subnets, VPCs), or `ACCOUNT:CIDR` (the interfaces
    /// of that account with an address in the block; a single address no interface holds stands for
    /// itself, with unknown groups).
    public func resolve(_ text: String) -> Resolution {
        let found: [EndpointMember]
        var scopes: [Scope] = []
        if let colon = text.firstIndex(of: ":"), text[..<colon].count == 12, text[..<colon].allSatisfy(\.isNumber) {
            let account = String(text[..<colon]), block = String(text[text.index(after: colon)...])
            guard let cidr = CIDR(block.contains("/") ? block : block + (block.contains(":") ? "/128" : "/32")) else {
                return Resolution(members: [], gaps: [], failure: "'\(block)' is not an address or CIDR block")
            }
            found = members.filter { $0.scope.account == account && cidr.contains($0.address) }
            scopes = snapshot.scopes.filter { $0.account == account }
            if found.isEmpty, cidr.prefixLength == cidr.family.bits,
               let subnet = snapshot.subnets.first(where: { $0.scope.account == account && $0.blocks.contains { $0.contains(cidr) } }) {
                let bare = EndpointMember(scope: subnet.scope, vpcId: subnet.vpcId, subnetId: subnet.id, interfaceId: nil, instanceId: nil,
                                          address: cidr, groupIds: nil, label: "\(host(cidr)) (no interface)")
                return Resolution(members: [bare], gaps: interfaceGaps(scopes), failure: nil)
            }
        } else if text.hasPrefix("i-") {
            found = members.filter { $0.instanceId == text }
            scopes = instancesById[text].map { [$0.scope] } ?? []
            if found.isEmpty && instancesById[text] == nil { return failure("no instance \(text) in the snapshot") }
        } else if text.hasPrefix("eni-") {
            found = members.filter { $0.interfaceId == text }
            if found.isEmpty && interfacesById[text] == nil { return failure("no network interface \(text) in the snapshot") }
        } else if text.hasPrefix("subnet-") {
            guard let subnet = subnetsById[text] else { return failure("no subnet \(text) in the snapshot") }
            found = membersBySubnet[text] ?? []
            scopes = [subnet.scope]
        } else if text.hasPrefix("vpc-") {
            guard let vpc = vpc(text) else { return failure("no VPC \(text) in the snapshot") }
            found = members.filter { $0.vpcId == text }
            scopes = [vpc.scope]
        } else {
            let instances = Set(snapshot.instances.filter { $0.tags.name == text }.map(\.id))
            let interfaces = Set(snapshot.interfaces.filter { $0.tags.name == text }.map(\.id))
            let subnets = Set(snapshot.subnets.filter { $0.tags.name == text }.map(\.id))
            let vpcs = Set(snapshot.vpcs.filter { $0.tags.name == text }.map(\.id))
            if !instances.isEmpty { found = members.filter { $0.instanceId.map(instances.contains) ?? false } }
            else if !interfaces.isEmpty { found = members.filter { $0.interfaceId.map(interfaces.contains) ?? false } }
            else if !subnets.isEmpty { found = members.filter { subnets.contains($0.subnetId) } }
            else if !vpcs.isEmpty { found = members.filter { vpcs.contains($0.vpcId) } }
            else { return failure("nothing in the snapshot is named '\(text)' (instance, interface, subnet or VPC Name tag)") }
            scopes = snapshot.vpcs.filter { vpcs.contains($0.id) }.map(\.scope) + snapshot.subnets.filter { subnets.contains($0.id) }.map(\.scope)
        }
        let gaps = interfaceGaps(scopes + found.map(\.scope))
        if found.isEmpty && gaps.isEmpty { return failure("no network interface with a private address matches '\(text)'") }
        return Resolution(members: found, gaps: gaps, failure: nil)
    }

    private func failure(_ message: String) -> Resolution { Resolution(members: [], gaps: [], failure: message) }

    /// The scopes whose interfaces (or instances) were not read: endpoints there may be missing.
    func interfaceGaps(_ scopes: [Scope]) -> [ResolutionGap] {
        var gaps: [ResolutionGap] = []
        for scope in Set(scopes).sorted() {
            for action in [Action.describeNetworkInterfaces, .describeInstances] {
                if let status = gap(scope, action) { gaps.append(ResolutionGap(scope: scope, action: action, status: status)) }
            }
        }
        return gaps
    }
}

/// Picks endpoints for a policy intent; every given field must match. Accounts by id or name,
/// environments from the policy's organisation, VPCs, subnets and instances by id or Name tag, a tag
/// `key=value` on the instance, interface, subnet or VPC, a CIDR block holding the address.
public struct EndpointSelector: Sendable, Hashable, CustomStringConvertible {
    public var account: String?
    public var environment: String?
    public var vpc: String?
    public var subnet: String?
    public var instance: String?
    public var tag: (key: String, value: String)? {
        get { tagKey.map { ($0, tagValue ?? "") } }
        set { tagKey = newValue?.key; tagValue = newValue?.value }
    }
    public var cidr: CIDR?
    private var tagKey: String?
    private var tagValue: String?

    public init(account: String? = nil, environment: String? = nil, vpc: String? = nil, subnet: String? = nil,
                instance: String? = nil, tag: (key: String, value: String)? = nil, cidr: CIDR? = nil) {
        self.account = account
        self.environment = environment
        self.vpc = vpc
        self.subnet = subnet
        self.instance = instance
        self.cidr = cidr
        self.tagKey = tag?.key
        self.tagValue = tag?.value
    }

    public var isEmpty: Bool { account == nil && environment == nil && vpc == nil && subnet == nil && instance == nil && tagKey == nil && cidr == nil }

    /// `account finance, tag env=prod`
    public var description: String {
        [account.map { "account \($0)" }, environment.map { "environment \($0)" }, vpc.map { "vpc \($0)" },
         subnet.map { "subnet \($0)" }, instance.map { "instance \($0)" }, tag.map { "tag \($0.key)=\($0.value)" },
         cidr.map { "cidr \($0)" }].compactMap { $0 }.joined(separator: ", ")
    }

    public static func == (a: EndpointSelector, b: EndpointSelector) -> Bool { a.description == b.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}

/// What selectors need beyond the snapshot: the names and environments the policy gives accounts.
public struct SelectorContext: Sendable {
    public var accountNames: [String: String]
    public var environments: [String: String]

    public init(accountNames: [String: String] = [:], environments: [String: String] = [:]) {
        self.accountNames = accountNames
        self.environments = environments
    }
}

extension ReachabilityModel {
    /// The members a selector picks, with the gaps that make the pick uncertain.
    public func select(_ selector: EndpointSelector, context: SelectorContext) -> Resolution {
        let scopes = snapshot.scopes.filter { scope in
            if let account = selector.account, scope.account != account, context.accountNames[scope.account] != account { return false }
            if let environment = selector.environment, context.environments[scope.account] != environment { return false }
            return true
        }
        let inScope = Set(scopes)
        let found = members.filter { member in
            guard inScope.contains(member.scope) else { return false }
            if let vpc = selector.vpc, member.vpcId != vpc, self.vpc(member.vpcId)?.tags.name != vpc { return false }
            if let subnet = selector.subnet, member.subnetId != subnet, subnetsById[member.subnetId]?.tags.name != subnet { return false }
            if let instance = selector.instance, member.instanceId != instance,
               member.instanceId.flatMap({ instancesById[$0]?.tags.name }) != instance { return false }
            if let cidr = selector.cidr, !cidr.contains(member.address) { return false }
            if let (key, value) = selector.tag {
                let tagSets = [member.instanceId.flatMap { instancesById[$0]?.tags }, member.interfaceId.flatMap { interfacesById[$0]?.tags },
                               subnetsById[member.subnetId]?.tags, self.vpc(member.vpcId)?.tags]
                guard tagSets.contains(where: { $0?[key] == value }) else { return false }
            }
            return true
        }
        let gaps = interfaceGaps(scopes)
        let failure = found.isEmpty && gaps.isEmpty ? "selector (\(selector)) matches no network interface in the snapshot" : nil
        return Resolution(members: found, gaps: gaps, failure: failure)
    }
}
