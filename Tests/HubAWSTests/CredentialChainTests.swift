import Foundation
import HubTestSupport
import Testing
@testable import HubAWS

/// A temporary home with `.aws/credentials` and `.aws/config`, and a fake environment.
final class Sandbox {
    let root: URL
    var environment: [String: String]

    init() throws {
        root = try temporaryFolder("credentials")
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        environment = ["HOME": root.path]
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    var credentialsPath: String { root.appendingPathComponent(".aws/credentials").path }
    var configPath: String { root.appendingPathComponent(".aws/config").path }

    func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func credentials(_ text: String) throws { try write(text, to: credentialsPath) }
    func config(_ text: String) throws { try write(text, to: configPath) }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    var chain: CredentialChain { CredentialChain(environment: environment) }

    func resolve(_ profile: String? = nil) throws -> CredentialSource {
        try chain.resolve(profile: profile)
    }

    /// The error `resolve` throws (nil when it succeeds).
    func failure(_ profile: String? = nil) -> CredentialError? {
        do {
            _ = try chain.resolve(profile: profile)
            return nil
        } catch let error as CredentialError {
            return error
        } catch {
            return nil
        }
    }
}

/// The secrets of these tests: none may appear in an error or a description.
enum Secrets {
    static let base = "BaseSecretKeyDoNotPrint0000000000000000"
    static let other = "OtherSecretKeyDoNotPrint000000000000000"
    static let token = "SessionTokenDoNotPrint//////////+++==="
    static let all = [base, other, token]

    /// In any letter case: an error once echoed a pasted token lower-cased.
    static func leaked(in text: String) -> Bool {
        let lowered = text.lowercased()
        return all.contains { lowered.contains($0.lowercased()) }
    }
}

struct CredentialChainTests {
    // MARK: - Environment

    @Test func environmentKeys() throws {
        let box = try Sandbox()
        box.environment["AWS_ACCESS_KEY_ID"] = "AKIAENV"
        box.environment["AWS_SECRET_ACCESS_KEY"] = Secrets.base
        let expected = CredentialSource.credentials(AWSCredentials(accessKeyId: "AKIAENV", secretAccessKey: Secrets.base))
        #expect(try box.resolve() == expected)
    }

    @Test func environmentKeysWithASessionToken() throws {
        let box = try Sandbox()
        box.environment["AWS_ACCESS_KEY_ID"] = "ASIAENV"
        box.environment["AWS_SECRET_ACCESS_KEY"] = Secrets.base
        box.environment["AWS_SESSION_TOKEN"] = Secrets.token
        let expected = CredentialSource.credentials(AWSCredentials(accessKeyId: "ASIAENV", secretAccessKey: Secrets.base,
                                                                   sessionToken: Secrets.token))
        #expect(try box.resolve() == expected)
    }

    /// Empty variables are unset ones (CI systems export empty values).
    @Test func emptyVariablesAreUnset() throws {
        let box = try Sandbox()
        box.environment["AWS_ACCESS_KEY_ID"] = "AKIAENV"
        box.environment["AWS_SECRET_ACCESS_KEY"] = Secrets.base
        box.environment["AWS_SESSION_TOKEN"] = ""
        box.environment["AWS_PROFILE"] = ""
        box.environment["AWS_CONFIG_FILE"] = "/nonexistent/config"
        box.environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials"
        let expected = CredentialSource.credentials(AWSCredentials(accessKeyId: "AKIAENV", secretAccessKey: Secrets.base))
        #expect(try box.resolve() == expected)
    }

    @Test func halfTheEnvironmentKeysIsAnError() throws {
        let box = try Sandbox()
        box.environment["AWS_SECRET_ACCESS_KEY"] = Secrets.base
        let error = try #require(box.failure())
        #expect(error.kind == .incomplete)
        #expect(error.description.contains("AWS_ACCESS_KEY_ID"))
        #expect(Secrets.leaked(in: error.description) == false)
    }

