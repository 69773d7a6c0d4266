import Catalog
import Selection

/// A map of the whole embedded pool as the catalog stores it: 2-D points, the chosen k and the silhouette curve.
/// The cold start builds the first one with its picks; a grown pool gets a full rebuild (`rebuild`).
enum PoolMap {
    static func pipeline(_ settings: ProjectConfiguration.ColdStartSettings,
                         strategy: ColdStartStrategyName) -> ColdStartPipeline {
        var pipeline = ColdStartPipeline()
        pipeline.clusteringSpace = settings.space.clusteringSpace
        pipeline.strategy = strategy.strategy(kMax: settings.kMax)
        pipeline.seed = settings.seed
        return pipeline
    }

    /// The stored run for `embeddings` laid out as `map` (else `space`) with `clustering` (else silhouette's own
    /// choice of k in `space`, so that strategies that do not cluster still colour the map).
    static func run(_ embeddings: [StoredEmbedding], map: Matrix?, space: Matrix, clustering: ClusterCountChoice?,
                    settings: ProjectConfiguration.ColdStartSettings, encoder: String,
                    checksum: String) throws -> (run: ClusterRun, clustering: ClusterCountChoice) {
        let clustering = try clustering
            ?? ClusterCountSelection(kRange: 2...max(2, min(settings.kMax, embeddings.count - 1)), seed: settings.seed)
                .choose(space)
        let map = map ?? space
        let points = embeddings.indices.map { index in
            MapPoint(scanID: embeddings[index].scanID, x: map[index, 0], y: map.cols > 1 ? map[index, 1] : 0,
                     cluster: clustering.best.labels[index])
        }
        let curve = "[" + clustering.candidates.map {
            #"{"k":\#($0.k),"silhouette":\#($0.silhouette),"inertia":\#($0.inertia)}"#
        }.joined(separator: ",") + "]"
        return (ClusterRun(encoder: encoder, weightsChecksum: checksum, space: settings.space.rawValue, k: clustering.k,
                           silhouetteCurveJSON: curve, points: points), clustering)
    }

    /// The whole pool laid out and clustered again, with the project's cold-start settings.
    static func rebuild(_ embeddings: [StoredEmbedding], settings: ProjectConfiguration.ColdStartSettings,
                        encoder: String, checksum: String) throws -> ClusterRun {
        let matrix = try Matrix(rows: embeddings.count, cols: embeddings[0].vector.count, float32: embeddings.flatMap(\.vector))
        let (map, space) = try pipeline(settings, strategy: settings.strategy).layout(matrix)
        return try run(embeddings, map: map, space: space, clustering: nil, settings: settings, encoder: encoder,
                       checksum: checksum).run
    }
}
