import Foundation

/// An access key pair, and the session token of temporary credentials. Printing one never shows the
/// secret or the token: `description`, `debugDescription` and the mirror (`dump`) all redact them.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// `AWSCredentials(accessKeyId: AKIA…, secretAccessKey: <redacted>, sessionToken: <redacted>)`. The
    /// access key id is an identifier (CloudTrail logs it), not a secret, so it is shown.
    public var description: String {
        "AWSCredentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>, sessionToken: \(sessionToken == nil ? "none" : "<redacted>"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyId": accessKeyId, "secretAccessKey": "<redacted>",
                                "sessionToken": sessionToken == nil ? "none" : "<redacted>"],
               displayStyle: .struct)
    }
}

/// Where the credentials for a run come from, before any network call: static keys, or a role to
/// assume (through STS) with credentials that come from another source.
public enum CredentialSource: Sendable, Equatable {
    /// Static keys, from the environment or a shared credentials/config file.
    case credentials(AWSCredentials)
    /// A profile's `role_arn`, assumed with the credentials of its `source_profile` (which may itself
    /// be a role: chains are allowed) or of its `credential_source = Environment`.
    indirect case assumeRole(roleArn: String, externalId: String?, sessionName: String?, source: CredentialSource, profile: String)
}

/// Why credentials could not be found. Names the file and line of a malformed file and the profile
/// and key of an unsupported setting; never contains a secret: no line of a file is ever quoted, no
/// value, and a key or setting only when it is one the AWS files define (`INIFile.knownKeys`). A
/// profile is named when the user named it or it is a section of the files, never from a value.
public struct CredentialError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case malformedFile, unreadableFile, missingProfile, unsupported, cycle, incomplete, noCredentials
    }

    public var kind: Kind
    public var message: String
    public var file: String?
    public var line: Int?
    public var profile: String?

    public init(kind: Kind, message: String, file: String? = nil, line: Int? = nil, profile: String? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.profile = profile
    }

    /// Compiler-style when a file is involved: `/home/me/.aws/config:7: …`.
    public var description: String {
        switch (file, line) {
        case let (file?, line?): return "\(file):\(line): \(message)"
        case let (file?, nil): return "\(file): \(message)"
        default: return message
        }
    }
}

/// The standard credential chain of the AWS CLI and SDKs, without the network parts: environment
/// keys, then a profile of the shared credentials and config files, whose `role_arn` becomes
/// `.assumeRole`. Sources that need a network call or another program (IMDS, ECS, SSO, web
/// identity, `credential_process`) are reported as unsupported, never skipped silently.
public struct CredentialChain: Sendable {
    public var environment: [String: String]
    public var homeDirectory: String?

