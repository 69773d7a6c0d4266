/// A dense float32 tensor in row-major order (NCHW for images). A value type: copies share storage until
/// one of them is written, so passing tensors between layers costs nothing.
public struct Tensor: Sendable, Equatable {
    public private(set) var shape: [Int]
    public var data: [Float]

    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count, "shape \(shape) does not hold \(data.count) values")
        self.shape = shape
        self.data = data
    }

    public init(zeros shape: [Int]) {
        self.shape = shape
        self.data = [Float](repeating: 0, count: shape.reduce(1, *))
    }

    public init(repeating value: Float, shape: [Int]) {
        self.shape = shape
        self.data = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// Storage that the caller fills completely; skips zero-filling for large outputs.
    public init(uninitialized shape: [Int], _ fill: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let count = shape.reduce(1, *)
        self.shape = shape
        self.data = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer)
            initialized = count
        }
    }

    public var count: Int { data.count }
    public var rank: Int { shape.count }

    /// Same values viewed with another shape of equal size.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, data: data)
    }

    /// Elements per channel of one sample: H·W of NCHW, D·H·W of NCDHW.
    public var spatialCount: Int { shape.dropFirst(2).reduce(1, *) }

    /// Batch, channels, depth, height, width of an NCHW (depth 1) or NCDHW tensor.
    public var ncdhw: (n: Int, c: Int, d: Int, h: Int, w: Int) {
        precondition(shape.count == 4 || shape.count == 5, "expected an NCHW or NCDHW tensor, got shape \(shape)")
        return shape.count == 4 ? (shape[0], shape[1], 1, shape[2], shape[3]) : (shape[0], shape[1], shape[2], shape[3], shape[4])
    }

    /// Batch, channels, height, width of an NCHW tensor.
    public var nchw: (n: Int, c: Int, h: Int, w: Int) {
        precondition(shape.count == 4, "expected an NCHW tensor, got shape \(shape)")
        return (shape[0], shape[1], shape[2], shape[3])
    }

    public subscript(index: Int) -> Float {
        get { data[index] }
        set { data[index] = newValue }
    }
}
