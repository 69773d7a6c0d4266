import NumericSupport
/// Parallel elementwise maps; the closures inline into the loops, so each activation compiles to a plain
/// vectorisable loop per core.
enum Elementwise {
    @inline(__always)
    static func map(_ x: Tensor, into output: TensorBuffer = TensorBuffer(), _ f: (Float) -> Float) -> Tensor {
        output.tensor(x.shape) { out in
            x.data.withUnsafeBufferPointer { xb in
                parallelRanges(x.count) { range in
                    for i in range { out[i] = f(xb[i]) }
                }
            }
        }
    }

    @inline(__always)
    static func zip(_ a: Tensor, _ b: Tensor, into output: TensorBuffer = TensorBuffer(),
                    _ f: (Float, Float) -> Float) -> Tensor {
        precondition(a.count == b.count, "elementwise operands differ: \(a.shape) vs \(b.shape)")
        return output.tensor(a.shape) { out in
            a.data.withUnsafeBufferPointer { ab in
                b.data.withUnsafeBufferPointer { bb in
                    parallelRanges(a.count) { range in
                        for i in range { out[i] = f(ab[i], bb[i]) }
                    }
                }
            }
        }
    }
}
