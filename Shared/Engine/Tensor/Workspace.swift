/// Scratch memory (im2col matrices) that layers reuse instead of allocating, and page-faulting, every
/// step. Layers that run one after another can share one: a model passes the same workspace to all its
/// convolutions, so the scratch costs the largest layer's need, not the sum.
public final class Workspace {
    private var storage: [Float] = []

    public init() {}

    func withBuffer<R>(count: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        // At least one element: callers that need none (pointwise convs) still get a valid address.
        if storage.count < max(count, 1) { storage = [Float](repeating: 0, count: max(count, 1)) }
        return storage.withUnsafeMutableBufferPointer { body($0.baseAddress.unsafelyUnwrapped) }
    }
}
