import Foundation
import HubSnapshot
import HubModel
import HubPaths

/// `hubaudit path`: can X reach Y, over which protocols and ports, hop by hop — or where is it
/// dropped, or which input is missing to tell. Exit 0 reachable, 1 blocked, 2 not evaluated, 64 usage.
public struct PathRequest: Sendable {
    public var snapshotPath: String
    public var from: String
    public var to: String
    /// `tcp`, `udp`, `icmp`, `icmpv6`, `all` or a protocol number; nil: all traffic (or tcp with a port).
    public var ipProtocol: String?
    /// `5432`, `8000-8080`; for icmp a type (`8`) or `type/code`.
    public var port: String?
    public var json: Bool
    public var ephemeralPorts: String?

    public init(snapshotPath: String, from: String, to: String, ipProtocol: String? = nil, port: String? = nil, json: Bool = false,
                ephemeralPorts: String? = nil) {
        self.snapshotPath = snapshotPath
        self.from = from
        self.to = to
        self.ipProtocol = ipProtocol
        self.port = port
        self.json = json
        self.ephemeralPorts = ephemeralPorts
    }
}

public struct PathOutcome: Sendable {
    public var exitCode: Int32
    public var output: String
    public var diagnostics: [String]
}

public enum Path {
    public static let schema = "hubaudit-path/1"

    public static func run(_ request: PathRequest) -> PathOutcome {
        guard let traffic = traffic(protocol: request.ipProtocol, port: request.port) else {
            return usage("--protocol/--port: '\(request.ipProtocol ?? "")' '\(request.port ?? "")' is not traffic hubaudit knows (tcp --port 5432, udp --port 53, icmp --port 8, all, 47)")
        }
        var options = PathOptions()
        if let text = request.ephemeralPorts {
            guard let range = TrafficSpec.parse("tcp/" + text)?.tcp.ranges.first else { return usage("--ephemeral-ports takes a range such as 1024-65535, not '\(text)'") }
            options.ephemeralPorts = range
        }
        let snapshot: Snapshot
        do {
            snapshot = try SnapshotReader.read(request.snapshotPath)
        } catch {
            return PathOutcome(exitCode: 2, output: "", diagnostics: ["error: \(terminal: error)"])
        }
        let model = ReachabilityModel(snapshot)
        let source = model.resolve(request.from), destination = model.resolve(request.to)
        for (flag, text, resolution) in [("--from", request.from, source), ("--to", request.to, destination)] {
            if let failure = resolution.failure { return usage("\(flag) \(text): \(failure)") }
        }
        var answer = model.answer(from: source.members, to: destination.members, traffic: traffic, options: options)
        answer.problems = (source.gaps + destination.gaps).map(\.description)
        if answer.pairs.isEmpty && answer.problems.isEmpty {
            answer.problems.append("no source and destination address of the same family (IPv4 or IPv6) to evaluate")
        }
        let output = request.json ? PathJSON.render(answer, from: request.from, to: request.to, snapshot: request.snapshotPath)
            : PathText.render(answer, from: request.from, to: request.to)
        let diagnostics = snapshot.problems.map { "error: \(terminal: $0)" }
        let code: Int32 = answer.status == .reachable ? 0 : answer.status == .blocked ? 1 : 2
        return PathOutcome(exitCode: code, output: output, diagnostics: diagnostics)
    }

    private static func usage(_ message: String) -> PathOutcome {
        PathOutcome(exitCode: 64, output: "", diagnostics: ["error: \(terminal: message)"])
    }

    /// The traffic the flags ask about: nothing given is all traffic; a port alone is tcp.
    static func traffic(protocol name: String?, port: String?) -> TrafficSet? {
        switch (name?.lowercased(), port) {
        case (nil, nil): return .all
        case (nil, let port?): return TrafficSpec.parse("tcp/\(port)")
        case (let name?, nil): return TrafficSpec.parse(name)
        case (let name?, let port?):
            guard ["tcp", "udp", "icmp", "icmpv6"].contains(name) else { return nil }
            return TrafficSpec.parse("\(name)/\(port)")
        }
    }
}

/// `hubaudit path --json`: schema `hubaudit-path/1`, keys sorted, deterministic.
enum PathJSON {
    static func render(_ answer: PathAnswer, from: String, to: String, snapshot: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try! encoder.encode(Document(answer, from: from, to: to, snapshot: snapshot))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    struct Document: Encodable {
        var schema = Path.schema
        var snapshot: String
        var from: String
        var to: String
        var asked: String
        var status: String
        var reachable: String
        var problems: [String]
        var pairs: [PairRecord]

        init(_ answer: PathAnswer, from: String, to: String, snapshot: String) {
            self.snapshot = snapshot
            self.from = from
            self.to = to
            asked = answer.asked.description
            status = answer.status.rawValue
            reachable = answer.reachable.isEmpty ? "" : answer.reachable.description
            problems = answer.problems
            pairs = answer.pairs.map(PairRecord.init)
        }
    }

}
