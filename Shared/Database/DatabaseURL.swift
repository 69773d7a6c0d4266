import Foundation
import PostgresNIO

/// Parses `DATABASE_URL` (`postgres://user:password@host:port/database?sslmode=disable`). A Unix socket
/// directory may be given as `?host=/path/to/socketdir`, as libpq accepts it.
public struct DatabaseURL: Sendable, Equatable {
    public var username: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var socketDirectory: String?
    public var requireTLS: Bool

    public init(username: String, password: String?, host: String, port: Int, database: String,
                socketDirectory: String? = nil, requireTLS: Bool = false) {
        self.username = username
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.socketDirectory = socketDirectory
        self.requireTLS = requireTLS
    }

    public init(parsing string: String, variable: String = "DATABASE_URL") throws(ConfigurationError) {
        guard let components = URLComponents(string: string),
              let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else {
            throw .invalid(variable: variable, value: "<redacted>",
                           fix: "use the form postgres://user:password@host:5432/database")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") },
                               uniquingKeysWith: { $1 })
        username = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = components.password.flatMap { $0.removingPercentEncoding }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        port = components.port ?? 5432
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? username : path
        socketDirectory = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        requireTLS = query["sslmode"].map { ["require", "verify-ca", "verify-full"].contains($0) } ?? false
    }

    /// The URL again, for child processes; the password is included because they need it.
    public var string: String {
        var text = "postgres://\(username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? username)"
        if let password {
            text += ":\(password.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? password)"
        }
        text += "@\(host):\(port)/\(database)"
        if let socketDirectory { text += "?host=\(socketDirectory)" }
        return text
    }

    public func clientConfiguration() -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketDirectory {
            configuration = .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: username,
                                  password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: username, password: password, database: database,
                                  tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
        }
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 32
        return configuration
    }
}
