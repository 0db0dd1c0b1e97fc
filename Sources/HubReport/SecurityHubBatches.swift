import Foundation

/// BatchImportFindings request bodies: `{"Findings":[…]}` with at most 100 findings and under the
/// 6 MB a request may carry (Security Hub's limits). Each finding is encoded once, keys sorted, so
/// the bodies are byte-identical for the same findings.
public enum SecurityHubBatches {
    public static let maxFindings = 100
    /// 6 MB less room for the envelope, for the size limit's own rounding.
    public static let maxBytes = 6 * 1024 * 1024 - 4096

    public struct Batch: Sendable {
        /// The findings' ids, in order: to name the ones a response reports failed.
        public var ids: [String]
        public var body: [UInt8]
    }

    public static func batches(_ findings: [SecurityHubFinding], maxFindings: Int = maxFindings, maxBytes: Int = maxBytes) -> [Batch] {
        var result: [Batch] = []
        var ids: [String] = []
        var encoded: [[UInt8]] = []
        var size = 0
        func flush() {
            guard !encoded.isEmpty else { return }
            result.append(Batch(ids: ids, body: envelope(encoded)))
            ids = []
            encoded = []
            size = 0
        }
        for finding in findings {
            let bytes = encode(finding)
            if encoded.count == maxFindings || (!encoded.isEmpty && size + bytes.count + 1 > maxBytes) { flush() }
            ids.append(finding.id)
            encoded.append(bytes)
            size += bytes.count + 1
        }
        flush()
        return result
    }

    static func encode(_ finding: SecurityHubFinding) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try! encoder.encode(finding))
    }

    static func envelope(_ findings: [[UInt8]]) -> [UInt8] {
        var body = Array(#"{"Findings":["#.utf8)
        for (index, finding) in findings.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body += finding
        }
        body += Array("]}".utf8)
        return body
    }
}
