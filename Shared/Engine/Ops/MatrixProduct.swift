import NumericSupport
/// Dense products for linear layers and attention.
public enum MatrixProduct {
    /// y = x·Wᵀ + b over the last dimension (PyTorch Linear: weight [out, in]).
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        let outFeatures = weight.shape[0], inFeatures = weight.shape[1]
        precondition(x.shape.last == inFeatures, "linear(\(inFeatures)→\(outFeatures)) got shape \(x.shape)")
        let rows = x.count / inFeatures
        return Tensor(uninitialized: Array(x.shape.dropLast()) + [outFeatures]) { out in
            let o = out.baseAddress.unsafelyUnwrapped
            for r in 0..<rows { (o + r * outFeatures).update(from: bias?.data ?? [Float](repeating: 0, count: outFeatures), count: outFeatures) }
            x.data.withUnsafeBufferPointer { xb in
                weight.data.withUnsafeBufferPointer { wb in
                    gemm(transposeB: true, m: rows, n: outFeatures, k: inFeatures, a: xb.baseAddress.unsafelyUnwrapped,
                         lda: inFeatures, b: wb.baseAddress.unsafelyUnwrapped, ldb: inFeatures, beta: 1, c: o,
                         ldc: outFeatures)
                }
            }
        }
    }

    /// Batched product over leading dimensions: a [..., m, k] · b [..., k, n] (or b [..., n, k] with
    /// `transposeB`, as attention's q·kᵀ). Both operands share the leading dimensions.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.rank >= 2 && a.rank == b.rank && a.shape.dropLast(2) == b.shape.dropLast(2),
                     "matmul operands \(a.shape) and \(b.shape) do not share batch dimensions")
        let aRows = a.shape[a.rank - 2], aCols = a.shape[a.rank - 1]
        let bRows = b.shape[b.rank - 2], bCols = b.shape[b.rank - 1]
        let m = transposeA ? aCols : aRows, k = transposeA ? aRows : aCols
        let n = transposeB ? bRows : bCols
        precondition((transposeB ? bCols : bRows) == k, "matmul inner dimensions differ: \(a.shape) · \(b.shape)")
        let batch = a.count / max(1, aRows * aCols)
        return Tensor(uninitialized: Array(a.shape.dropLast(2)) + [m, n]) { out in
            a.data.withUnsafeBufferPointer { ab in
                b.data.withUnsafeBufferPointer { bb in
                    for i in 0..<batch {
                        gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                             a: ab.baseAddress.unsafelyUnwrapped + i * aRows * aCols, lda: aCols,
                             b: bb.baseAddress.unsafelyUnwrapped + i * bRows * bCols, ldb: bCols,
                             c: out.baseAddress.unsafelyUnwrapped + i * m * n, ldc: n)
                    }
                }
            }
        }
    }

    /// Gradients of c = a·b: (dc·bᵀ, aᵀ·dc).
    public static func matmulBackward(_ a: Tensor, _ b: Tensor, gradOutput: Tensor) -> (gradA: Tensor, gradB: Tensor) {
        (matmul(gradOutput, b, transposeB: true), matmul(a, gradOutput, transposeA: true))
    }
}
