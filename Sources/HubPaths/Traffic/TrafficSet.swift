/// A set of packets by protocol and port: what a hop admits, what a query asks about, what an answer
/// reports reachable. TCP and UDP by destination port (0–65535); ICMP and ICMPv6 by type and code
/// (encoded `type × 256 + code`, so "type 8, any code" is one range); every other IP protocol by
/// number (it has no ports). Set algebra on it is exact, so answers are sets, not one packet.
public struct TrafficSet: Hashable, Sendable {
    public var tcp: IntervalSet
    public var udp: IntervalSet
    public var icmp: IntervalSet
    public var icmpv6: IntervalSet
    /// Protocol numbers other than 1, 6, 17 and 58.
    public var other: IntervalSet

    public init(tcp: IntervalSet = IntervalSet(), udp: IntervalSet = IntervalSet(), icmp: IntervalSet = IntervalSet(),
                icmpv6: IntervalSet = IntervalSet(), other: IntervalSet = IntervalSet()) {
        self.tcp = tcp
        self.udp = udp
        self.icmp = icmp
        self.icmpv6 = icmpv6
        self.other = other
    }

    public static let allPorts = 0...65535
    public static let empty = TrafficSet()
    public static let otherProtocols = IntervalSet([0...0, 2...5, 7...16, 18...57, 59...255])
    public static let all = TrafficSet(tcp: IntervalSet(allPorts), udp: IntervalSet(allPorts), icmp: IntervalSet(allPorts),
                                       icmpv6: IntervalSet(allPorts), other: otherProtocols)

    public static func tcp(_ ports: ClosedRange<Int>) -> TrafficSet { TrafficSet(tcp: IntervalSet(ports)) }
    public static func udp(_ ports: ClosedRange<Int>) -> TrafficSet { TrafficSet(udp: IntervalSet(ports)) }

    /// ICMP (or ICMPv6) by type and code; nil or -1 means any.
    public static func icmp(type: Int?, code: Int?, v6: Bool = false) -> TrafficSet {
        let range = icmpRange(type: type, code: code)
        return v6 ? TrafficSet(icmpv6: IntervalSet(range)) : TrafficSet(icmp: IntervalSet(range))
    }

    static func icmpRange(type: Int?, code: Int?) -> ClosedRange<Int> {
        guard let type, (0...255).contains(type) else { return allPorts }
        guard let code, (0...255).contains(code) else { return (type * 256)...(type * 256 + 255) }
        return (type * 256 + code)...(type * 256 + code)
    }

    /// One protocol by number, every port (or type) of it.
    public static func proto(_ number: Int) -> TrafficSet {
        switch number {
        case 6: return .tcp(allPorts)
        case 17: return .udp(allPorts)
        case 1: return TrafficSet(icmp: IntervalSet(allPorts))
        case 58: return TrafficSet(icmpv6: IntervalSet(allPorts))
        default: return TrafficSet(other: IntervalSet(number...number))
        }
    }

    /// What an IpPermission (or NACL entry) with this protocol and ports admits. Protocol `-1`/`all`:
    /// everything; tcp/udp: the port range (absent or -1 bounds: every port); icmp/icmpv6: `from` is
    /// the type and `to` the code; another number: that protocol. nil for a protocol name hubaudit
    /// does not know, which the caller reports rather than guesses.
    public static func permission(protocol name: String, from: Int?, to: Int?) -> TrafficSet? {
        switch name.lowercased() {
        case "-1", "all": return .all
        case "tcp", "6", "udp", "17":
            let ports: ClosedRange<Int>
            if let from, let to, from >= 0, to >= from { ports = from...min(to, 65535) } else { ports = allPorts }
            return ["tcp", "6"].contains(name.lowercased()) ? .tcp(ports) : .udp(ports)
        case "icmp", "1": return .icmp(type: from, code: to)
        case "icmpv6", "58": return .icmp(type: from, code: to, v6: true)
        default:
            guard let number = Int(name), (0...255).contains(number) else { return nil }
            return .proto(number)
        }
    }

    public var isEmpty: Bool { tcp.isEmpty && udp.isEmpty && icmp.isEmpty && icmpv6.isEmpty && other.isEmpty }

    public func union(_ b: TrafficSet) -> TrafficSet {
        // Fast paths: most hops admit all or nothing of what travels.
        if b.isEmpty || self == b { return self }
        if isEmpty { return b }
        return TrafficSet(tcp: tcp.union(b.tcp), udp: udp.union(b.udp), icmp: icmp.union(b.icmp), icmpv6: icmpv6.union(b.icmpv6),
                   other: other.union(b.other))
    }

    public func intersection(_ b: TrafficSet) -> TrafficSet {
        if isEmpty || b.isEmpty { return .empty }
        if self == b || b == .all { return self }
        if self == .all { return b }
        return TrafficSet(tcp: tcp.intersection(b.tcp), udp: udp.intersection(b.udp), icmp: icmp.intersection(b.icmp),
                   icmpv6: icmpv6.intersection(b.icmpv6), other: other.intersection(b.other))
    }

