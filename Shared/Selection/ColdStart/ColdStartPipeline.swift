/// The whole cold start from raw embeddings, as the clustering service runs it: L2-normalise, PCA, optional
/// t-SNE map, then a cold-start strategy in the chosen space (the paper clusters the 2-D map; for very large
/// pools clustering the reduced embedding avoids t-SNE altogether).
public struct ColdStartPipeline: Sendable {
    public enum ClusteringSpace: Sendable, Hashable {
        case map
        case embedding
    }

    /// Both results a service stores: the map for the picture (if computed) and the selection.
    public struct Output: Sendable {
        public let map: Matrix?
        /// The space the strategy ran in (the map or the reduced embedding), for later active-learning rounds.
        public let space: Matrix
        public let selection: ColdStartSelection
    }

    public var clusteringSpace = ClusteringSpace.map
    /// Principal components kept before t-SNE and clustering (nil or ≥ d: keep all dimensions).
    public var pcaDimensions: Int? = 50
    public var normalise = true
    /// Compute the 2-D map even when clustering the embedding (always computed for `.map`).
    public var computeMap = true
    public var tsne = TSNE()
    public var strategy = ColdStartStrategy.paper
    /// k-means restarts (n_init) wherever the strategy clusters.
    public var restarts = 10
    public var seed: UInt64 = 0

    public init() {}

    public func run(embeddings: Matrix, budget: Int) throws(SelectionError) -> Output {
        let (map, space) = try layout(embeddings)
        let selection = try ColdStart.select(space, budget: budget, strategy: strategy, seed: seed, restarts: restarts)
        return Output(map: map, space: space, selection: selection)
    }

    /// The map (if computed) and the space strategies run in, without picking: what a full map rebuild of a
    /// grown pool needs.
    public func layout(_ embeddings: Matrix) throws(SelectionError) -> (map: Matrix?, space: Matrix) {
        let x = normalise ? embeddings.l2Normalised() : embeddings
        var reduced = x
        if let dims = pcaDimensions, dims < x.cols, x.rows > 1 {
            reduced = try PCA.fit(x, components: dims, seed: seed).transform(x)
        }
        var map: Matrix?
        if clusteringSpace == .map || computeMap {
            var projector = tsne
            projector.pcaDimensions = nil  // already reduced above
            projector.seed = seed
            map = try projector.embed(reduced)
        }
        return (map, clusteringSpace == .map ? (map ?? reduced) : reduced)
    }
}
