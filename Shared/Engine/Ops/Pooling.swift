import NumericSupport
/// Max and average pooling over NCHW planes (PyTorch semantics: average pooling counts padding, adaptive
/// pooling uses bins [⌊i·H/out⌋, ⌈(i+1)·H/out⌉)); max pooling over NCDHW volumes too (MaxPool3d).
public enum Pooling {
    /// A pooling window along one axis: input [start, end) and the divisor average pooling uses.
    struct Window {
        var start: Int, end: Int, divisor: Int
    }

    public static func maxPool(_ x: Tensor, kernel: Int, stride: Int? = nil, padding: Int = 0,
                               into output: TensorBuffer = TensorBuffer()) -> Tensor {
        let windows = maxWindows(x, kernel: kernel, stride: stride ?? kernel, padding: padding)
        let spatial = x.rank == 5 ? [windows.slabs.count, windows.rows.count, windows.cols.count]
            : [windows.rows.count, windows.cols.count]
        return output.tensor(Array(x.shape.prefix(2)) + spatial) { out in
            forEachMaximum(x, windows) { outIndex, _, value in out[outIndex] = value }
        }
    }

    /// Routes each output gradient to the input element that won the max, found again from the input
    /// (which the caller keeps alive anyway) rather than stored.
    static func maxPoolBackward(_ gradOutput: Tensor, input x: Tensor, kernel: Int, stride: Int, padding: Int,
                                into gradient: TensorBuffer = TensorBuffer()) -> Tensor {
        let windows = maxWindows(x, kernel: kernel, stride: stride, padding: padding)
        return gradient.tensor(x.shape, zeroed: true) { out in
            gradOutput.withPointer { g in
                forEachMaximum(x, windows) { outIndex, inIndex, _ in out[inIndex] += g[outIndex] }
            }
        }
    }

    /// Windows along depth (one slab of the whole depth 1 in 2-D), rows and columns.
    private typealias Windows3 = (slabs: [Window], rows: [Window], cols: [Window])

    private static func maxWindows(_ x: Tensor, kernel: Int, stride: Int, padding: Int) -> Windows3 {
        let (_, _, d, h, w) = x.ncdhw
        let slabs = x.rank == 5 ? windows(size: d, kernel: kernel, stride: stride, padding: padding)
            : [Window(start: 0, end: 1, divisor: 1)]
        return (slabs, windows(size: h, kernel: kernel, stride: stride, padding: padding),
                windows(size: w, kernel: kernel, stride: stride, padding: padding))
    }

    /// Calls `body(output index, input index of the maximum, maximum)` per window, planes in parallel; ties go
    /// to the first element in row-major order, as in PyTorch.
    @inline(__always)
    private static func forEachMaximum(_ x: Tensor, _ windows: Windows3, _ body: (Int, Int, Float) -> Void) {
        let (n, c, d, h, w) = x.ncdhw
        let (slabs, rows, cols) = windows
        let outVolume = slabs.count * rows.count * cols.count
        x.withPointer { xb in
            parallelFor(n * c) { plane in
                let inBase = plane * d * h * w, outBase = plane * outVolume
                for (s, slab) in slabs.enumerated() {
                    for (i, row) in rows.enumerated() {
                        for (j, col) in cols.enumerated() {
                            var best = -Float.infinity, bestIndex = inBase + (slab.start * h + row.start) * w + col.start
                            for z in slab.start..<slab.end {
                                for y in row.start..<row.end {
                                    let line = inBase + (z * h + y) * w
                                    for xx in col.start..<col.end where xb[line + xx] > best {
                                        best = xb[line + xx]
                                        bestIndex = line + xx
                                    }
                                }
                            }
                            body(outBase + (s * rows.count + i) * cols.count + j, bestIndex, best)
                        }
                    }
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
