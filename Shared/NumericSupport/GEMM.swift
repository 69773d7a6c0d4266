import CBLAS

// The one door to OpenBLAS's matrix product (which threads large products itself), in single precision for
// the engine and double precision for the selection maths.

/// Row-major C = alpha·op(A)·op(B) + beta·C in single precision.
@inlinable
public func gemm(transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
                 alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                 beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// Row-major C = alpha·op(A)·op(B) + beta·C in double precision.
@inlinable
public func gemm(transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
                 alpha: Double = 1, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                 beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int) {
    cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// C = op(A) · op(B) for row-major arrays, as a new array. `a` is stored rows × cols as given by `aShape`
/// (before the optional transpose), likewise `b`.
public func gemm(_ a: [Double], _ aShape: (rows: Int, cols: Int), transposeA: Bool = false,
                 _ b: [Double], _ bShape: (rows: Int, cols: Int), transposeB: Bool = false) -> [Double] {
    let m = transposeA ? aShape.cols : aShape.rows
    let k = transposeA ? aShape.rows : aShape.cols
    let n = transposeB ? bShape.rows : bShape.cols
    var out = [Double](repeating: 0, count: m * n)
    a.withUnsafeBufferPointer { ap in
        b.withUnsafeBufferPointer { bp in
            out.withUnsafeMutableBufferPointer { op in
                guard let aa = ap.baseAddress, let bb = bp.baseAddress, let oo = op.baseAddress else { return }
                gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: aa, lda: aShape.cols,
                     b: bb, ldb: bShape.cols, c: oo, ldc: n)
            }
        }
    }
    return out
}
