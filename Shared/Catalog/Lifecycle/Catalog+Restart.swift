import JobQueue
import PostgresNIO

/// Why a cold start cannot be thrown away and made again.
public enum RestartRefusal: Error, CustomStringConvertible, Equatable {
    case noRoundZero(project: String)
    case hasLabels(project: String, labels: Int)
    case roundMoved(project: String, round: Int, state: RoundState)

    public var description: String {
        switch self {
        case let .noRoundZero(project):
            "project '\(project)' has no round 0 to restart: run `scanselect coldstart \(project)` without --restart"
        case let .hasLabels(project, labels):
            "project '\(project)' already has \(labels) label(s): rounds with labels are never rewritten; create a new project to start again"
        case let .roundMoved(project, round, state):
            "project '\(project)' round \(round) is \(state.rawValue): only a round 0 still waiting for its first label can be restarted"
        }
    }
}

extension Catalog {
    /// Throws away round 0 — its picks, its map and clusters — so that a new cold start can pick again: only
    /// while nothing depends on it (round 0 still `open`, no label anywhere in the project, no later round).
    /// `scanselect coldstart --restart` runs it and enqueues the new `cluster` job in one transaction.
    public func restartColdStart(project: String, payload: ClusterPayload) async throws -> Int64 {
        try await discardRoundZero(project: project)
        return try await JobQueue.enqueue(try NewJob(payload, projectID: project), on: connection, logger: logger)
    }

    func discardRoundZero(project: String) async throws {
        guard let state = try await roundState(project: project, round: 0, lock: true) else {
            throw RestartRefusal.noRoundZero(project: project)
        }
        let labels = try await first("""
            SELECT count(*)::bigint FROM labels l JOIN scans s ON s.id = l.scan_id WHERE s.project_id = \(project)
            """, as: Int64.self) ?? 0
        guard labels == 0 else { throw RestartRefusal.hasLabels(project: project, labels: Int(labels)) }
        if let later = try await first("""
            SELECT max(number) FROM rounds WHERE project_id = \(project) AND number > 0
            """, as: Int?.self) ?? nil {
            throw RestartRefusal.roundMoved(project: project, round: later,
                                            state: try await roundState(project: project, round: later) ?? .open)
        }
        guard state == .open else { throw RestartRefusal.roundMoved(project: project, round: 0, state: state) }
        try await execute("DELETE FROM selections WHERE project_id = \(project) AND round = 0")
        try await execute("DELETE FROM rounds WHERE project_id = \(project) AND number = 0")
        // Maps no round refers to any more (map points go with them).
        try await execute("""
            DELETE FROM cluster_runs c WHERE c.project_id = \(project)
              AND NOT EXISTS (SELECT 1 FROM rounds r WHERE r.cluster_run_id = c.id)
            """)
    }
}
