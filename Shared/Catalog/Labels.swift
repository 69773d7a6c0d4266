import Foundation
import JobQueue
import PostgresNIO

public struct LabelRecord: Sendable, Equatable {
    public let scanID: UUID
    public let version: Int
    public let tensorPath: String
    public let originalTensorPath: String?
}

extension Catalog {
    /// Records a label as the scan's current one; earlier versions stay as history. Then runs the
    /// annotation loop: a fully labelled open round starts its training.
    @discardableResult
    public func insertLabel(scan: UUID, tensorPath: String, originalTensorPath: String?, sourceRef: String) async throws -> Int {
        let record = try await self.scan(scan)
        let version = try await first("""
            SELECT coalesce(max(version), 0) + 1 FROM labels WHERE scan_id = \(scan)
            """, as: Int.self) ?? 1
        try await execute("UPDATE labels SET is_current = false WHERE scan_id = \(scan) AND is_current")
        try await execute("""
            INSERT INTO labels (scan_id, version, tensor_path, original_tensor_path, source_ref)
            VALUES (\(scan), \(version), \(tensorPath), \(originalTensorPath), \(sourceRef))
            """)
        try await startTrainingIfRoundComplete(project: record.projectID)
        return version
    }

    /// The current label of every labelled scan of the project (pool and test split), in content order, so a
    /// training set does not depend on the order its labels came in.
    public func currentLabels(project: String) async throws -> [LabelRecord] {
        let rows = try await execute("""
            SELECT l.scan_id, l.version, l.tensor_path, l.original_tensor_path FROM labels l
            JOIN scans s ON s.id = l.scan_id
            WHERE s.project_id = \(project) AND l.is_current ORDER BY s.content_hash, s.id
            """)
        var labels: [LabelRecord] = []
        for try await (scan, version, path, original) in rows.decode((UUID, Int, String, String?).self) {
            labels.append(LabelRecord(scanID: scan, version: version, tensorPath: path, originalTensorPath: original))
        }
        return labels
    }

    /// SQL: the pick `s` has neither a current label nor a skip, so its round still waits for it.
    static let pickAwaitsLabel = """
        NOT EXISTS (SELECT 1 FROM labels l WHERE l.scan_id = s.scan_id AND l.is_current)
        AND NOT EXISTS (SELECT 1 FROM skipped_scans k WHERE k.scan_id = s.scan_id)
        """

    /// When every scan selected in the open round has a label (or was skipped), the round moves to training.
    public func startTrainingIfRoundComplete(project: String) async throws {
        // Concurrent label imports of a round's last scans must not each miss the other's label (see
        // storeEmbedding): serialise the check per project.
        try await execute("SELECT pg_advisory_xact_lock(hashtext('scanselect-round:' || \(project)))")
        guard let round = try await openRound(project: project) else { return }
        let awaiting = try await first("""
            SELECT count(*)::bigint FROM selections s WHERE s.project_id = \(project) AND s.round = \(round)
              AND \(unescaped: Self.pickAwaitsLabel)
            """, as: Int64.self) ?? 0
        let selected = try await first("""
            SELECT count(*)::bigint FROM selections WHERE project_id = \(project) AND round = \(round)
            """, as: Int64.self) ?? 0
        guard selected > 0, awaiting == 0 else { return }
        do {
            try await apply(.labelsComplete, project: project, round: round)
        } catch let refusal as RoundRefusal where refusal.isAlreadyHandled {
            return
        }
    }

    /// Closes the open round (the operator says so) and enqueues its training.
    public func closeRound(project: String, round: Int) async throws {
        try await apply(.closeRequested, project: project, round: round)
    }
}
