import Foundation
import JobQueue
import PostgresNIO

public struct StoredEmbedding: Sendable {
    public let scanID: UUID
    public let vector: [Float]
}

extension Catalog {
    /// Stores the scan's embedding; when this completes the project's pool and the project clusters by
    /// itself, the `cluster` job is enqueued in the same transaction.
    public func storeEmbedding(scan: UUID, encoder: String, weightsChecksum: String, vector: [Float]) async throws {
        try await execute("""
            INSERT INTO embeddings (scan_id, encoder, weights_checksum, dim, vector)
            VALUES (\(scan), \(encoder), \(weightsChecksum), \(vector.count), \(vector))
            ON CONFLICT (scan_id, encoder, weights_checksum) DO UPDATE SET vector = EXCLUDED.vector, created_at = now()
            """)
        // A failed scan revived by `scanselect jobs retry` joins the pool again.
        try await execute("""
            UPDATE scans SET state = 'embedded', last_error = NULL WHERE id = \(scan) AND state IN ('ingested', 'failed')
            """)
        try await startColdStartIfPoolSettled(project: try await self.scan(scan).projectID)
    }

    /// Enqueues the automatic cold start once no pool scan is still waiting for its embedding (failed ones do
    /// not count), round 0 does not exist yet and the pool has enough scans.
    func startColdStartIfPoolSettled(project: String) async throws {
        let configuration = try await configuration(of: project)
        guard configuration.coldStart.automatic else { return }
        // Replicas finishing the last scans concurrently would each still see the other's scan pending and
        // none would start the cold start: serialise the check per project. Under READ COMMITTED the count
        // below then sees every embedding committed before the lock was granted.
        try await execute("SELECT pg_advisory_xact_lock(hashtext('scanselect-pool:' || \(project)))")
        let pending = try await first("""
            SELECT count(*)::bigint FROM scans WHERE project_id = \(project) AND split = 'pool' AND state = 'ingested'
            """, as: Int64.self) ?? 0
        let rounds = try await first("SELECT count(*)::bigint FROM rounds WHERE project_id = \(project)",
                                     as: Int64.self) ?? 0
        guard pending == 0, rounds == 0 else { return }
        let poolSize = try await first("""
            SELECT count(*)::bigint FROM scans WHERE project_id = \(project) AND split = 'pool' AND state <> 'failed'
            """, as: Int64.self) ?? 0
        guard poolSize >= ProjectConfiguration.ColdStartSettings.smallestPool else { return }
        try await enqueue([.coldStart(poolSize: Int(poolSize))], project: project)
    }

    /// Pool embeddings of the project's configured encoder, in scan order.
    public func poolEmbeddings(project: String, encoder: String) async throws -> [StoredEmbedding] {
        let rows = try await execute("""
            SELECT e.scan_id, e.vector FROM embeddings e JOIN scans s ON s.id = e.scan_id
            WHERE s.project_id = \(project) AND s.split = 'pool' AND e.encoder = \(encoder)
            ORDER BY s.created_at, s.id
            """)
        var embeddings: [StoredEmbedding] = []
        for try await (scan, vector) in rows.decode((UUID, [Float]).self) {
            embeddings.append(StoredEmbedding(scanID: scan, vector: vector))
        }
        return embeddings
    }

    public func weightsChecksum(project: String, encoder: String) async throws -> String? {
        try await first("""
            SELECT e.weights_checksum FROM embeddings e JOIN scans s ON s.id = e.scan_id
            WHERE s.project_id = \(project) AND e.encoder = \(encoder) ORDER BY e.created_at DESC LIMIT 1
            """, as: String.self)
    }
}
