/// Eigen-decomposition of a small dense symmetric matrix by cyclic Jacobi rotations: robust, dependency-free
/// and plenty fast for the ≤ ~100-dimensional problems PCA reduces to.
struct SymmetricEigen {
    /// Descending.
    let values: [Double]
    /// Column j of this row-major m × m matrix is the eigenvector of values[j].
    let vectors: [Double]

    init(_ matrix: [Double], size m: Int) {
        var a = matrix
        var v = [Double](repeating: 0, count: m * m)
        for i in 0..<m { v[i * m + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<m { for q in (p + 1)..<m { off += a[p * m + q] * a[p * m + q] } }
            if off < 1e-30 { break }
            for p in 0..<m {
                for q in (p + 1)..<m where a[p * m + q] != 0 {
                    let theta = (a[q * m + q] - a[p * m + p]) / (2 * a[p * m + q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<m {
                        let akp = a[k * m + p], akq = a[k * m + q]
                        a[k * m + p] = c * akp - s * akq
                        a[k * m + q] = s * akp + c * akq
                    }
                    for k in 0..<m {
                        let apk = a[p * m + k], aqk = a[q * m + k]
                        a[p * m + k] = c * apk - s * aqk
                        a[q * m + k] = s * apk + c * aqk
                    }
                    for k in 0..<m {
                        let vkp = v[k * m + p], vkq = v[k * m + q]
                        v[k * m + p] = c * vkp - s * vkq
                        v[k * m + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<m).sorted { a[$0 * m + $0] > a[$1 * m + $1] }
        values = order.map { a[$0 * m + $0] }
        var sorted = [Double](repeating: 0, count: m * m)
        for (j, src) in order.enumerated() { for k in 0..<m { sorted[k * m + j] = v[k * m + src] } }
        vectors = sorted
    }
}
