import Foundation
import Logging
import PostgresNIO

/// One numbered, forward-only migration from `schemas/`.
public struct Migration: Sendable, Equatable {
    public let version: String
    public let sql: String
}

public enum MigrationError: Error, CustomStringConvertible {
    case notFound(searched: [String])
    case failed(version: String, reason: String)

    public var description: String {
        switch self {
        case let .notFound(searched):
            "no migrations found (looked in \(searched.joined(separator: ", "))); set SCANSELECT_SCHEMAS to the schemas/ folder"
        case let .failed(version, reason):
            "migration \(version) failed: \(reason)"
        }
    }
}

/// Applies the migrations in order. Every service migrates at start, so many replicas may race here: a
/// session advisory lock makes them queue, and each applies only what is still missing.
public struct Migrator: Sendable {
    /// Arbitrary but fixed: all ScanSelect processes must agree on it.
    static let advisoryLockKey: Int64 = 0x5CA2_5E1E_C7
    let client: PostgresClient
    let logger: Logger
    let migrations: [Migration]

    public init(client: PostgresClient, logger: Logger, migrations: [Migration]) {
        self.client = client
        self.logger = logger
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Returns the versions this call applied.
    @discardableResult
    public func migrate() async throws -> [String] {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.advisoryLockKey))", logger: logger)
            do {
                let applied = try await applyPending(on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                throw error
            }
        }
    }

    private func applyPending(on connection: PostgresConnection) async throws -> [String] {
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
            """, logger: logger)
        var done = Set<String>()
        for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger)
            .decode(String.self) { done.insert(version) }
        var applied: [String] = []
        for migration in migrations where !done.contains(migration.version) {
            do {
                try await connection.withTransaction(logger: logger) { transaction in
                    for statement in SQLScript.statements(in: migration.sql) {
                        try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await transaction.query(
                        "INSERT INTO schema_migrations (version) VALUES (\(migration.version))", logger: logger)
                }
            } catch let error as PostgresTransactionError {
                throw MigrationError.failed(version: migration.version,
                                            reason: String(reflecting: error.closureError ?? error.commitError ?? error))
            }
            logger.info("applied migration", metadata: ["version": "\(migration.version)"])
            applied.append(migration.version)
        }
        return applied
    }

    /// Loads `NNN_name.sql` files from `SCANSELECT_SCHEMAS`, else from the `schemas/` folder of the checkout
    /// the binary was built in (found by walking up from the executable), else the installed copy.
    public static func loadMigrations(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [Migration] {
        var candidates: [String] = []
        if let configured = environment["SCANSELECT_SCHEMAS"] { candidates.append(configured) }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(directory.appendingPathComponent("schemas").path)
            directory = directory.deletingLastPathComponent()
        }
        candidates.append("/usr/share/scanselect/schemas")
        for directory in candidates {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            let migrations = files.filter { $0.hasSuffix(".sql") }.sorted().compactMap { file -> Migration? in
                guard let sql = try? String(contentsOfFile: directory + "/" + file, encoding: .utf8) else { return nil }
                return Migration(version: String(file.dropLast(4)), sql: sql)
            }
            if !migrations.isEmpty { return migrations }
        }
        throw MigrationError.notFound(searched: candidates)
    }
}