    @Test func anExplicitProfileIgnoresTheEnvironmentKeys() throws {
        let box = try Sandbox()
        box.environment["AWS_ACCESS_KEY_ID"] = "AKIAENV"
        box.environment["AWS_SECRET_ACCESS_KEY"] = Secrets.other
        try box.credentials("""
            [audit]
            aws_access_key_id = AKIAFILE
            aws_secret_access_key = \(Secrets.base)
            """)
        let expected = CredentialSource.credentials(AWSCredentials(accessKeyId: "AKIAFILE", secretAccessKey: Secrets.base))
        #expect(try box.resolve("audit") == expected)
    }

    // MARK: - Shared files

    @Test func defaultProfileFromTheCredentialsFile() throws {
        let box = try Sandbox()
        try box.credentials("""
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = \(Secrets.base)
            aws_session_token = \(Secrets.token)

            [other]
            aws_access_key_id = AKIAOTHER
            aws_secret_access_key = \(Secrets.other)
            """)
        let expected = CredentialSource.credentials(AWSCredentials(accessKeyId: "AKIADEFAULT", secretAccessKey: Secrets.base,
                                                                   sessionToken: Secrets.token))
        #expect(try box.resolve() == expected)
    }

    @Test func awsProfileNamesTheProfile() throws {
        let box = try Sandbox()
        box.environment["AWS_PROFILE"] = "other"
        try box.credentials("""
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = \(Secrets.base)
            [other]
            aws_access_key_id = AKIAOTHER
            aws_secret_access_key = \(Secrets.other)
            """)
        let expected = CredentialSource.credentials(AWSCredentials(accessKeyId: "AKIAOTHER", secretAccessKey: Secrets.other))
        #expect(try box.resolve() == expected)
    }

    @Test func namedProfileFromTheConfigFile() throws {
        let box = try Sandbox()
        try box.config("""
            [default]
            region = eu-west-1

            [profile x]
            aws_access_key_id = AKIACONFIG
            aws_secret_access_key = \(Secrets.base)
            region = eu-central-1

            [x]
            aws_access_key_id = AKIANOTAPROFILE
            aws_secret_access_key = \(Secrets.other)
            """)
        let expected = CredentialSource.credentials(AWSCredentials(accessKeyId: "AKIACONFIG", secretAccessKey: Secrets.base))
        #expect(try box.resolve("x") == expected)
    }

    @Test func theCredentialsFileWinsOverTheConfigFile() throws {
        let box = try Sandbox()
        try box.credentials("[x]\naws_access_key_id = AKIAFROMCREDENTIALS\naws_secret_access_key = \(Secrets.base)\n")
        try box.config("[profile x]\naws_access_key_id = AKIAFROMCONFIG\naws_secret_access_key = \(Secrets.other)\n")
        let expected = CredentialSource.credentials(AWSCredentials(accessKeyId: "AKIAFROMCREDENTIALS", secretAccessKey: Secrets.base))
        #expect(try box.resolve("x") == expected)
    }

    @Test func fileOverridesFromTheEnvironment() throws {
        let box = try Sandbox()
        // The home files say one thing, the files the environment names another: the latter win.
        try box.credentials("[default]\naws_access_key_id = AKIAHOME\naws_secret_access_key = \(Secrets.other)\n")
        try box.config("[profile r]\nrole_arn = arn:aws:iam::111111111111:role/home\nsource_profile = default\n")
        let credentials = box.path("elsewhere-credentials")
        let config = box.path("elsewhere-config")
        try box.write("[default]\naws_access_key_id = AKIAELSEWHERE\naws_secret_access_key = \(Secrets.base)\n", to: credentials)
        try box.write("[profile r]\nrole_arn = arn:aws:iam::222222222222:role/elsewhere\nsource_profile = default\nregion = ap-south-1\n", to: config)
        box.environment["AWS_SHARED_CREDENTIALS_FILE"] = credentials
        box.environment["AWS_CONFIG_FILE"] = config
        let keys = CredentialSource.credentials(AWSCredentials(accessKeyId: "AKIAELSEWHERE", secretAccessKey: Secrets.base))
        #expect(try box.resolve() == keys)
        let role = CredentialSource.assumeRole(roleArn: "arn:aws:iam::222222222222:role/elsewhere", externalId: nil, sessionName: nil,
                                               source: keys, profile: "r")
        #expect(try box.resolve("r") == role)
        #expect(box.chain.region(profile: "r") == "ap-south-1")
    }

