/// Trustworthiness of an embedding exactly as scikit-learn's `sklearn.manifold.trustworthiness` (Euclidean):
/// 1 − 2 / (n·k·(2n − 3k − 1)) · Σ_i Σ_{j ∈ embedded kNN(i)} max(0, rank_i(j) − k), where rank_i(j) is j's
/// 1-based rank among i's neighbours in the original space. Ranks are counted row by row, so memory stays O(n).
public enum Trustworthiness {
    public static func score(original: Matrix, embedded: Matrix, neighbours k: Int) throws(SelectionError) -> Double {
        let n = original.rows
        guard embedded.rows == n else { throw .shapeMismatch(what: "embedding rows", expected: n, actual: embedded.rows) }
        guard k >= 1, Double(k) < Double(n) / 2 else {
            throw .invalidParameter(name: "neighbours", value: "\(k)", requirement: "at least 1 and below n / 2 (\(n / 2))")
        }
        let embeddedNeighbours = NearestNeighbours(embedded, k: k)
        var penalty = 0.0
        BlockDistances(original, original).forEachRow { i, row in
            for r in 0..<k {
                let j = embeddedNeighbours.indices[i * k + r]
                let dj = row[j]
                // Rank = 1 + points strictly closer (self excluded), ties broken by index like a stable argsort.
                var rank = 1
                for m in 0..<n where m != i && (row[m] < dj || (row[m] == dj && m < j)) { rank += 1 }
                if rank > k { penalty += Double(rank - k) }
            }
        }
        let nd = Double(n), kd = Double(k)
        return 1 - penalty * (2 / (nd * kd * (2 * nd - 3 * kd - 1)))
    }
}
