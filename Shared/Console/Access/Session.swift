import Crypto
import Foundation

/// A signed session: who logged in and until when, carried in a cookie the server can check without storing
/// anything. `value` is `base64url(user|expiry|nonce).base64url(HMAC-SHA256)`; the CSRF token of a session is
/// an HMAC of its cookie, so a form from another site (which cannot read the cookie) cannot forge it.
public struct Session: Sendable, Equatable {
    public let user: String
    public let expires: Date
    public let value: String

    /// Names shown beside an action and kept with it (e.g. a skip): letters, digits and `._@-`, up to 64.
    public static func isValidUser(_ user: String) -> Bool {
        (1...64).contains(user.count) && user.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._@-".unicodeScalars.contains($0))
        }
    }

    public static func issue(user: String, lifetime: TimeInterval, key: SymmetricKey, now: Date = Date()) throws(ConsoleError) -> Session {
        guard isValidUser(user) else {
            throw .invalidSetting(name: "user", value: user, fix: "use letters, digits and . _ @ - (at most 64)")
        }
        let expires = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + lifetime).rounded(.down))
        let nonce = (0..<12).map { _ in UInt8.random(in: 0...255) }
        let payload = "\(user)|\(Int(expires.timeIntervalSince1970))|\(Base64URL.encode(nonce))"
        let signature = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key)
        return Session(user: user, expires: expires,
                       value: Base64URL.encode(Array(payload.utf8)) + "." + Base64URL.encode(Array(signature)))
    }

    /// The session a cookie value stands for, or nil when it is malformed, forged or expired.
    public static func verify(_ value: String, key: SymmetricKey, now: Date = Date()) -> Session? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Base64URL.decode(String(parts[0])),
              let signature = Base64URL.decode(String(parts[1])),
              HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Data(payload), using: key),
              let text = String(bytes: payload, encoding: .utf8) else { return nil }
        let fields = text.split(separator: "|", omittingEmptySubsequences: false)
        guard fields.count == 3, let seconds = Int(fields[1]), isValidUser(String(fields[0])) else { return nil }
        let expires = Date(timeIntervalSince1970: TimeInterval(seconds))
        guard expires > now else { return nil }
        return Session(user: String(fields[0]), expires: expires, value: value)
    }

    public func csrfToken(key: SymmetricKey) -> String {
        Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Data(("csrf|" + value).utf8), using: key)))
    }

    public func acceptsCSRF(_ token: String, key: SymmetricKey) -> Bool {
        guard let bytes = Base64URL.decode(token) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: Data(("csrf|" + value).utf8), using: key)
    }
}

/// RFC 4648 §5 without padding: cookie- and form-safe.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> [UInt8]? {
        guard text.utf8.allSatisfy({ $0 < 128 }) else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return Data(base64Encoded: standard).map(Array.init)
    }
}
