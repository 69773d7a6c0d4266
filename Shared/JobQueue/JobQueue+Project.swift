import Database
import Foundation
import PostgresNIO

/// What a project's pipeline is doing, for the experiment's and the CLI's waits.
extension JobQueue {
    /// The first dead job of the project: the pipeline will not move past it by itself.
    public func firstDeadJob(project: String) async throws -> JobRecord? {
        try await jobs(where: "project_id = $1 AND state = '\(JobState.dead.rawValue)' ORDER BY id LIMIT 1", project).first
    }

    /// The running jobs' kinds and progress, else the queued kinds ("idle" when there are none).
    public func activity(project: String) async throws -> String {
        let rows = try await client.query("""
            SELECT kind, state, coalesce(progress::text, '') FROM jobs
            WHERE project_id = \(project) AND state IN (\(JobState.running), \(JobState.queued)) ORDER BY state DESC, id
            """, logger: logger)
        var parts: [String] = []
        for try await (kind, state, progress) in rows.decode((String, JobState, String).self) {
            parts.append(state == .running && !progress.isEmpty ? "\(kind) \(progress)" : "\(kind) \(state)")
        }
        guard !parts.isEmpty else { return "idle" }
        let counts = Dictionary(grouping: parts, by: { $0 }).map { $0.value.count > 1 ? "\($0.key) ×\($0.value.count)" : $0.key }
        return counts.sorted().joined(separator: "; ")
    }

    /// Polls the job until it is done or dead, or `seconds` pass; returns it as last seen.
    public func wait(for id: Int64, seconds: Double) async throws -> JobRecord? {
        guard try await job(id: id) != nil else { return nil }
        let finished = try await poll(timeout: seconds, every: .milliseconds(200)) {
            try await job(id: id).flatMap { $0.state.isFinal ? $0 : nil }
        }
        if let finished { return finished }
        return try await job(id: id)
    }
}
