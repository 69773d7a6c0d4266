import NumericSupport
/// Bilinear resizing of NCHW planes with PyTorch's align_corners = false convention.
public enum Resize {
    /// For one output coordinate: the two input taps and their weights.
    struct Taps {
        var low: Int, high: Int, lowWeight: Float, highWeight: Float
    }

    static func taps(input: Int, output: Int) -> [Taps] {
        let scale = Float(input) / Float(output)
        return (0..<output).map { i in
            let source = max((Float(i) + 0.5) * scale - 0.5, 0)
            let low = min(Int(source), input - 1)
            let high = min(low + 1, input - 1)
            let lambda = source - Float(low)
            return Taps(low: low, high: high, lowWeight: 1 - lambda, highWeight: lambda)
        }
    }

    public static func bilinear(_ x: Tensor, height: Int, width: Int) -> Tensor {
        let (n, c, h, w) = x.nchw
        let rows = taps(input: h, output: height), cols = taps(input: w, output: width)
        return Tensor(uninitialized: [n, c, height, width]) { out in
            x.data.withUnsafeBufferPointer { xb in
                parallelFor(n * c) { plane in
                    let source = xb.baseAddress.unsafelyUnwrapped + plane * h * w
                    let target = out.baseAddress.unsafelyUnwrapped + plane * height * width
                    for (y, r) in rows.enumerated() {
                        for (xx, col) in cols.enumerated() {
                            let top = source[r.low * w + col.low] * col.lowWeight + source[r.low * w + col.high] * col.highWeight
                            let bottom = source[r.high * w + col.low] * col.lowWeight + source[r.high * w + col.high] * col.highWeight
                            target[y * width + xx] = top * r.lowWeight + bottom * r.highWeight
                        }
                    }
                }
            }
        }
    }

    /// Adjoint of `bilinear`: each output gradient flows back to its four taps.
    public static func bilinearBackward(_ gradOutput: Tensor, inputShape: [Int]) -> Tensor {
        let (_, _, height, width) = gradOutput.nchw
        let h = inputShape[2], w = inputShape[3]
        let rows = taps(input: h, output: height), cols = taps(input: w, output: width)
        var gradInput = Tensor(zeros: inputShape)
        gradOutput.data.withUnsafeBufferPointer { gb in
            gradInput.data.withUnsafeMutableBufferPointer { out in
                parallelFor(inputShape[0] * inputShape[1]) { plane in
                    let source = gb.baseAddress.unsafelyUnwrapped + plane * height * width
                    let target = out.baseAddress.unsafelyUnwrapped + plane * h * w
                    for (y, r) in rows.enumerated() {
                        for (xx, col) in cols.enumerated() {
                            let g = source[y * width + xx]
                            target[r.low * w + col.low] += g * r.lowWeight * col.lowWeight
                            target[r.low * w + col.high] += g * r.lowWeight * col.highWeight
                            target[r.high * w + col.low] += g * r.highWeight * col.lowWeight
                            target[r.high * w + col.high] += g * r.highWeight * col.highWeight
                        }
                    }
                }
            }
        }
        return gradInput
    }
}

/// Bilinear up-sampling by an integer factor (nn.Upsample(scale_factor:, mode: "bilinear")).
public final class Upsample: Layer {
    public let factor: Int
    private var inputShape = Cache<[Int]>()
    public init(factor: Int) { self.factor = factor }

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        inputShape.store(x.shape, if: mode)
        return Resize.bilinear(x, height: x.shape[2] * factor, width: x.shape[3] * factor)
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        Resize.bilinearBackward(gradOutput, inputShape: inputShape.take("Upsample"))
    }
}
