/// Raw base pointers for kernels. Callers only use them inside the closure, while the arrays are alive.
extension Tensor {
    @inline(__always)
    func withPointer<R>(_ body: (UnsafePointer<Float>) -> R) -> R {
        data.withUnsafeBufferPointer { body($0.baseAddress.unsafelyUnwrapped) }
    }

    @inline(__always)
    mutating func withMutablePointer<R>(_ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        data.withUnsafeMutableBufferPointer { body($0.baseAddress.unsafelyUnwrapped) }
    }
}
