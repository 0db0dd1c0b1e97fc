internal import CCrypto

/// SHA-256 and HMAC-SHA256 from OpenSSL's libcrypto: what SigV4 needs, nothing hand-rolled.
/// Every C pointer stays inside the call that uses it.
public enum Crypto {
    /// SHA-256 of `data` (32 bytes).
    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = data.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                // EVP_Digest accepts a null pointer for empty input only with a zero length; give it a valid one.
                withUnsafePointer(to: UInt8(0)) { empty in
                    EVP_Digest(input.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(empty), input.count,
                               output.baseAddress, &length, EVP_sha256(), nil)
                }
            }
        }
        precondition(ok == 1 && length == 32, "libcrypto EVP_Digest(SHA-256) failed")
        return Array(digest.prefix(Int(length)))
    }

    /// SHA-256 of the UTF-8 bytes of `text`.
    public static func sha256(_ text: String) -> [UInt8] {
        sha256(Array(text.utf8))
    }

    /// HMAC-SHA256 of `data` under `key` (32 bytes).
    public static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBufferPointer { keyBytes in
            data.withUnsafeBufferPointer { dataBytes in
                mac.withUnsafeMutableBufferPointer { output in
                    withUnsafePointer(to: UInt8(0)) { empty in
                        HMAC(EVP_sha256(),
                             keyBytes.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(empty), Int32(keyBytes.count),
                             dataBytes.baseAddress ?? empty, dataBytes.count,
                             output.baseAddress, &length)
                    }
                }
            }
        }
        precondition(result != nil && length == 32, "libcrypto HMAC(SHA-256) failed")
        return Array(mac.prefix(Int(length)))
    }

    /// HMAC-SHA256 of the UTF-8 bytes of `data` under `key`.
    public static func hmacSHA256(key: [UInt8], data: String) -> [UInt8] {
        hmacSHA256(key: key, data: Array(data.utf8))
    }

    /// Lowercase hexadecimal, two digits a byte.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
