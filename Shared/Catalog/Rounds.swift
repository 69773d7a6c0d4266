import Foundation
import JobQueue
import PostgresNIO

/// One picked scan with why it was picked.
public struct SelectionEntry: Sendable, Equatable {
    public var scanID: UUID
    public var score: Double?
    public var componentsJSON: String
    public var reason: String
    public var cluster: Int?

    public init(scanID: UUID, score: Double?, componentsJSON: String = "{}", reason: String, cluster: Int?) {
        self.scanID = scanID
        self.score = score
        self.componentsJSON = componentsJSON
        self.reason = reason
        self.cluster = cluster
    }
}

public struct MapPoint: Sendable, Equatable {
    public var scanID: UUID
    public var x: Double
    public var y: Double
    public var cluster: Int
    public init(scanID: UUID, x: Double, y: Double, cluster: Int) {
        self.scanID = scanID
        self.x = x
        self.y = y
        self.cluster = cluster
    }
}

public struct ClusterRun: Sendable {
    public var encoder: String
    public var weightsChecksum: String
    public var space: String
    public var k: Int
    public var silhouetteCurveJSON: String
    public var points: [MapPoint]
    public init(encoder: String, weightsChecksum: String, space: String, k: Int, silhouetteCurveJSON: String,
                points: [MapPoint]) {
        self.encoder = encoder
        self.weightsChecksum = weightsChecksum
        self.space = space
        self.k = k
        self.silhouetteCurveJSON = silhouetteCurveJSON
        self.points = points
    }
}

public struct SelectedScan: Sendable {
    public let round: Int
    public let rank: Int
    public let scan: ScanRecord
    public let score: Double?
    public let reason: String
    public let cluster: Int?
    public let strategy: String
    public let componentsJSON: String
    public let awaitingLabel: Bool
}

extension Catalog {
    /// Records the map, the clusters and round 0's selection as one unit, and opens round 0.
    @discardableResult
    public func recordColdStart(project: String, run: ClusterRun, strategy: String, picks: [SelectionEntry]) async throws -> Int64 {
        let runID = try await insertClusterRun(project: project, run: run)
        // Round 0 is never rewritten: a second cold start is refused by the life-cycle (and rolls back the map).
        try await startRound(project: project, round: 0, strategy: strategy, clusterRun: runID, picks: picks,
                            provenance: .init(encoder: run.encoder, weightsChecksum: run.weightsChecksum, space: run.space))
        return runID
    }

    /// A full rebuild of a grown pool's map: the newest run, which `embedding_map` and map-space selection use;
    /// earlier runs stay, and so do the picks that refer to them.
    @discardableResult
    public func recordMapRebuild(project: String, run: ClusterRun) async throws -> Int64 {
        try await insertClusterRun(project: project, run: run)
    }

    private func insertClusterRun(project: String, run: ClusterRun) async throws -> Int64 {
        guard let runID = try await first("""
            INSERT INTO cluster_runs (project_id, encoder, weights_checksum, space, k, silhouette_curve)
            VALUES (\(project), \(run.encoder), \(run.weightsChecksum), \(run.space), \(run.k), \(run.silhouetteCurveJSON)::jsonb)
            RETURNING id
            """, as: Int64.self) else { throw CatalogError.unknownProject(project) }
        let scans = run.points.map(\.scanID)
        try await execute("""
            INSERT INTO map_points (cluster_run_id, scan_id, x, y, cluster)
            SELECT \(runID), * FROM unnest(\(scans)::uuid[], \(run.points.map(\.x))::float8[],
                                          \(run.points.map(\.y))::float8[], \(run.points.map { Int32($0.cluster) })::int4[])
            """)
        return runID
    }

    /// Records round `round`'s picks and opens it.
    public func recordSelection(project: String, round: Int, strategy: String, picks: [SelectionEntry],
                                provenance: SelectionProvenance) async throws {
        try await startRound(project: project, round: round, strategy: strategy, clusterRun: nil, picks: picks,
                            provenance: provenance)
    }

    func insertSelections(project: String, round: Int, strategy: String, picks: [SelectionEntry],
                          provenance: SelectionProvenance) async throws {
        for (rank, pick) in picks.enumerated() {
            try await execute("""
                INSERT INTO selections (project_id, round, rank, scan_id, strategy, score, components, reason, cluster,
                                        embedding, space)
                VALUES (\(project), \(round), \(rank + 1), \(pick.scanID), \(strategy), \(pick.score),
                        \(pick.componentsJSON)::jsonb, \(pick.reason), \(pick.cluster), \(provenance.embedding),
                        \(provenance.space))
                """)
        }
    }