    public func subtracting(_ b: TrafficSet) -> TrafficSet {
        if isEmpty || b.isEmpty { return self }
        if self == b || b == .all { return .empty }
        return TrafficSet(tcp: tcp.subtracting(b.tcp), udp: udp.subtracting(b.udp), icmp: icmp.subtracting(b.icmp),
                   icmpv6: icmpv6.subtracting(b.icmpv6), other: other.subtracting(b.other))
    }

    public func overlaps(_ b: TrafficSet) -> Bool { !intersection(b).isEmpty }
}

extension TrafficSet: CustomStringConvertible {
    /// `tcp 5432`, `tcp 22, 8000-8080; icmp echo-request`, `all traffic`, `udp all ports`.
    public var description: String {
        if self == .all { return "all traffic" }
        if isEmpty { return "nothing" }
        var parts: [String] = []
        if !tcp.isEmpty { parts.append("tcp " + TrafficSet.ports(tcp)) }
        if !udp.isEmpty { parts.append("udp " + TrafficSet.ports(udp)) }
        if !icmp.isEmpty { parts.append(TrafficSet.icmpText(icmp, name: "icmp")) }
        if !icmpv6.isEmpty { parts.append(TrafficSet.icmpText(icmpv6, name: "icmpv6")) }
        if !other.isEmpty {
            parts.append(other == TrafficSet.otherProtocols ? "every other protocol"
                         : "protocol " + other.ranges.map(TrafficSet.rangeText).joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }

    static func rangeText(_ range: ClosedRange<Int>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound)"
    }

    static func ports(_ set: IntervalSet) -> String {
        set.ranges == [allPorts] ? "all ports" : set.ranges.map(rangeText).joined(separator: ", ")
    }

    static let icmpNames = [0: "echo-reply", 3: "destination-unreachable", 8: "echo-request", 11: "time-exceeded"]

    static func icmpText(_ set: IntervalSet, name: String) -> String {
        if set.ranges == [allPorts] { return "\(name) all types" }
        let items = set.ranges.map { range -> String in
            let (firstType, firstCode) = (range.lowerBound / 256, range.lowerBound % 256)
            let (lastType, lastCode) = (range.upperBound / 256, range.upperBound % 256)
            if firstCode == 0 && lastCode == 255 {
                if firstType == lastType { return name == "icmp" ? icmpNames[firstType].map { "\($0) (\(firstType))" } ?? "type \(firstType)" : "type \(firstType)" }
                return "types \(firstType)-\(lastType)"
            }
            if firstType == lastType {
                return firstCode == lastCode ? "type \(firstType) code \(firstCode)" : "type \(firstType) codes \(firstCode)-\(lastCode)"
            }
            return "type \(firstType) code \(firstCode) to type \(lastType) code \(lastCode)"
        }
        return "\(name) " + items.joined(separator: ", ")
    }
}

/// Parses what a user or a policy writes for traffic: `tcp/5432`, `tcp/8000-8080`, `udp/53`, `tcp`
/// (every port), `icmp`, `icmp/8` (a type), `icmp/8/0` (type and code), `icmpv6`, `all`, or a
/// protocol number (`47`, `proto/47`).
public enum TrafficSpec {
    public static func parse(_ text: String) -> TrafficSet? {
        let parts = text.lowercased().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let head = parts.first, !head.isEmpty else { return nil }
        switch head {
        case "all", "-1":
            return parts.count == 1 ? .all : nil
        case "tcp", "udp":
            guard parts.count <= 2 else { return nil }
            guard parts.count == 2 else { return head == "tcp" ? .tcp(TrafficSet.allPorts) : .udp(TrafficSet.allPorts) }
            guard let ports = portRange(parts[1]) else { return nil }
            return head == "tcp" ? .tcp(ports) : .udp(ports)
        case "icmp", "icmpv6":
            guard parts.count <= 3 else { return nil }
            let numbers = parts.dropFirst().map { Int($0) }
            guard numbers.allSatisfy({ $0.map { (0...255).contains($0) } ?? false }) else { return nil }
            return .icmp(type: numbers.first ?? nil, code: numbers.count > 1 ? numbers[1] : nil, v6: head == "icmpv6")
        case "proto":
            guard parts.count == 2, let number = Int(parts[1]), (0...255).contains(number) else { return nil }
            return .proto(number)
        default:
            guard parts.count == 1, let number = Int(head), (0...255).contains(number) else { return nil }
            return .proto(number)
        }
    }

    static func portRange(_ text: String) -> ClosedRange<Int>? {
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil,
              low >= 0, high <= 65535, low <= high else { return nil }
        return low...high
    }
}
