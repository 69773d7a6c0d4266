import Foundation
import Logging
import PostgresNIO

/// Every query the console runs: reads only, mostly through the operator views, so what the console shows
/// is what an analyst sees in SQL.
public struct ConsoleReader: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Every project, or only `id`.
    public func projects(only id: String? = nil) async throws -> [ProjectRow] {
        try await rows("""
            SELECT p.id,
                   (SELECT count(*) FROM scans s WHERE s.project_id = p.id AND s.split = 'pool')::int,
                   (SELECT count(*) FROM scans s WHERE s.project_id = p.id AND s.split = 'test')::int,
                   (SELECT count(*) FROM labels l JOIN scans s ON s.id = l.scan_id
                     WHERE s.project_id = p.id AND s.split = 'pool' AND l.is_current)::int,
                   (SELECT count(*) FROM scans s WHERE s.project_id = p.id AND s.state = 'failed')::int,
                   r.number, r.state,
                   greatest(p.created_at, (SELECT max(j.updated_at) FROM jobs j WHERE j.project_id = p.id),
                            (SELECT max(s.created_at) FROM scans s WHERE s.project_id = p.id))
            FROM projects p
            LEFT JOIN LATERAL (SELECT number, state FROM rounds r WHERE r.project_id = p.id
                               ORDER BY number DESC LIMIT 1) r ON true
            WHERE \(id)::text IS NULL OR p.id = \(id)
            ORDER BY p.id
            """, as: (String, Int, Int, Int, Int, Int?, String?, Date).self).map {
            ProjectRow(id: $0.0, pool: $0.1, test: $0.2, labelled: $0.3, failed: $0.4, round: $0.5, roundState: $0.6,
                       lastActivity: $0.7)
        }
    }

    public func project(_ id: String) async throws -> ProjectRow {
        guard let row = try await projects(only: id).first else {
            throw ConsoleError.notFound(what: "project '\(id)'")
        }
        return row
    }

    public func overview(_ id: String) async throws -> ProjectOverview {
        ProjectOverview(project: try await project(id), rounds: try await rounds(id), curve: try await curve(id),
                        pool: try await pool(id), failures: try await failures(id), active: try await jobs(id),
                        counts: try await queueCounts(id))
    }

    func rounds(_ project: String) async throws -> [RoundRow] {
        try await rows("""
            SELECT r.number, r.state, r.strategy, r.opened_at, r.closed_at,
                   (SELECT count(*) FROM selections s WHERE s.project_id = r.project_id AND s.round = r.number)::int,
                   (SELECT count(*) FROM selections s JOIN labels l ON l.scan_id = s.scan_id AND l.is_current
                     WHERE s.project_id = r.project_id AND s.round = r.number)::int,
                   (SELECT count(*) FROM selections s JOIN skipped_scans k ON k.scan_id = s.scan_id
                     WHERE s.project_id = r.project_id AND s.round = r.number
                       AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.scan_id = s.scan_id AND l.is_current))::int
            FROM rounds r WHERE r.project_id = \(project) ORDER BY r.number
            """, as: (Int, String, String, Date, Date?, Int, Int, Int).self).map {
            RoundRow(number: $0.0, state: $0.1, strategy: $0.2, openedAt: $0.3, closedAt: $0.4, picks: $0.5,
                     labelled: $0.6, skipped: $0.7)
        }
    }

    func curve(_ project: String) async throws -> [CurvePoint] {
        try await rows("""
            SELECT round, labelled, validation_dice, test_dice, test_hd95, test_distance_unit
            FROM learning_curve WHERE project = \(project) ORDER BY round, model
            """, as: (Int, Int, Double?, Double?, Double?, String?).self).map {
            CurvePoint(round: $0.0, labelled: $0.1, validationDice: $0.2, testDice: $0.3, testHD95: $0.4, distanceUnit: $0.5)
        }
    }

    func pool(_ project: String) async throws -> [PoolCount] {
        try await rows("""
            SELECT state, label_status, count(*)::int FROM scan_status WHERE project = \(project)
            GROUP BY state, label_status ORDER BY state, label_status
            """, as: (String, String, Int).self).map { PoolCount(state: $0.0, labelStatus: $0.1, count: $0.2) }
    }

    func failures(_ project: String) async throws -> [FailedScan] {
        try await rows("""
            SELECT scan, last_error FROM scan_status WHERE project = \(project) AND state = 'failed'
            ORDER BY ingested_at DESC LIMIT 20
            """, as: (UUID, String?).self).map { FailedScan(scan: $0.0, error: $0.1) }
    }

    /// Running jobs with their live progress and the newest dead ones with their error.
    func jobs(_ project: String) async throws -> [QueueJob] {
        try await rows("""
            (SELECT id, kind, state, attempts, max_attempts, progress::text, last_error, updated_at FROM jobs
             WHERE project_id = \(project) AND state = 'running' ORDER BY id)
            UNION ALL
            (SELECT id, kind, state, attempts, max_attempts, progress::text, last_error, updated_at FROM jobs
             WHERE project_id = \(project) AND state = 'dead' ORDER BY updated_at DESC LIMIT 20)
            """, as: (Int64, String, String, Int, Int, String?, String?, Date).self).map {
            QueueJob(id: $0.0, kind: $0.1, state: $0.2, attempts: $0.3, maxAttempts: $0.4, progressJSON: $0.5,
                     error: $0.6, updatedAt: $0.7)
        }
    }

    func queueCounts(_ project: String) async throws -> [QueueCount] {
        try await rows("""
            SELECT kind, state, count::int FROM queue_status WHERE project = \(project) ORDER BY kind, state
            """, as: (String, String, Int).self).map { QueueCount(kind: $0.0, state: $0.1, count: $0.2) }
    }

    /// The newest map with every pick's first round, rank and reason. The same meaning as `embedding_map` joined
    /// with `scan_status`, written as set joins: the views' per-row subqueries take seconds at 20,000 scans.
    public func map(_ project: String) async throws -> [MapRow] {
        try await rows("""
            WITH run AS (SELECT max(id) AS id FROM cluster_runs WHERE project_id = \(project)),
                 first_pick AS (SELECT DISTINCT ON (scan_id) scan_id, round, rank, reason FROM selections
                                WHERE project_id = \(project) ORDER BY scan_id, round)
            SELECT p.scan_id, p.x, p.y, p.cluster, f.round, f.rank, f.reason,
                   CASE WHEN l.scan_id IS NOT NULL THEN 'labelled' WHEN k.scan_id IS NOT NULL THEN 'skipped'
                        WHEN f.scan_id IS NOT NULL THEN 'awaiting' ELSE 'unlabelled' END
            FROM map_points p JOIN run ON p.cluster_run_id = run.id
            LEFT JOIN first_pick f ON f.scan_id = p.scan_id
            LEFT JOIN labels l ON l.scan_id = p.scan_id AND l.is_current
            LEFT JOIN skipped_scans k ON k.scan_id = p.scan_id
            ORDER BY p.scan_id
            """, as: (UUID, Double, Double, Int, Int?, Int?, String?, String).self).map {
            MapRow(scan: $0.0, x: $0.1, y: $0.2, cluster: $0.3, pickedInRound: $0.4, rank: $0.5, reason: $0.6, labelStatus: $0.7)
        }
    }

    /// The map page's filter choices, without reading every point.
    public func mapFilters(_ project: String) async throws -> (clusters: [Int], rounds: [Int]) {
        let clusters = try await rows("""
            SELECT DISTINCT cluster FROM map_points
            WHERE cluster_run_id = (SELECT max(id) FROM cluster_runs WHERE project_id = \(project)) ORDER BY cluster
            """, as: Int.self)
        let rounds = try await rows("SELECT DISTINCT round FROM selections WHERE project_id = \(project) ORDER BY round", as: Int.self)
        return (clusters, rounds)
    }

    /// One round's picks (the newest round's when `round` is nil).
    public func batch(_ project: String, round: Int?) async throws -> [BatchCard] {
        try await rows("""
            SELECT s.round, s.rank, s.scan_id, s.score, s.reason, s.cluster, s.strategy, s.components::text,
                   st.label_status, p.format
            FROM selections s JOIN scan_status st ON st.scan = s.scan_id
            LEFT JOIN pre_annotations p ON p.project_id = s.project_id AND p.round = s.round AND p.scan_id = s.scan_id
            WHERE s.project_id = \(project)
              AND s.round = coalesce(\(round)::int, (SELECT max(round) FROM selections m WHERE m.project_id = \(project)))
            ORDER BY s.rank
            """, as: (Int, Int, UUID, Double?, String, Int?, String, String, String, String?).self).map {
            BatchCard(round: $0.0, rank: $0.1, scan: $0.2, score: $0.3, reason: $0.4, cluster: $0.5, strategy: $0.6,
                      componentsJSON: $0.7, labelStatus: $0.8, preAnnotationFormat: $0.9)
        }
    }

    public func history(_ scan: UUID) async throws -> ScanHistory {
        guard let base = try await rows("""
            SELECT s.project_id, s.modality, s.working_shape, s.split, s.state, st.label_status, s.created_at, s.last_error
            FROM scans s JOIN scan_status st ON st.scan = s.id WHERE s.id = \(scan)
            """, as: (String, String, [Int], String, String, String, Date, String?).self).first else {
            throw ConsoleError.notFound(what: "scan \(scan.uuidString.lowercased())")
        }
        let embeddings = try await rows("""
            SELECT encoder, weights_checksum, created_at FROM embeddings WHERE scan_id = \(scan) ORDER BY created_at
            """, as: (String, String, Date).self).map { ScanHistory.Embedding(encoder: $0.0, checksum: $0.1, at: $0.2) }
        let placements = try await rows("""
            SELECT r.id, r.k, p.cluster, p.x, p.y FROM map_points p JOIN cluster_runs r ON r.id = p.cluster_run_id
            WHERE p.scan_id = \(scan) ORDER BY r.id
            """, as: (Int64, Int, Int, Double, Double).self).map {
            ScanHistory.Placement(clusterRun: $0.0, k: $0.1, cluster: $0.2, x: $0.3, y: $0.4)
        }
        let picks = try await rows("""
            SELECT round, rank, strategy, score, reason FROM selections WHERE scan_id = \(scan) ORDER BY round
            """, as: (Int, Int, String, Double?, String).self).map {
            ScanHistory.Pick(round: $0.0, rank: $0.1, strategy: $0.2, score: $0.3, reason: $0.4)
        }
        let scores = try await rows("SELECT round, uncertainty FROM scores WHERE scan_id = \(scan) ORDER BY round",
                                    as: (Int, Double).self).map { ScanHistory.Score(round: $0.0, uncertainty: $0.1) }
        let labels = try await rows("""
            SELECT version, source_ref, created_at, is_current FROM labels WHERE scan_id = \(scan) ORDER BY version
            """, as: (Int, String, Date, Bool).self).map {
            ScanHistory.Label(version: $0.0, source: $0.1, at: $0.2, current: $0.3)
        }
        let skip = try await rows("SELECT reason, skipped_by, created_at FROM skipped_scans WHERE scan_id = \(scan)",
                                  as: (String, String, Date).self).first
        let preAnnotations = try await rows("""
            SELECT round, format, path, error FROM pre_annotations WHERE scan_id = \(scan) ORDER BY round
            """, as: (Int, String?, String?, String?).self).map {
            ScanHistory.PreAnnotation(round: $0.0, format: $0.1, path: $0.2, error: $0.3)
        }
        return ScanHistory(scan: scan, project: base.0, modality: base.1, shape: base.2, split: base.3, state: base.4,
                           labelStatus: base.5, ingestedAt: base.6, lastError: base.7, embeddings: embeddings,
                           placements: placements, picks: picks, scores: scores, labels: labels,
                           skip: skip.map { (reason: $0.0, by: $0.1, at: $0.2) }, preAnnotations: preAnnotations)
    }

    /// Where a scan's pixels, current label and geometry live, for rendering.
    public func imageSources(_ scan: UUID) async throws -> ImageSources {
        guard let row = try await rows("""
            SELECT s.project_id, s.tensor_path, s.geometry::text, l.tensor_path,
                   (SELECT m.checkpoint_path FROM models m WHERE m.project_id = s.project_id ORDER BY m.round DESC, m.id DESC LIMIT 1),
                   (SELECT m.id FROM models m WHERE m.project_id = s.project_id ORDER BY m.round DESC, m.id DESC LIMIT 1),
                   p.config::text
            FROM scans s JOIN projects p ON p.id = s.project_id
            LEFT JOIN labels l ON l.scan_id = s.id AND l.is_current WHERE s.id = \(scan)
            """, as: (String, String, String, String?, String?, Int64?, String).self).first else {
            throw ConsoleError.notFound(what: "scan \(scan.uuidString.lowercased())")
        }
        return ImageSources(project: row.0, tensorPath: row.1, geometryJSON: row.2, labelPath: row.3,
                            modelPath: row.4, modelID: row.5, configurationJSON: row.6)
    }

    private func rows<each Column: PostgresDecodable & Sendable>(_ query: PostgresQuery, as _: (repeat each Column).Type)
        async throws -> [(repeat each Column)] {
        var values: [(repeat each Column)] = []
        for try await row in try await client.query(query, logger: logger).decode((repeat each Column).self) {
            values.append(row)
        }
        return values
    }
}

public struct ImageSources: Sendable, Equatable {
    public let project: String
    public let tensorPath: String
    public let geometryJSON: String
    public let labelPath: String?
    public let modelPath: String?
    public let modelID: Int64?
    public let configurationJSON: String
}
