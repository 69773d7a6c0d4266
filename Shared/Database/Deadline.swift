/// Thrown when a database operation does not finish in time, typically because the server is down or the
/// credentials are wrong (PostgresNIO keeps retrying a failed login, so without a deadline it would hang).
public struct DeadlineExceeded: Error, CustomStringConvertible {
    public let operation: String
    public let seconds: Double
    public var description: String {
        "\(operation) did not finish within \(seconds) s: check that PostgreSQL is running and that DATABASE_URL's host, port and password are right"
    }
}

/// Runs `body`, cancelling it after `seconds`.
public func withDeadline<T: Sendable>(
    seconds: Double, operation: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            throw DeadlineExceeded(operation: operation, seconds: seconds)
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CancellationError() }
        return first
    }
}
