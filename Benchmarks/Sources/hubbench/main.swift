// hubbench STAGE SNAPSHOT [--repeat N] [--threads N]   — one stage per process, so each has its own peak memory.
// hubbench overlap COUNT                                  — OverlappingCidrsRule on COUNT synthetic VPCs.
// hubbench reachability SNAPSHOT                          — model + 20 intents over every account; one path query.
// hubbench routes COUNT                                   — a hub table of COUNT spoke routes looked up per spoke, indexed vs a pass.
// Prints one JSON line: stage, seconds (best of the repeats), bytes, files, threads, maxrss_kb.
import CLibXML2Bench
import Dispatch
import Foundation
import HubAudit
import HubSnapshot
import HubModel
import HubPaths
import HubPolicy
import HubReport
import HubRules
import HubXML
import Synchronization

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return Int(arguments[index + 1]) ?? fallback
}
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: hubbench raw|parser|decode|rules|reports|scan|reachability SNAPSHOT [--repeat N] [--threads N] | overlap COUNT | routes COUNT\n".utf8))
    exit(64)
}
let stage = arguments[1], target = arguments[2]
let repeats = option("--repeat", 1)
let cores = ProcessInfo.processInfo.activeProcessorCount
let threads = option("--threads", cores)

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
func maxRSSKilobytes() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss  // kilobytes on Linux
}
/// CPU seconds (user + system) the best run used: cpu / wall shows how many cores a stage kept busy.
nonisolated(unsafe) var bestCPU = 0.0
/// The peak resident memory when the first run of `best` ended: a stage's peak as a fresh process
/// (a real `scan`) has it. Later runs would add what the one before is still freeing in the background.
nonisolated(unsafe) var firstRunPeakKB: Int?
/// Best wall time of `repeats` runs of `body`.
/// `reset` runs before each timed run, untimed (dropping the previous run's result, say).
func best(reset: () -> Void = {}, _ body: () -> Void) -> Double {
    var bestTime = Double.infinity
    for _ in 0..<max(repeats, 1) {
        reset()
        let (start, cpu) = (now(), cpuSeconds())
        body()
        if now() - start < bestTime { (bestTime, bestCPU) = (now() - start, cpuSeconds() - cpu) }
        if firstRunPeakKB == nil { firstRunPeakKB = maxRSSKilobytes() }
    }
    return bestTime
}
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
func report(seconds: Double, bytes: Int = 0, files: Int = 0, threads: Int = 1, extra: [String: Any] = [:]) {
    var line: [String: Any] = ["stage": stage, "seconds": seconds, "bytes": bytes, "files": files, "threads": threads,
                               "maxrss_kb": firstRunPeakKB ?? maxRSSKilobytes(), "cpu_seconds": bestCPU]
    line.merge(extra) { $1 }
    let data = try! JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

/// Every `.xml` file under the snapshot, with the total size.
func xmlFiles(_ root: String) -> (paths: [String], bytes: Int) {
    var paths: [String] = []
    var bytes = 0
    let enumerator = FileManager.default.enumerator(atPath: root)!
    while let relative = enumerator.nextObject() as? String {
        guard relative.hasSuffix(".xml") else { continue }
        paths.append("\(root)/\(relative)")
        bytes += (enumerator.fileAttributes?[.size] as? Int) ?? 0
    }
    return (paths.sorted(), bytes)
}

/// Runs `work(i)` for every i in 0..<count on `threads` workers pulling from a shared counter.
func parallel(_ count: Int, threads: Int, _ work: @Sendable @escaping (Int) -> Void) {
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
        while true {
            let index = next.add(1, ordering: .relaxed).oldValue
            if index >= count { return }
            work(index)
        }
    }
}