    /// A leading `~/` in a file variable is the home folder.
    @Test func aTildeInAFileVariableIsHome() throws {
        let box = try Sandbox()
        try box.write("[default]\naws_access_key_id = AKIATILDE\naws_secret_access_key = \(Secrets.base)\n", to: box.path("creds"))
        box.environment["AWS_SHARED_CREDENTIALS_FILE"] = "~/creds"
        let expected = CredentialSource.credentials(AWSCredentials(accessKeyId: "AKIATILDE", secretAccessKey: Secrets.base))
        #expect(try box.resolve() == expected)
    }

    // MARK: - Roles

    @Test func roleChainOfTwoLevels() throws {
        let box = try Sandbox()
        try box.credentials("""
            [base]
            aws_access_key_id = AKIABASE
            aws_secret_access_key = \(Secrets.base)
            """)
        try box.config("""
            [profile audit]
            role_arn = arn:aws:iam::111111111111:role/HubAuditRead
            source_profile = jump
            external_id = ext-123
            role_session_name = nightly-audit

            [profile jump]
            role_arn = arn:aws:iam::999999999999:role/Jump
            source_profile = base
            """)
        let base = CredentialSource.credentials(AWSCredentials(accessKeyId: "AKIABASE", secretAccessKey: Secrets.base))
        let jump = CredentialSource.assumeRole(roleArn: "arn:aws:iam::999999999999:role/Jump", externalId: nil, sessionName: nil,
                                               source: base, profile: "jump")
        let audit = CredentialSource.assumeRole(roleArn: "arn:aws:iam::111111111111:role/HubAuditRead", externalId: "ext-123",
                                                sessionName: "nightly-audit", source: jump, profile: "audit")
        #expect(try box.resolve("audit") == audit)
    }

    @Test func roleWithExternalIdFromAwsProfile() throws {
        let box = try Sandbox()
        box.environment["AWS_PROFILE"] = "audit"
        try box.config("""
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = \(Secrets.base)
            [profile audit]
            role_arn = arn:aws:iam::111111111111:role/HubAuditRead
            source_profile = default
            external_id = mkt-2026
            """)
        let source = try box.resolve()
        guard case let .assumeRole(roleArn, externalId, sessionName, inner, profile) = source else {
            Issue.record("expected a role, got \(source)")
            return
        }
        #expect(roleArn == "arn:aws:iam::111111111111:role/HubAuditRead")
        #expect(externalId == "mkt-2026")
        #expect(sessionName == nil)
        #expect(profile == "audit")
        #expect(inner == .credentials(AWSCredentials(accessKeyId: "AKIADEFAULT", secretAccessKey: Secrets.base)))
    }

    /// A role's own keys as its source (`source_profile` naming itself), as the CLI allows.
    @Test func aProfileCanBeItsOwnSource() throws {
        let box = try Sandbox()
        try box.credentials("[self]\naws_access_key_id = AKIASELF\naws_secret_access_key = \(Secrets.base)\n")
        try box.config("[profile self]\nrole_arn = arn:aws:iam::111111111111:role/R\nsource_profile = self\n")
        let expected = CredentialSource.assumeRole(
            roleArn: "arn:aws:iam::111111111111:role/R", externalId: nil, sessionName: nil,
            source: .credentials(AWSCredentials(accessKeyId: "AKIASELF", secretAccessKey: Secrets.base)), profile: "self")
        #expect(try box.resolve("self") == expected)
    }

    @Test func credentialSourceEnvironment() throws {
        let box = try Sandbox()
        box.environment["AWS_ACCESS_KEY_ID"] = "AKIAENV"
        box.environment["AWS_SECRET_ACCESS_KEY"] = Secrets.base
        try box.config("[profile r]\nrole_arn = arn:aws:iam::111111111111:role/R\ncredential_source = Environment\n")
        let expected = CredentialSource.assumeRole(
            roleArn: "arn:aws:iam::111111111111:role/R", externalId: nil, sessionName: nil,
            source: .credentials(AWSCredentials(accessKeyId: "AKIAENV", secretAccessKey: Secrets.base)), profile: "r")
        #expect(try box.resolve("r") == expected)
    }

