/// PyTorch BatchNorm2d: `weight`, `bias`, buffers `running_mean`, `running_var`, `num_batches_tracked`.
/// Training normalises with batch statistics and updates the running ones with `momentum` (variance
/// unbiased, as PyTorch does); evaluation uses the running statistics. `fusedReLU` applies a ReLU in the
/// same pass (BatchNorm2d followed by ReLU, in one layer and one buffer).
public final class BatchNorm2d: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let runningMean: Parameter
    public let runningVar: Parameter
    public let batchesTracked: Parameter
    public let momentum: Float
    public let epsilon: Float
    public let fusedReLU: Bool
    private var cache = Cache<(input: Tensor, output: Tensor, mean: [Float], inverseStd: [Float])>()
    private let output = TensorBuffer(), gradient = TensorBuffer()

    public init(channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5, fusedReLU: Bool = false) {
        weight = Parameter(Tensor(repeating: 1, shape: [channels]))
        bias = Parameter(Tensor(zeros: [channels]))
        runningMean = Parameter(Tensor(zeros: [channels]))
        runningVar = Parameter(Tensor(repeating: 1, shape: [channels]))
        batchesTracked = Parameter(Tensor(zeros: []))
        self.momentum = momentum
        self.epsilon = epsilon
        self.fusedReLU = fusedReLU
    }

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        guard mode.isTraining else {
            return BatchNormalization.inference(x, mean: runningMean.value, variance: runningVar.value,
                                                weight: weight.value, bias: bias.value, epsilon: epsilon,
                                                rectify: fusedReLU, into: output)
        }
        let (mean, variance, count) = BatchNormalization.statistics(x)
        let inverseStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        let unbias = Float(count) / Float(max(1, count - 1))
        for c in mean.indices {
            runningMean.value.data[c] = (1 - momentum) * runningMean.value.data[c] + momentum * mean[c]
            runningVar.value.data[c] = (1 - momentum) * runningVar.value.data[c] + momentum * variance[c] * unbias
        }
        batchesTracked.value.data[0] += 1
        let scale = zip(weight.value.data, inverseStd).map { $0 * $1 }
        let shift = (0..<mean.count).map { bias.value.data[$0] - mean[$0] * scale[$0] }
        let y = BatchNormalization.affine(x, scale: scale, shift: shift, rectify: fusedReLU, into: output)
        cache.store((x, y, mean, inverseStd), if: mode)
        return y
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        let (x, y, mean, inverseStd) = cache.take("BatchNorm2d")
        return BatchNormalization.backward(input: x, gradOutput: gradOutput, rectifiedOutput: fusedReLU ? y : nil,
                                           mean: mean, inverseStd: inverseStd, weight: weight.value.data,
                                           gradWeight: &weight.grad, gradBias: &bias.grad, into: gradient)
    }

    public func collectState(prefix: String, into state: inout [StateEntry]) {
        state.append(StateEntry(name: prefix + "weight", tensor: weight, kind: .parameter))
        state.append(StateEntry(name: prefix + "bias", tensor: bias, kind: .parameter))
        state.append(StateEntry(name: prefix + "running_mean", tensor: runningMean, kind: .buffer))
        state.append(StateEntry(name: prefix + "running_var", tensor: runningVar, kind: .buffer))
        state.append(StateEntry(name: prefix + "num_batches_tracked", tensor: batchesTracked, kind: .optionalBuffer))
    }
}
