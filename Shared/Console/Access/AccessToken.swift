import Crypto
import Foundation

/// The console's one shared secret. Only its SHA-256 is kept, so a deployment can configure the digest
/// (`CONSOLE_TOKEN_SHA256`) and never hold the token itself.
public struct AccessToken: Sendable {
    let digest: [UInt8]

    public init(token: String) { digest = Array(SHA256.hash(data: Data(token.utf8))) }

    /// `hex`: 64 hexadecimal digits, e.g. from `printf %s "$TOKEN" | sha256sum`.
    public init(sha256Hex hex: String) throws(ConsoleError) {
        let digits = Array(hex.lowercased().utf8)
        guard digits.count == 64, let bytes = Self.bytes(hexDigits: digits) else {
            throw .invalidSetting(name: "CONSOLE_TOKEN_SHA256", value: "\(hex.count) characters",
                                  fix: "give the 64 hex digits `printf %s \"$TOKEN\" | sha256sum` prints")
        }
        digest = bytes
    }

    /// Constant time in the candidate's digest, so response timing says nothing about how much of it matched.
    public func accepts(_ candidate: String) -> Bool {
        let other = Array(SHA256.hash(data: Data(candidate.utf8)))
        return zip(digest, other).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func bytes(hexDigits digits: [UInt8]) -> [UInt8]? {
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}