    @Test func aSourceProfileCycleIsAnError() throws {
        let box = try Sandbox()
        try box.config("""
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/A
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::222222222222:role/B
            source_profile = c
            [profile c]
            role_arn = arn:aws:iam::333333333333:role/C
            source_profile = a
            """)
        let error = try #require(box.failure("a"))
        #expect(error.kind == .cycle)
        #expect(error.description == "source_profile cycle: 'a' → 'b' → 'c' → 'a'")
    }

    @Test func aRoleWithoutASourceIsAnError() throws {
        let box = try Sandbox()
        try box.config("[profile r]\nregion = us-east-1\nrole_arn = arn:aws:iam::111111111111:role/R\n")
        let error = try #require(box.failure("r"))
        #expect(error.kind == .incomplete)
        #expect(error.description == "\(box.configPath):3: profile 'r' has role_arn but neither source_profile nor credential_source")
    }

    // MARK: - Missing and unsupported

    @Test func aMissingProfileIsNamed() throws {
        let box = try Sandbox()
        try box.credentials("[default]\naws_access_key_id = AKIA\naws_secret_access_key = \(Secrets.base)\n")
        let error = try #require(box.failure("nope"))
        #expect(error.kind == .missingProfile)
        #expect(error.profile == "nope")
        #expect(error.description == "profile 'nope' not found in \(box.credentialsPath) or \(box.configPath)")
    }

    @Test func aMissingSourceProfileIsNamedWithItsReferrer() throws {
        let box = try Sandbox()
        try box.config("[profile r]\nrole_arn = arn:aws:iam::111111111111:role/R\nsource_profile = gone\n")
        let error = try #require(box.failure("r"))
        #expect(error.kind == .missingProfile)
        // The referrer and the line that names the missing profile; the value itself is file text, not quoted.
        #expect(error.profile == "r")
        #expect(error.file == box.configPath)
        #expect(error.line == 3)
        #expect(error.description.contains("profile 'r': its source_profile names a profile that is in neither"))
        #expect(!error.description.contains("gone"))
    }

    @Test func aMissingAwsProfileSaysWhereTheNameCameFrom() throws {
        let box = try Sandbox()
        box.environment["AWS_PROFILE"] = "typo"
        let error = try #require(box.failure())
        #expect(error.kind == .missingProfile)
        #expect(error.description.hasSuffix("(named by AWS_PROFILE)"))
    }

    @Test func noCredentialsAtAll() throws {
        let box = try Sandbox()
        let plain = try #require(box.failure())
        #expect(plain.kind == .noCredentials)
        #expect(plain.description.contains("instance metadata credentials are not supported"))
        box.environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/abc"
        let container = try #require(box.failure())
        #expect(container.description.contains("container (ECS) credentials are not supported"))
        box.environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/var/run/token"
        let webIdentity = try #require(box.failure())
        #expect(webIdentity.description.contains("web identity federation is not supported"))
    }

    @Test(arguments: [
        ("credential_process = /usr/local/bin/get-creds", "credential_process"),
        ("sso_start_url = https://example.awsapps.com/start", "sso_start_url"),
        ("sso_session = corp", "sso_session"),
        ("web_identity_token_file = /var/run/token", "web_identity_token_file"),
    ])
    func unsupportedSourcesAreNamed(_ line: String, _ key: String) throws {
        let box = try Sandbox()
        try box.config("[default]\nregion = us-east-1\n\n[profile dev]\nregion = us-east-1\n\(line)\n")
        let error = try #require(box.failure("dev"))
        #expect(error.kind == .unsupported)
        #expect(error.profile == "dev")
        #expect(error.file == box.configPath)
        #expect(error.line == 6)
        #expect(error.description.hasPrefix("\(box.configPath):6: profile 'dev': \(key) ("))
        #expect(error.description.hasSuffix("is not supported"))
    }

    @Test func credentialSourceOtherThanEnvironmentIsUnsupported() throws {
        let box = try Sandbox()
        try box.config("[profile r]\nrole_arn = arn:aws:iam::111111111111:role/R\ncredential_source = Ec2InstanceMetadata\n")
        let error = try #require(box.failure("r"))
        #expect(error.kind == .unsupported)
        #expect(error.description == "\(box.configPath):3: profile 'r': credential_source = Ec2InstanceMetadata is not supported (only Environment is)")
    }

