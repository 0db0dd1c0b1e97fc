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
}
