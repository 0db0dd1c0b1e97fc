// swift-tools-version:6.0
// hubaudit's throughput benchmark: its own package, so the root `swift build`/`swift test` never builds it.
// Build: swift build -c release --package-path Benchmarks --scratch-path .build-bench   (or ./run.sh)
import PackageDescription

let package = Package(
    name: "hubaudit-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "hubaudit", path: ".."),
    ],
    targets: [
        // libxml2 for the "parser alone" baseline (the root's CLibXML2 module is not exported).
        .systemLibrary(name: "CLibXML2Bench", pkgConfig: "libxml-2.0"),
        .executableTarget(name: "hubbench", dependencies: [
            "CLibXML2Bench", .product(name: "HubAuditKit", package: "hubaudit"),
        ], swiftSettings: [.swiftLanguageMode(.v5)]),
        // The real collector over AsyncHTTPClient (the product's transport) or URLSession (its
        // transport before, kept here for the comparison): collect_bench.py --transport.
        .executableTarget(name: "hubbench-collect", dependencies: [
            .product(name: "HubAuditKit", package: "hubaudit"),
        ]),
    ]
)
