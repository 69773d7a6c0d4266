import CBLAS
import NumericSupport
import Foundation

/// Principal component analysis from the covariance matrix. The covariance costs one pass of dsyrk over the data
/// (n·d²/2 flops); its leading eigenvectors come from exact Jacobi when d is small and from randomized subspace
/// iteration on the d × d covariance otherwise, which keeps 2048-d embeddings of 100k scans at a few seconds.
public struct PCA: Sendable {
    public let mean: [Double]
    /// Row-major components × d; each row unit length, signs fixed as scikit-learn's svd_flip (largest |entry| > 0).
    public let components: Matrix
    /// Variance along each component, descending.
    public let explainedVariance: [Double]

    public static func fit(_ x: Matrix, components k: Int, seed: UInt64 = 0,
                           powerIterations: Int = 8) throws(SelectionError) -> PCA {
        guard x.rows >= 2 else { throw .invalidParameter(name: "pool size", value: "\(x.rows)", requirement: "at least 2 for PCA") }
        guard k >= 1, k <= x.cols else {
            throw .invalidParameter(name: "PCA components", value: "\(k)", requirement: "between 1 and the dimension \(x.cols)")
        }
        let mean = x.columnMeans()
        let covariance = covarianceMatrix(x, mean: mean)
        let d = x.cols
        let basisSize = min(d, k + 10)
        var basis: [Double]  // row-major d × basisSize, orthonormal columns
        if basisSize == d {
            basis = [Double](repeating: 0, count: d * d)
            for i in 0..<d { basis[i * d + i] = 1 }
        } else {
            var rng = SeededRandom(seed: seed)
            basis = (0..<(d * basisSize)).map { _ in rng.gaussian() }
            orthonormaliseColumns(&basis, rows: d, cols: basisSize)
            for _ in 0..<powerIterations {
                basis = gemm(covariance, (d, d), basis, (d, basisSize))
                orthonormaliseColumns(&basis, rows: d, cols: basisSize)
            }
        }
        // Rayleigh–Ritz: the exact eigenproblem of the covariance restricted to the basis.
        let cb = gemm(covariance, (d, d), basis, (d, basisSize))
        let small = gemm(basis, (d, basisSize), transposeA: true, cb, (d, basisSize))
        let eigen = SymmetricEigen(small, size: basisSize)
        var rows = [Double](repeating: 0, count: k * d)
        for j in 0..<k {
            for i in 0..<d {
                var s = 0.0
                for l in 0..<basisSize { s += basis[i * basisSize + l] * eigen.vectors[l * basisSize + j] }
                rows[j * d + i] = s
            }
            let largest = (0..<d).max { abs(rows[j * d + $0]) < abs(rows[j * d + $1]) } ?? 0
            if rows[j * d + largest] < 0 { for i in 0..<d { rows[j * d + i] = -rows[j * d + i] } }
        }
        return PCA(mean: mean, components: Matrix(unchecked: k, d, rows),
                   explainedVariance: Array(eigen.values.prefix(k)).map { max(0, $0) })
    }

    /// Projects rows onto the components: (x − mean) · componentsᵀ, computed as x · componentsᵀ minus the
    /// projected mean so a 100k × 2048 pool is never copied.
    public func transform(_ x: Matrix) throws(SelectionError) -> Matrix {
        guard x.cols == mean.count else { throw .shapeMismatch(what: "PCA input dimension", expected: mean.count, actual: x.cols) }
        let k = components.rows
        var out = gemm(x.values, (x.rows, x.cols), components.values, (k, x.cols), transposeB: true)
        let projectedMean = (0..<k).map { c in (0..<x.cols).reduce(0) { $0 + mean[$1] * components[c, $1] } }
        for r in 0..<x.rows { for c in 0..<k { out[r * k + c] -= projectedMean[c] } }
        return Matrix(unchecked: x.rows, k, out)
    }

    /// Unbiased covariance, accumulated over centred blocks of rows so no centred copy of the data is held.
    private static func covarianceMatrix(_ x: Matrix, mean: [Double]) -> [Double] {
        let d = x.cols
        var cov = [Double](repeating: 0, count: d * d)
        let blockRows = max(1, 2_000_000 / d)
        var block = [Double](repeating: 0, count: blockRows * d)
        var start = 0
        while start < x.rows {
            let m = min(blockRows, x.rows - start)
            for r in 0..<m { for c in 0..<d { block[r * d + c] = x.values[(start + r) * d + c] - mean[c] } }
            block.withUnsafeBufferPointer { b in
                cov.withUnsafeMutableBufferPointer { cv in
                    guard let bb = b.baseAddress, let cc = cv.baseAddress else { return }
                    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(d), Int32(m), 1, bb, Int32(d), 1, cc, Int32(d))
                }
            }
            start += m
        }
        let scale = 1 / Double(x.rows - 1)
        for i in 0..<d {
            for j in i..<d {
                cov[i * d + j] *= scale
                cov[j * d + i] = cov[i * d + j]
            }
        }
        return cov
    }

    /// Modified Gram–Schmidt on the columns of a row-major rows × cols matrix.
    private static func orthonormaliseColumns(_ m: inout [Double], rows: Int, cols: Int) {
        for j in 0..<cols {
            for p in 0..<j {
                var dot = 0.0
                for i in 0..<rows { dot += m[i * cols + j] * m[i * cols + p] }
                for i in 0..<rows { m[i * cols + j] -= dot * m[i * cols + p] }
            }
            var norm = 0.0
            for i in 0..<rows { norm += m[i * cols + j] * m[i * cols + j] }
            let inv = norm > 0 ? 1 / norm.squareRoot() : 0
            for i in 0..<rows { m[i * cols + j] *= inv }
        }
    }
}
