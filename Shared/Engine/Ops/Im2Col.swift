import NumericSupport
/// im2col (vol2col in 3-D) turns a convolution into one matrix product: column matrix [patchSize, outPixels]
/// for one image. Each row is one (channel, kernel offset); in 3-D it is the 2-D row of every output slice,
/// read from the input slice that offset reaches (zeros in the depth padding); `slices` limits the matrix to
/// those output slices (its rows then hold slices.count · outPlane columns). With `parallel`, both
/// directions split the work by input channel, so col2im's scatter-add never races; without, the caller
/// already runs images on all cores.
enum Im2Col {
    static func expand(_ image: UnsafePointer<Float>, _ g: ConvGeometry, slices: Range<Int>,
                       into columns: UnsafeMutablePointer<Float>, parallel: Bool) {
        forEachSegment(g, slices: slices, parallel: parallel) { column, input, dy, dx in
            if let input {
                expandRow(image + input, g, dy, dx, columns + column)
            } else {
                (columns + column).update(repeating: 0, count: g.outPlane)
            }
        }
    }

    /// Calls `body(column offset, input offset, kernel offset y, x)` for every output slice of every row of the
    /// column matrix: where that slice's 2-D row starts in the (chunk's) matrix, and where the input slice it
    /// reads starts in the image (nil in the depth padding).
    @inline(__always)
    private static func forEachSegment(_ g: ConvGeometry, slices: Range<Int>, parallel: Bool,
                                       _ body: (Int, Int?, Int, Int) -> Void) {
        let rowLength = slices.count * g.outPlane
        forEachKernelRow(g, parallel: parallel) { c, row, dz, dy, dx in
            for od in slices {
                let input = g.inputSlice(od, offset: dz).map { c * g.inPixels + $0 * g.inPlane }
                body(row * rowLength + (od - slices.lowerBound) * g.outPlane, input, dy, dx)
            }
        }
    }

    /// Calls `body(channel, column row, kernel offset z, y, x)` for every row of the column matrix, channels
    /// split into tasks so that each input volume has a single writer.
    @inline(__always)
    private static func forEachKernelRow(_ g: ConvGeometry, parallel: Bool, _ body: (Int, Int, Int, Int, Int) -> Void) {
        let tasks = parallel ? min(g.channels, Parallelism.taskCount) : 1
        parallelFor(tasks) { task in
            for c in stride(from: task, to: g.channels, by: tasks) {
                for kd in 0..<g.kernelDepth {
                    for ki in 0..<g.kernelHeight {
                        for kj in 0..<g.kernelWidth {
                            let row = ((c * g.kernelDepth + kd) * g.kernelHeight + ki) * g.kernelWidth + kj
                            body(c, row, kd * g.dilation, ki * g.dilation, kj * g.dilation)
                        }
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
    static func accumulate(_ columns: UnsafePointer<Float>, _ g: ConvGeometry, slices: Range<Int>,
                           into image: UnsafeMutablePointer<Float>, parallel: Bool) {
        forEachSegment(g, slices: slices, parallel: parallel) { column, input, dy, dx in
            if let input { accumulateRow(columns + column, g, dy, dx, image + input) }
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