/// (a) libxml2 alone: the same push parser and 64 KiB reads as hubaudit, every SAX callback NULL.
/// With `initialized = XML_SAX2_MAGIC` and no element callbacks libxml2 still takes its SAX2
/// (namespace-aware) path, tokenises every tag, attribute and text node, and checks well-formedness.
@Sendable func rawParse(_ path: String, buffer: UnsafeMutableRawBufferPointer) {
    var sax = xmlSAXHandler()
    sax.initialized = XML_SAX2_MAGIC
    guard let stream = fopen(path, "rb"), let context = xmlCreatePushParserCtxt(&sax, nil, nil, 0, path) else { fatalError(path) }
    xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
    while true {
        let count = fread(buffer.baseAddress, 1, buffer.count, stream)
        if count > 0 { xmlParseChunk(context, buffer.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(count), 0) }
        if count < buffer.count { break }
    }
    xmlParseChunk(context, nil, 0, 1)
    if context.pointee.wellFormed == 0 { fatalError("\(path) is not well-formed") }
    xmlFreeParserCtxt(context)
    fclose(stream)
}

/// hubaudit's own ResponseParser with a handler that drops everything (it still stores each item's elements).
final class NullHandler: ResponseHandler {
    func didStartRoot(_ name: String, line: Int) throws {}
    func didReadField(_ name: XMLName, text: String, line: Int) throws {}
    func didReadItem(_ item: ItemElement, in container: XMLName) throws {}
}

/// Resident memory now, after returning freed heap to the system: with the snapshot alive, what it
/// costs to hold (the peak adds what reading it needed on the way).
@_silgen_name("malloc_trim") func malloc_trim(_ pad: Int) -> Int32  // glibc's <malloc.h>, not in the Glibc module

@_silgen_name("malloc_stats") func malloc_stats()
/// glibc's bytes in use (malloc_stats's "Total" block on stderr, read back through a pipe).
func inUseKilobytes() -> Int {
    let saved = dup(2)
    var fds: [Int32] = [0, 0]
    pipe(&fds)
    dup2(fds[1], 2)
    malloc_stats()
    dup2(saved, 2)
    close(fds[1]); close(saved)
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true { let n = read(fds[0], &buffer, buffer.count); if n <= 0 { break }; data.append(buffer, count: n) }
    close(fds[0])
    let text = String(decoding: data, as: UTF8.self)
    guard let total = text.range(of: "Total (incl. mmap):") else { return 0 }
    let line = text[total.upperBound...].split(separator: "\n").first { $0.contains("in use bytes") }
    return (line?.split(separator: "=").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0) / 1024
}

/// With HUBBENCH_PROBE set: the peak and current RSS and glibc's bytes in use at a named point, on stderr.
func probe(_ point: String) {
    guard ProcessInfo.processInfo.environment["HUBBENCH_PROBE"] != nil else { return }
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let lines = status.split(separator: "\n").filter { $0.hasPrefix("VmHWM") || $0.hasPrefix("VmRSS") }
    FileHandle.standardError.write(Data("\(point): \(lines.joined(separator: " ")) in use \(inUseKilobytes()) kB\n".utf8))
}

func liveRSSKilobytes() -> Int {
    _ = malloc_trim(0)
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
}

func auditInput(_ snapshot: Snapshot, _ result: AuditResult) -> ReportInput {
    let policy = Policy.builtIn
    let verdict = Verdict.decide(findings: result.findings, notEvaluated: result.notEvaluated, problems: snapshot.problems,
                                 threshold: policy.failOn)
    return ReportInput(snapshot: snapshot, snapshotLabel: target, result: result, policy: policy, verdict: verdict)
}

// As `hubaudit scan` and `path` set it (`MallocSettings`); collect's stages never come here.
MallocSettings.applyForSnapshotReading()

