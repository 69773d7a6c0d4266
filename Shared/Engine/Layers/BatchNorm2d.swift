/// PyTorch BatchNorm2d: `weight`, `bias`, buffers `running_mean`, `running_var`, `num_batches_tracked`.
/// Training normalises with batch statistics and updates the running ones with `momentum` (variance
/// unbiased, as PyTorch does); evaluation uses the running statistics.
public final class BatchNorm2d: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let runningMean: Parameter
    public let runningVar: Parameter
    public let batchesTracked: Parameter
    public let momentum: Float
    public let epsilon: Float
    private var cache = Cache<(input: Tensor, mean: [Float], inverseStd: [Float])>()
    private let output = TensorBuffer(), gradient = TensorBuffer()

    public init(channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        weight = Parameter(Tensor(repeating: 1, shape: [channels]))
        bias = Parameter(Tensor(zeros: [channels]))
        runningMean = Parameter(Tensor(zeros: [channels]))
        runningVar = Parameter(Tensor(repeating: 1, shape: [channels]))
        batchesTracked = Parameter(Tensor(zeros: []))
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        guard mode.isTraining else {
            return BatchNormalization.inference(x, mean: runningMean.value, variance: runningVar.value,
                                                weight: weight.value, bias: bias.value, epsilon: epsilon, into: output)
        }
        let (mean, variance, count) = BatchNormalization.statistics(x)
        let inverseStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        let unbias = Float(count) / Float(max(1, count - 1))
        for c in mean.indices {
            runningMean.value.data[c] = (1 - momentum) * runningMean.value.data[c] + momentum * mean[c]
            runningVar.value.data[c] = (1 - momentum) * runningVar.value.data[c] + momentum * variance[c] * unbias
        }
        batchesTracked.value.data[0] += 1
        cache.store((x, mean, inverseStd), if: mode)
        let scale = zip(weight.value.data, inverseStd).map { $0 * $1 }
        let shift = (0..<mean.count).map { bias.value.data[$0] - mean[$0] * scale[$0] }
        return BatchNormalization.affine(x, scale: scale, shift: shift, into: output)
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        let (x, mean, inverseStd) = cache.take("BatchNorm2d")
        return BatchNormalization.backward(input: x, gradOutput: gradOutput, mean: mean, inverseStd: inverseStd,
                                           weight: weight.value.data, gradWeight: &weight.grad, gradBias: &bias.grad,
                                           into: gradient)
    }

    public func collectState(prefix: String, into state: inout [StateEntry]) {
        state.append(StateEntry(name: prefix + "weight", tensor: weight, kind: .parameter))
        state.append(StateEntry(name: prefix + "bias", tensor: bias, kind: .parameter))
        state.append(StateEntry(name: prefix + "running_mean", tensor: runningMean, kind: .buffer))
        state.append(StateEntry(name: prefix + "running_var", tensor: runningVar, kind: .buffer))
        state.append(StateEntry(name: prefix + "num_batches_tracked", tensor: batchesTracked, kind: .optionalBuffer))
    }
}
