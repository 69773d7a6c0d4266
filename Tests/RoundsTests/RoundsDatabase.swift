import Database
import Foundation
import Logging
import PostgresNIO

/// A fresh migrated database per test, on `TEST_DATABASE_URL` or on a private server in a temporary folder
/// (its own folder, so it never races the queue tests' server when both start at once).
actor RoundsDatabase {
    static let shared = RoundsDatabase()
    private var server: DatabaseURL?

    func fresh() async throws -> DatabaseURL {
        let server = try self.server ?? start()
        self.server = server
        let name = "rounds_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await withClient(server) { client, logger in
            _ = try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        var url = server
        url.database = String(name)
        let schemas = repositoryRoot + "/schemas"
        try await withClient(url) { client, logger in
            let migrations = try Migrator.loadMigrations(environment: ["SCANSELECT_SCHEMAS": schemas])
            try await Migrator(client: client, logger: logger, migrations: migrations).migrate()
        }
        return url
    }

    private func start() throws -> DatabaseURL {
        if let text = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !text.isEmpty {
            return try DatabaseURL(parsing: text)
        }
        return try LocalPostgres(directory: NSTemporaryDirectory() + "scanselect-rounds-pg-\(getuid())").start(database: "postgres")
    }
}

/// The repository root, three levels above this file (Tests/RoundsTests/…).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

var testLogger: Logger {
    var logger = Logger(label: "rounds-test")
    logger.logLevel = .warning
    return logger
}

/// Runs `body` with a running client for `url`, giving up after two minutes.
func withClient<T: Sendable>(_ url: DatabaseURL, _ body: @escaping @Sendable (PostgresClient, Logger) async throws -> T) async throws -> T {
    let logger = testLogger
    let client = PostgresClient(configuration: url.clientConfiguration(), backgroundLogger: logger)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { await client.run(); return nil }
        defer { group.cancelAll() }
        return try await withDeadline(seconds: 120, operation: "test body") { try await body(client, logger) }
    }
}

/// Polls `condition` until it holds or `timeout` seconds pass.
func waitUntil(timeout: Double, _ what: String, _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TimedOut(what: what, seconds: timeout)
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    let seconds: Double
    var description: String { "timed out after \(seconds) s waiting for: \(what)" }
}