switch stage {
case "raw":
    xmlInitParser()
    let (paths, bytes) = xmlFiles(target)
    let seconds = best {
        parallel(paths.count, threads: threads) { index in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
            defer { buffer.deallocate() }
            rawParse(paths[index], buffer: buffer)
        }
    }
    report(seconds: seconds, bytes: bytes, files: paths.count, threads: threads)
case "parser":
    let (paths, bytes) = xmlFiles(target)
    let seconds = best {
        parallel(paths.count, threads: threads) { index in
            try! ResponseParser.parse(file: paths[index], handler: NullHandler())
        }
    }
    report(seconds: seconds, bytes: bytes, files: paths.count, threads: threads)
case "decode":
    let bytes = xmlFiles(target).bytes
    var snapshot: Snapshot?
    var freeSeconds = 0.0
    // One snapshot alive at a time; freeing the previous one is timed apart (a scan pays it too).
    let seconds = best(reset: {
        let start = now()
        snapshot = nil
        if start > 0 { freeSeconds = now() - start }
    }) { snapshot = try! SnapshotReader.read(target) }
    let s = snapshot!
    report(seconds: seconds, bytes: bytes, threads: cores, extra: [
        "vpcs": s.vpcs.count, "subnets": s.subnets.count, "route_tables": s.routeTables.count,
        "security_groups": s.securityGroups.count, "rules": s.securityGroups.reduce(0) { $0 + $1.ingress.count + $1.egress.count },
        "peerings": s.peerings.count, "flow_logs": s.flowLogs.count, "problems": s.problems.count,
        "first_problem": s.problems.first.map { "\($0)" } ?? "",
        "live_rss_kb": liveRSSKilobytes(), "free_seconds": freeSeconds])
case "batched":
    // What `scan` does when no rule needs every resource at once: the shared facts read (and the rules
    // that need nothing else started), the scope resources in batches with the scope rules run on
    // each, then the rules that read the groups kept.
    let bytes = xmlFiles(target).bytes
    var snapshot: Snapshot?
    var findings = 0
    let seconds = best(reset: { snapshot = nil }) {
        // As `scan` reads and judges (`AuditStage`), with the built-in policy.
        let (shared, result) = try! AuditStage.judged(target, policy: .builtIn, inBatches: true) { scopes in
            probe("batch \(scopes.first!)")
        }
        probe("read and judged")
        findings = result.findings.count
        snapshot = shared
    }
    report(seconds: seconds, bytes: bytes, threads: cores, extra: ["findings": findings, "live_rss_kb": liveRSSKilobytes(),
                                                                   "allocated_kb": inUseKilobytes(),
                                                                   "security_groups": snapshot!.securityGroups.count])
case "breakdown":
    // What each kind of resource holds of the decoded snapshot: resident memory after the read, then
    // after each kind is dropped in turn (malloc_trim between), largest share first.
    var s: Snapshot? = try! SnapshotReader.read(target)
    var previous = liveRSSKilobytes()
    var usedBefore = inUseKilobytes()
    print("decoded: \(previous / 1024) MB resident, \(usedBefore / 1024) MB allocated")
    let kinds: [(String, (inout Snapshot) -> Void)] = [
        ("securityGroups", { $0.securityGroups = [] }), ("networkAcls", { $0.networkAcls = [] }),
        ("interfaces", { $0.interfaces = [] }), ("instances", { $0.instances = [] }),
        ("routeTables", { $0.routeTables = [] }), ("subnets", { $0.subnets = [] }),
        ("flowLogs", { $0.flowLogs = [] }), ("endpoints", { $0.endpoints = [] }),
        ("staleGroupReports", { $0.staleGroupReports = [] }), ("prefixLists", { $0.prefixLists = [] }),
        ("vpcs+peerings", { $0.vpcs = []; $0.peerings = [] }), ("coverage", { $0.coverage = Coverage.complete([]) }),
    ]
    for (name, drop) in kinds {
        var copy = s!
        s = nil
        drop(&copy)
        // Rebuilt so that the lookups (which hold copies) go too.
        s = Snapshot(metadata: copy.metadata, scopes: copy.scopes, vpcs: copy.vpcs, subnets: copy.subnets,
                     routeTables: copy.routeTables, peerings: copy.peerings, securityGroups: copy.securityGroups,
                     flowLogs: copy.flowLogs, networkAcls: copy.networkAcls, endpoints: copy.endpoints,
                     prefixLists: copy.prefixLists, interfaces: copy.interfaces, instances: copy.instances,
                     transitGateways: copy.transitGateways, transitGatewayAttachments: copy.transitGatewayAttachments,
                     transitGatewayRouteTables: copy.transitGatewayRouteTables, staleGroupReports: copy.staleGroupReports,
                     coverage: copy.coverage, problems: copy.problems)
        copy = s!
        let live = liveRSSKilobytes()
        let used = inUseKilobytes()
        print("\(name): \((previous - live) / 1024) MB resident, \((usedBefore - used) / 1024) MB allocated")
        previous = live
        usedBefore = used
    }
    print("left: \(previous / 1024) MB resident")
case "rules":
    let bytes = xmlFiles(target).bytes
    let snapshot = try! SnapshotReader.read(target)
    var result: AuditResult?
    let seconds = best { result = RuleEngine.run(snapshot, configurations: Policy.builtIn.rules, intent: Policy.builtIn.intent) }
    let findings = Dictionary(grouping: result!.findings, by: \.ruleId).mapValues(\.count)
    // Rules run side by side, so the slowest one bounds the stage: each alone, once, for the README.
    var ruleSeconds: [String: Double] = [:]
    for rule in RuleRegistry.all {
        let start = now()
        _ = RuleEngine.run(snapshot, configurations: Policy.builtIn.rules, intent: Policy.builtIn.intent, rules: [rule])
        ruleSeconds[rule.description.id] = ((now() - start) * 1000).rounded() / 1000
    }
    report(seconds: seconds, bytes: bytes, threads: cores, extra: ["findings": result!.findings.count, "by_rule": findings,
                                                   "not_evaluated": result!.notEvaluated.count, "rule_seconds": ruleSeconds])
case "reports":
    let bytes = xmlFiles(target).bytes
    let snapshot = try! SnapshotReader.read(target)
    let input = auditInput(snapshot, RuleEngine.run(snapshot, configurations: Policy.builtIn.rules, intent: Policy.builtIn.intent))
    var sizes = (0, 0)
    // As a scan renders a report bound for a file: piece by piece (here counted and dropped).
    func renderedSize(_ render: (ReportStream) -> Void) -> Int {
        var count = 0
        let stream = ReportStream { count += $0.utf8.count }
        render(stream)
        try! stream.finish()
        return count
    }
    let seconds = best {
        sizes = (renderedSize { JSONReport.write(input, to: $0) }, renderedSize { MarkdownReport.write(input, to: $0) })
    }
    report(seconds: seconds, bytes: bytes, extra: ["json_bytes": sizes.0, "markdown_bytes": sizes.1])
case "scan":
    let bytes = xmlFiles(target).bytes
    let out = NSTemporaryDirectory() + "hubbench-\(getpid())"
    var exitCode: Int32 = 0
    // A scan frees its snapshot on a background thread while the command exits; between timed runs,
    // give that a moment so it does not compete with the next run (a real scan has none).
    let seconds = best(reset: { usleep(500_000) }) {
        // As `hubaudit scan` runs it: the reports go to their files only (no texts kept for a caller).
        var request = ScanRequest(snapshotPath: target, jsonPath: "\(out)/report.json", markdownPath: "\(out)/review.md")
        request.keepsReportTexts = false
        // And the summary handed on line by line, as the command line prints it (here dropped).
        request.console = ScanConsole(line: { _ in }, diagnostic: { _ in })
        exitCode = Scan.run(request).exitCode
    }
    try? FileManager.default.removeItem(atPath: out)
    report(seconds: seconds, bytes: bytes, threads: cores, extra: ["exit_code": Int(exitCode)])
case "reachability":
    // The snapshot is decoded first (not timed). Timed: building the model and judging 20 intents
    // whose `from` spans every account (all workload space, 10.0.0.0/8), to the hub, to a spoke, or
    // to every account, over five port sets, both expectations. Then one path query on the model.
    let snapshot = try! SnapshotReader.read(target)
    let hubAccount = snapshot.scopes.first!.account
    let spoke = snapshot.vpcs.first { $0.scope.account != hubAccount && $0.tags.name?.hasSuffix("-0") == true }!
    let everything = EndpointSelector(cidr: CIDR("10.0.0.0/8")!)
    let targets = [EndpointSelector(account: hubAccount), EndpointSelector(vpc: spoke.tags.name!),
                   EndpointSelector(account: hubAccount, cidr: CIDR("10.0.0.0/8")!), EndpointSelector(vpc: spoke.id)]
    let portSets = [["tcp/443"], ["tcp/22"], ["tcp/5432", "tcp/3306"], ["icmp"], ["all"]]
    var intents: [ReachabilityIntent] = []
    for index in 0..<20 {
        let ports = portSets[index % portSets.count]
        let traffic = ports.compactMap(TrafficSpec.parse).reduce(TrafficSet.empty) { $0.union($1) }
        intents.append(ReachabilityIntent(name: "intent-\(index)", from: everything, to: targets[index % targets.count], ports: ports,
                                          traffic: traffic, expect: index % 2 == 0 ? .unreachable : .reachable))
    }
    var outcomes: [IntentOutcome] = []
    var model: ReachabilityModel?
    var modelSeconds = 0.0
    // The peak once the snapshot is read and once the model is built: what judging adds is the rest.
    let snapshotMaxRSS = maxRSSKilobytes()
    var modelMaxRSS = 0
    // The previous run's model and answers are freed untimed (a scan frees its results in the background).
    let seconds = best(reset: { model = nil; outcomes = [] }) {
        let start = now()
        model = ReachabilityModel(snapshot)
        modelSeconds = now() - start
        if modelMaxRSS == 0 { modelMaxRSS = maxRSSKilobytes() }
        outcomes = IntentOutcome.judge(intents, model: model!, organization: NetworkIntent(reachability: intents), options: PathOptions())
    }
    let built = model!
    let source = snapshot.instances.first { $0.scope.account != hubAccount }!.id
    let destination = snapshot.instances.first { $0.scope.account == hubAccount }!.id
    var pathStatus = ""
    let querySeconds = best {
        let answer = built.answer(from: built.resolve(source).members, to: built.resolve(destination).members, traffic: .all)
        pathStatus = answer.status.rawValue
    }
    let pairs = outcomes.reduce(0) { $0 + $1.pairCount }
    // The pairs an outcome keeps: those that break its intent or could not be judged.
    let keptPairs = outcomes.reduce(0) { $0 + ($1.answer?.pairs.count ?? 0) }
    var statuses: [String: Int] = [:]
    for outcome in outcomes { statuses[outcome.status.rawValue, default: 0] += 1 }
    report(seconds: seconds, threads: 1, extra: [
        "model_seconds": modelSeconds, "snapshot_maxrss_kb": snapshotMaxRSS, "model_maxrss_kb": modelMaxRSS, "intents": intents.count, "pairs": pairs, "kept_pairs": keptPairs, "intent_status": statuses,
        "members": built.members.count, "query_seconds": querySeconds, "query_status": pathStatus])
case "overlap":
    // COUNT VPCs in 1,000 account/region scopes, distinct /24s from 10.0.0.0/8 and 100.64.0.0/10,
    // every 1,000th a duplicate of its neighbour (planted overlaps), every 10th peered to its scope's first VPC.
    let count = Int(target)!
    var vpcs: [Vpc] = []
    var peerings: [PeeringConnection] = []
    vpcs.reserveCapacity(count)
    for index in 0..<count {
        let scope = Scope(account: String(100_000_000_000 + index % 1000), region: "us-east-1")
        let slot = index % 1000 == 999 ? index - 1 : index
        let base: UInt32 = slot < 65_536 ? 0x0A00_0000 : 0x6440_0000
        let network = base + UInt32(slot % 65_536) << 8
        let cidr = CIDR("\(network >> 24).\(network >> 16 & 255).\(network >> 8 & 255).0/24")!
        vpcs.append(Vpc(scope: scope, id: "vpc-\(index)", ipv4: [cidr]))
        if index % 10 == 0 && index >= 1000 {
            let hub = index % 1000
            peerings.append(PeeringConnection(id: "pcx-\(index)", statusCode: "active",
                                              requester: .init(ownerId: vpcs[hub].scope.account, vpcId: "vpc-\(hub)", region: "us-east-1"),
                                              accepter: .init(ownerId: scope.account, vpcId: "vpc-\(index)", region: "us-east-1"),
                                              reportedBy: [scope]))
        }
    }
    let snapshot = Snapshot(metadata: SnapshotMetadata(path: "synthetic"), vpcs: vpcs, peerings: peerings)
    var findings = 0
    let seconds = best { findings = RuleEngine.run(snapshot, rules: [OverlappingCidrsRule.self]).findings.count }
    report(seconds: seconds, extra: ["vpcs": count, "peerings": peerings.count, "findings": findings])
case "routes":
    // A hub's route table: one /24 route per spoke (COUNT spokes, consecutive /24s from 10.0.0.0),
    // a /16 summary per 256 spokes, a /8 per 65,536, a default route, and every 100th spoke split
    // by a /26 inside it. Timed apart: building the index once, then per spoke its block resolved
    // (`resolve`, what peering-routes and tgw-routes ask of a hub's table) and one address looked
    // up (the reachability engine's question); against the pass over every route
    // (`RouteTable.resolve`), on an evenly spread sample of spokes where all would take too long.
    let count = Int(target)!
    func block(_ network: UInt32, _ length: Int) -> CIDR { CIDR(family: .v4, network: UInt128(network), prefixLength: length) }
    var routes: [Route] = [Route(destination: .cidr(block(0, 0)), targetKind: .internetGateway, targetId: "igw-hub")]
    for spoke in 0..<count {
        let network = 0x0A00_0000 &+ UInt32(spoke) << 8
        if spoke % 65_536 == 0 { routes.append(Route(destination: .cidr(block(network, 8)), targetKind: .transitGateway, targetId: "tgw-hub")) }
        if spoke % 256 == 0 { routes.append(Route(destination: .cidr(block(network, 16)), targetKind: .local, targetId: "local")) }
        routes.append(Route(destination: .cidr(block(network, 24)), targetKind: .peering, targetId: "pcx-\(spoke)"))
        if spoke % 100 == 0 { routes.append(Route(destination: .cidr(block(network | 0x40, 26)), targetKind: .peering, targetId: "pcx-split-\(spoke)")) }
    }
    let table = RouteTable(scope: Scope(account: "100000000000", region: "us-east-1"), id: "rtb-hub", vpcId: "vpc-hub", isMain: true,
                           routes: routes)
    let spokes = (0..<count).map { block(0x0A00_0000 &+ UInt32($0) << 8, 24) }
    var parts = 0, found = 0
    var built: RouteTableIndex?
    let buildSeconds = best(reset: { built = nil }) { built = RouteTableIndex(table) }
    let index = built!
    let indexedSeconds = best(reset: { parts = 0; found = 0 }) {
        for spoke in spokes {
            parts += index.resolve(spoke).count
            if index.lookUp(CIDR(family: .v4, network: spoke.network | 0x81, prefixLength: 32)) != nil { found += 1 }
        }
    }
    let sample = min(count, option("--sample", 1000))
    let stride = max(count / sample, 1)
    var linearParts = 0, linearFound = 0, sampleCount = 0
    let linearSeconds = best(reset: { linearParts = 0; linearFound = 0; sampleCount = 0 }) {
        for position in Swift.stride(from: 0, to: count, by: stride) {
            let spoke = spokes[position]
            linearParts += table.resolve(spoke).count
            if table.resolve(CIDR(family: .v4, network: spoke.network | 0x81, prefixLength: 32)).first?.route != nil { linearFound += 1 }
            sampleCount += 1
        }
    }
    let lookups = 2 * count, linearLookups = 2 * sampleCount
    report(seconds: buildSeconds + indexedSeconds, extra: [
        "spokes": count, "routes": routes.count, "build_seconds": buildSeconds, "indexed_lookups": lookups, "indexed_seconds": indexedSeconds,
        "indexed_microseconds_per_lookup": indexedSeconds / Double(lookups) * 1e6, "parts": parts, "found": found,
        "linear_lookups": linearLookups, "linear_seconds": linearSeconds,
        "linear_microseconds_per_lookup": linearSeconds / Double(linearLookups) * 1e6,
        "linear_seconds_for_every_spoke": linearSeconds / Double(linearLookups) * Double(lookups)])
default:
    FileHandle.standardError.write(Data("unknown stage \(stage)\n".utf8))
    exit(64)
}
