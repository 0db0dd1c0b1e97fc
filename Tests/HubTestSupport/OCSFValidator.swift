import Foundation

/// Validates OCSF JSON Lines the way an OCSF pipeline would: every line is one event, checked with
/// `jsonschema` against the JSON Schema that the PyPI package `ocsf-json-schema` generates from its
/// bundled OCSF 1.1.0 schema, for the event's class (`class_uid`) and the profiles it declares
/// (`metadata.profiles`). Those schemas are strict: `additionalProperties` is false on every class
/// and object with attributes (only `unmapped`, an OCSF `object`, takes any key), enums are closed,
/// strings are at most 65,535 characters. Lines are split on `\n` only (JSON Lines), and the file
/// must end with one. Shared by the report tests (rendered in process) and the scan tests (the
/// executable's `--ocsf` file).
public enum OCSFValidator {
    public static let modules = ["jsonschema", "ocsf_json_schema"]
    public static var isUsable: Bool { PythonPackages.usable(modules) }
    /// Exit status of the script when a package is missing.
    public static let missingPackage: Int32 = 3

    public struct Run: Sendable {
        public var status: Int32
        public var output: String
        /// 0: every line valid; 1: errors (listed in `output`, `line N: path: message`).
        public var isValid: Bool { status == 0 }
    }

    static let script = """
        import sys, json
        try:
            import jsonschema
            from ocsf_json_schema import get_ocsf_schema, OcsfJsonSchemaEmbedded
        except ImportError as error:
            sys.stderr.write("missing Python package: %s\\n" % error)
            sys.exit(\(missingPackage))
        ocsf = OcsfJsonSchemaEmbedded(get_ocsf_schema(version="1.1.0"))
        validators = {}
        errors = 0
        with open(sys.argv[1], encoding="utf-8", newline="") as f:
            lines = f.read().split("\\n")
        if lines[-1] != "":
            print("the last event is not followed by a newline")
            errors += 1
        lines = lines[:-1]
        for number, line in enumerate(lines, 1):
            try:
                event = json.loads(line)
            except ValueError as error:
                print("line %d: not JSON: %s" % (number, error))
                errors += 1
                continue
            if not isinstance(event, dict) or event.get("metadata", {}).get("version") != "1.1.0":
                print("line %d: not an OCSF 1.1.0 event" % number)
                errors += 1
                continue
            profiles = tuple(sorted(event["metadata"].get("profiles", [])))
            key = (event.get("class_uid"), profiles)
            if key not in validators:
                schema = ocsf.get_class_schema(ocsf.lookup_class_name_from_uid(event.get("class_uid")), list(profiles))
                cls = jsonschema.validators.validator_for(schema)
                cls.check_schema(schema)
                validators[key] = cls(schema)
            for e in sorted(validators[key].iter_errors(event), key=lambda e: [str(p) for p in e.absolute_path]):
                errors += 1
                print("line %d: %s: %s" % (number, "/".join(str(p) for p in e.absolute_path) or "<root>", e.message[:300]))
        print("%d event(s), %d error(s)" % (len(lines), errors))
        sys.exit(1 if errors else 0)
        """

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Validates the JSON Lines file at `path`; throws (naming the install command) when python3 or
    /// a package is missing, so that a required check fails loudly instead of passing.
    public static func validate(path: String) throws -> Run {
        let folder = try temporaryFolder("ocsf")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("out")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        let output = try String(contentsOf: outURL, encoding: .utf8)
        switch process.terminationStatus {
        case 127: throw Unavailable(description: "python3 is not on PATH (\(output)); then: \(PythonPackages.install)")
        case missingPackage: throw Unavailable(description: "\(output.trimmingCharacters(in: .whitespacesAndNewlines)); "
            + "install with: \(PythonPackages.install)")
        default: return Run(status: process.terminationStatus, output: output)
        }
    }

    /// Validates `document` (the JSON Lines text), written to a temporary file first.
    public static func validate(_ document: String) throws -> Run {
        let folder = try temporaryFolder("ocsf")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("events.ocsf.jsonl")
        try Data(document.utf8).write(to: file)
        return try validate(path: file.path)
    }
}
