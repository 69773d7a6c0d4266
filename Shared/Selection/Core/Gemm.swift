import CBLAS

/// C = op(A) · op(B) for row-major arrays, as a new array: the one dgemm call shape PCA needs three times.
/// `a` is stored rows × cols as given by `aShape` (before the optional transpose), likewise `b`.
func gemm(_ a: [Double], _ aShape: (rows: Int, cols: Int), transposeA: Bool = false,
          _ b: [Double], _ bShape: (rows: Int, cols: Int), transposeB: Bool = false) -> [Double] {
    let m = transposeA ? aShape.cols : aShape.rows
    let k = transposeA ? aShape.rows : aShape.cols
    let n = transposeB ? bShape.rows : bShape.cols
    var out = [Double](repeating: 0, count: m * n)
    a.withUnsafeBufferPointer { ap in
        b.withUnsafeBufferPointer { bp in
            out.withUnsafeMutableBufferPointer { op in
                guard let aa = ap.baseAddress, let bb = bp.baseAddress, let oo = op.baseAddress else { return }
                cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                            Int32(m), Int32(n), Int32(k), 1, aa, Int32(aShape.cols), bb, Int32(bShape.cols), 0, oo, Int32(n))
            }
        }
    }
    return out
}
