import NumericSupport
/// PyTorch Linear: `weight` [out, in], `bias` [out], applied to the last dimension.
public final class Linear: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    private var input = Cache<Tensor>()

    public init(inFeatures: Int, outFeatures: Int, bias: Bool = true, generator: inout SeededRandom) {
        weight = Parameter(uniformInit(shape: [outFeatures, inFeatures], fanIn: inFeatures, using: &generator))
        self.bias = bias ? Parameter(uniformInit(shape: [outFeatures], fanIn: inFeatures, using: &generator)) : nil
    }

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        input.store(x, if: mode)
        return MatrixProduct.linear(x, weight: weight.value, bias: bias?.value)
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        let x = input.take("Linear")
        let outFeatures = weight.value.shape[0], inFeatures = weight.value.shape[1], rows = x.count / inFeatures
        if let bias {
            for r in 0..<rows {
                for o in 0..<outFeatures { bias.grad.data[o] += gradOutput.data[r * outFeatures + o] }
            }
        }
        x.data.withUnsafeBufferPointer { xb in
            gradOutput.data.withUnsafeBufferPointer { gb in
                weight.grad.data.withUnsafeMutableBufferPointer { gw in
                    gemm(transposeA: true, m: outFeatures, n: inFeatures, k: rows, a: gb.baseAddress.unsafelyUnwrapped,
                         lda: outFeatures, b: xb.baseAddress.unsafelyUnwrapped, ldb: inFeatures, beta: 1,
                         c: gw.baseAddress.unsafelyUnwrapped, ldc: inFeatures)
                }
            }
        }
        return MatrixProduct.matmul(gradOutput.reshaped([rows, outFeatures]), weight.value).reshaped(x.shape)
    }

    public func collectState(prefix: String, into state: inout [StateEntry]) {
        state.append(StateEntry(name: prefix + "weight", tensor: weight, kind: .parameter))
        if let bias { state.append(StateEntry(name: prefix + "bias", tensor: bias, kind: .parameter)) }
    }
}
