import ArgumentParser
import HubAudit

/// `hubaudit path`: options only; the work is `HubAudit.Path`.
struct PathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "Can one endpoint reach another? Which protocols and ports, hop by hop, both legs.",
        discussion: """
            Endpoints: an instance, interface, subnet or VPC id, a Name tag, or ACCOUNT:CIDR. Exit 0 reachable \
            (some of the asked traffic), 1 blocked, 2 not evaluated (an input the answer needs is missing, or \
            the path leaves the modelled network), 64 usage (including an endpoint that matches nothing).
            """)

    @Argument(help: "The snapshot folder.")
    var snapshot: String

    @Option(help: "Where traffic starts: i-…, eni-…, subnet-…, vpc-…, a Name tag, or ACCOUNT:CIDR.")
    var from: String

    @Option(help: "Where it goes (same forms as --from).")
    var to: String

    @Option(name: .customLong("protocol"), help: "tcp, udp, icmp, icmpv6, all, or a protocol number. Default: all traffic (tcp with --port).")
    var ipProtocol: String?

    @Option(help: "A port or range (5432, 8000-8080); for icmp a type, or type/code.")
    var port: String?

    @Option(help: "The ports replies go to (the source's ephemeral range).")
    var ephemeralPorts = "1024-65535"

    @Flag(help: "Print the answer as JSON (schema hubaudit-path/1).")
    var json = false

    func run() throws {
        MallocSettings.applyForSnapshotReading()
        let outcome = Path.run(PathRequest(snapshotPath: snapshot, from: from, to: to, ipProtocol: ipProtocol, port: port,
                                           json: json, ephemeralPorts: ephemeralPorts))
        outcome.diagnostics.forEach(standardError)
        if !outcome.output.isEmpty { print(outcome.output, terminator: "") }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
