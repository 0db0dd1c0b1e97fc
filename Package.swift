// swift-tools-version:6.0
// hubaudit: collect → snapshot store → rule engine → reports. The targets follow that flow;
// dependencies point one way (model ← collectors, model ← rules ← policy/reports ← executable).
import PackageDescription

let package = Package(
    name: "hubaudit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hubaudit", targets: ["hubaudit"]),
        .library(name: "HubAudit", targets: ["HubAudit"]),
        .library(name: "HubAuditKit", targets: ["HubXML", "HubModel", "HubSnapshot", "HubAWS", "HubPaths", "HubRules", "HubPolicy", "HubReport", "HubAudit"]),
        .library(name: "HubDecoding", targets: ["HubXML", "HubModel", "HubSnapshot"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // collect's and export's HTTP client (Benchmarks/README.md "Transports side by side").
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // libxml2 from the system (apt: libxml2-dev). Only HubXML imports it.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "HubXML", dependencies: ["CLibXML2", "HubModel"]),
        // OpenSSL's libcrypto (apt: libssl-dev) for SHA-256 and HMAC. Only HubAWS imports it.
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // AWS plumbing for live collection: SigV4, credentials, the Query-protocol HTTP client, STS,
        // the transport (AsyncHTTPClient on SwiftNIO).
        .target(name: "HubAWS", dependencies: [
            "CCrypto", "HubXML", .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .target(name: "HubModel"),
        .target(name: "HubSnapshot", dependencies: ["HubXML", "HubModel"]),
        // `hubaudit collect`: every account and region into the snapshot store that scan reads.
        .target(name: "HubCollect", dependencies: ["HubAWS", "HubSnapshot", "HubModel", "HubXML", "HubYAML", .product(name: "Yams", package: "Yams")]),
        // The reachability engine: hop-by-hop answers over the decoded model (no I/O).
        .target(name: "HubPaths", dependencies: ["HubModel"]),
        .target(name: "HubRules", dependencies: ["HubModel", "HubPaths"]),
        // The strict, typed YAML reading the policy and the accounts file share (one accounts reader).
        .target(name: "HubYAML", dependencies: ["HubModel", .product(name: "Yams", package: "Yams")]),
        .target(name: "HubPolicy", dependencies: ["HubRules", "HubModel", "HubPaths", "HubYAML", .product(name: "Yams", package: "Yams")]),
        .target(name: "HubReport", dependencies: ["HubRules", "HubModel", "HubPolicy", "HubPaths"]),
        // One call per command: what the executable runs, testable without a process.
        .target(name: "HubAudit", dependencies: ["HubAWS", "HubSnapshot", "HubCollect", "HubPaths", "HubRules", "HubPolicy", "HubReport", "HubModel"]),
        .executableTarget(name: "hubaudit", dependencies: ["HubAudit", "HubModel", "HubRules", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // What every test target shares: repository paths, temporary folders, Python availability.
        .target(name: "HubTestSupport", path: "Tests/HubTestSupport"),
        .testTarget(name: "HubXMLTests", dependencies: ["HubTestSupport", "HubXML", "HubModel"]),
        .testTarget(name: "HubAWSTests", dependencies: ["HubTestSupport", "HubAWS"]),
        .testTarget(name: "HubCollectTests", dependencies: ["HubTestSupport", "HubCollect", "HubAWS", "HubSnapshot", "HubModel", "HubPolicy"]),
        .testTarget(name: "HubModelTests", dependencies: ["HubTestSupport", "HubModel"]),
        .testTarget(name: "HubSnapshotTests", dependencies: ["HubTestSupport", "HubSnapshot", "HubModel", "HubXML"],
                    exclude: ["Regressions"]),
        .testTarget(name: "HubRulesTests", dependencies: ["HubRules", "HubModel", "HubPaths"]),
        .testTarget(name: "HubPathsTests", dependencies: ["HubPaths", "HubRules", "HubModel"]),
        .testTarget(name: "HubPolicyTests", dependencies: ["HubPolicy", "HubRules", "HubModel", "HubPaths"]),
        .testTarget(name: "HubReportTests", dependencies: ["HubTestSupport", "HubReport", "HubSnapshot", "HubRules", "HubPolicy", "HubModel"]),
        .testTarget(name: "HubAuditTests", dependencies: ["HubTestSupport", "HubAudit", "HubReport", "HubPolicy", "HubSnapshot", "HubCollect", "HubAWS", "HubRules", "HubModel", "hubaudit"]),
    ]
)
