import NumericSupport
import Foundation
import Selection

/// One measured stage of a benchmark.
public struct BenchmarkTiming: Sendable {
    public let stage: String
    public let seconds: Double
    public let detail: String
}

/// Benchmarks at production scale on synthetic embeddings, for `scanselect bench select`. Data generation is
/// timed separately from the work a service would do.
public enum SelectionBenchmark {
    /// Cold start for a large pool without t-SNE, as a service would run it: PCA of L2-normalised embeddings,
    /// k-means for k = 2…kMax in the reduced space with a sampled silhouette, then medoids + farthest points.
    /// Returns the stages "generate" (not service work), "select" (the service's work) and "result".
    public static func coldStartAtScale(scans: Int = 100_000, dimensions: Int = 2048, reducedDimensions: Int = 50,
                                        budget: Int = 100, kMax: Int = 10, restarts: Int = 3,
                                        seed: UInt64 = 0) throws(SelectionError) -> [BenchmarkTiming] {
        var timings: [BenchmarkTiming] = []
        let pool = try measure("generate", "\(scans) × \(dimensions) L2-normalised blob embeddings", into: &timings) { () throws(SelectionError) in
            try syntheticEmbeddings(scans: scans, dimensions: dimensions, clusters: 8, seed: seed)
        }
        var pipeline = ColdStartPipeline()
        pipeline.clusteringSpace = .embedding
        pipeline.computeMap = false
        pipeline.pcaDimensions = reducedDimensions
        pipeline.strategy = .clusterMedoids(kMax: kMax)
        pipeline.restarts = restarts
        pipeline.seed = seed
        let selection = try measure("select", "normalise, PCA \(dimensions) → \(reducedDimensions), paper cold start in the " +
                                    "embedding, budget \(budget), k in 2…\(kMax), \(restarts) restarts", into: &timings) { () throws(SelectionError) in
            try pipeline.run(embeddings: pool, budget: budget).selection
        }
        timings.append(BenchmarkTiming(stage: "result", seconds: 0,
                                       detail: "chose k = \(selection.clustering?.k ?? 0), \(selection.picks.count) distinct picks"))
        return timings
    }

    /// Barnes–Hut t-SNE of `points` embeddings (already PCA-sized) to the 2-D map.
    public static func tsneAtScale(points: Int = 20_000, dimensions: Int = 50,
                                   seed: UInt64 = 0) throws(SelectionError) -> [BenchmarkTiming] {
        var timings: [BenchmarkTiming] = []
        let pool = try measure("generate", "\(points) × \(dimensions) blob embeddings", into: &timings) { () throws(SelectionError) in
            try syntheticEmbeddings(scans: points, dimensions: dimensions, clusters: 8, seed: seed)
        }
        _ = try measure("tsne", "Barnes–Hut, theta 0.5, 1000 iterations", into: &timings) { () throws(SelectionError) in
            try TSNE(seed: seed).embed(pool)
        }
        return timings
    }

    /// Gaussian blobs of unequal sizes around random centres, each row L2-normalised like the paper's features.
    public static func syntheticEmbeddings(scans: Int, dimensions: Int, clusters: Int, seed: UInt64) throws(SelectionError) -> Matrix {
        var rng = SeededRandom(seed: seed)
        let centres = (0..<(clusters * dimensions)).map { _ in rng.gaussian() }
        var values = [Double](repeating: 0, count: scans * dimensions)
        for i in 0..<scans {
            // Cluster c drawn with weight c + 1, so sizes differ as real scan populations do.
            let c = rng.weightedIndex((1...clusters).map(Double.init), total: Double(clusters * (clusters + 1) / 2))
            var norm = 0.0
            for d in 0..<dimensions {
                let v = centres[c * dimensions + d] + 0.6 * rng.gaussian()
                values[i * dimensions + d] = v
                norm += v * v
            }
            let inv = 1 / norm.squareRoot()
            for d in 0..<dimensions { values[i * dimensions + d] *= inv }
        }
        return try Matrix(rows: scans, cols: dimensions, values: values)
    }

    private static func measure<T>(_ stage: String, _ detail: String, into timings: inout [BenchmarkTiming],
                                   _ body: () throws(SelectionError) -> T) throws(SelectionError) -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        timings.append(BenchmarkTiming(stage: stage, seconds: seconds, detail: detail))
        return result
    }
}
