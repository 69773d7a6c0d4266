/// Scratch memory a layer keeps between calls so that steady-state training does not allocate (and
/// page-fault) its large im2col matrices every step.
final class Workspace {
    private var storage: [Float] = []

    func withBuffer<R>(count: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        if storage.count < count { storage = [Float](repeating: 0, count: count) }
        return storage.withUnsafeMutableBufferPointer { body($0.baseAddress.unsafelyUnwrapped) }
    }
}
