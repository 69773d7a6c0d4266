import NumericSupport
/// Mean silhouette coefficient with Euclidean distances, defined exactly as scikit-learn's
/// `silhouette_score`: s(i) = (b − a) / max(a, b), and s(i) = 0 for points alone in their cluster.
public enum Silhouette {
    /// Exact O(n²) score, computed block-wise through dgemm so 20k points need no n² memory.
    public static func score(_ x: Matrix, labels: [Int]) throws(SelectionError) -> Double {
        guard x.rows > 0 else { throw .emptyPool }
        guard labels.count == x.rows else {
            throw .shapeMismatch(what: "labels", expected: x.rows, actual: labels.count)
        }
        let k = (labels.max() ?? 0) + 1
        guard labels.allSatisfy({ $0 >= 0 }), Set(labels).count >= 2, Set(labels).count < x.rows else {
            throw .invalidParameter(name: "labels", value: "\(Set(labels).count) distinct clusters",
                                    requirement: "non-negative with between 2 and n − 1 distinct clusters")
        }
        var sizes = [Int](repeating: 0, count: k)
        for l in labels { sizes[l] += 1 }
        var total = 0.0
        var sums = [Double](repeating: 0, count: k)
        BlockDistances(x, x).forEachRow { i, row in
            for j in 0..<k { sums[j] = 0 }
            for j in 0..<row.count { sums[labels[j]] += row[j].squareRoot() }
            let own = labels[i]
            guard sizes[own] > 1 else { return }
            let a = sums[own] / Double(sizes[own] - 1)
            var b = Double.infinity
            for j in 0..<k where j != own && sizes[j] > 0 { b = min(b, sums[j] / Double(sizes[j])) }
            // Coincident clusters give 0/0, which scikit-learn's nan_to_num turns into 0.
            let scale = max(a, b)
            if scale > 0 { total += (b - a) / scale }
        }
        return total / Double(x.rows)
    }

    /// Above `exactLimit` points, the score of a seeded uniform sample of `sampleSize` points (the same
    /// estimator as scikit-learn's `sample_size`), because the exact score is quadratic in n.
    public static func score(_ x: Matrix, labels: [Int], exactLimit: Int, sampleSize: Int,
                             seed: UInt64) throws(SelectionError) -> Double {
        guard x.rows > exactLimit else { return try score(x, labels: labels) }
        var rng = SeededRandom(seed: seed)
        var order = Array(0..<x.rows)
        order.shuffle(using: &rng)
        let sample = Array(order.prefix(max(2, sampleSize))).sorted()
        return try score(x.selecting(rows: sample), labels: sample.map { labels[$0] })
    }
}
