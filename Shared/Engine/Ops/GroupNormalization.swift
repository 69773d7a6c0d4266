import NumericSupport
/// Group normalisation over [N, C, spatial…] (PyTorch GroupNorm). Instance norm is the case groups = C and
/// layer norm over the last dimension D is the case [rows, D, 1] with one group, so all three share this.
/// As with batch norm, a ReLU can be fused into the same pass.
public enum GroupNormalization {
    public struct Statistics {
        public var mean: [Float]
        public var inverseStd: [Float]
    }

    public static func forward(_ x: Tensor, groups: Int, weight: Tensor?, bias: Tensor?,
                               epsilon: Float = 1e-5) -> Tensor {
        forwardWithStatistics(x, groups: groups, weight: weight, bias: bias, epsilon: epsilon, rectify: false,
                              into: TensorBuffer()).output
    }

    /// Layer norm over the last dimension (PyTorch LayerNorm / F.layer_norm with one normalised dimension).
    public static func layerNorm(_ x: Tensor, weight: Tensor?, bias: Tensor?, epsilon: Float = 1e-5) -> Tensor {
        let features = x.shape.last ?? 1
        return forward(x.reshaped([x.count / features, features, 1]), groups: 1, weight: weight, bias: bias,
                       epsilon: epsilon).reshaped(x.shape)
    }

    /// (sample, group) rows: their count, channels per group and values per channel.
    private static func layout(_ x: Tensor, groups: Int) -> (rows: Int, perGroup: Int, pixels: Int) {
        let batch = x.shape[0], channels = x.shape[1]
        precondition(channels % groups == 0, "\(channels) channels do not split into \(groups) groups")
        return (batch * groups, channels / groups, x.count / max(1, batch * channels))
    }

    static func forwardWithStatistics(_ x: Tensor, groups: Int, weight: Tensor?, bias: Tensor?, epsilon: Float,
                                      rectify: Bool, into buffer: TensorBuffer) -> (output: Tensor, statistics: Statistics) {
        let (rows, perGroup, pixels) = layout(x, groups: groups)
        let rowLength = perGroup * pixels
        var stats = Statistics(mean: [Float](repeating: 0, count: rows), inverseStd: [Float](repeating: 0, count: rows))
        let output = buffer.tensor(x.shape) { out in
            x.withPointer { xb in
                stats.mean.withUnsafeMutableBufferPointer { mb in
                    stats.inverseStd.withUnsafeMutableBufferPointer { sb in
                        parallelFor(rows) { row in
                            let start = row * rowLength
                            let rowPlanes = stride(from: start, to: start + rowLength, by: rowLength)
                            let m = Float(channelSums(xb, rowPlanes, rowLength).sum / Double(rowLength))
                            let variance = Float(channelSquaredDeviations(xb, rowPlanes, rowLength, mean: m) / Double(rowLength))
                            let s = 1 / (variance + epsilon).squareRoot()
                            mb[row] = m
                            sb[row] = s
                            for j in 0..<perGroup {
                                let c = (row % groups) * perGroup + j
                                let a = (weight?.data[c] ?? 1) * s, b = (bias?.data[c] ?? 0) - m * a
                                let offset = start + j * pixels
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
        }
        return (output, stats)
    }

    /// Input gradient per (sample, group) row; affine gradients per channel, accumulated into `gradWeight` and
    /// `gradBias`. `rectifiedOutput` is the forward output of a fused ReLU, if any.
    static func backward(input x: Tensor, gradOutput dy: Tensor, rectifiedOutput: Tensor?, groups: Int,
                         statistics: Statistics, weight: Tensor, gradWeight: inout Tensor, gradBias: inout Tensor,
                         into gradient: TensorBuffer) -> Tensor {
        dy.withPointer { g in
            guard let rectifiedOutput else {
                return backward(x, PlainGradient(gradient: g), groups, statistics, weight, &gradWeight, &gradBias, gradient)
            }
            return rectifiedOutput.withPointer { y in
                backward(x, RectifiedGradient(gradient: g, output: y), groups, statistics, weight, &gradWeight,
                         &gradBias, gradient)
            }
        }
    }

    private static func backward<G: GradientView>(_ x: Tensor, _ dy: G, _ groups: Int, _ statistics: Statistics,
                                                  _ weight: Tensor, _ gradWeight: inout Tensor,
                                                  _ gradBias: inout Tensor, _ gradient: TensorBuffer) -> Tensor {
        let (rows, perGroup, pixels) = layout(x, groups: groups)
        let rowLength = perGroup * pixels
        return gradient.tensor(x.shape) { out in
            x.withPointer { xb in
                parallelFor(rows) { row in
                    let m = statistics.mean[row], s = statistics.inverseStd[row]
                    var sumG = 0.0, sumGX = 0.0
                    for j in 0..<perGroup {
                        let gamma = weight.data[(row % groups) * perGroup + j]
                        let offset = row * rowLength + j * pixels
                        let (a, b) = laneSums(offset..<(offset + pixels), { i in
                            let g = dy.lanes(i) * gamma
                            return (g, g * (load8(xb, i) - m) * s)
                        }, { i in (dy(i) * gamma, dy(i) * gamma * (xb[i] - m) * s) })
                        sumG += Double(a)
                        sumGX += Double(b)
                    }
                    let meanG = Float(sumG / Double(rowLength)), meanGX = Float(sumGX / Double(rowLength))
                    for j in 0..<perGroup {
                        let gamma = weight.data[(row % groups) * perGroup + j]
                        let offset = row * rowLength + j * pixels
                        for i in offset..<(offset + pixels) {
                            out[i] = s * (dy(i) * gamma - meanG - (xb[i] - m) * s * meanGX)
                        }
                    }
                }
                gradWeight.withMutablePointer { gw in
                    gradBias.withMutablePointer { gb in
                        forEachChannel(x.shape) { c, planes, pixels in
                            var sumDy = 0.0, sumDyX = 0.0
                            for (n, offset) in planes.enumerated() {
                                let row = n * groups + c / perGroup
                                let m = statistics.mean[row], s = statistics.inverseStd[row]
                                    let (a, b) = laneSums(offset..<(offset + pixels), { i in
                                    let g = dy.lanes(i)
                                    return (g, g * (load8(xb, i) - m) * s)
                                }, { i in (dy(i), dy(i) * (xb[i] - m) * s) })
                                sumDy += Double(a)
                                sumDyX += Double(b)
                            }
                            gw[c] += Float(sumDyX)
                            gb[c] += Float(sumDy)
                        }
                    }
                }
            }
        }
    }
}
