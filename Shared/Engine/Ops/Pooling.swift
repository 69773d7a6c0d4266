/// Max and average pooling over NCHW planes (PyTorch semantics: average pooling counts padding, adaptive
/// pooling uses bins [⌊i·H/out⌋, ⌈(i+1)·H/out⌉)).
public enum Pooling {
    /// A pooling window along one axis: input [start, end) and the divisor average pooling uses.
    struct Window {
        var start: Int, end: Int, divisor: Int
    }

    public static func maxPool(_ x: Tensor, kernel: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        maxPoolWithIndices(x, kernel: kernel, stride: stride ?? kernel, padding: padding).output
    }

    /// The output and, per output element, the flat input index of its maximum (for backward).
    static func maxPoolWithIndices(_ x: Tensor, kernel: Int, stride: Int, padding: Int,
                                   into output: TensorBuffer = TensorBuffer()) -> (output: Tensor, indices: [Int32]) {
        let (n, c, h, w) = x.nchw
        let rows = windows(size: h, kernel: kernel, stride: stride, padding: padding)
        let cols = windows(size: w, kernel: kernel, stride: stride, padding: padding)
        let outPlane = rows.count * cols.count
        var indices = [Int32](repeating: 0, count: n * c * outPlane)
        let result = output.tensor([n, c, rows.count, cols.count]) { out in
            x.data.withUnsafeBufferPointer { xb in
                indices.withUnsafeMutableBufferPointer { ib in
                    parallelFor(n * c) { plane in
                        let inBase = plane * h * w, outBase = plane * outPlane
                        for (i, row) in rows.enumerated() {
                            for (j, col) in cols.enumerated() {
                                var best = -Float.infinity, bestIndex = inBase + row.start * w + col.start
                                for y in row.start..<row.end {
                                    for xx in col.start..<col.end where xb[inBase + y * w + xx] > best {
                                        best = xb[inBase + y * w + xx]
                                        bestIndex = inBase + y * w + xx
                                    }
                                }
                                out[outBase + i * cols.count + j] = best
                                ib[outBase + i * cols.count + j] = Int32(bestIndex)
                            }
                        }
                    }
                }
            }
        }
        return (result, indices)
    }

    /// Routes each output gradient to the input element that won the max.
    static func maxPoolBackward(_ gradOutput: Tensor, indices: [Int32], inputShape: [Int],
                                into gradient: TensorBuffer = TensorBuffer()) -> Tensor {
        let planes = inputShape[0] * inputShape[1], outPlane = gradOutput.count / max(1, planes)
        return gradient.tensor(inputShape, zeroed: true) { out in
            gradOutput.data.withUnsafeBufferPointer { gb in
                parallelFor(planes) { plane in
                    for i in (plane * outPlane)..<((plane + 1) * outPlane) { out[Int(indices[i])] += gb[i] }
                }
            }
        }
    }

    public static func averagePool(_ x: Tensor, kernel: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        let (_, _, h, w) = x.nchw
        return windowAverage(x, rows: windows(size: h, kernel: kernel, stride: stride ?? kernel, padding: padding),
                             cols: windows(size: w, kernel: kernel, stride: stride ?? kernel, padding: padding))
    }

    public static func adaptiveAveragePool(_ x: Tensor, outHeight: Int, outWidth: Int) -> Tensor {
        let (_, _, h, w) = x.nchw
        return windowAverage(x, rows: adaptiveWindows(size: h, out: outHeight), cols: adaptiveWindows(size: w, out: outWidth))
    }

    static func windows(size: Int, kernel: Int, stride: Int, padding: Int) -> [Window] {
        let count = (size + 2 * padding - kernel) / stride + 1
        return (0..<count).map { i in
            let start = i * stride - padding
            let end = min(start + kernel, size + padding)
            return Window(start: max(start, 0), end: min(end, size), divisor: end - start)
        }
    }

    static func adaptiveWindows(size: Int, out: Int) -> [Window] {
        (0..<out).map { i in
            let start = i * size / out, end = ((i + 1) * size + out - 1) / out
            return Window(start: start, end: end, divisor: end - start)
        }
    }

    static func windowAverage(_ x: Tensor, rows: [Window], cols: [Window]) -> Tensor {
        let (n, c, h, w) = x.nchw
        let outPlane = rows.count * cols.count
        return Tensor(uninitialized: [n, c, rows.count, cols.count]) { out in
            x.data.withUnsafeBufferPointer { xb in
                parallelFor(n * c) { plane in
                    for (i, row) in rows.enumerated() {
                        for (j, col) in cols.enumerated() {
                            var sum: Float = 0
                            for y in row.start..<row.end {
                                for xx in col.start..<col.end { sum += xb[plane * h * w + y * w + xx] }
                            }
                            out[plane * outPlane + i * cols.count + j] = sum / Float(row.divisor * col.divisor)
                        }
                    }
                }
            }
        }
    }

    /// Adjoint of `windowAverage`: spreads each output gradient evenly over its window.
    static func windowAverageBackward(_ gradOutput: Tensor, rows: [Window], cols: [Window], inputShape: [Int]) -> Tensor {
        var gradInput = Tensor(zeros: inputShape)
        let planes = inputShape[0] * inputShape[1], h = inputShape[2], w = inputShape[3]
        let outPlane = rows.count * cols.count
        gradOutput.data.withUnsafeBufferPointer { gb in
            gradInput.data.withUnsafeMutableBufferPointer { out in
                parallelFor(planes) { plane in
                    for (i, row) in rows.enumerated() {
                        for (j, col) in cols.enumerated() {
                            let share = gb[plane * outPlane + i * cols.count + j] / Float(row.divisor * col.divisor)
                            for y in row.start..<row.end {
                                for xx in col.start..<col.end { out[plane * h * w + y * w + xx] += share }
                            }
                        }
                    }
                }
            }
        }
        return gradInput
    }
}
