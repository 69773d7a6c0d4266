import Catalog
import Selection

/// Scans embedded after the project's map was built (a PACS that keeps sending) get a place and a cluster on
/// that map before the pool is scored, so every strategy and space can pick them in the next round, and the
/// map shows them, while the points already there — and every earlier pick's reason — stay as they were. Once
/// the pool has grown by `coldStart.mapRebuildGrowth`, the whole pool is laid out and clustered again instead.
enum NewArrivals {
    enum MapUpdate: Sendable {
        case place(clusterRun: Int64, points: [MapPoint])
        case rebuild(ClusterRun)

        func record(_ catalog: Catalog, project: String) async throws {
            switch self {
            case let .place(run, points): try await catalog.placeOnMap(clusterRun: run, points: points)
            case let .rebuild(run): try await catalog.recordMapRebuild(project: project, run: run)
            }
        }
    }

    static func mapUpdate(_ catalog: Catalog, project: String,
                          settings: ProjectConfiguration.ColdStartSettings) async throws -> MapUpdate? {
        guard let inputs = try await catalog.mapPlacementInputs(project: project), !inputs.unplaced.isEmpty,
              !inputs.placed.isEmpty else { return nil }
        if settings.mapRebuildDue(builtFrom: inputs.builtFrom, pool: inputs.placed.count + inputs.unplaced.count) {
            let pool = inputs.placed.map { StoredEmbedding(scanID: $0.point.scanID, vector: $0.vector) } + inputs.unplaced
            return .rebuild(try PoolMap.rebuild(pool, settings: settings, encoder: inputs.encoder,
                                                checksum: inputs.weightsChecksum))
        }
        // The map was built from L2-normalised embeddings; neighbours are found the same way.
        let reference = try Matrix(rowVectors: inputs.placed.map { $0.vector.map(Double.init) }).l2Normalised()
        let queries = try Matrix(rowVectors: inputs.unplaced.map { $0.vector.map(Double.init) }).l2Normalised()
        let placed = try MapPlacement.place(queries, reference: reference,
                                            positions: inputs.placed.map { ($0.point.x, $0.point.y) },
                                            clusters: inputs.placed.map(\.point.cluster))
        let points = zip(inputs.unplaced, placed).map { arrival, place in
            MapPoint(scanID: arrival.scanID, x: place.x, y: place.y, cluster: place.cluster)
        }
        return .place(clusterRun: inputs.clusterRun, points: points)
    }
}
