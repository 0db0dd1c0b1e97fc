import Foundation
import Testing

/// Package.swift, read as text: what a package that depends on hubaudit by version would be refused.
@Suite struct PackageManifestTests {
    /// The manifest without its comments.
    private func manifestCode() throws -> String {
        let text = try String(contentsOfFile: Repo.path("Package.swift"), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? String(line) }
            .joined(separator: "\n")
    }

    /// SwiftPM refuses unsafe flags in any package used as a versioned dependency, so the library
    /// products must build without them (the parser's speed comes from its structure instead:
    /// Benchmarks/README.md, "What the exclusivity flag cost").
    @Test func noTargetNeedsUnsafeFlags() throws {
        let code = try manifestCode()
        #expect(code.contains(".target(name: \"HubXML\""))
        #expect(!code.contains("unsafeFlags"))
    }

    /// Modules of the toolchain and SDK: importing them needs no declaration.
    private static let toolchainModules: Set<String> = [
        "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationXML", "Dispatch",
        "Glibc", "Musl", "Darwin", "Synchronization", "Testing", "XCTest",
    ]

    /// A module a target imports without declaring it builds only because some other dependency
    /// happened to build it first: in another build order (or as someone's dependency) it fails.
    @Test func everyImportedModuleIsADeclaredDependency() throws {
        let targets = try declaredTargets()
        // Every folder of Swift sources was found as a target (the manifest was read right).
        // Tests/Fuzz is a package of its own.
        for parent in ["Sources", "Tests"] {
            for folder in try FileManager.default.contentsOfDirectory(atPath: Repo.path(parent)).sorted() {
                let path = "\(parent)/\(folder)"
                guard parent == "Sources" || folder.hasSuffix("Tests"), try !importedModules(in: path).isEmpty else { continue }
                #expect(targets.contains { $0.folder == path }, "no target for \(path)")
            }
        }
        for target in targets {
            let undeclared = try importedModules(in: target.folder)
                .subtracting(target.dependencies).subtracting(Self.toolchainModules)
            #expect(undeclared.isEmpty, "\(target.name) imports \(undeclared.sorted()) without declaring it")
        }
    }

    private struct DeclaredTarget {
        var name: String
        var folder: String
        var dependencies: Set<String>
    }

    /// Every `.target`, `.executableTarget` and `.testTarget` with its folder and the modules it
    /// declares (targets by name, products by their product name, which is their module's here).
    private func declaredTargets() throws -> [DeclaredTarget] {
        let code = try manifestCode()
        let starts = [".target(", ".executableTarget(", ".testTarget(", ".systemLibrary(", "\n    ]"]
        var targets: [DeclaredTarget] = []
        var rest = Substring(code)
        while let start = [".target(", ".executableTarget(", ".testTarget("].compactMap({ rest.range(of: $0) })
            .min(by: { $0.lowerBound < $1.lowerBound }) {
            let afterStart = rest[start.upperBound...]
            let end = starts.compactMap { afterStart.range(of: $0)?.lowerBound }.min() ?? afterStart.endIndex
            let declaration = String(afterStart[..<end])
            rest = afterStart[end...]
            guard let name = Self.quoted(after: "name: ", in: declaration) else { continue }
            let isTest = code[start].hasPrefix(".testTarget(")
            let folder = Self.quoted(after: "path: ", in: declaration) ?? "\(isTest ? "Tests" : "Sources")/\(name)"
            var dependencies: Set<String> = []
            if let list = declaration.range(of: "dependencies: [") {
                let listText = declaration[list.upperBound...].prefix { $0 != "]" }
                // `.product(name: "Yams", package: "Yams")`: the package's name is not a module.
                let withoutPackages = listText.replacingOccurrences(of: #"package: "[^"]*""#, with: "",
                                                                    options: .regularExpression)
                dependencies = Set(Self.allQuoted(in: withoutPackages))
            }
            targets.append(DeclaredTarget(name: name, folder: folder, dependencies: dependencies))
        }
        return targets
    }

    /// The modules imported by the Swift files under `folder` (imports start a line; an indented
    /// `import` is text inside a string, such as a Python script).
    private func importedModules(in folder: String) throws -> Set<String> {
        let root = URL(fileURLWithPath: Repo.path(folder))
        guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        let pattern = try Regex(#"^(?:@\w+ +|(?:internal|public|package|private|fileprivate) +)*import +(?:\w+ +)?(\w+)"#)
        var modules: Set<String> = []
        for case let file as URL in files where file.pathExtension == "swift" {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                if let match = line.firstMatch(of: pattern), let module = match.output[1].substring {
                    modules.insert(String(module))
                }
            }
        }
        return modules
    }

    private static func quoted(after label: String, in text: String) -> String? {
        guard let labelRange = text.range(of: label + "\"") else { return nil }
        return String(text[labelRange.upperBound...].prefix { $0 != "\"" })
    }

    private static func allQuoted(in text: String) -> [String] {
        text.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
}
