import Catalog
import Selection

/// Scans embedded after the project's map was built (a PACS that keeps sending) get a place and a cluster on
/// that map before the pool is scored, so every strategy and space can pick them in the next round, and the
/// map shows them, while the points already there — and every earlier pick's reason — stay as they were.
enum NewArrivals {
    static func placements(_ catalog: Catalog, project: String) async throws -> (clusterRun: Int64, points: [MapPoint])? {
        guard let inputs = try await catalog.mapPlacementInputs(project: project), !inputs.unplaced.isEmpty,
              !inputs.placed.isEmpty else { return nil }
        // The map was built from L2-normalised embeddings; neighbours are found the same way.
        let reference = try Matrix(rowVectors: inputs.placed.map { $0.vector.map(Double.init) }).l2Normalised()
        let queries = try Matrix(rowVectors: inputs.unplaced.map { $0.vector.map(Double.init) }).l2Normalised()
        let placed = try MapPlacement.place(queries, reference: reference,
                                            positions: inputs.placed.map { ($0.point.x, $0.point.y) },
                                            clusters: inputs.placed.map(\.point.cluster))
        let points = zip(inputs.unplaced, placed).map { arrival, place in
            MapPoint(scanID: arrival.scanID, x: place.x, y: place.y, cluster: place.cluster)
        }
        return (inputs.clusterRun, points)
    }
}