    /// `homeDirectory` nil: `HOME` from `environment`, else the process's home folder.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, homeDirectory: String? = nil) {
        self.environment = environment
        self.homeDirectory = homeDirectory
    }

    /// Keys the chain cannot use: each names what it needs instead.
    static let unsupportedKeys: [(key: String, what: String)] = [
        ("sso_session", "AWS IAM Identity Center (SSO)"), ("sso_start_url", "AWS IAM Identity Center (SSO)"),
        ("sso_account_id", "AWS IAM Identity Center (SSO)"), ("sso_role_name", "AWS IAM Identity Center (SSO)"),
        ("web_identity_token_file", "web identity federation"),
        ("credential_process", "an external credential process"),
    ]

    /// The values of `credential_source` that AWS defines (the CLI's documentation).
    static let credentialSources: Set<String> = ["Environment", "Ec2InstanceMetadata", "EcsContainer"]

    /// The credentials for `profile`. `profile` nil: the environment's keys when
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` are set, else the profile `AWS_PROFILE` names,
    /// else `default`. An explicit profile never looks at the environment's keys.
    public func resolve(profile: String?) throws -> CredentialSource {
        let profile = nonEmpty(profile)
        if profile == nil, let credentials = try environmentCredentials() {
            return .credentials(credentials)
        }
        let name = profileName(profile)
        let files = try loadFiles()
        guard files.credentials.sections[name] != nil || files.config.sections[name] != nil else {
            if profile == nil && value("AWS_PROFILE") == nil && value("AWS_DEFAULT_PROFILE") == nil {
                throw noCredentials(files: files)
            }
            throw CredentialError(
                kind: .missingProfile,
                message: "profile '\(name)' not found in \(files.credentials.path) or \(files.config.path)"
                    + (profile == nil ? " (named by \(value("AWS_PROFILE") != nil ? "AWS_PROFILE" : "AWS_DEFAULT_PROFILE"))" : ""),
                profile: name)
        }
        return try resolve(profile: name, files: files, visited: [])
    }

    /// The region: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region` in the config
    /// file (profile nil: `AWS_PROFILE`, else `default`). Nil when none is set or the file cannot be read.
    public func region(profile: String?) -> String? {
        if let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") { return region }
        guard let files = try? loadFiles() else { return nil }
        let name = profileName(nonEmpty(profile))
        return nonEmpty(files.config.sections[name]?.values["region"]?.value)
    }

    // MARK: - Environment

    private func value(_ name: String) -> String? {
        nonEmpty(environment[name])
    }

    private func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }

    private func profileName(_ profile: String?) -> String {
        profile ?? value("AWS_PROFILE") ?? value("AWS_DEFAULT_PROFILE") ?? "default"
    }

    private func environmentCredentials() throws -> AWSCredentials? {
        let key = value("AWS_ACCESS_KEY_ID"), secret = value("AWS_SECRET_ACCESS_KEY")
        switch (key, secret) {
        case let (key?, secret?):
            return AWSCredentials(accessKeyId: key, secretAccessKey: secret,
                                  sessionToken: value("AWS_SESSION_TOKEN") ?? value("AWS_SECURITY_TOKEN"))
        case (nil, nil):
            return nil
        case (_?, nil):
            throw CredentialError(kind: .incomplete, message: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (nil, _?):
            throw CredentialError(kind: .incomplete, message: "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        }
    }

    private func noCredentials(files: SharedFiles) -> CredentialError {
        var message = "no AWS credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set and profile 'default' "
            + "is not in \(files.credentials.path) or \(files.config.path)"
        if value("AWS_WEB_IDENTITY_TOKEN_FILE") != nil {
            message += "; AWS_WEB_IDENTITY_TOKEN_FILE is set, but web identity federation is not supported"
        } else if value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != nil || value("AWS_CONTAINER_CREDENTIALS_FULL_URI") != nil {
            message += "; AWS_CONTAINER_CREDENTIALS_* is set, but container (ECS) credentials are not supported"
        } else {
            message += " (instance metadata credentials are not supported)"
        }
        return CredentialError(kind: .noCredentials, message: message, profile: "default")
    }

    // MARK: - Files

    struct SharedFiles {
        var credentials: INIFile
        var config: INIFile
    }

    private func home() -> String {
        homeDirectory ?? value("HOME") ?? NSHomeDirectory()
    }

    private func expand(_ path: String) -> String {
        if path == "~" { return home() }
        if path.hasPrefix("~/") { return home() + path.dropFirst(1) }
        return path
    }

    private func loadFiles() throws -> SharedFiles {
        let credentialsPath = expand(value("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials")
        let configPath = expand(value("AWS_CONFIG_FILE") ?? "~/.aws/config")
        let credentials = try INIFile.load(path: credentialsPath)
        var config = try INIFile.load(path: configPath)
        // The config file names profiles `[profile name]`; `[default]` is the default one.
        var profiles: [String: INIFile.Section] = [:]
        var order: [String] = []
        for name in config.order {
            guard let section = config.sections[name] else { continue }
            let words = name.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let profile: String
            if words.count == 2 && words[0] == "profile" {
                profile = String(words[1])
            } else if name == "default" {
                profile = "default"
            } else {
                continue  // sso-session, services and other section kinds: not profiles
            }
            if var existing = profiles[profile] {
                existing.merge(section)
                profiles[profile] = existing
            } else {
                profiles[profile] = section
                order.append(profile)
            }
        }
        config.sections = profiles
        config.order = order
        return SharedFiles(credentials: credentials, config: config)
    }

    // MARK: - Profiles

    /// One profile's settings, the credentials file's keys first (they win, as in the CLI).
    private struct Profile {
        var name: String
        var credentials: INIFile.Section?
        var config: INIFile.Section?
        var credentialsPath: String
        var configPath: String

        func entry(_ key: String) -> (value: String, file: String, line: Int)? {
            if let entry = credentials?.values[key], !entry.value.isEmpty { return (entry.value, credentialsPath, entry.line) }
            if let entry = config?.values[key], !entry.value.isEmpty { return (entry.value, configPath, entry.line) }
            return nil
        }

        func value(_ key: String) -> String? { entry(key)?.value }
    }

    private func resolve(profile name: String, files: SharedFiles, visited: [String]) throws -> CredentialSource {
        guard files.credentials.sections[name] != nil || files.config.sections[name] != nil else {
            throw CredentialError(kind: .missingProfile,
                                  message: "profile '\(name)' not found in \(files.credentials.path) or \(files.config.path)",
                                  profile: name)
        }
        let profile = Profile(name: name, credentials: files.credentials.sections[name], config: files.config.sections[name],
                              credentialsPath: files.credentials.path, configPath: files.config.path)

        if let roleArn = profile.value("role_arn") {
            if let mfa = profile.entry("mfa_serial") {
                throw CredentialError(kind: .unsupported,
                                      message: "profile '\(name)': mfa_serial (an MFA code prompt) is not supported",
                                      file: mfa.file, line: mfa.line, profile: name)
            }
            let source: CredentialSource
            if let sourceProfile = profile.value("source_profile") {
                if profile.value("credential_source") != nil {
                    let entry = profile.entry("credential_source")!
                    throw CredentialError(kind: .unsupported,
                                          message: "profile '\(name)' sets both source_profile and credential_source",
                                          file: entry.file, line: entry.line, profile: name)
                }
                if sourceProfile == name {
                    // A profile may use its own static keys to assume its role (as the CLI allows).
                    guard let keys = try staticCredentials(profile) else {
                        throw CredentialError(kind: .incomplete,
                                              message: "profile '\(name)' is its own source_profile but has no "
                                                  + "aws_access_key_id/aws_secret_access_key",
                                              profile: name)
                    }
                    source = .credentials(keys)
                } else {
                    if visited.contains(sourceProfile) {
                        let chain = (visited + [name, sourceProfile]).map { "'\($0)'" }.joined(separator: " → ")
                        throw CredentialError(kind: .cycle, message: "source_profile cycle: \(chain)", profile: name)
                    }
                    // The value is file text (a pasted secret, at worst): a missing profile is named by
                    // the line that names it, never quoted.
                    guard files.credentials.sections[sourceProfile] != nil || files.config.sections[sourceProfile] != nil else {
                        let entry = profile.entry("source_profile")!
                        throw CredentialError(kind: .missingProfile,
                                              message: "profile '\(name)': its source_profile names a profile that is in neither "
                                                  + "\(files.credentials.path) nor \(files.config.path)",
                                              file: entry.file, line: entry.line, profile: name)
                    }
                    source = try resolve(profile: sourceProfile, files: files, visited: visited + [name])
                }
            } else if let credentialSource = profile.entry("credential_source") {
                guard credentialSource.value == "Environment" else {
                    // Named only when it is one of the sources AWS defines: the value is file text.
                    let what = Self.credentialSources.contains(credentialSource.value)
                        ? "credential_source = \(credentialSource.value)" : "this credential_source"
                    throw CredentialError(kind: .unsupported,
                                          message: "profile '\(name)': \(what) is not supported (only Environment is)",
                                          file: credentialSource.file, line: credentialSource.line, profile: name)
                }
                guard let keys = try environmentCredentials() else {
                    throw CredentialError(kind: .incomplete,
                                          message: "profile '\(name)' has credential_source = Environment but "
                                              + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set",
                                          file: credentialSource.file, line: credentialSource.line, profile: name)
                }
                source = .credentials(keys)
            } else {
                let entry = profile.entry("role_arn")!
                throw CredentialError(kind: .incomplete,
                                      message: "profile '\(name)' has role_arn but neither source_profile nor credential_source",
                                      file: entry.file, line: entry.line, profile: name)
            }
            return .assumeRole(roleArn: roleArn, externalId: profile.value("external_id"),
                               sessionName: profile.value("role_session_name"), source: source, profile: name)
        }

        // The CLI tries web identity and SSO before the profile's static keys: so does this, to say so.
        for (key, what) in Self.unsupportedKeys where key != "credential_process" {
            if let entry = profile.entry(key) {
                throw CredentialError(kind: .unsupported, message: "profile '\(name)': \(key) (\(what)) is not supported",
                                      file: entry.file, line: entry.line, profile: name)
            }
        }
        if let keys = try staticCredentials(profile) {
            return .credentials(keys)
        }
        if let entry = profile.entry("credential_process") {
            throw CredentialError(kind: .unsupported,
                                  message: "profile '\(name)': credential_process (an external credential process) is not supported",
                                  file: entry.file, line: entry.line, profile: name)
        }
        throw CredentialError(kind: .incomplete,
                              message: "profile '\(name)' has no credentials (aws_access_key_id/aws_secret_access_key or role_arn)",
                              profile: name)
    }

    private func staticCredentials(_ profile: Profile) throws -> AWSCredentials? {
        let key = profile.entry("aws_access_key_id"), secret = profile.entry("aws_secret_access_key")
        switch (key, secret) {
        case let (key?, secret?):
            return AWSCredentials(accessKeyId: key.value, secretAccessKey: secret.value,
                                  sessionToken: profile.value("aws_session_token") ?? profile.value("aws_security_token"))
        case (nil, nil):
            return nil
        case let (key?, nil):
            throw CredentialError(kind: .incomplete, message: "profile '\(profile.name)' has aws_access_key_id but no aws_secret_access_key",
                                  file: key.file, line: key.line, profile: profile.name)
        case let (nil, secret?):
            throw CredentialError(kind: .incomplete, message: "profile '\(profile.name)' has aws_secret_access_key but no aws_access_key_id",
                                  file: secret.file, line: secret.line, profile: profile.name)
        }
    }
}

/// The INI dialect of the AWS shared files: `[section]`, `key = value` (or `key: value`), comments
/// starting with `#` or `;` (whole lines, or after whitespace at the end of a value), blank lines,
/// and indented lines under a key with no value (the config file's nested `s3 =` settings). Keys are
/// case-insensitive; a section defined twice is merged, the later value winning.
struct INIFile: Sendable {
    struct Entry: Sendable, Equatable {
        var value: String
        var line: Int
    }

    struct Section: Sendable {
        var line: Int
        var values: [String: Entry] = [:]

        mutating func merge(_ other: Section) {
            values.merge(other.values) { _, later in later }
        }
    }

    var path: String
    var sections: [String: Section] = [:]
    var order: [String] = []

    /// A file that does not exist is empty; one that exists but cannot be read is an error.
    static func load(path: String) throws -> INIFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return INIFile(path: path)
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw CredentialError(kind: .unreadableFile, message: "cannot read the file", file: path)
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    static func parse(_ text: String, path: String) throws -> INIFile {
        var file = INIFile(path: path)
        var current: String?
        var nestedKey: String?
        var text = Substring(text)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        // "\r\n" is one Character in Swift: split on it as well as on "\n" and "\r".
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (index, line) in lines.enumerated() {
            let number = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }

            let indented = line.first == " " || line.first == "\t"
            if indented, let section = current, let key = nestedKey {
                // A nested setting under a key with an empty value (the config file's `s3 =` blocks).
                let previous = file.sections[section]?.values[key]
                let joined = (previous?.value ?? "").isEmpty ? trimmed : previous!.value + "\n" + trimmed
                file.sections[section]?.values[key] = Entry(value: joined, line: previous?.line ?? number)
                continue
            }
            nestedKey = nil

            if trimmed.hasPrefix("[") {
                guard let close = trimmed.firstIndex(of: "]") else {
                    throw malformed(path, number, "a section header without its closing ']'")
                }
                let rest = trimmed[trimmed.index(after: close)...].trimmingCharacters(in: .whitespaces)
                guard rest.isEmpty || rest.hasPrefix("#") || rest.hasPrefix(";") else {
                    throw malformed(path, number, "text after a section header")
                }
                let name = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
                    .split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
                guard !name.isEmpty else { throw malformed(path, number, "an empty section name") }
                if file.sections[name] == nil {
                    file.sections[name] = Section(line: number)
                    file.order.append(name)
                }
                current = name
                continue
            }

            guard let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw malformed(path, number, "expected 'key = value' or '[section]'")
            }
            let key = trimmed[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            guard !key.isEmpty else { throw malformed(path, number, "a value without a key") }
            guard let section = current else {
                // A secret pasted above the first section is "key" up to its first `=`: named only
                // when it is a key of the AWS files.
                throw malformed(path, number, knownKeys.contains(key) ? "'\(key)' is outside of any [section]"
                                                                      : "a setting outside of any [section]")
            }
            var value = trimmed[trimmed.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            value = stripInlineComment(value)
            file.sections[section]?.values[key] = Entry(value: value, line: number)
            if value.isEmpty { nestedKey = key }
        }
        return file
    }

    /// Keys of the AWS shared files that an error may name: hubaudit's vocabulary, not the file's text.
    static let knownKeys: Set<String> = [
        "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_security_token", "role_arn",
        "source_profile", "credential_source", "external_id", "role_session_name", "mfa_serial", "region", "output",
        "duration_seconds", "sso_session", "sso_start_url", "sso_account_id", "sso_role_name", "sso_region",
        "web_identity_token_file", "credential_process", "s3", "ca_bundle", "endpoint_url",
    ]

    /// `us-east-1   # main region` → `us-east-1`: a `#` or `;` after whitespace starts a comment.
    private static func stripInlineComment(_ value: String) -> String {
        var previous: Character = " "
        for index in value.indices {
            let character = value[index]
            if (character == "#" || character == ";") && (previous == " " || previous == "\t") && index != value.startIndex {
                return value[..<index].trimmingCharacters(in: .whitespaces)
            }
            previous = character
        }
        return value
    }

    private static func malformed(_ path: String, _ line: Int, _ message: String) -> CredentialError {
        CredentialError(kind: .malformedFile, message: message, file: path, line: line)
    }
}
