import NumericSupport

/// The U-Net's convolutions — 3×3 (3×3×3 in 3-D), stride 1, padding 1, no dilation — computed directly instead of
/// by im2col + sgemm. With the few channels of a U-Net's upper levels (16–32), im2col's product is a skinny one
/// (16 output rows) bound by writing and reading a column matrix 9–27 times the input; here 6 output channels ×
/// 16 pixels of a row stay in registers while each input pixel is read from cache, which measured 2–6× faster
/// than im2col + OpenBLAS on one core for 16–128 channels. Rows are taken in bands so that a band's input
/// stays in cache while every block of output channels reads it. Forward only: backward stays on im2col.
enum DirectConvolution {
    static let outputBlock = 6
    static let columnBlock = 16
    static let rowBand = 8
    /// Zero columns after each padded row, so that a row's last 16-pixel load never reads past it.
    static let rowSlack = columnBlock

    static func applies(to g: ConvGeometry) -> Bool {
        g.kernelHeight == 3 && g.kernelWidth == 3 && g.stride == 1 && g.padding == 1 && g.dilation == 1
            && g.depthStride == 1 && (g.kernelDepth == 1 && g.depthPadding == 0 || g.kernelDepth == 3 && g.depthPadding == 1)
    }

    /// Padded row length and rows of one padded input slice.
    static func paddedRow(_ g: ConvGeometry) -> Int { g.width + 2 + rowSlack }
    static func paddedPlane(_ g: ConvGeometry) -> Int { (g.height + 2) * paddedRow(g) }
    /// Scratch floats for one image's zero-padded copy.
    static func scratchCount(_ g: ConvGeometry) -> Int { g.channels * g.depth * paddedPlane(g) }

    /// Weights [out, in, kd, 3, 3] regrouped as [block][in][kd][9][6], the 6 output channels of a block side by
    /// side (zeros past the last channel), the order the kernel reads them.
    static func pack(_ weight: UnsafePointer<Float>, outChannels: Int, _ g: ConvGeometry) -> [Float] {
        let taps = g.kernelDepth * 9, blocks = (outChannels + outputBlock - 1) / outputBlock
        var packed = [Float](repeating: 0, count: blocks * g.channels * taps * outputBlock)
        for o in 0..<outChannels {
            for c in 0..<g.channels {
                for tap in 0..<taps {
                    packed[(((o / outputBlock) * g.channels + c) * taps + tap) * outputBlock + o % outputBlock]
                        = weight[(o * g.channels + c) * taps + tap]
                }
            }
        }
        return packed
    }

    /// Adds the convolution of one image [C, D, H, W] to `out` [O, D, H, W] (which holds the bias).
    static func accumulate(_ image: UnsafePointer<Float>, _ g: ConvGeometry, packed: UnsafePointer<Float>,
                           outChannels: Int, into out: UnsafeMutablePointer<Float>,
                           scratch padded: UnsafeMutablePointer<Float>, parallel: Bool) {
        let row = paddedRow(g), plane = paddedPlane(g), slices = g.channels * g.depth
        parallelFor(parallel ? min(slices, Parallelism.taskCount) : 1) { task in
            for slice in stride(from: task, to: slices, by: parallel ? min(slices, Parallelism.taskCount) : 1) {
                let target = padded + slice * plane
                target.update(repeating: 0, count: row)
                for y in 0..<g.height {
                    let line = target + (y + 1) * row
                    line[0] = 0
                    (line + 1).update(from: image + (slice * g.height + y) * g.width, count: g.width)
                    (line + 1 + g.width).update(repeating: 0, count: row - 1 - g.width)
                }
                (target + (g.height + 1) * row).update(repeating: 0, count: row)
            }
        }
        let blocks = (outChannels + outputBlock - 1) / outputBlock
        let bands = (g.height + rowBand - 1) / rowBand
        let work = g.depth * bands
        let tasks = parallel ? min(work, Parallelism.taskCount) : 1
        parallelFor(tasks) { task in
            for item in stride(from: task, to: work, by: tasks) {
                let z = item / bands, band = item % bands
                let rows = (band * rowBand)..<min(g.height, (band + 1) * rowBand)
                for block in 0..<blocks {
                    let first = block * outputBlock
                    for y in rows {
                        var x = 0
                        while x < g.width {
                            tile(padded, g, packed: packed, block: block, z: z, y: y, x: x, row: row, plane: plane,
                                 out: out, firstChannel: first, channels: min(outputBlock, outChannels - first))
                            x += columnBlock
                        }
                    }
                }
            }
        }
    }

