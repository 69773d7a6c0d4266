import Crypto
import Foundation

/// SHA-256 of source bytes as lower-case hex: the key that makes re-ingesting the same file a no-op.
enum ContentHash {
    static func hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// A series hashes as the hash of its instances' hashes in a fixed order, so arrival order does not matter.
    static func hex(combining hashes: [String]) -> String {
        hex(Array(hashes.sorted().joined(separator: "\n").utf8))
    }
}
