import NumericSupport
import Foundation

/// t-SNE to two dimensions following scikit-learn ≥ 1.2 defaults: PCA initialisation scaled to std 1e-4,
/// early exaggeration 12 for 250 iterations at momentum 0.5, then momentum 0.8, learning rate "auto"
/// (max(n / 12 / 4, 50)), per-parameter gains (+0.2 / ×0.8, floor 0.01), 1000 iterations in all.
/// Small pools use the exact O(n²) gradient, larger ones Barnes–Hut with a quadtree (theta 0.5).
public struct TSNE: Sendable {
    public enum Method: Sendable, Hashable {
        /// Exact up to `exactLimit` points, Barnes–Hut above.
        case automatic
        case exact
        case barnesHut
    }

    public enum Initialisation: Sendable, Hashable {
        /// First two principal components scaled to std 1e-4: stable maps across runs (scikit-learn's default).
        case pca
        /// Gaussian with std 1e-4 from the seeded generator.
        case random
    }

    /// nil: min(30, (n − 1) / 3), so the 3·perplexity neighbours always exist.
    public var perplexity: Double?
    public var iterations = 1000
    public var earlyExaggeration = 12.0
    public var exaggerationIterations = 250
    /// nil: scikit-learn's "auto".
    public var learningRate: Double?
    public var theta = 0.5
    public var method = Method.automatic
    public var exactLimit = 500
    /// High-dimensional inputs are first reduced to this many principal components (nil: never).
    public var pcaDimensions: Int? = 50
    public var initialisation = Initialisation.pca
    /// Seeds the random initialisation and the randomized PCA used for pre-reduction and initialisation.
    public var seed: UInt64 = 0

    public init(seed: UInt64 = 0) { self.seed = seed }

    public func effectivePerplexity(n: Int) -> Double {
        perplexity ?? max(1, min(30, Double(n - 1) / 3))
    }

    public func embed(_ input: Matrix) throws(SelectionError) -> Matrix {
        let n = input.rows
        guard n >= 4 else {
            throw .invalidParameter(name: "pool size", value: "\(n)", requirement: "at least 4 scans for t-SNE")
        }
        let perplexity = effectivePerplexity(n: n)
        guard perplexity > 0, perplexity < Double(n) else {
            throw .invalidParameter(name: "perplexity", value: "\(perplexity)", requirement: "in (0, \(n))")
        }
        guard iterations > exaggerationIterations, exaggerationIterations >= 0 else {
            throw .invalidParameter(name: "iterations", value: "\(iterations)",
                                    requirement: "more than the \(exaggerationIterations) exaggeration iterations")
        }
        var x = input
        if let dims = pcaDimensions, dims < x.cols {
            x = try PCA.fit(x, components: dims, seed: seed).transform(x)
        }
        let exact = method == .exact || (method == .automatic && n <= exactLimit)
        let affinities = exact ? TSNEAffinities.exact(x, perplexity: perplexity)
                               : TSNEAffinities.nearestNeighbours(x, perplexity: perplexity)
        var positions = try initialPositions(x)
        let gradient: TSNEGradient = exact ? .exact : .barnesHut(theta: theta)
        let rate = learningRate ?? max(Double(n) / earlyExaggeration / 4, 50)
        optimise(&positions, affinities: affinities, gradient: gradient, rate: rate, exaggeration: earlyExaggeration,
                 momentum: 0.5, iterations: 0..<exaggerationIterations)
        optimise(&positions, affinities: affinities, gradient: gradient, rate: rate, exaggeration: 1,
                 momentum: 0.8, iterations: exaggerationIterations..<iterations)
        return Matrix(unchecked: n, 2, positions)
    }

    /// Scaled so the first coordinate has standard deviation 1e-4, as scikit-learn does for its "pca" init.
    private func initialPositions(_ x: Matrix) throws(SelectionError) -> [Double] {
        if initialisation == .random {
            var rng = SeededRandom(seed: seed)
            return (0..<(2 * x.rows)).map { _ in 1e-4 * rng.gaussian() }
        }
        let components = min(2, x.cols)
        let projected = try PCA.fit(x, components: components, seed: seed).transform(x)
        var positions = [Double](repeating: 0, count: x.rows * 2)
        for i in 0..<x.rows { for c in 0..<components { positions[2 * i + c] = projected[i, c] } }
        let mean = (0..<x.rows).reduce(0) { $0 + positions[2 * $1] } / Double(x.rows)
        let variance = (0..<x.rows).reduce(0) { $0 + (positions[2 * $1] - mean) * (positions[2 * $1] - mean) } / Double(x.rows)
        let scale = variance > 0 ? 1e-4 / variance.squareRoot() : 1
        return positions.map { $0 * scale }
    }

    /// One stage of scikit-learn's `_gradient_descent`: update and gains start afresh for each stage.
    private func optimise(_ positions: inout [Double], affinities: TSNEAffinities, gradient: TSNEGradient, rate: Double,
                          exaggeration: Double, momentum: Double, iterations: Range<Int>) {
        var update = [Double](repeating: 0, count: positions.count)
        var gains = [Double](repeating: 1, count: positions.count)
        var grad = [Double](repeating: 0, count: positions.count)
        for iteration in iterations {
            gradient.compute(positions, affinities: affinities, exaggeration: exaggeration, into: &grad)
            var norm = 0.0
            for p in 0..<positions.count {
                gains[p] = update[p] * grad[p] < 0 ? gains[p] + 0.2 : max(gains[p] * 0.8, 0.01)
                let g = grad[p] * gains[p]
                norm += g * g
                update[p] = momentum * update[p] - rate * g
                positions[p] += update[p]
            }
            // scikit-learn's min_grad_norm check, every 50 iterations.
            if (iteration + 1) % 50 == 0, norm.squareRoot() <= 1e-7 { break }
        }
    }
}
