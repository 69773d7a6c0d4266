import Foundation
import JobQueue
import PostgresNIO

public struct StoredEmbedding: Sendable {
    public let scanID: UUID
    public let vector: [Float]

    public init(scanID: UUID, vector: [Float]) {
        self.scanID = scanID
        self.vector = vector
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
        // A failed scan revived by `scanselect jobs retry` joins the pool again.
        try await execute("""
            UPDATE scans SET state = \(ScanState.embedded), last_error = NULL
            WHERE id = \(scan) AND state IN (\(ScanState.ingested), \(ScanState.failed))
            """)
        try await startColdStartIfPoolSettled(project: try await self.scan(scan).projectID)
    }

    /// Enqueues the automatic cold start once the pool has settled (see `ColdStartReadiness`), or — while it is
    /// still settling — a check for when the quiet period ends; a later arrival makes that check stand down.
    /// `follows` is the automatic check that found the pool still settling: its follow-up is keyed apart, so a
    /// pool whose size came back to the same count (a failure and an arrival) is still checked again.
    public func startColdStartIfPoolSettled(project: String, follows: Int64? = nil) async throws {
        // Replicas finishing the last scans concurrently would each still see the other's scan pending and
        // none would start the cold start: serialise the check per project. Under READ COMMITTED the counts
        // below then see every embedding committed before the lock was granted.
        try await execute("SELECT pg_advisory_xact_lock(hashtext('scanselect-pool:' || \(project)))")
        let (readiness, pool) = try await coldStartReadiness(project: project)
        switch readiness {
        case .ready:
            try await enqueue([.coldStart(poolSize: pool.size, afterSeconds: 0, follows: follows)], project: project)
        case let .settling(_, remaining):
            try await enqueue([.coldStart(poolSize: pool.size, afterSeconds: remaining, follows: follows)], project: project)
        case .started, .manual, .embedding, .tooSmall:
            return
        }
    }

    /// Whether the automatic cold start may run now, from the pool as the database has it.
    public func coldStartReadiness(project: String) async throws -> (ColdStartReadiness, ColdStartReadiness.Pool) {
        let settings = try await configuration(of: project).coldStart
        let rows = try await execute("""
            SELECT count(*) FILTER (WHERE state <> \(ScanState.failed)), count(*) FILTER (WHERE state = \(ScanState.ingested)),
                   coalesce(extract(epoch FROM now() - max(created_at)), 0)::float8
            FROM scans WHERE project_id = \(project) AND split = 'pool'
            """)
        var pool = ColdStartReadiness.Pool(roundZero: try await roundState(project: project, round: 0), size: 0, pending: 0,
                                           quietSeconds: 0)
        for try await (size, pending, quiet) in rows.decode((Int64, Int64, Double).self) {
            (pool.size, pool.pending, pool.quietSeconds) = (Int(size), Int(pending), quiet)
        }
        return (ColdStartReadiness.evaluate(pool, settings: settings), pool)
    }

    /// Pool embeddings of the project's configured encoder, in content order (the same whatever the arrival order, and the same in every project holding the same scans).
    public func poolEmbeddings(project: String, encoder: String) async throws -> [StoredEmbedding] {
        let rows = try await execute("""
            SELECT e.scan_id, e.vector FROM embeddings e JOIN scans s ON s.id = e.scan_id
            WHERE s.project_id = \(project) AND s.split = 'pool' AND e.encoder = \(encoder)
            ORDER BY s.content_hash, s.id
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
