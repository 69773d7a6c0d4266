#if canImport(Glibc)
import NumericSupport
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pointwise non-linearities and their derivatives, PyTorch definitions (GELU in its exact erf form).
public enum Activations {
    public static func relu(_ x: Tensor) -> Tensor { Elementwise.map(x) { max($0, 0) } }

    public static func leakyReLU(_ x: Tensor, slope: Float = 0.01) -> Tensor {
        Elementwise.map(x) { $0 > 0 ? $0 : $0 * slope }
    }

    public static func gelu(_ x: Tensor) -> Tensor {
        Elementwise.map(x) { v in 0.5 * v * (1 + erff(v * Float(0.5.squareRoot()))) }
    }

    public static func geluDerivative(_ v: Float) -> Float {
        let cdf = 0.5 * (1 + erff(v * Float(0.5.squareRoot())))
        return cdf + v * expf(-0.5 * v * v) * Float(1 / (2 * Double.pi).squareRoot())
    }

    public static func sigmoid(_ x: Tensor) -> Tensor { Elementwise.map(x, sigmoid) }

    @inline(__always)
    public static func sigmoid(_ v: Float) -> Float {
        v >= 0 ? 1 / (1 + expf(-v)) : expf(v) / (1 + expf(v))
    }

    /// Softmax over the last dimension, shifted by the row maximum for stability.
    public static func softmax(_ x: Tensor) -> Tensor {
        let width = x.shape.last ?? 1
        return Tensor(uninitialized: x.shape) { out in
            x.data.withUnsafeBufferPointer { xb in
                parallelRanges(x.count / width, minimumPerTask: max(1, 16_384 / width)) { rows in
                    for row in rows {
                        let start = row * width
                        var peak = -Float.infinity
                        for i in start..<(start + width) { peak = max(peak, xb[i]) }
                        var total: Float = 0
                        for i in start..<(start + width) {
                            out[i] = expf(xb[i] - peak)
                            total += out[i]
                        }
                        let inverse = 1 / total
                        for i in start..<(start + width) { out[i] *= inverse }
                    }
                }
            }
        }
    }

    /// dx = y·(dy − Σ dy·y) per row of the last dimension.
    public static func softmaxBackward(output y: Tensor, gradOutput dy: Tensor) -> Tensor {
        let width = y.shape.last ?? 1
        return Tensor(uninitialized: y.shape) { out in
            y.data.withUnsafeBufferPointer { yb in
                dy.data.withUnsafeBufferPointer { gb in
                    parallelRanges(y.count / width, minimumPerTask: max(1, 16_384 / width)) { rows in
                        for row in rows {
                            let start = row * width
                            var dot: Float = 0
                            for i in start..<(start + width) { dot += yb[i] * gb[i] }
                            for i in start..<(start + width) { out[i] = yb[i] * (gb[i] - dot) }
                        }
                    }
                }
            }
        }
    }
}