    /// Output pixels x..<x+16 of row y, slice z, for one block of output channels.
    @inline(__always)
    private static func tile(_ padded: UnsafePointer<Float>, _ g: ConvGeometry, packed: UnsafePointer<Float>, block: Int,
                             z: Int, y: Int, x: Int, row: Int, plane: Int, out: UnsafeMutablePointer<Float>,
                             firstChannel: Int, channels: Int) {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>()
        var a3 = SIMD8<Float>(), a4 = SIMD8<Float>(), a5 = SIMD8<Float>()
        var b0 = SIMD8<Float>(), b1 = SIMD8<Float>(), b2 = SIMD8<Float>()
        var b3 = SIMD8<Float>(), b4 = SIMD8<Float>(), b5 = SIMD8<Float>()
        let taps = g.kernelDepth * 9
        // Kernel slices whose input slice lies inside the volume (all of them in 2-D).
        let reach = g.kernelDepth == 1 ? 0..<1 : max(0, 1 - z)..<min(3, g.depth + 1 - z)
        for c in 0..<g.channels {
            let weights = packed + ((block * g.channels + c) * taps) * outputBlock
            for dz in reach {
                let source = padded + (c * g.depth + z + dz - (g.kernelDepth == 1 ? 0 : 1)) * plane + y * row + x
                var w = weights + dz * 9 * outputBlock
                for ky in 0..<3 {
                    for kx in 0..<3 {
                        let p = source + ky * row + kx
                        let v0 = load8(p, 0), v1 = load8(p, 8)
                        let w0 = SIMD8<Float>(repeating: w[0]), w1 = SIMD8<Float>(repeating: w[1])
                        let w2 = SIMD8<Float>(repeating: w[2]), w3 = SIMD8<Float>(repeating: w[3])
                        let w4 = SIMD8<Float>(repeating: w[4]), w5 = SIMD8<Float>(repeating: w[5])
                        a0.addProduct(v0, w0); b0.addProduct(v1, w0)
                        a1.addProduct(v0, w1); b1.addProduct(v1, w1)
                        a2.addProduct(v0, w2); b2.addProduct(v1, w2)
                        a3.addProduct(v0, w3); b3.addProduct(v1, w3)
                        a4.addProduct(v0, w4); b4.addProduct(v1, w4)
                        a5.addProduct(v0, w5); b5.addProduct(v1, w5)
                        w += outputBlock
                    }
                }
            }
        }
        let count = min(columnBlock, g.width - x)
        let base = out + (firstChannel * g.depth + z) * g.height * g.width + y * g.width + x
        let channelStride = g.depth * g.height * g.width
        @inline(__always) func add(_ j: Int, _ left: SIMD8<Float>, _ right: SIMD8<Float>) {
            guard j < channels else { return }
            let target = base + j * channelStride
            if count == columnBlock {
                let raw = UnsafeMutableRawPointer(target)
                raw.storeBytes(of: load8(UnsafePointer(target), 0) + left, as: SIMD8<Float>.self)
                (raw + 32).storeBytes(of: load8(UnsafePointer(target), 8) + right, as: SIMD8<Float>.self)
            } else {
                for i in 0..<count { target[i] += i < 8 ? left[i] : right[i - 8] }
            }
        }
        add(0, a0, b0); add(1, a1, b1); add(2, a2, b2)
        add(3, a3, b3); add(4, a4, b4); add(5, a5, b5)
    }
}