    /// Every round's picks (or one round's), in round and rank order.
    public func selections(project: String, round: Int? = nil) async throws -> [SelectedScan] {
        let rows = try await execute("""
            SELECT s.round, s.rank, s.scan_id, s.score, s.reason, s.cluster, s.strategy, s.components::text,
                   \(unescaped: Self.pickAwaitsLabel)
            FROM selections s WHERE s.project_id = \(project) AND (\(round)::int IS NULL OR s.round = \(round))
            ORDER BY s.round, s.rank
            """)
        var raw: [(Int, Int, UUID, Double?, String, Int?, String, String, Bool)] = []
        for try await row in rows.decode((Int, Int, UUID, Double?, String, Int?, String, String, Bool).self) { raw.append(row) }
        var selected: [SelectedScan] = []
        for (round, rank, scan, score, reason, cluster, strategy, components, awaiting) in raw {
            selected.append(SelectedScan(round: round, rank: rank, scan: try await self.scan(scan), score: score,
                                         reason: reason, cluster: cluster, strategy: strategy,
                                         componentsJSON: components, awaitingLabel: awaiting))
        }
        return selected
    }

    /// The encoder and weights of the project's newest map, which every later round's clusters come from.
    public func latestMapEncoder(project: String) async throws -> (encoder: String, weightsChecksum: String)? {
        let rows = try await execute("""
            SELECT encoder, weights_checksum FROM cluster_runs WHERE project_id = \(project) ORDER BY id DESC LIMIT 1
            """)
        for try await row in rows.decode((String, String).self) { return (row.0, row.1) }
        return nil
    }

    /// The latest map of the project: scan, coordinates, cluster.
    public func latestMap(project: String) async throws -> [MapPoint] {
        let rows = try await execute("""
            SELECT scan, x, y, cluster FROM embedding_map WHERE project = \(project) ORDER BY scan
            """)
        var points: [MapPoint] = []
        for try await (scan, x, y, cluster) in rows.decode((UUID, Double, Double, Int).self) {
            points.append(MapPoint(scanID: scan, x: x, y: y, cluster: cluster))
        }
        return points
    }

    // MARK: Models and scores

    @discardableResult
    public func insertModel(project: String, round: Int, checkpointPath: String, labelled: [UUID],
                            validationJSON: String, curveJSON: String, testJSON: String? = nil,
                            seconds: Double) async throws -> Int64 {
        guard let id = try await first("""
            INSERT INTO models (project_id, round, checkpoint_path, labelled_scans, validation, curve, test, train_seconds)
            VALUES (\(project), \(round), \(checkpointPath), \(labelled), \(validationJSON)::jsonb, \(curveJSON)::jsonb,
                    \(testJSON)::jsonb, \(seconds))
            ON CONFLICT (project_id, round) DO UPDATE SET checkpoint_path = EXCLUDED.checkpoint_path,
                labelled_scans = EXCLUDED.labelled_scans, validation = EXCLUDED.validation, curve = EXCLUDED.curve,
                test = EXCLUDED.test, train_seconds = EXCLUDED.train_seconds, created_at = now()
            RETURNING id
            """, as: Int64.self) else { throw CatalogError.unknownProject(project) }
        return id
    }

    /// The round's `models.test` (its score on the labelled test scans), if it has one.
    public func modelTestJSON(project: String, round: Int) async throws -> String? {
        try await first("""
            SELECT test::text FROM models WHERE project_id = \(project) AND round = \(round) AND test IS NOT NULL
            """, as: String.self)
    }

    /// The project's newest model (read only: no SEG series is assigned), nil before round 0 has trained.
    public func newestModel(project: String) async throws -> (id: Int64, round: Int, checkpointPath: String)? {
        let rows = try await execute("""
            SELECT id, round, checkpoint_path FROM models WHERE project_id = \(project) ORDER BY round DESC, id DESC LIMIT 1
            """)
        for try await (id, round, checkpoint) in rows.decode((Int64, Int, String).self) { return (id, round, checkpoint) }
        return nil
    }

