/// PyTorch GroupNorm (affine `weight`, `bias` per channel). `GroupNorm.instanceNorm(channels:)` is
/// InstanceNorm2d(affine: true): one group per channel is the same computation. `fusedReLU` as in BatchNorm2d.
public final class GroupNorm: Layer {
    public let groups: Int
    public let weight: Parameter
    public let bias: Parameter
    public let epsilon: Float
    public let fusedReLU: Bool
    private var cache = Cache<(input: Tensor, output: Tensor, statistics: GroupNormalization.Statistics)>()
    private let output = TensorBuffer(), gradient = TensorBuffer()

    public init(groups: Int, channels: Int, epsilon: Float = 1e-5, fusedReLU: Bool = false) {
        precondition(channels % groups == 0, "GroupNorm: \(channels) channels do not split into \(groups) groups")
        self.groups = groups
        self.epsilon = epsilon
        self.fusedReLU = fusedReLU
        weight = Parameter(Tensor(repeating: 1, shape: [channels]))
        bias = Parameter(Tensor(zeros: [channels]))
    }

    public static func instanceNorm(channels: Int, epsilon: Float = 1e-5, fusedReLU: Bool = false) -> GroupNorm {
        GroupNorm(groups: channels, channels: channels, epsilon: epsilon, fusedReLU: fusedReLU)
    }

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        let (y, statistics) = GroupNormalization.forwardWithStatistics(
            x, groups: groups, weight: weight.value, bias: bias.value, epsilon: epsilon, rectify: fusedReLU, into: output)
        cache.store((x, y, statistics), if: mode)
        return y
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        let (x, y, statistics) = cache.take("GroupNorm")
        return GroupNormalization.backward(input: x, gradOutput: gradOutput, rectifiedOutput: fusedReLU ? y : nil,
                                           groups: groups, statistics: statistics, weight: weight.value,
                                           gradWeight: &weight.grad, gradBias: &bias.grad, into: gradient)
    }

    public func collectState(prefix: String, into state: inout [StateEntry]) {
        state.append(StateEntry(name: prefix + "weight", tensor: weight, kind: .parameter))
        state.append(StateEntry(name: prefix + "bias", tensor: bias, kind: .parameter))
    }
}

/// PyTorch LayerNorm over the last dimension (`weight`, `bias` of that size), as used by transformers.
public final class LayerNorm: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let epsilon: Float
    private var cache = Cache<(input: Tensor, statistics: GroupNormalization.Statistics)>()
    private let output = TensorBuffer(), gradient = TensorBuffer()

    public init(features: Int, epsilon: Float = 1e-5) {
        weight = Parameter(Tensor(repeating: 1, shape: [features]))
        bias = Parameter(Tensor(zeros: [features]))
        self.epsilon = epsilon
    }

    /// Rows of the last dimension seen as [rows, features, 1] with a single group.
    private func rows(_ x: Tensor) -> Tensor {
        let features = weight.value.count
        precondition(x.shape.last == features, "LayerNorm(\(features)) got shape \(x.shape)")
        return x.reshaped([x.count / features, features, 1])
    }

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        let (y, statistics) = GroupNormalization.forwardWithStatistics(
            rows(x), groups: 1, weight: weight.value, bias: bias.value, epsilon: epsilon, rectify: false, into: output)
        cache.store((x, statistics), if: mode)
        return y.reshaped(x.shape)
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        let (x, statistics) = cache.take("LayerNorm")
        return GroupNormalization.backward(input: rows(x), gradOutput: rows(gradOutput), rectifiedOutput: nil, groups: 1,
                                           statistics: statistics, weight: weight.value, gradWeight: &weight.grad,
                                           gradBias: &bias.grad, into: gradient).reshaped(x.shape)
    }

    public func collectState(prefix: String, into state: inout [StateEntry]) {
        state.append(StateEntry(name: prefix + "weight", tensor: weight, kind: .parameter))
        state.append(StateEntry(name: prefix + "bias", tensor: bias, kind: .parameter))
    }
}
