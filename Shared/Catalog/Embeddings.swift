import Foundation
import JobQueue
import PostgresNIO

public struct StoredEmbedding: Sendable {
    public let scanID: UUID
    public let vector: [Float]
}

public struct ClusterPayload: Codable, Sendable {
    public var budget: Int?
    public var strategy: String?
    public init(budget: Int? = nil, strategy: String? = nil) {
        self.budget = budget
        self.strategy = strategy
    }
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
        try await execute("UPDATE scans SET state = 'embedded' WHERE id = \(scan) AND state = 'ingested'")
        let record = try await self.scan(scan)
        let configuration = try await configuration(of: record.projectID)
        guard configuration.coldStart.automatic else { return }
        // Replicas finishing the last scans concurrently would each still see the other's scan pending and
        // none would start the cold start: serialise the check per project. Under READ COMMITTED the count
        // below then sees every embedding committed before the lock was granted.
        try await execute("SELECT pg_advisory_xact_lock(hashtext('scanselect-pool:' || \(record.projectID)))")
        let pending = try await first("""
            SELECT count(*)::bigint FROM scans WHERE project_id = \(record.projectID) AND split = 'pool' AND state = 'ingested'
            """, as: Int64.self) ?? 0
        let rounds = try await first("SELECT count(*)::bigint FROM rounds WHERE project_id = \(record.projectID)",
                                     as: Int64.self) ?? 0
        guard pending == 0, rounds == 0 else { return }
        // Keyed by pool size: a pool that grows before round 0 exists gets a fresh cold start.
        let poolSize = try await first("""
            SELECT count(*)::bigint FROM scans WHERE project_id = \(record.projectID) AND split = 'pool'
            """, as: Int64.self) ?? 0
        try await enqueue(NewJob(kind: JobKinds.cluster, projectID: record.projectID, payload: ClusterPayload(),
                                 idempotencyKey: "cluster:\(record.projectID):auto:\(poolSize)"))
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
