import Engine

/// ReLU and residual-add-then-ReLU written into the tensor that is being discarded anyway. A fresh
/// output would come from the allocator page-faulting across tens of megabytes per ResNet-50 batch,
/// which costs more than the arithmetic; a convolution's output is uniquely owned here, so the writes
/// happen in place. (Candidates for Engine: it has relu, but no in-place or fused residual variant.)
enum InPlaceActivation {
    static func relu(_ x: consuming Tensor) -> Tensor {
        x.data.withUnsafeMutableBufferPointer { values in
            for i in values.indices { values[i] = max(values[i], 0) }
        }
        return x
    }

    /// max(x + residual, 0).
    static func addRelu(_ x: consuming Tensor, _ residual: Tensor) -> Tensor {
        precondition(x.shape == residual.shape, "residual \(residual.shape) does not match \(x.shape)")
        residual.data.withUnsafeBufferPointer { r in
            x.data.withUnsafeMutableBufferPointer { values in
                for i in values.indices { values[i] = max(values[i] + r[i], 0) }
            }
        }
        return x
    }
}