    @Test func mfaIsUnsupported() throws {
        let box = try Sandbox()
        try box.credentials("[base]\naws_access_key_id = AKIA\naws_secret_access_key = \(Secrets.base)\n")
        try box.config("[profile r]\nrole_arn = arn:aws:iam::111111111111:role/R\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me\n")
        let error = try #require(box.failure("r"))
        #expect(error.kind == .unsupported)
        #expect(error.line == 4)
    }

    /// Static keys in the credentials file are used before a `credential_process` (the CLI's order).
    @Test func staticKeysComeBeforeACredentialProcess() throws {
        let box = try Sandbox()
        try box.credentials("[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = \(Secrets.base)\n")
        try box.config("[profile dev]\ncredential_process = /usr/local/bin/get-creds\n")
        let expected = CredentialSource.credentials(AWSCredentials(accessKeyId: "AKIADEV", secretAccessKey: Secrets.base))
        #expect(try box.resolve("dev") == expected)
    }

    @Test func aProfileWithoutCredentials() throws {
        let box = try Sandbox()
        try box.config("[profile empty]\nregion = us-east-1\n")
        let error = try #require(box.failure("empty"))
        #expect(error.kind == .incomplete)
        #expect(error.profile == "empty")
    }

    @Test func aKeyWithoutItsSecret() throws {
        let box = try Sandbox()
        try box.credentials("[default]\n\naws_access_key_id = AKIA\n")
        let error = try #require(box.failure())
        #expect(error.kind == .incomplete)
        #expect(error.description == "\(box.credentialsPath):3: profile 'default' has aws_access_key_id but no aws_secret_access_key")
    }

    // MARK: - Malformed files

    @Test func aMalformedLineNamesFileAndLineAndNotTheLine() throws {
        let box = try Sandbox()
        try box.credentials("""
            # keys
            [default]
            aws_access_key_id = AKIA
            aws_secret_access_key \(Secrets.base)
            """)
        let error = try #require(box.failure())
        #expect(error.kind == .malformedFile)
        #expect(error.file == box.credentialsPath)
        #expect(error.line == 4)
        #expect(error.description == "\(box.credentialsPath):4: expected 'key = value' or '[section]'")
        #expect(Secrets.leaked(in: error.description) == false)
    }

    @Test func anUnclosedSectionHeader() throws {
        let box = try Sandbox()
        try box.config("[default]\nregion = us-east-1\n\n[profile broken\nregion = eu-west-1\n")
        let error = try #require(box.failure())
        #expect(error.description == "\(box.configPath):4: a section header without its closing ']'")
    }

    @Test func aKeyOutsideASection() throws {
        let box = try Sandbox()
        try box.credentials("aws_access_key_id = AKIA\n[default]\n")
        let error = try #require(box.failure())
        #expect(error.description == "\(box.credentialsPath):1: 'aws_access_key_id' is outside of any [section]")
    }

    @Test func aDirectoryInsteadOfAFile() throws {
        let box = try Sandbox()
        try FileManager.default.createDirectory(atPath: box.credentialsPath, withIntermediateDirectories: true)
        let error = try #require(box.failure())
        #expect(error.kind == .unreadableFile)
        #expect(error.description == "\(box.credentialsPath): cannot read the file")
    }

    // MARK: - Region

    @Test func regionOrder() throws {
        let box = try Sandbox()
        try box.config("[default]\nregion = eu-west-1\n[profile x]\nregion = ap-southeast-2\n")
        #expect(box.chain.region(profile: nil) == "eu-west-1")
        #expect(box.chain.region(profile: "x") == "ap-southeast-2")
        #expect(box.chain.region(profile: "missing") == nil)
        box.environment["AWS_PROFILE"] = "x"
        #expect(box.chain.region(profile: nil) == "ap-southeast-2")
        box.environment["AWS_DEFAULT_REGION"] = "us-west-1"
        #expect(box.chain.region(profile: "x") == "us-west-1")
        box.environment["AWS_REGION"] = "us-east-2"
        #expect(box.chain.region(profile: "x") == "us-east-2")
        box.environment["AWS_REGION"] = ""
        #expect(box.chain.region(profile: "x") == "us-west-1")
    }

