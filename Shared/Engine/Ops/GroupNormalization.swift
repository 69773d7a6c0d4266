/// Group normalisation over [N, C, spatial…] (PyTorch GroupNorm). Instance norm is the case groups = C and
/// layer norm over the last dimension D is the case [rows, D, 1] with one group, so all three share this.
public enum GroupNormalization {
    public struct Statistics {
        public var mean: [Float]
        public var inverseStd: [Float]
    }

    public static func forward(_ x: Tensor, groups: Int, weight: Tensor?, bias: Tensor?,
                               epsilon: Float = 1e-5) -> Tensor {
        forwardWithStatistics(x, groups: groups, weight: weight, bias: bias, epsilon: epsilon).output
    }

    static func forwardWithStatistics(_ x: Tensor, groups: Int, weight: Tensor?, bias: Tensor?,
                                      epsilon: Float) -> (output: Tensor, statistics: Statistics) {
        let batch = x.shape[0], channels = x.shape[1]
        precondition(channels % groups == 0, "\(channels) channels do not split into \(groups) groups")
        let pixels = x.count / max(1, batch * channels), perGroup = channels / groups, rowLength = perGroup * pixels
        var stats = Statistics(mean: [Float](repeating: 0, count: batch * groups),
                               inverseStd: [Float](repeating: 0, count: batch * groups))
        let output = Tensor(uninitialized: x.shape) { out in
            x.data.withUnsafeBufferPointer { xb in
                stats.mean.withUnsafeMutableBufferPointer { mb in
                    stats.inverseStd.withUnsafeMutableBufferPointer { sb in
                        parallelFor(batch * groups) { row in
                            let start = row * rowLength
                            let base = xb.baseAddress.unsafelyUnwrapped
                            let rowPlanes = stride(from: start, to: start + rowLength, by: rowLength)
                            let m = Float(channelSums(base, rowPlanes, rowLength).sum / Double(rowLength))
                            let variance = Float(channelSquaredDeviations(base, rowPlanes, rowLength, mean: m) / Double(rowLength))
                            let s = 1 / (variance + epsilon).squareRoot()
                            mb[row] = m
                            sb[row] = s
                            for j in 0..<perGroup {
                                let c = (row % groups) * perGroup + j
                                let a = (weight?.data[c] ?? 1) * s, b = (bias?.data[c] ?? 0) - m * a
                                let offset = start + j * pixels
                                for i in offset..<(offset + pixels) { out[i] = xb[i] * a + b }
                            }
                        }
                    }
                }
            }
        }
        return (output, stats)
    }

    /// Input gradient per (sample, group) row; affine gradients per channel, accumulated when given.
    static func backward(input x: Tensor, gradOutput dy: Tensor, groups: Int, statistics: Statistics, weight: Tensor?,
                         gradWeight: UnsafeMutablePointer<Float>?, gradBias: UnsafeMutablePointer<Float>?) -> Tensor {
        let batch = x.shape[0], channels = x.shape[1]
        let pixels = x.count / max(1, batch * channels), perGroup = channels / groups, rowLength = perGroup * pixels
        var gradInput = Tensor(zeros: x.shape)
        x.data.withUnsafeBufferPointer { xb in
            dy.data.withUnsafeBufferPointer { gb in
                gradInput.data.withUnsafeMutableBufferPointer { out in
                    parallelFor(batch * groups) { row in
                        let m = statistics.mean[row], s = statistics.inverseStd[row]
                        var sumG = 0.0, sumGX = 0.0
                        for j in 0..<perGroup {
                            let gamma = weight?.data[(row % groups) * perGroup + j] ?? 1
                            let offset = row * rowLength + j * pixels
                            var a: Float = 0, b: Float = 0
                            for i in offset..<(offset + pixels) {
                                let g = gb[i] * gamma
                                a += g
                                b += g * (xb[i] - m) * s
                            }
                            sumG += Double(a)
                            sumGX += Double(b)
                        }
                        let meanG = Float(sumG / Double(rowLength)), meanGX = Float(sumGX / Double(rowLength))
                        for j in 0..<perGroup {
                            let gamma = weight?.data[(row % groups) * perGroup + j] ?? 1
                            let offset = row * rowLength + j * pixels
                            for i in offset..<(offset + pixels) {
                                out[i] = s * (gb[i] * gamma - meanG - (xb[i] - m) * s * meanGX)
                            }
                        }
                    }
                    guard let gradWeight, let gradBias else { return }
                    forEachChannel(x.shape) { c, planes, pixels in
                        var sumDy = 0.0, sumDyX = 0.0
                        for (n, offset) in planes.enumerated() {
                            let row = n * groups + c / perGroup
                            let m = statistics.mean[row], s = statistics.inverseStd[row]
                            var a: Float = 0, b: Float = 0
                            for i in offset..<(offset + pixels) {
                                a += gb[i]
                                b += gb[i] * (xb[i] - m) * s
                            }
                            sumDy += Double(a)
                            sumDyX += Double(b)
                        }
                        gradWeight[c] += Float(sumDyX)
                        gradBias[c] += Float(sumDy)
                    }
                }
            }
        }
        return gradInput
    }
}
