import Foundation
import JobQueue
import PostgresNIO

extension Catalog {
    /// Applies `event` to the round through `RoundLifecycle`: locks the round's row, checks the event against
    /// its state, stores the new state and enqueues the jobs that follow — all on this catalog's connection, so
    /// inside a stage's `finish` they commit with its result. A refusal throws `RoundRefusal` and changes nothing.
    @discardableResult
    public func apply(_ event: RoundEvent, project: String, round: Int) async throws -> RoundState {
        let current = try await roundState(project: project, round: round, lock: true)
        let transition = try RoundLifecycle.transition(round: round, from: current, on: event).get()
        try await execute("""
            UPDATE rounds SET state = \(transition.state.rawValue),
                closed_at = CASE WHEN \(transition.endsAnnotation) THEN now() ELSE closed_at END
            WHERE project_id = \(project) AND number = \(round)
            """)
        try await enqueue(transition.enqueue, project: project)
        return transition.state
    }

    /// Opens round `round` with its picks (the `picked` event): the row, the selections and, when every pick is
    /// already labelled, the training job.
    func startRound(project: String, round: Int, strategy: String, clusterRun: Int64?, picks: [SelectionEntry],
                   provenance: SelectionProvenance) async throws {
        let existing = try await roundState(project: project, round: round, lock: true)
        let labelled = try await labelledScans(picks.map(\.scanID))
        let event = RoundEvent.picked(count: picks.count, allLabelled: labelled.count == Set(picks.map(\.scanID)).count)
        let transition = try RoundLifecycle.transition(round: round, from: existing, on: event).get()
        try await execute("""
            INSERT INTO rounds (project_id, number, state, strategy, cluster_run_id, closed_at)
            VALUES (\(project), \(round), \(transition.state.rawValue), \(strategy), \(clusterRun),
                    CASE WHEN \(transition.endsAnnotation) THEN now() END)
            """)
        try await insertSelections(project: project, round: round, strategy: strategy, picks: picks, provenance: provenance)
        try await enqueue(transition.enqueue, project: project)
    }

    public func roundState(project: String, round: Int, lock: Bool = false) async throws -> RoundState? {
        let query: PostgresQuery = lock
            ? "SELECT state FROM rounds WHERE project_id = \(project) AND number = \(round) FOR UPDATE"
            : "SELECT state FROM rounds WHERE project_id = \(project) AND number = \(round)"
        return try await first(query, as: String.self).map(RoundState.stored)
    }

    /// The newest round still waiting for labels, if any.
    public func openRound(project: String) async throws -> Int? {
        try await first("""
            SELECT max(number) FROM rounds WHERE project_id = \(project) AND state = \(RoundState.open.rawValue)
            """, as: Int?.self) ?? nil
    }

    func enqueue(_ jobs: [PipelineJob], project: String) async throws {
        for job in jobs { try await enqueue(try job.newJob(project: project)) }
    }

    private func labelledScans(_ scans: [UUID]) async throws -> Set<UUID> {
        let rows = try await execute("SELECT DISTINCT scan_id FROM labels WHERE scan_id = ANY(\(scans)) AND is_current")
        var labelled = Set<UUID>()
        for try await scan in rows.decode(UUID.self) { labelled.insert(scan) }
        return labelled
    }
}