    // MARK: - Secrets

    /// Every error and description these files can produce, checked for the secrets they hold.
    @Test func noErrorOrDescriptionContainsASecret() throws {
        let box = try Sandbox()
        box.environment["AWS_SECRET_ACCESS_KEY"] = Secrets.other
        box.environment["AWS_SESSION_TOKEN"] = Secrets.token
        try box.credentials("""
            [keys]
            aws_access_key_id = AKIAKEYS
            aws_secret_access_key = \(Secrets.base)
            aws_session_token = \(Secrets.token)
            [halfkey]
            aws_secret_access_key = \(Secrets.base)
            [malformed-later]
            """)
        try box.config("""
            [profile role]
            role_arn = arn:aws:iam::111111111111:role/R
            source_profile = keys
            [profile loop]
            role_arn = arn:aws:iam::111111111111:role/L
            source_profile = loop2
            [profile loop2]
            role_arn = arn:aws:iam::111111111111:role/L2
            source_profile = loop
            [profile process]
            credential_process = /bin/echo \(Secrets.base)
            """)
        var texts: [String] = []
        for profile in [nil, "keys", "halfkey", "role", "loop", "process", "absent"] as [String?] {
            do {
                texts.append(String(describing: try box.resolve(profile)))
            } catch {
                texts.append(String(describing: error))
            }
        }
        try box.write("[keys]\naws_secret_access_key \(Secrets.base)\n", to: box.credentialsPath)
        texts.append(String(describing: box.failure("keys")))
        #expect(texts.count == 8)
        for text in texts {
            #expect(Secrets.leaked(in: text) == false, "\(text)")
        }
    }
}

/// The INI dialect of the shared files.
struct INIFileTests {
    @Test func commentsBlankLinesWhitespaceAndCase() throws {
        let text = "\u{FEFF}# top comment\r\n; another\r\n\r\n  [ profile   spaced ]  # trailing\r\n\tAWS_Access_Key_ID   =   AKIA  \r\nregion=eu-west-1 # inline\r\nname = a#b\r\n"
        let file = try INIFile.parse(text, path: "config")
        let section = try #require(file.sections["profile spaced"])
        #expect(section.values["aws_access_key_id"]?.value == "AKIA")
        #expect(section.values["aws_access_key_id"]?.line == 5)
        #expect(section.values["region"]?.value == "eu-west-1")
        #expect(section.values["name"]?.value == "a#b")
    }

    @Test func nestedSettingsAreOneValue() throws {
        let text = "[default]\ns3 =\n  max_concurrent_requests = 20\n  addressing_style = path\nregion = us-east-1\n"
        let file = try INIFile.parse(text, path: "config")
        let section = try #require(file.sections["default"])
        #expect(section.values["s3"]?.value == "max_concurrent_requests = 20\naddressing_style = path")
        #expect(section.values["region"]?.value == "us-east-1")
    }

    @Test func indentedKeysAreKeys() throws {
        let file = try INIFile.parse("[default]\n  aws_access_key_id = AKIA\n  aws_secret_access_key = x\n", path: "credentials")
        #expect(file.sections["default"]?.values["aws_secret_access_key"]?.value == "x")
    }

    @Test func aSectionDefinedTwiceIsMerged() throws {
        let file = try INIFile.parse("[a]\nx = 1\ny = 2\n[b]\n[a]\ny = 3\n", path: "f")
        #expect(file.sections["a"]?.values["x"]?.value == "1")
        #expect(file.sections["a"]?.values["y"]?.value == "3")
        #expect(file.order == ["a", "b"])
    }

    @Test func colonSeparatorsAndEmptyValues() throws {
        let file = try INIFile.parse("[a]\nkey: value\nempty =\nrole_arn = arn:aws:iam::1:role/x\n", path: "f")
        #expect(file.sections["a"]?.values["key"]?.value == "value")
        #expect(file.sections["a"]?.values["empty"]?.value == "")
        #expect(file.sections["a"]?.values["role_arn"]?.value == "arn:aws:iam::1:role/x")
    }

    @Test func aMissingFileIsEmpty() throws {
        let file = try INIFile.load(path: "/nonexistent/hubaudit/config")
        #expect(file.sections.isEmpty)
    }
}
