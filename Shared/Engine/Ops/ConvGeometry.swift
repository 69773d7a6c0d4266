/// Shape arithmetic of a 2-D or 3-D convolution, as PyTorch's Conv2d and Conv3d define it (one stride, padding
/// and dilation for every spatial axis). A 2-D convolution is the 3-D one with depth 1 and a 1-deep kernel that
/// neither pads nor strides along depth, so both share one im2col and one sgemm path.
public struct ConvGeometry: Sendable, Equatable {
    public let channels: Int, depth: Int, height: Int, width: Int
    public let kernelDepth: Int, kernelHeight: Int, kernelWidth: Int
    public let stride: Int, padding: Int, dilation: Int
    /// Stride and padding along depth: the convolution's own in 3-D, 1 and 0 in 2-D.
    public let depthStride: Int, depthPadding: Int
    public let outDepth: Int, outHeight: Int, outWidth: Int

    /// A 2-D convolution's geometry.
    public init(channels: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int,
                stride: Int = 1, padding: Int = 0, dilation: Int = 1) {
        self.init(channels: channels, depth: 1, height: height, width: width, kernelDepth: 1, kernelHeight: kernelHeight,
                  kernelWidth: kernelWidth, stride: stride, padding: padding, dilation: dilation, depthStride: 1,
                  depthPadding: 0)
    }

    /// A 3-D convolution's geometry.
    public init(channels: Int, depth: Int, height: Int, width: Int, kernelDepth: Int, kernelHeight: Int,
                kernelWidth: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1) {
        self.init(channels: channels, depth: depth, height: height, width: width, kernelDepth: kernelDepth,
                  kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding,
                  dilation: dilation, depthStride: stride, depthPadding: padding)
    }

    private init(channels: Int, depth: Int, height: Int, width: Int, kernelDepth: Int, kernelHeight: Int,
                 kernelWidth: Int, stride: Int, padding: Int, dilation: Int, depthStride: Int, depthPadding: Int) {
        self.channels = channels
        self.depth = depth
        self.height = height
        self.width = width
        self.kernelDepth = kernelDepth
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.depthStride = depthStride
        self.depthPadding = depthPadding
        outDepth = (depth + 2 * depthPadding - dilation * (kernelDepth - 1) - 1) / depthStride + 1
        outHeight = (height + 2 * padding - dilation * (kernelHeight - 1) - 1) / stride + 1
        outWidth = (width + 2 * padding - dilation * (kernelWidth - 1) - 1) / stride + 1
    }

    /// Rows of the im2col matrix: one per (channel, kernel slice, kernel row, kernel column).
    public var patchSize: Int { channels * kernelDepth * kernelHeight * kernelWidth }
    public var outPixels: Int { outDepth * outPlane }
    public var inPixels: Int { depth * inPlane }
    /// Pixels of one output slice and of one input slice.
    public var outPlane: Int { outHeight * outWidth }
    public var inPlane: Int { height * width }
    /// 1×1(×1), stride 1, no padding: the image already is its own column matrix.
    public var isPointwise: Bool {
        kernelDepth == 1 && kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == 0
            && depthStride == 1 && depthPadding == 0
    }

    /// Output slices per column-matrix chunk. A volume's whole column matrix runs to hundreds of megabytes (432
    /// rows × 131,072 voxels for 16 channels of a 32×64² patch), so 3-D convolutions expand and multiply it a few
    /// output slices at a time, near cache size; a 2-D image is its one slice.
    public var sliceChunk: Int { max(1, min(outDepth, Self.chunkFloats / max(1, patchSize * outPlane))) }
    static let chunkFloats = 1 << 19

    /// Floats of one chunk's column matrix: the im2col scratch a convolution needs (0 when pointwise).
    var chunkColumnCount: Int { isPointwise ? 0 : patchSize * sliceChunk * outPlane }

    /// The chunks of output slices, in order.
    var sliceChunks: [Range<Int>] {
        Swift.stride(from: 0, to: outDepth, by: sliceChunk).map { $0..<min($0 + sliceChunk, outDepth) }
    }

    /// Output columns [lo, hi) whose input column ow·stride − padding + offset lies inside the image.
    @inline(__always)
    func validColumns(offset: Int) -> Range<Int> {
        let shift = offset - padding
        let lo = shift >= 0 ? 0 : (-shift + stride - 1) / stride
        let hi = width - shift <= 0 ? 0 : min(outWidth, (width - shift - 1) / stride + 1)
        return lo..<max(lo, hi)
    }

    /// The input slice that output slice `od` reads at kernel depth offset `dz`; nil in the padding.
    @inline(__always)
    func inputSlice(_ od: Int, offset dz: Int) -> Int? {
        let id = od * depthStride - depthPadding + dz
        return id >= 0 && id < depth ? id : nil
    }
}
