/// PyTorch MaxPool2d or MaxPool3d, as the input is NCHW or NCDHW.
public final class MaxPool: Layer {
    public let kernel: Int, stride: Int, padding: Int
    private var input = Cache<Tensor>()
    private let output = TensorBuffer(), gradient = TensorBuffer()

    public init(kernel: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernel = kernel
        self.stride = stride ?? kernel
        self.padding = padding
    }

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        input.store(x, if: mode)
        return Pooling.maxPool(x, kernel: kernel, stride: stride, padding: padding, into: output)
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        Pooling.maxPoolBackward(gradOutput, input: input.take("MaxPool"), kernel: kernel, stride: stride,
                                padding: padding, into: gradient)
    }
}

/// Average pooling, fixed windows (AvgPool2d, padding counted) or adaptive bins (AdaptiveAvgPool2d).
public final class AvgPool2d: Layer {
    private enum Geometry {
        case fixed(kernel: Int, stride: Int, padding: Int)
        case adaptive(height: Int, width: Int)
    }

    private let geometry: Geometry
    private var cache = Cache<(rows: [Pooling.Window], cols: [Pooling.Window], inputShape: [Int])>()

    public init(kernel: Int, stride: Int? = nil, padding: Int = 0) {
        geometry = .fixed(kernel: kernel, stride: stride ?? kernel, padding: padding)
    }

    public static func adaptive(outHeight: Int, outWidth: Int) -> AvgPool2d {
        AvgPool2d(adaptive: outHeight, outWidth)
    }

    private init(adaptive height: Int, _ width: Int) {
        geometry = .adaptive(height: height, width: width)
    }

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        let (_, _, h, w) = x.nchw
        let rows: [Pooling.Window], cols: [Pooling.Window]
        switch geometry {
        case let .fixed(kernel, stride, padding):
            rows = Pooling.windows(size: h, kernel: kernel, stride: stride, padding: padding)
            cols = Pooling.windows(size: w, kernel: kernel, stride: stride, padding: padding)
        case let .adaptive(height, width):
            rows = Pooling.adaptiveWindows(size: h, out: height)
            cols = Pooling.adaptiveWindows(size: w, out: width)
        }
        cache.store((rows, cols, x.shape), if: mode)
        return Pooling.windowAverage(x, rows: rows, cols: cols)
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        let (rows, cols, shape) = cache.take("AvgPool2d")
        return Pooling.windowAverageBackward(gradOutput, rows: rows, cols: cols, inputShape: shape)
    }
}
