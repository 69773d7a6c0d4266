import Foundation
import PostgresNIO

/// Jobs of one kind in one state, and the age of the oldest that is still waiting or running.
public struct QueueSummary: Sendable, Equatable {
    public let kind: String
    public let state: JobState
    public let count: Int
    public let oldestSeconds: Double?

    public init(kind: String, state: JobState, count: Int, oldestSeconds: Double?) {
        self.kind = kind
        self.state = state
        self.count = count
        self.oldestSeconds = oldestSeconds
    }
}

/// The queue as `scanselect status` shows it.
extension JobQueue {
    public func summary() async throws -> [QueueSummary] {
        var rows: [QueueSummary] = []
        for try await (kind, state, count, age) in try await client.query("""
            SELECT kind, state, sum(count)::bigint, extract(epoch FROM max(oldest_age))::float8
            FROM queue_status GROUP BY kind, state ORDER BY kind, state
            """, logger: logger).decode((String, JobState, Int, Double?).self) {
            rows.append(QueueSummary(kind: kind, state: state, count: count, oldestSeconds: age))
        }
        return rows
    }

    /// The running jobs, oldest first.
    public func running() async throws -> [JobRecord] {
        try await jobs(where: "state = $1 ORDER BY id", JobState.running.rawValue)
    }
}