    /// The newest model of the project before `round` (any round when nil), with the Series Instance UID its
    /// pre-annotations go in: `newSeriesUID` the first time, the one kept since after that.
    public func modelForPreAnnotation(project: String, before round: Int?, newSeriesUID: String) async throws -> PreAnnotationModel? {
        let limit = round ?? Int.max
        let rows = try await execute("""
            UPDATE models SET seg_series_uid = coalesce(seg_series_uid, \(newSeriesUID))
            WHERE id = (SELECT id FROM models WHERE project_id = \(project) AND round < \(limit) ORDER BY round DESC LIMIT 1)
            RETURNING id, round, checkpoint_path, seg_series_uid
            """)
        for try await (id, round, checkpoint, series) in rows.decode((Int64, Int, String, String).self) {
            return PreAnnotationModel(id: id, round: round, checkpointPath: checkpoint, segSeriesUID: series)
        }
        return nil
    }

    /// Records a round's pre-annotations (in the transaction that records its picks).
    public func recordPreAnnotations(project: String, round: Int, _ rows: [PreAnnotationRow]) async throws {
        for row in rows {
            var (format, path, pixels, uid, error): (String?, String?, String?, String?, String?) = (nil, nil, nil, nil, nil)
            var probabilities: String?
            switch row.outcome {
            case let .written(written, at, counts, instance, probabilityPath):
                (format, path, pixels, uid, probabilities) = (written, at, counts, instance, probabilityPath)
            case let .failed(reason): error = reason
            }
            try await execute("""
                INSERT INTO pre_annotations (project_id, round, scan_id, model_id, format, path, labelled_pixels,
                                             sop_instance_uid, error, probability_path)
                VALUES (\(project), \(round), \(row.scanID), \(row.modelID), \(format), \(path), \(pixels)::jsonb,
                        \(uid), \(error), \(probabilities))
                ON CONFLICT (project_id, round, scan_id) DO UPDATE SET model_id = EXCLUDED.model_id,
                    format = EXCLUDED.format, path = EXCLUDED.path, labelled_pixels = EXCLUDED.labelled_pixels,
                    sop_instance_uid = EXCLUDED.sop_instance_uid, error = EXCLUDED.error,
                    probability_path = EXCLUDED.probability_path, created_at = now()
                """)
        }
    }

    /// The round's written pre-annotations: scan → (format, path in the store).
    public func preAnnotationFiles(project: String, round: Int) async throws -> [UUID: (format: String, path: String)] {
        let rows = try await execute("""
            SELECT scan_id, format, path FROM pre_annotations
            WHERE project_id = \(project) AND round = \(round) AND path IS NOT NULL
            """)
        var files: [UUID: (format: String, path: String)] = [:]
        for try await (scan, format, path) in rows.decode((UUID, String, String).self) { files[scan] = (format, path) }
        return files
    }

    /// The checkpoint of the newest model before `round` (for warm starts), or of `round` itself.
    public func modelCheckpoint(project: String, round: Int, includingRound: Bool) async throws -> String? {
        try await first("""
            SELECT checkpoint_path FROM models WHERE project_id = \(project)
              AND (round < \(round) OR (\(includingRound) AND round = \(round)))
            ORDER BY round DESC LIMIT 1
            """, as: String.self)
    }

    public func storeScores(project: String, round: Int, scores: [(scan: UUID, uncertainty: Double, componentsJSON: String)]) async throws {
        try await execute("DELETE FROM scores WHERE project_id = \(project) AND round = \(round)")
        for score in scores {
            try await execute("""
                INSERT INTO scores (project_id, round, scan_id, uncertainty, components)
                VALUES (\(project), \(round), \(score.scan), \(score.uncertainty), \(score.componentsJSON)::jsonb)
                """)
        }
    }

    public func scores(project: String, round: Int) async throws -> [UUID: Double] {
        let rows = try await execute("""
            SELECT scan_id, uncertainty FROM scores WHERE project_id = \(project) AND round = \(round)
            """)
        var scores: [UUID: Double] = [:]
        for try await (scan, value) in rows.decode((UUID, Double).self) { scores[scan] = value }
        return scores
    }
}

/// What placing new arrivals on the latest map needs: the map's points with their embeddings, and the pool
/// scans embedded (with the map's encoder) that are not on it yet.
public struct MapPlacementInputs: Sendable {
    public let clusterRun: Int64
    public let placed: [(point: MapPoint, vector: [Float])]
    public let unplaced: [StoredEmbedding]
    /// Scans the map was laid out from (the points not placed on it later).
    public let builtFrom: Int
    /// The encoder and weights the map's embeddings come from.
    public let encoder: String
    public let weightsChecksum: String
}

