import Database
import Foundation
import JobQueue
import Logging
import PostgresNIO

/// The domain tables (projects, scans, labels, embeddings, rounds, selections, models, scores) on one
/// connection, usually inside the transaction that completes a job, so that a stage's result and the next
/// stage's job commit together.
public struct Catalog: Sendable {
    public let connection: PostgresConnection
    public let logger: Logger

    public init(_ connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    @discardableResult
    func execute(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await connection.query(query, logger: logger)
    }

    func first<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as _: T.Type) async throws -> T? {
        for try await value in try await execute(query).decode(T.self) { return value }
        return nil
    }

    func all<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as _: T.Type) async throws -> [T] {
        var values: [T] = []
        for try await value in try await execute(query).decode(T.self) { values.append(value) }
        return values
    }

    func enqueue(_ job: NewJob) async throws {
        try await JobQueue.enqueue(job, on: connection, logger: logger)
    }

    // MARK: Projects

    /// Creates the project, or replaces its configuration when `replace` is set.
    public func createProject(_ id: String, configuration: ProjectConfiguration, replace: Bool = false) async throws {
        guard id.range(of: "^[a-z0-9][a-z0-9_-]{0,62}$", options: .regularExpression) != nil else {
            throw CatalogError.invalidProjectID(id)
        }
        let json = configuration.encoded()
        if replace {
            try await execute("""
                INSERT INTO projects (id, config) VALUES (\(id), \(json)::jsonb)
                ON CONFLICT (id) DO UPDATE SET config = EXCLUDED.config
                """)
        } else {
            try await execute("INSERT INTO projects (id, config) VALUES (\(id), \(json)::jsonb) ON CONFLICT (id) DO NOTHING")
        }
    }

    public func configuration(of project: String) async throws -> ProjectConfiguration {
        guard let json = try await first("SELECT config::text FROM projects WHERE id = \(project)", as: String.self) else {
            throw CatalogError.unknownProject(project)
        }
        return try ProjectConfiguration.decode(json, source: "projects.config of '\(project)'")
    }

    public func projects() async throws -> [String] {
        try await all("SELECT id FROM projects ORDER BY id", as: String.self)
    }
}

extension PostgresClient {
    /// Runs `body` with a catalog on a pooled connection, outside any transaction.
    public func withCatalog<T: Sendable>(logger: Logger, _ body: (Catalog) async throws -> T) async throws -> T {
        try await withConnection { try await body(Catalog($0, logger: logger)) }
    }

    /// Runs `body` with a catalog inside one transaction; callers see the error the body threw.
    public func withCatalogTransaction<T: Sendable>(logger: Logger, _ body: (Catalog) async throws -> T) async throws -> T {
        try await inTransaction(logger: logger) { try await body(Catalog($0, logger: logger)) }
    }
}
