import Logging
import PostgresNIO

extension PostgresClient {
    /// Runs `body` in one transaction and rethrows the error the body (or the commit) raised, not the
    /// driver's wrapper, so that callers can match on their own error types.
    public func inTransaction<T: Sendable>(logger: Logger,
                                           _ body: (PostgresConnection) async throws -> sending T) async throws -> T {
        do {
            return try await withTransaction(logger: logger) { try await body($0) }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.commitError ?? error
        }
    }
}
