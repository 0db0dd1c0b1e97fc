// swift-tools-version:6.0
// hubaudit: collect → snapshot store → rule engine → reports. The targets follow that flow;
// dependencies point one way (model ← collectors, model ← rules ← policy/reports ← executable).
import PackageDescription

// The decoding path runs millions of callbacks per snapshot; Swift's run-time exclusivity checks on
// class properties cost it about a fifth of its time (Benchmarks/README.md). The accesses are
// single-threaded per parser, so the checks are turned off for the parser and decoders only.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"])]

let package = Package(
    name: "hubaudit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hubaudit", targets: ["hubaudit"]),
        .library(name: "HubAudit", targets: ["HubAudit"]),
        .library(name: "HubAuditKit", targets: ["HubXML", "HubModel", "HubCollectors", "HubPaths", "HubRules", "HubPolicy", "HubReport", "HubAudit"]),
        .library(name: "HubDecoding", targets: ["HubXML", "HubModel", "HubCollectors"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // libxml2 from the system (apt: libxml2-dev). Only HubXML imports it.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "HubXML", dependencies: ["CLibXML2"], swiftSettings: hotPath),
        // OpenSSL's libcrypto (apt: libssl-dev) for SHA-256 and HMAC. Only HubAWS imports it.
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // AWS plumbing for live collection: SigV4, credentials, the Query-protocol HTTP client, STS.
        .target(name: "HubAWS", dependencies: ["CCrypto", "HubXML"]),
        .target(name: "HubModel"),
        .target(name: "HubCollectors", dependencies: ["HubXML", "HubModel"], swiftSettings: hotPath),
        // `hubaudit collect`: every account and region into the snapshot store that scan reads.
        .target(name: "HubCollect", dependencies: ["HubAWS", "HubCollectors", "HubModel", "HubXML", .product(name: "Yams", package: "Yams")]),
        // The reachability engine: hop-by-hop answers over the decoded model (no I/O).
        .target(name: "HubPaths", dependencies: ["HubModel"]),
        .target(name: "HubRules", dependencies: ["HubModel", "HubPaths"]),
        .target(name: "HubPolicy", dependencies: ["HubRules", "HubModel", "HubPaths", .product(name: "Yams", package: "Yams")]),
        .target(name: "HubReport", dependencies: ["HubRules", "HubModel", "HubPolicy", "HubPaths"]),
        // One call per command: what the executable runs, testable without a process.
        .target(name: "HubAudit", dependencies: ["HubCollectors", "HubCollect", "HubPaths", "HubRules", "HubPolicy", "HubReport", "HubModel"]),
        .executableTarget(name: "hubaudit", dependencies: ["HubAudit", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "HubXMLTests", dependencies: ["HubXML"]),
        .testTarget(name: "HubAWSTests", dependencies: ["HubAWS"]),
        .testTarget(name: "HubCollectTests", dependencies: ["HubCollect", "HubAWS", "HubCollectors", "HubModel"]),
        .testTarget(name: "HubModelTests", dependencies: ["HubModel"]),
        .testTarget(name: "HubCollectorsTests", dependencies: ["HubCollectors", "HubModel", "HubXML"],
                    exclude: ["Regressions"]),
        .testTarget(name: "HubRulesTests", dependencies: ["HubRules", "HubModel"]),
        .testTarget(name: "HubPathsTests", dependencies: ["HubPaths", "HubRules", "HubModel"]),
        .testTarget(name: "HubPolicyTests", dependencies: ["HubPolicy", "HubRules"]),
        .testTarget(name: "HubReportTests", dependencies: ["HubReport", "HubCollectors", "HubRules", "HubPolicy", "HubModel"]),
        .testTarget(name: "HubAuditTests", dependencies: ["HubAudit", "HubReport", "HubPolicy", "HubCollectors", "hubaudit"]),
    ]
)
