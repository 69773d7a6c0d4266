/// Batch normalisation kernels over NCHW (PyTorch BatchNorm2d semantics).
public enum BatchNormalization {
    /// Evaluation mode: y = (x − running_mean)/√(running_var + eps)·weight + bias, folded into one scale and shift.
    public static func inference(_ x: Tensor, mean: Tensor, variance: Tensor, weight: Tensor?, bias: Tensor?,
                                 epsilon: Float = 1e-5, into output: TensorBuffer = TensorBuffer()) -> Tensor {
        let channels = x.shape[1]
        var scale = [Float](repeating: 1, count: channels), shift = [Float](repeating: 0, count: channels)
        for c in 0..<channels {
            scale[c] = (weight?.data[c] ?? 1) / (variance.data[c] + epsilon).squareRoot()
            shift[c] = (bias?.data[c] ?? 0) - mean.data[c] * scale[c]
        }
        return affine(x, scale: scale, shift: shift, into: output)
    }

    /// y = x·scale[c] + shift[c] per channel.
    static func affine(_ x: Tensor, scale: [Float], shift: [Float], into output: TensorBuffer = TensorBuffer()) -> Tensor {
        output.tensor(x.shape) { out in
            x.data.withUnsafeBufferPointer { xb in
                forEachChannel(x.shape) { c, planes, pixels in
                    let a = scale[c], b = shift[c]
                    for offset in planes {
                        for i in offset..<(offset + pixels) { out[i] = xb[i] * a + b }
                    }
                }
            }
        }
    }

    /// Batch mean and biased variance per channel.
    static func statistics(_ x: Tensor) -> (mean: [Float], variance: [Float], count: Int) {
        let channels = x.shape[1]
        var mean = [Float](repeating: 0, count: channels), variance = mean
        var count = 0
        x.data.withUnsafeBufferPointer { xb in
            mean.withUnsafeMutableBufferPointer { mb in
                variance.withUnsafeMutableBufferPointer { vb in
                    forEachChannel(x.shape) { c, planes, pixels in
                        let base = xb.baseAddress.unsafelyUnwrapped
                        let (sum, n) = channelSums(base, planes, pixels)
                        let m = Float(sum / Double(n))
                        mb[c] = m
                        vb[c] = Float(channelSquaredDeviations(base, planes, pixels, mean: m) / Double(n))
                    }
                }
            }
        }
        count = x.count / max(1, channels)
        return (mean, variance, count)
    }

    /// dx = γ·σ⁻¹·(dy − mean(dy) − x̂·mean(dy·x̂)); adds Σdy·x̂ and Σdy into the affine gradients.
    static func backward(input x: Tensor, gradOutput dy: Tensor, mean: [Float], inverseStd: [Float], weight: [Float],
                         gradWeight: inout Tensor, gradBias: inout Tensor, into gradient: TensorBuffer) -> Tensor {
        let count = Float(x.count / x.shape[1])
        return gradient.tensor(x.shape) { out in
            x.withPointer { xb in
                dy.withPointer { gb in
                    gradWeight.withMutablePointer { gw in
                        gradBias.withMutablePointer { gbias in
                            forEachChannel(x.shape) { c, planes, pixels in
                                let m = mean[c], s = inverseStd[c]
                                var sumDy = 0.0, sumDyX = 0.0
                                for offset in planes {
                                    var a: Float = 0, b: Float = 0
                                    for i in offset..<(offset + pixels) {
                                        a += gb[i]
                                        b += gb[i] * (xb[i] - m)
                                    }
                                    sumDy += Double(a)
                                    sumDyX += Double(b)
                                }
                                let dyXhat = Float(sumDyX) * s
                                gw[c] += dyXhat
                                gbias[c] += Float(sumDy)
                                let k = weight[c] * s
                                let meanDy = Float(sumDy) / count, meanDyXhat = dyXhat / count
                                for offset in planes {
                                    for i in offset..<(offset + pixels) {
                                        out[i] = k * (gb[i] - meanDy - (xb[i] - m) * s * meanDyXhat)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
