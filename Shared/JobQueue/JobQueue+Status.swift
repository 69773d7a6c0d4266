import Foundation
import PostgresNIO

/// Jobs of one kind in one state, and the age of the oldest that is still waiting or running.
public struct QueueSummary: Sendable, Equatable {
    public let kind: String
    public let state: JobState
    public let count: Int
    public let oldestSeconds: Double?
}

/// The queue as `scanselect status` shows it.
extension JobQueue {
    public func summary() async throws -> [QueueSummary] {
        var rows: [QueueSummary] = []
        for try await (kind, state, count, age) in try await client.query("""
            SELECT kind, state, count, extract(epoch FROM oldest_age)::float8 FROM queue_status ORDER BY kind, state
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
