// hubbench-collect [collect] --transport urlsession|ahc [collect] --accounts FILE --endpoint-url URL --out DIR
//                  [--regions a,b] [--concurrency N] [--rate R] [--timeout S] [--attempts N] [--page-size N]
// The real collector (HubAudit's `Collect.run`, as `hubaudit collect` calls it) over the transport
// named, so that collect_bench.py compares URLSession and AsyncHTTPClient in one binary, built the
// same way, with everything but the transport shared. Prints what `hubaudit collect` prints; exits
// with its code.
import Foundation
import HubAudit
import HubAWS

let arguments = Array(CommandLine.arguments.dropFirst())

func usage(_ problem: String) -> Never {
    FileHandle.standardError.write(Data("hubbench-collect: \(problem)\n".utf8))
    exit(64)
}

var values: [String: String] = [:]
var index = 0
while index < arguments.count {
    let name = arguments[index]
    // `collect` where an option would be: the word `hubaudit collect` takes (collect_bench.py puts it
    // after `--transport X`).
    if name == "collect" {
        index += 1
        continue
    }
    guard name.hasPrefix("--"), index + 1 < arguments.count else { usage("expected --option VALUE at \(name)") }
    values[String(name.dropFirst(2))] = arguments[index + 1]
    index += 2
}
let known: Set = ["transport", "accounts", "endpoint-url", "out", "regions", "concurrency", "rate", "timeout", "attempts", "page-size"]
if let unknown = values.keys.first(where: { !known.contains($0) }) { usage("unknown option --\(unknown)") }

func number<T: LosslessStringConvertible>(_ name: String, _ fallback: T, in values: [String: String]) -> T {
    guard let text = values[name] else { return fallback }
    guard let value = T(text) else { usage("--\(name): not a number: \(text)") }
    return value
}

let concurrency: Int = number("concurrency", 64, in: values)
let timeout: Double = number("timeout", 30.0, in: values)
let options = CollectOptions(
    accountsFile: values["accounts"], regions: values["regions"].map { $0.split(separator: ",").map(String.init) } ?? [],
    store: values["out"] ?? "snapshots", role: nil, externalId: nil, sessionName: "hubaudit", profile: nil,
    endpoint: values["endpoint-url"].flatMap(URL.init(string:)), pageSize: values["page-size"].flatMap(Int.init),
    concurrency: concurrency, timeout: timeout, attempts: number("attempts", 5, in: values),
    ratePerRegion: number("rate", CollectOptions.defaultRatePerRegion, in: values))

let result: (exitCode: Int32, lines: [String])
switch values["transport"] ?? "urlsession" {
case "urlsession":
    result = await Collect.run(options, transport: URLSessionTransport(timeout: timeout, connectionsPerHost: concurrency))
case "ahc":
    let transport = AsyncHTTPClientTransport(timeout: timeout, connectionsPerHost: concurrency)
    result = await Collect.run(options, transport: transport)
    try await transport.shutdown()
case let other:
    usage("--transport: urlsession or ahc, not \(other)")
}
for line in result.lines { FileHandle.standardError.write(Data((line + "\n").utf8)) }
exit(result.exitCode)
