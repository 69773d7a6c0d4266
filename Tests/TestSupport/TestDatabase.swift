import Database
import Foundation
import Logging
import PostgresNIO
import TestFixtures
import XCTest

/// A real PostgreSQL for the tests: `TEST_DATABASE_URL` when CI provides one, else a private cluster that
/// this test process starts in a temporary folder. Every test gets a fresh database of its own.
public actor TestDatabase {
    public static let shared = TestDatabase()
    private var server: DatabaseURL?

    public func serverURL() throws -> DatabaseURL {
        if let server { return server }
        let url: DatabaseURL
        if let text = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !text.isEmpty {
            url = try DatabaseURL(parsing: text)
        } else {
            url = try LocalPostgres(directory: NSTemporaryDirectory() + "scanselect-test-pg-\(getuid())").start(database: "postgres")
        }
        server = url
        return url
    }

    /// Creates an empty, migrated database and returns its URL.
    public func freshDatabase(migrated: Bool = true) async throws -> DatabaseURL {
        var url = try serverURL()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try await withClient(url) { client, logger in try await client.createDatabase(String(name), logger: logger) }
        url.database = String(name)
        if migrated {
            try await withClient(url) { client, logger in
                try await Migrator(client: client, logger: logger, migrations: TestPaths.migrations()).migrate()
            }
        }
        return url
    }
}

public var testLogger: Logger {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    return logger
}

/// Runs `body` with a running client for `url`.
public func withClient<T: Sendable>(_ url: DatabaseURL, _ body: @escaping @Sendable (PostgresClient, Logger) async throws -> T) async throws -> T {
    let logger = testLogger
    let client = PostgresClient(configuration: url.clientConfiguration(), backgroundLogger: logger)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { await client.run(); return nil }
        defer { group.cancelAll() }
        return try await withDeadline(seconds: 120, operation: "test body") { try await body(client, logger) }
    }
}

public func scalar<T: PostgresDecodable & Sendable>(_ client: PostgresClient, _ query: PostgresQuery, as type: T.Type) async throws -> T {
    for try await value in try await client.query(query, logger: testLogger).decode(T.self) { return value }
    throw TestSupportError(description: "query returned no row: \(query.sql)")
}

/// Waits until `condition` holds, polling; fails the test after `timeout`.
public func eventually(timeout: Double = 30, _ what: String, _ condition: @Sendable () async throws -> Bool) async throws {
    let held = try await poll(timeout: timeout, every: .milliseconds(50)) { try await condition() ? true : nil }
    if held != nil { return }
    XCTFail("timed out after \(timeout) s waiting for: \(what)")
    throw CancellationError()
}

public enum TestPaths {
    public static var repository: String { SharedData.repository.path }

    /// The shared folder (SharedData finds it).
    public static var shared: String { SharedData.expectedFolder.path }

    public static func migrations() throws -> [Migration] {
        try Migrator.loadMigrations(environment: ["SCANSELECT_SCHEMAS": repository + "/schemas"])
    }

    /// A product built next to the test bundle (`swift build` builds them all).
    public static func executable(_ name: String) throws -> String {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent(),
                          URL(fileURLWithPath: repository + "/.build/debug")] {
            let path = candidate.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw TestSupportError(description: "\(name) is not built; run `swift build` before `swift test` (scripts/test does)")
    }
}

public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) {
        self.description = description
    }
}
