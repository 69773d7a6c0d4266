import NumericSupport
import Foundation

/// Squared Euclidean distances between a block of rows of `a` and every row of `b`, via one dgemm
/// (‖x‖² − 2x·y + ‖y‖²). This is what makes O(n²) work (silhouette, kNN, medoids) feasible at 20k points.
/// Values are clamped at 0; cancellation leaves ~1e-13 noise, so exact-duplicate tests use direct differences.
struct BlockDistances {
    let a: Matrix
    let b: Matrix
    let aNorms: [Double]
    let bNorms: [Double]

    init(_ a: Matrix, _ b: Matrix, aNorms: [Double]? = nil) {
        self.a = a
        self.b = b
        self.aNorms = aNorms ?? a.squaredRowNorms()
        bNorms = b.squaredRowNorms()
    }

    /// Row-major [rows.count × b.rows] squared distances for a contiguous range of rows of `a`.
    func squared(rows range: Range<Int>, into out: inout [Double]) {
        let m = range.count, n = b.rows, d = a.cols
        if out.count < m * n { out = [Double](repeating: 0, count: m * n) }
        a.values.withUnsafeBufferPointer { ap in
            b.values.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { op in
                    guard let ab = ap.baseAddress, let bb = bp.baseAddress, let ob = op.baseAddress else { return }
                    gemm(transposeB: true, m: m, n: n, k: d, alpha: -2, a: ab + range.lowerBound * d, lda: d,
                         b: bb, ldb: d, c: ob, ldc: n)
                    for r in 0..<m {
                        let an = aNorms[range.lowerBound + r]
                        let row = ob + r * n
                        for j in 0..<n { row[j] = max(0, row[j] + an + bNorms[j]) }
                    }
                }
            }
        }
    }

    /// Rows per block so that one block of distances stays around 32 MB.
    var blockRows: Int { max(1, min(a.rows, 4_000_000 / max(b.rows, 1))) }

    /// Calls `body(rowIndex, squaredDistancesToAllOfB)` for every row of `a`, block by block.
    func forEachRow(_ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
        var buffer: [Double] = []
        var start = 0
        while start < a.rows {
            let range = start..<min(a.rows, start + blockRows)
            squared(rows: range, into: &buffer)
            buffer.withUnsafeBufferPointer { bp in
                for r in 0..<range.count {
                    body(range.lowerBound + r, UnsafeBufferPointer(rebasing: bp[(r * b.rows)..<((r + 1) * b.rows)]))
                }
            }
            start = range.upperBound
        }
    }
}
