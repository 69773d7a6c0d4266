import ArgumentParser
import Database
import Foundation
import JobQueue
import Logging
import PostgresNIO

/// Where the CLI finds its database: `DATABASE_URL`, else the private cluster of `scanselect dev up`.
enum CLIDatabase {
    static let devDirectory = ".scanselect"

    /// The server named by `DATABASE_URL`; unset and empty both mean "none: use the private cluster".
    static func external(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DatabaseURL? {
        guard let text = environment["DATABASE_URL"], !text.isEmpty else { return nil }
        return try DatabaseURL(parsing: text)
    }

    static func url(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DatabaseURL {
        if let external = try external(environment: environment) { return external }
        let local = LocalPostgres(directory: devDirectory + "/pg")
        guard local.isRunning() else {
            throw ValidationError("DATABASE_URL is not set and no private database is running: run `scanselect dev up` first, or set DATABASE_URL")
        }
        return try local.start()
    }

    static var logger: Logger {
        var logger = Logger(label: "scanselect")
        logger.logLevel = .warning
        return logger
    }

    /// Runs `body` with a connected client; the client's background work is cancelled afterwards.
    /// `settings`: run-time parameters every connection starts with (e.g. `jit off`).
    static func with<T: Sendable>(url: DatabaseURL? = nil, migrate: Bool = true, settings: [(String, String)] = [],
                                  _ body: @escaping @Sendable (PostgresClient, Logger) async throws -> T) async throws -> T {
        let url = try url ?? Self.url()
        let logger = Self.logger
        var configuration = url.clientConfiguration()
        configuration.options.additionalStartupParameters = settings
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { await client.run(); return nil }
            defer { group.cancelAll() }
            _ = try await withDeadline(seconds: 30, operation: "connect to \(url.host):\(url.port)") {
                try await client.query("SELECT 1")
            }
            if migrate {
                try await Migrator(client: client, logger: logger, migrations: Migrator.loadMigrations()).migrate()
            }
            return try await body(client, logger)
        }
    }
}
