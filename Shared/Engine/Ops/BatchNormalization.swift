/// Batch normalisation kernels over NCHW (PyTorch BatchNorm2d semantics), optionally followed by a fused ReLU
/// (the U-Net's norm → ReLU pairs then make one pass and keep one buffer instead of two).
public enum BatchNormalization {
    /// Evaluation mode: y = (x − running_mean)/√(running_var + eps)·weight + bias, folded into one scale and shift.
    public static func inference(_ x: Tensor, mean: Tensor, variance: Tensor, weight: Tensor?, bias: Tensor?,
                                 epsilon: Float = 1e-5, rectify: Bool = false,
                                 into output: TensorBuffer = TensorBuffer()) -> Tensor {
        let channels = x.shape[1]
        var scale = [Float](repeating: 1, count: channels), shift = [Float](repeating: 0, count: channels)
        for c in 0..<channels {
            scale[c] = (weight?.data[c] ?? 1) / (variance.data[c] + epsilon).squareRoot()
            shift[c] = (bias?.data[c] ?? 0) - mean.data[c] * scale[c]
        }
        return affine(x, scale: scale, shift: shift, rectify: rectify, into: output)
    }

    /// y = x·scale[c] + shift[c] per channel, then max(y, 0) when `rectify`.
    static func affine(_ x: Tensor, scale: [Float], shift: [Float], rectify: Bool, into output: TensorBuffer) -> Tensor {
        output.tensor(x.shape) { out in
            x.withPointer { xb in
                forEachChannel(x.shape) { c, planes, pixels in
                    let a = scale[c], b = shift[c]
                    for offset in planes {
                        if rectify {
                            for i in offset..<(offset + pixels) { out[i] = max(xb[i] * a + b, 0) }
                        } else {
                            for i in offset..<(offset + pixels) { out[i] = xb[i] * a + b }
                        }
                    }
                }
            }
        }
    }

    /// Batch mean and biased variance per channel, and the number of values per channel.
    static func statistics(_ x: Tensor) -> (mean: [Float], variance: [Float], count: Int) {
        let channels = x.shape[1]
        var mean = [Float](repeating: 0, count: channels), variance = mean
        x.withPointer { xb in
            mean.withUnsafeMutableBufferPointer { mb in
                variance.withUnsafeMutableBufferPointer { vb in
                    forEachChannel(x.shape) { c, planes, pixels in
                        let (sum, n) = channelSums(xb, planes, pixels)
                        let m = Float(sum / Double(n))
                        mb[c] = m
                        vb[c] = Float(channelSquaredDeviations(xb, planes, pixels, mean: m) / Double(n))
                    }
                }
            }
        }
        return (mean, variance, x.count / max(1, channels))
    }

    /// dx = γ·σ⁻¹·(dy − mean(dy) − x̂·mean(dy·x̂)); adds Σdy·x̂ and Σdy into the affine gradients. With
    /// `rectifiedOutput` (the forward output of a fused ReLU) dy is first zeroed where that output is.
    static func backward(input x: Tensor, gradOutput dy: Tensor, rectifiedOutput: Tensor?, mean: [Float],
                         inverseStd: [Float], weight: [Float], gradWeight: inout Tensor, gradBias: inout Tensor,
                         into gradient: TensorBuffer) -> Tensor {
        dy.withPointer { g in
            guard let rectifiedOutput else {
                return backward(x, PlainGradient(gradient: g), mean, inverseStd, weight, &gradWeight, &gradBias, gradient)
            }
            return rectifiedOutput.withPointer { y in
                backward(x, RectifiedGradient(gradient: g, output: y), mean, inverseStd, weight, &gradWeight, &gradBias, gradient)
            }
        }
    }

    private static func backward<G: GradientView>(_ x: Tensor, _ dy: G, _ mean: [Float], _ inverseStd: [Float],
                                                  _ weight: [Float], _ gradWeight: inout Tensor,
                                                  _ gradBias: inout Tensor, _ gradient: TensorBuffer) -> Tensor {
        let count = Float(x.count / x.shape[1])
        return gradient.tensor(x.shape) { out in
            x.withPointer { xb in
                gradWeight.withMutablePointer { gw in
                    gradBias.withMutablePointer { gbias in
                        forEachChannel(x.shape) { c, planes, pixels in
                            let m = mean[c], s = inverseStd[c]
                            var sumDy = 0.0, sumDyX = 0.0
                            for offset in planes {
                                let (a, b) = laneSums(offset..<(offset + pixels), { i in
                                    let g = dy.lanes(i)
                                    return (g, g * (load8(xb, i) - m))
                                }, { i in (dy(i), dy(i) * (xb[i] - m)) })
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
                                    out[i] = k * (dy(i) - meanDy - (xb[i] - m) * s * meanDyXhat)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
