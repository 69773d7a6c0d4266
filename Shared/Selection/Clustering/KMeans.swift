import NumericSupport
import Foundation

public struct KMeansResult: Sendable, Equatable {
    public let k: Int
    /// Cluster of each point, 0..<k.
    public let labels: [Int]
    public let centroids: Matrix
    /// Sum of squared distances of points to their centroid (scikit-learn's `inertia_`).
    public let inertia: Double
    public let iterations: Int

    public var clusterSizes: [Int] {
        var sizes = [Int](repeating: 0, count: k)
        for l in labels { sizes[l] += 1 }
        return sizes
    }

    /// Indices of the members of each cluster, in increasing order.
    public var members: [[Int]] {
        var out = [[Int]](repeating: [], count: k)
        for (i, l) in labels.enumerated() { out[l].append(i) }
        return out
    }
}

/// Lloyd's k-means with greedy k-means++ seeding and `restarts` independent runs, keeping the lowest inertia —
/// the same recipe as scikit-learn's KMeans(n_init=…), so inertia is comparable with its reference values.
public struct KMeans: Sendable {
    public var k: Int
    public var restarts: Int
    public var maxIterations: Int
    /// Relative to the mean per-feature variance, as scikit-learn's `tol`.
    public var tolerance: Double
    public var seed: UInt64

    public init(k: Int, restarts: Int = 10, maxIterations: Int = 300, tolerance: Double = 1e-4, seed: UInt64 = 0) {
        self.k = k
        self.restarts = restarts
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.seed = seed
    }

    public func fit(_ x: Matrix) throws(SelectionError) -> KMeansResult {
        guard x.rows > 0 else { throw .emptyPool }
        guard k >= 1, k <= x.rows else {
            throw .invalidParameter(name: "k", value: "\(k)", requirement: "between 1 and the number of points (\(x.rows))")
        }
        guard restarts >= 1 else {
            throw .invalidParameter(name: "restarts", value: "\(restarts)", requirement: "at least 1")
        }
        let norms = x.squaredRowNorms()
        let absoluteTolerance = tolerance * meanVariance(x)
        var rng = SeededRandom(seed: seed)
        var best: KMeansResult?
        for _ in 0..<restarts {
            var seeds = KMeansPlusPlus(x, k: k, greedy: true).seed(count: k, first: nil, rng: &rng).indices
            // k-means++ stops once every point coincides with a centre: with fewer distinct points than k the
            // remaining seeds repeat points (lloyd relocates their empty clusters).
            for i in 0..<x.rows where seeds.count < k && !seeds.contains(i) { seeds.append(i) }
            let run = lloyd(x, norms: norms, initial: x.selecting(rows: seeds), tolerance: absoluteTolerance)
            if run.inertia < best?.inertia ?? .infinity { best = run }
        }
        guard let result = best else { throw .emptyPool }
        return result
    }

    private func meanVariance(_ x: Matrix) -> Double {
        let means = x.columnMeans()
        var total = 0.0
        for r in 0..<x.rows {
            for c in 0..<x.cols {
                let t = x[r, c] - means[c]
                total += t * t
            }
        }
        return total / Double(x.rows * x.cols)
    }

    private func lloyd(_ x: Matrix, norms: [Double], initial: Matrix, tolerance: Double) -> KMeansResult {
        var centroids = initial
        // Fewer distinct points than k leaves duplicate seeds; the empty-cluster relocation below handles it.
        var labels = [Int](repeating: -1, count: x.rows)
        var iterations = 0
        for iteration in 1...max(1, maxIterations) {
            iterations = iteration
            let (newLabels, distances) = assign(x, norms: norms, centroids: centroids)
            if newLabels == labels { break }  // strict convergence: centroids are already the means
            labels = newLabels
            let updated = recentre(x, labels: &labels, distances: distances, previous: centroids)
            var shift = 0.0
            for i in 0..<updated.values.count {
                let t = updated.values[i] - centroids.values[i]
                shift += t * t
            }
            centroids = updated
            if shift <= tolerance { break }
        }
        // scikit-learn's closing E-step: labels must belong to the final centroids however the loop ended.
        labels = assign(x, norms: norms, centroids: centroids).labels
        var inertia = 0.0
        for i in 0..<x.rows { inertia += x.squaredDistance(i, centroids, labels[i]) }
        return KMeansResult(k: k, labels: labels, centroids: centroids, inertia: inertia, iterations: iterations)
    }

    func assign(_ x: Matrix, norms: [Double], centroids: Matrix) -> (labels: [Int], distances: [Double]) {
        var labels = [Int](repeating: 0, count: x.rows)
        var distances = [Double](repeating: 0, count: x.rows)
        BlockDistances(x, centroids, aNorms: norms).forEachRow { i, row in
            var bestJ = 0
            var bestD = row[0]
            for j in 1..<row.count where row[j] < bestD {
                bestD = row[j]
                bestJ = j
            }
            labels[i] = bestJ
            distances[i] = bestD
        }
        return (labels, distances)
    }

    /// Means of the clusters; an empty cluster takes over the point farthest from its own centroid,
    /// as scikit-learn relocates them, so k clusters survive.
    private func recentre(_ x: Matrix, labels: inout [Int], distances: [Double], previous: Matrix) -> Matrix {
        var sums = Matrix.zeros(k, x.cols)
        var counts = [Int](repeating: 0, count: k)
        for i in 0..<x.rows {
            let l = labels[i]
            counts[l] += 1
            for c in 0..<x.cols { sums[l, c] += x[i, c] }
        }
        let empty = (0..<k).filter { counts[$0] == 0 }
        if !empty.isEmpty {
            let farthest = (0..<x.rows).sorted { distances[$0] > distances[$1] }
            for (cluster, point) in zip(empty, farthest) {
                let old = labels[point]
                guard counts[old] > 1 else { continue }
                counts[old] -= 1
                for c in 0..<x.cols { sums[old, c] -= x[point, c]; sums[cluster, c] = x[point, c] }
                counts[cluster] = 1
                labels[point] = cluster
            }
        }
        for j in 0..<k {
            guard counts[j] > 0 else {
                for c in 0..<x.cols { sums[j, c] = previous[j, c] }
                continue
            }
            for c in 0..<x.cols { sums[j, c] /= Double(counts[j]) }
        }
        return sums
    }
}