extension Catalog {
    public func mapPlacementInputs(project: String) async throws -> MapPlacementInputs? {
        let runs = try await execute("""
            SELECT id, encoder, weights_checksum FROM cluster_runs WHERE project_id = \(project) ORDER BY id DESC LIMIT 1
            """)
        var latest: (Int64, String, String)?
        for try await row in runs.decode((Int64, String, String).self) { latest = row }
        guard let (run, encoder, checksum) = latest else { return nil }
        var placed: [(point: MapPoint, vector: [Float])] = []
        var builtFrom = 0
        for try await (scan, x, y, cluster, vector, wasPlaced) in try await execute("""
            SELECT p.scan_id, p.x, p.y, p.cluster, e.vector, p.placed FROM map_points p
            JOIN embeddings e ON e.scan_id = p.scan_id AND e.encoder = \(encoder) AND e.weights_checksum = \(checksum)
            WHERE p.cluster_run_id = \(run) ORDER BY p.scan_id
            """).decode((UUID, Double, Double, Int, [Float], Bool).self) {
            placed.append((MapPoint(scanID: scan, x: x, y: y, cluster: cluster), vector))
            if !wasPlaced { builtFrom += 1 }
        }
        var unplaced: [StoredEmbedding] = []
        for try await (scan, vector) in try await execute("""
            SELECT e.scan_id, e.vector FROM embeddings e JOIN scans s ON s.id = e.scan_id
            WHERE s.project_id = \(project) AND s.split = 'pool' AND e.encoder = \(encoder) AND e.weights_checksum = \(checksum)
              AND NOT EXISTS (SELECT 1 FROM map_points p WHERE p.cluster_run_id = \(run) AND p.scan_id = e.scan_id)
            ORDER BY s.content_hash, s.id
            """).decode((UUID, [Float]).self) {
            unplaced.append(StoredEmbedding(scanID: scan, vector: vector))
        }
        return MapPlacementInputs(clusterRun: run, placed: placed, unplaced: unplaced, builtFrom: builtFrom, encoder: encoder,
                                  weightsChecksum: checksum)
    }

    /// Adds new arrivals to a map; points already on it stay where they are.
    public func placeOnMap(clusterRun: Int64, points: [MapPoint]) async throws {
        guard !points.isEmpty else { return }
        try await execute("""
            INSERT INTO map_points (cluster_run_id, scan_id, x, y, cluster, placed)
            SELECT \(clusterRun), *, true FROM unnest(\(points.map(\.scanID))::uuid[], \(points.map(\.x))::float8[],
                                                     \(points.map(\.y))::float8[], \(points.map { Int32($0.cluster) })::int4[])
            ON CONFLICT (cluster_run_id, scan_id) DO NOTHING
            """)
    }
}

/// A round's trained model as the trainer-service recorded it.
/// One pick's pre-annotation as the selector recorded it: a file in the store, or why there is none.
public struct PreAnnotationRow: Sendable, Equatable {
    public let scanID: UUID
    public let modelID: Int64
    public let outcome: Outcome

    public enum Outcome: Sendable, Equatable {
        /// `sopInstanceUID` for a DICOM SEG, nil for NIfTI and PNG files; `probabilityPath` the probability map
        /// written beside the labels (a FRACTIONAL SEG, or 8-bit NIfTI/PNG), when there is one.
        case written(format: String, path: String, labelledPixelsJSON: String, sopInstanceUID: String?, probabilityPath: String? = nil)
        case failed(String)
    }

    public init(scanID: UUID, modelID: Int64, outcome: Outcome) {
        (self.scanID, self.modelID, self.outcome) = (scanID, modelID, outcome)
    }
}

/// The model whose predictions become pre-annotations.
public struct PreAnnotationModel: Sendable, Equatable {
    public let id: Int64
    public let round: Int
    public let checkpointPath: String
    public let segSeriesUID: String
}

public struct TrainedRound: Sendable, Equatable {
    public let round: Int
    public let labelled: Int
    public let trainSeconds: Double
    /// From the round's opening (its selection) to the model row.
    public let wallSeconds: Double
}

extension Catalog {
    /// The round's model, once it exists.
    public func trainedRound(project: String, round: Int) async throws -> TrainedRound? {
        let rows = try await execute("""
            SELECT m.round, coalesce(cardinality(m.labelled_scans), 0), m.train_seconds,
                   extract(epoch FROM m.created_at - r.opened_at)::float8
            FROM models m JOIN rounds r ON r.project_id = m.project_id AND r.number = m.round
            WHERE m.project_id = \(project) AND m.round = \(round)
            """)
        for try await (round, labelled, train, wall) in rows.decode((Int, Int, Double, Double).self) {
            return TrainedRound(round: round, labelled: labelled, trainSeconds: train, wallSeconds: max(0, wall))
        }
        return nil
    }
}
