import Foundation
import Testing
@testable import HubAWS

/// An error about a credentials or config file names the file, the line and what is wrong, never the
/// file's text: a secret pasted in the wrong place must not reach a terminal or a CI log, in any case.
struct CredentialFileContentTests {
    /// Any 12 characters of a secret, in any letter case, count as a leak (an error once echoed a
    /// token pasted on line 1, lower-cased, as the "key" before its `=` padding).
    static func leaks(_ text: String) -> [String] {
        let lowered = text.lowercased()
        return Secrets.all.filter { secret in
            let characters = Array(secret.lowercased())
            return (0...(characters.count - 12)).contains { lowered.contains(String(characters[$0..<($0 + 12)])) }
        }
    }

    @Test func aSessionTokenPastedOnLineOneIsNotQuoted() throws {
        let box = try Sandbox()
        try box.credentials("\(Secrets.token)\n[default]\naws_access_key_id = AKIA\naws_secret_access_key = \(Secrets.base)\n")
        let error = try #require(box.failure())
        #expect(error.kind == .malformedFile)
        #expect(error.line == 1)
        #expect(error.description == "\(box.credentialsPath):1: a setting outside of any [section]")
        #expect(Self.leaks(error.description).isEmpty)
    }

    @Test func aSourceProfileValueIsNotQuoted() throws {
        let box = try Sandbox()
        try box.config("[profile r]\nrole_arn = arn:aws:iam::111111111111:role/R\nsource_profile = \(Secrets.token)\n")
        let error = try #require(box.failure("r"))
        #expect(error.kind == .missingProfile)
        #expect(error.line == 3)
        #expect(error.description == "\(box.configPath):3: profile 'r': its source_profile names a profile that is in neither \(box.credentialsPath) nor \(box.configPath)")
        #expect(Self.leaks(error.description).isEmpty)
        #expect(Self.leaks(String(reflecting: error)).isEmpty)
    }

    @Test func aCredentialSourceValueIsNotQuoted() throws {
        let box = try Sandbox()
        try box.config("[profile r]\nrole_arn = arn:aws:iam::111111111111:role/R\ncredential_source = \(Secrets.other)\n")
        let error = try #require(box.failure("r"))
        #expect(error.kind == .unsupported)
        #expect(error.description == "\(box.configPath):3: profile 'r': this credential_source is not supported (only Environment is)")
        #expect(Self.leaks(error.description).isEmpty)
    }

    /// A secret on every kind of malformed line, in both files: the error names file and line only.
    @Test(arguments: [
        "\(Secrets.token)",
        "\(Secrets.token) = x",
        "\(Secrets.token): x",
        "x\(Secrets.base)=",
        "[\(Secrets.token)",
        "[default] \(Secrets.base)",
        "= \(Secrets.other)",
        "[]\(Secrets.token)",
    ])
    func noMalformedLineIsQuoted(_ line: String) throws {
        for file in ["credentials", "config"] {
            let box = try Sandbox()
            let text = line.hasPrefix("[") || line.hasPrefix("=") ? "[default]\nregion = us-east-1\n\(line)\n" : "\(line)\n[default]\n"
            try box.write(text, to: file == "credentials" ? box.credentialsPath : box.configPath)
            let error = try #require(box.failure())
            #expect(error.kind == .malformedFile, "\(file): \(line)")
            #expect(Self.leaks(error.description).isEmpty, "\(file): \(error.description)")
            #expect(Self.leaks(String(reflecting: error)).isEmpty, "\(file): \(String(reflecting: error))")
        }
    }
}
