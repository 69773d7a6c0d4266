/// Shape arithmetic of a 2-D convolution, as PyTorch's Conv2d defines it.
public struct ConvGeometry: Sendable, Equatable {
    public let channels: Int, height: Int, width: Int
    public let kernelHeight: Int, kernelWidth: Int
    public let stride: Int, padding: Int, dilation: Int
    public let outHeight: Int, outWidth: Int

    public init(channels: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int,
                stride: Int = 1, padding: Int = 0, dilation: Int = 1) {
        self.channels = channels
        self.height = height
        self.width = width
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        outHeight = (height + 2 * padding - dilation * (kernelHeight - 1) - 1) / stride + 1
        outWidth = (width + 2 * padding - dilation * (kernelWidth - 1) - 1) / stride + 1
    }

    /// Rows of the im2col matrix: one per (channel, kernel row, kernel column).
    public var patchSize: Int { channels * kernelHeight * kernelWidth }
    public var outPixels: Int { outHeight * outWidth }
    public var inPixels: Int { height * width }
    /// 1×1, stride 1, no padding: the image already is its own column matrix.
    public var isPointwise: Bool { kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == 0 }

    /// Output columns [lo, hi) whose input column ow·stride − padding + offset lies inside the image.
    @inline(__always)
    func validColumns(offset: Int) -> Range<Int> {
        let shift = offset - padding
        let lo = shift >= 0 ? 0 : (-shift + stride - 1) / stride
        let hi = width - shift <= 0 ? 0 : min(outWidth, (width - shift - 1) / stride + 1)
        return lo..<max(lo, hi)
    }
}
