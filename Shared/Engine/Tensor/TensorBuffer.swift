/// Memory a layer reuses for its output (or input gradient) on every call. Large tensors otherwise come
/// fresh from mmap each step and page-fault on first touch, which costs more than a U-Net's arithmetic.
/// The returned tensor shares the memory; once every holder has dropped it (backward consumes the caches),
/// the next call writes in place. A holder that keeps it just makes the next call copy: value semantics
/// are never broken.
public final class TensorBuffer {
    private var storage: [Float] = []

    public init() {}

    /// A tensor of `shape` backed by this buffer. `fill` must write every element unless `zeroed`.
    func tensor(_ shape: [Int], zeroed: Bool = false, _ fill: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let count = shape.reduce(1, *)
        var buffer = storage
        storage = []
        if buffer.count != count {
            buffer = [Float](repeating: 0, count: count)
        } else if zeroed {
            buffer.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        buffer.withUnsafeMutableBufferPointer { fill($0) }
        storage = buffer
        return Tensor(shape: shape, data: buffer)
    }
}
