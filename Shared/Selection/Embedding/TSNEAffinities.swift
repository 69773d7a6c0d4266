import Foundation

/// Joint probabilities P of t-SNE as a symmetric sparse matrix (CSR) whose entries sum to 1.
/// Conditional rows come from scikit-learn's binary search for the Gaussian precision that hits the
/// target perplexity (entropy tolerance 1e-5, ≤ 100 steps), then P = (P + Pᵀ) / sum.
struct TSNEAffinities {
    let rowStart: [Int]
    let columns: [Int]
    let values: [Double]

    /// Exact: every other point is a neighbour.
    static func exact(_ x: Matrix, perplexity: Double) -> TSNEAffinities {
        let n = x.rows
        var neighbours = [Int](repeating: 0, count: n * (n - 1))
        var distances = [Double](repeating: 0, count: n * (n - 1))
        BlockDistances(x, x).forEachRow { i, row in
            var slot = i * (n - 1)
            for j in 0..<n where j != i {
                neighbours[slot] = j
                distances[slot] = row[j]
                slot += 1
            }
        }
        return symmetrised(n: n, k: n - 1, neighbours: neighbours, squaredDistances: distances, perplexity: perplexity)
    }

    /// Barnes–Hut: the ⌊3·perplexity + 1⌋ nearest neighbours only, as scikit-learn.
    static func nearestNeighbours(_ x: Matrix, perplexity: Double) -> TSNEAffinities {
        let k = min(x.rows - 1, Int(3 * perplexity + 1))
        let knn = NearestNeighbours(x, k: k)
        return symmetrised(n: x.rows, k: k, neighbours: knn.indices, squaredDistances: knn.squaredDistances,
                           perplexity: perplexity)
    }

    private static func symmetrised(n: Int, k: Int, neighbours: [Int], squaredDistances: [Double],
                                    perplexity: Double) -> TSNEAffinities {
        var conditional = [Double](repeating: 0, count: n * k)
        let target = log(perplexity)
        for i in 0..<n {
            let base = i * k
            var beta = 1.0, low = -Double.infinity, high = Double.infinity
            for _ in 0..<100 {
                var sum = 0.0
                for j in 0..<k {
                    conditional[base + j] = exp(-squaredDistances[base + j] * beta)
                    sum += conditional[base + j]
                }
                if sum == 0 { sum = 1e-8 }
                var weighted = 0.0
                for j in 0..<k {
                    conditional[base + j] /= sum
                    weighted += squaredDistances[base + j] * conditional[base + j]
                }
                let difference = log(sum) + beta * weighted - target
                if abs(difference) <= 1e-5 { break }
                if difference > 0 {
                    low = beta
                    beta = high == .infinity ? beta * 2 : (beta + high) / 2
                } else {
                    high = beta
                    beta = low == -.infinity ? beta / 2 : (beta + low) / 2
                }
            }
        }
        // Sum P and Pᵀ entry by entry through a per-row dictionary: rows hold ~3·perplexity entries.
        var rows = [[Int: Double]](repeating: [:], count: n)
        for i in 0..<n {
            for j in 0..<k {
                let col = neighbours[i * k + j], p = conditional[i * k + j]
                rows[i][col, default: 0] += p
                rows[col][i, default: 0] += p
            }
        }
        // Dictionary order varies between instances, so sum only after sorting: seeds must reproduce bit for bit.
        var rowStart = [0], columns: [Int] = [], values: [Double] = []
        for row in rows {
            for (col, p) in row.sorted(by: { $0.key < $1.key }) {
                columns.append(col)
                values.append(p)
            }
            rowStart.append(columns.count)
        }
        let total = max(values.reduce(0, +), Double.ulpOfOne)
        values = values.map { $0 / total }
        return TSNEAffinities(rowStart: rowStart, columns: columns, values: values)
    }
}
