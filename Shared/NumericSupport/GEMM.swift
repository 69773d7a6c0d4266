import CBLAS

// The one door to OpenBLAS's matrix product (which threads large products itself), in single precision for
// the engine and double precision for the selection maths, both through one generic function.

/// The element types OpenBLAS multiplies: each names its own cblas routine.
public protocol BLASScalar {
    typealias Routine = (CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, blasint, blasint, blasint, Self,
                         UnsafePointer<Self>?, blasint, UnsafePointer<Self>?, blasint, Self, UnsafeMutablePointer<Self>?,
                         blasint) -> Void
    static var gemmRoutine: Routine { get }
}

extension Float: BLASScalar {
    @inlinable public static var gemmRoutine: Routine { cblas_sgemm }
}

extension Double: BLASScalar {
    @inlinable public static var gemmRoutine: Routine { cblas_dgemm }
}

/// Row-major C = alpha·op(A)·op(B) + beta·C.
@inlinable
public func gemm<T: BLASScalar & ExpressibleByIntegerLiteral>(
    transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: T = 1,
    a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int, beta: T = 0, c: UnsafeMutablePointer<T>, ldc: Int) {
    T.gemmRoutine(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                  blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
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
