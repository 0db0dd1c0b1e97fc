// swift-tools-version:6.0
// libFuzzer harness for hubaudit's response decoding (HubXML + HubSnapshot). A package of its
// own, never built by the root package's `swift build` / `swift test`. Build and run: `Tests/Fuzz/run.sh`.
import PackageDescription

// A path dependency's identity is its folder's name (`main` here, whatever the CI checkout is called).
let rootIdentity = Context.packageDirectory.split(separator: "/").dropLast(2).last.map { String($0).lowercased() } ?? "hubaudit"

let package = Package(
    name: "HubauditFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "Fuzz",
            dependencies: [.product(name: "HubDecoding", package: rootIdentity)]
        ),
    ]
)
