import Crypto
import Foundation

/// How a console is served: where it listens, whether it allows actions and how its sessions are signed.
public struct ConsoleConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// nil: a read-only console (no login, no action), the default.
    public var token: AccessToken?
    /// Cookies only over HTTPS; set when a TLS proxy fronts the console (as it should anywhere but localhost).
    public var secureCookies: Bool
    public var sessionKey: SymmetricKey
    public var sessionLifetime: TimeInterval
    /// The largest mask upload read (a NIfTI volume's mask can be hundreds of MB uncompressed).
    public var uploadLimitBytes = 256 * 1_048_576

    public init(host: String = "127.0.0.1", port: Int = 8090, token: AccessToken? = nil, secureCookies: Bool = false,
                sessionKey: SymmetricKey = SymmetricKey(size: .bits256), sessionLifetime: TimeInterval = 8 * 3600) {
        (self.host, self.port, self.token, self.secureCookies) = (host, port, token, secureCookies)
        (self.sessionKey, self.sessionLifetime) = (sessionKey, sessionLifetime)
    }

    /// `CONSOLE_TOKEN` or `CONSOLE_TOKEN_SHA256` (the digest, so the secret need not sit in the deployment),
    /// `CONSOLE_SECURE_COOKIES=1`, `CONSOLE_SESSION_KEY` (shared by replicas behind one address; random otherwise),
    /// `CONSOLE_UPLOAD_LIMIT_MB` (default 256).
    public static func fromEnvironment(_ environment: [String: String], host: String, port: Int) throws(ConsoleError) -> ConsoleConfiguration {
        var configuration = ConsoleConfiguration(host: host, port: port)
        if let digest = environment["CONSOLE_TOKEN_SHA256"], !digest.isEmpty {
            configuration.token = try AccessToken(sha256Hex: digest)
        } else if let token = environment["CONSOLE_TOKEN"], !token.isEmpty {
            guard token.count >= 12 else {
                throw .invalidSetting(name: "CONSOLE_TOKEN", value: "\(token.count) characters",
                                      fix: "use at least 12 random characters, e.g. `openssl rand -hex 16`")
            }
            configuration.token = AccessToken(token: token)
        }
        configuration.secureCookies = ["1", "true", "yes"].contains(environment["CONSOLE_SECURE_COOKIES"]?.lowercased() ?? "")
        if let limit = environment["CONSOLE_UPLOAD_LIMIT_MB"], !limit.isEmpty {
            guard let megabytes = Int(limit), (1...16_384).contains(megabytes) else {
                throw .invalidSetting(name: "CONSOLE_UPLOAD_LIMIT_MB", value: limit, fix: "give whole megabytes, 1 to 16384")
            }
            configuration.uploadLimitBytes = megabytes * 1_048_576
        }
        if let key = environment["CONSOLE_SESSION_KEY"], !key.isEmpty {
            guard key.count >= 32 else {
                throw .invalidSetting(name: "CONSOLE_SESSION_KEY", value: "\(key.count) characters",
                                      fix: "use at least 32 random characters, e.g. `openssl rand -hex 32`")
            }
            configuration.sessionKey = SymmetricKey(data: SHA256.hash(data: Data(key.utf8)))
        }
        return configuration
    }
}
