import Foundation
import Logging
import PostgresNIO

/// A round's trained model as the trainer-service recorded it.
public struct TrainedRound: Sendable, Equatable {
    public let round: Int
    public let labelled: Int
    public let trainSeconds: Double
    /// From the round's opening (its selection) to the model row.
    public let wallSeconds: Double
}

/// The few read-only questions the experiment asks the database that the catalog has no call for: whether a
/// round's model exists, whether a stage died, and what is running now.
struct PipelineQueries: Sendable {
    let client: PostgresClient
    let logger: Logger

    func trainedRound(project: String, round: Int) async throws -> TrainedRound? {
        let rows = try await client.query("""
            SELECT m.round, coalesce(cardinality(m.labelled_scans), 0), m.train_seconds,
                   extract(epoch FROM m.created_at - r.opened_at)::float8
            FROM models m JOIN rounds r ON r.project_id = m.project_id AND r.number = m.round
            WHERE m.project_id = \(project) AND m.round = \(round)
            """, logger: logger)
        for try await (round, labelled, train, wall) in rows.decode((Int, Int, Double, Double).self) {
            return TrainedRound(round: round, labelled: labelled, trainSeconds: train, wallSeconds: max(0, wall))
        }
        return nil
    }

    /// The first dead job of the project: the pipeline will not move past it by itself.
    func deadJob(project: String) async throws -> (id: Int64, kind: String, error: String)? {
        let rows = try await client.query("""
            SELECT id, kind, coalesce(last_error, '') FROM jobs
            WHERE project_id = \(project) AND state = 'dead' ORDER BY id LIMIT 1
            """, logger: logger)
        for try await (id, kind, error) in rows.decode((Int64, String, String).self) { return (id, kind, error) }
        return nil
    }

    /// What the project's pipeline is doing: the running job's kind and progress, else the queued kinds.
    func activity(project: String) async throws -> String {
        let rows = try await client.query("""
            SELECT kind, state, coalesce(progress::text, '') FROM jobs
            WHERE project_id = \(project) AND state IN ('running', 'queued') ORDER BY state DESC, id
            """, logger: logger)
        var parts: [String] = []
        for try await (kind, state, progress) in rows.decode((String, String, String).self) {
            parts.append(state == "running" && !progress.isEmpty ? "\(kind) \(progress)" : "\(kind) \(state)")
        }
        guard !parts.isEmpty else { return "idle" }
        let counts = Dictionary(grouping: parts, by: { $0 }).map { $0.value.count > 1 ? "\($0.key) ×\($0.value.count)" : $0.key }
        return counts.sorted().joined(separator: "; ")
    }
}
