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

    /// Padded row length and rows of one padded input slice: one more zero row below, read by a narrow tile's
    /// second row on the last row.
    static func paddedRow(_ g: ConvGeometry) -> Int { g.width + 2 + rowSlack }
    static func paddedPlane(_ g: ConvGeometry) -> Int { (g.height + 3) * paddedRow(g) }
    /// A plane at most 8 wide (the bottom of a 3-D U-Net: 8² at 64² patches) would leave half of a 16-pixel row
    /// tile empty, so its tiles are 8 pixels of two rows.
    static func isNarrow(_ g: ConvGeometry) -> Bool { g.width <= 8 }
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

    /// The geometry of a same convolution's adjoint: the same sizes, read from the forward's `outChannels`.
    static func adjoint(of g: ConvGeometry, outChannels: Int) -> ConvGeometry {
        g.kernelDepth == 1
            ? ConvGeometry(channels: outChannels, height: g.height, width: g.width, kernelHeight: 3, kernelWidth: 3,
                           stride: 1, padding: 1)
            : ConvGeometry(channels: outChannels, depth: g.depth, height: g.height, width: g.width, kernelDepth: 3,
                           kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
    }

    /// The adjoint's weights, packed: [in, out, kd, 3, 3] with every kernel turned half way round (reversing
    /// the taps flips all spatial axes at once).
    static func packAdjoint(_ weight: UnsafePointer<Float>, forward g: ConvGeometry, outChannels: Int) -> [Float] {
        let taps = g.kernelDepth * 9
        var turned = [Float](repeating: 0, count: outChannels * g.channels * taps)
        for o in 0..<outChannels {
            for c in 0..<g.channels {
                for tap in 0..<taps { turned[(c * outChannels + o) * taps + taps - 1 - tap] = weight[(o * g.channels + c) * taps + tap] }
            }
        }
        return turned.withUnsafeBufferPointer {
            pack($0.baseAddress.unsafelyUnwrapped, outChannels: g.channels, adjoint(of: g, outChannels: outChannels))
        }
    }

    /// Adds the convolution of one image [C, D, H, W] to `out` [O, D, H, W] (which holds the bias).
    static func accumulate(_ image: UnsafePointer<Float>, _ g: ConvGeometry, packed: UnsafePointer<Float>,
                           outChannels: Int, into out: UnsafeMutablePointer<Float>,
                           scratch padded: UnsafeMutablePointer<Float>, parallel: Bool) {
        let row = paddedRow(g), plane = paddedPlane(g), slices = g.channels * g.depth
        let padders = parallel ? min(slices, Parallelism.taskCount) : 1
        parallelFor(padders) { task in
            for slice in stride(from: task, to: slices, by: padders) {
                let target = padded + slice * plane
                target.update(repeating: 0, count: row)
                for y in 0..<g.height {
                    let line = target + (y + 1) * row
                    line[0] = 0
                    (line + 1).update(from: image + (slice * g.height + y) * g.width, count: g.width)
                    (line + 1 + g.width).update(repeating: 0, count: row - 1 - g.width)
                }
                (target + (g.height + 1) * row).update(repeating: 0, count: 2 * row)
            }
        }
        let blocks = (outChannels + outputBlock - 1) / outputBlock, narrow = isNarrow(g)
        let bands = (g.height + rowBand - 1) / rowBand
        let work = g.depth * bands
        let tasks = parallel ? min(work, Parallelism.taskCount) : 1
        parallelFor(tasks) { task in
            for item in stride(from: task, to: work, by: tasks) {
                let z = item / bands, band = item % bands
                let rows = (band * rowBand)..<min(g.height, (band + 1) * rowBand)
                for block in 0..<blocks {
                    let first = block * outputBlock
                    for y in stride(from: rows.lowerBound, to: rows.upperBound, by: narrow ? 2 : 1) {
                        var x = 0
                        while x < g.width {
                            tile(padded, g, packed: packed, block: block, z: z, y: y, x: x, row: row, plane: plane,
                                 narrow: narrow, out: out, firstChannel: first,
                                 channels: min(outputBlock, outChannels - first))
                            x += columnBlock
                        }
                    }
                }
            }
        }
    }

    /// Output pixels x..<x+16 of row y (narrow: x..<x+8 of rows y and y+1), slice z, for one block of output
    /// channels.
    @inline(__always)
    private static func tile(_ padded: UnsafePointer<Float>, _ g: ConvGeometry, packed: UnsafePointer<Float>, block: Int,
                             z: Int, y: Int, x: Int, row: Int, plane: Int, narrow: Bool, out: UnsafeMutablePointer<Float>,
                             firstChannel: Int, channels: Int) {
        let secondInput = narrow ? row : 8
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
                        let v0 = load8(p, 0), v1 = load8(p, secondInput)
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
        let base = out + (firstChannel * g.depth + z) * g.height * g.width + y * g.width + x
        let channelStride = g.depth * g.height * g.width
        let firstCount = min(8, g.width - x), secondOutput = narrow ? g.width : 8
        let secondCount = narrow ? (y + 1 < g.height ? firstCount : 0) : max(0, min(8, g.width - x - 8))
        @inline(__always) func add(_ sum: SIMD8<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
            if count == 8 {
                UnsafeMutableRawPointer(target).storeBytes(of: load8(UnsafePointer(target), 0) + sum, as: SIMD8<Float>.self)
            } else {
                for i in 0..<count { target[i] += sum[i] }
            }
        }
        @inline(__always) func add(_ j: Int, _ first: SIMD8<Float>, _ second: SIMD8<Float>) {
            guard j < channels else { return }
            add(first, to: base + j * channelStride, count: firstCount)
            add(second, to: base + j * channelStride + secondOutput, count: secondCount)
        }
        add(0, a0, b0); add(1, a1, b1); add(2, a2, b2)
        add(3, a3, b3); add(4, a4, b4); add(5, a5, b5)
    }
}
