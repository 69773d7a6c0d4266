import NumericSupport
/// im2col turns a convolution into one matrix product: column matrix [patchSize, outPixels] for one
/// image. With `parallel`, both directions split the work by input channel, so col2im's scatter-add never
/// races; without, the caller already runs images on all cores.
enum Im2Col {
    static func expand(_ image: UnsafePointer<Float>, _ g: ConvGeometry, into columns: UnsafeMutablePointer<Float>,
                       parallel: Bool) {
        forEachKernelRow(g, parallel: parallel) { c, row, dy, dx in
            expandRow(image + c * g.inPixels, g, dy, dx, columns + row * g.outPixels)
        }
    }

    /// Calls `body(channel, column row, kernel offset y, kernel offset x)` for every row of the column matrix,
    /// channels split into tasks so that each input plane has a single writer.
    @inline(__always)
    private static func forEachKernelRow(_ g: ConvGeometry, parallel: Bool, _ body: (Int, Int, Int, Int) -> Void) {
        let tasks = parallel ? min(g.channels, Parallelism.taskCount) : 1
        parallelFor(tasks) { task in
            for c in stride(from: task, to: g.channels, by: tasks) {
                for ki in 0..<g.kernelHeight {
                    for kj in 0..<g.kernelWidth {
                        body(c, (c * g.kernelHeight + ki) * g.kernelWidth + kj, ki * g.dilation, kj * g.dilation)
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func expandRow(_ plane: UnsafePointer<Float>, _ g: ConvGeometry, _ dy: Int, _ dx: Int,
                                  _ row: UnsafeMutablePointer<Float>) {
        let valid = g.validColumns(offset: dx)
        let shiftX = dx - g.padding
        for oh in 0..<g.outHeight {
            let out = row + oh * g.outWidth
            let ih = oh * g.stride - g.padding + dy
            guard ih >= 0 && ih < g.height, !valid.isEmpty else {
                out.update(repeating: 0, count: g.outWidth)
                continue
            }
            out.update(repeating: 0, count: valid.lowerBound)
            let source = plane + ih * g.width + shiftX
            if g.stride == 1 {
                (out + valid.lowerBound).update(from: source + valid.lowerBound, count: valid.count)
            } else {
                for ow in valid { out[ow] = source[ow * g.stride] }
            }
            (out + valid.upperBound).update(repeating: 0, count: g.outWidth - valid.upperBound)
        }
    }

    /// Adds every column entry back onto the input pixel it came from (the adjoint of `expand`).
    static func accumulate(_ columns: UnsafePointer<Float>, _ g: ConvGeometry, into image: UnsafeMutablePointer<Float>,
                           parallel: Bool) {
        forEachKernelRow(g, parallel: parallel) { c, row, dy, dx in
            accumulateRow(columns + row * g.outPixels, g, dy, dx, image + c * g.inPixels)
        }
    }

    @inline(__always)
    private static func accumulateRow(_ row: UnsafePointer<Float>, _ g: ConvGeometry, _ dy: Int, _ dx: Int,
                                      _ plane: UnsafeMutablePointer<Float>) {
        let valid = g.validColumns(offset: dx)
        if valid.isEmpty { return }
        let shiftX = dx - g.padding
        for oh in 0..<g.outHeight {
            let ih = oh * g.stride - g.padding + dy
            guard ih >= 0 && ih < g.height else { continue }
            let source = row + oh * g.outWidth
            let target = plane + ih * g.width + shiftX
            if g.stride == 1 {
                for ow in valid { target[ow] += source[ow] }
            } else {
                for ow in valid { target[ow * g.stride] += source[ow] }
            }
        }
    }
}
