import NumericSupport
/// PyTorch Conv2d (or, with 3 dimensions, Conv3d): parameters `weight` [out, in, kh, kw] ([out, in, kd, kh, kw])
/// and optional `bias` [out].
public final class Conv: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: Int, padding: Int, dilation: Int
    private var input = Cache<Tensor>()
    private let workspace: Workspace
    private let output = TensorBuffer(), gradient = TensorBuffer()

    /// `workspace` may be shared with the other layers of a model that run one after another.
    public init(inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                dilation: Int = 1, bias: Bool = true, dimensions: Int = 2, workspace: Workspace = Workspace(),
                generator: inout SeededRandom) {
        self.workspace = workspace
        let kernel = [Int](repeating: kernelSize, count: dimensions)
        let fanIn = inChannels * kernel.reduce(1, *)
        weight = Parameter(uniformInit(shape: [outChannels, inChannels] + kernel, fanIn: fanIn, using: &generator))
        self.bias = bias ? Parameter(uniformInit(shape: [outChannels], fanIn: fanIn, using: &generator)) : nil
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
    }

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        input.store(x, if: mode)
        return Convolution.forward(x, weight: weight.value, bias: bias?.value, stride: stride, padding: padding,
                                   dilation: dilation, workspace: workspace, output: output)
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        let x = input.take("Conv")
        if let bias { Convolution.accumulateBiasGradient(gradOutput, into: &bias.grad) }
        return Convolution.backward(input: x, weight: weight.value, gradOutput: gradOutput, stride: stride,
                                    padding: padding, dilation: dilation, gradWeight: &weight.grad,
                                    workspace: workspace, gradient: gradient)
    }

    public func collectState(prefix: String, into state: inout [StateEntry]) {
        state.append(StateEntry(name: prefix + "weight", tensor: weight, kind: .parameter))
        if let bias { state.append(StateEntry(name: prefix + "bias", tensor: bias, kind: .parameter)) }
    }
}

/// PyTorch ConvTranspose2d (or, with 3 dimensions, ConvTranspose3d) with kernel = stride (the U-Net up-sampling):
/// weight [in, out, k, k] ([in, out, k, k, k]), bias [out].
public final class ConvTranspose: Layer {
    public let weight: Parameter
    public let bias: Parameter
    private var input = Cache<Tensor>()
    private let workspace: Workspace
    private let output = TensorBuffer(), gradient = TensorBuffer()

    public init(inChannels: Int, outChannels: Int, kernelSize: Int = 2, dimensions: Int = 2,
                workspace: Workspace = Workspace(), generator: inout SeededRandom) {
        self.workspace = workspace
        let kernel = [Int](repeating: kernelSize, count: dimensions)
        // PyTorch computes fan-in from weight dimension 1, which for transposed convs is the output side.
        let fanIn = outChannels * kernel.reduce(1, *)
        weight = Parameter(uniformInit(shape: [inChannels, outChannels] + kernel, fanIn: fanIn, using: &generator))
        bias = Parameter(uniformInit(shape: [outChannels], fanIn: fanIn, using: &generator))
    }

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        input.store(x, if: mode)
        return TransposedConvolution.forward(x, weight: weight.value, bias: bias.value, workspace: workspace,
                                            output: output)
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        let x = input.take("ConvTranspose")
        Convolution.accumulateBiasGradient(gradOutput, into: &bias.grad)
        return TransposedConvolution.backward(input: x, weight: weight.value, gradOutput: gradOutput,
                                              gradWeight: &weight.grad, workspace: workspace, gradient: gradient)
    }

    public func collectState(prefix: String, into state: inout [StateEntry]) {
        state.append(StateEntry(name: prefix + "weight", tensor: weight, kind: .parameter))
        state.append(StateEntry(name: prefix + "bias", tensor: bias, kind: .parameter))
    }
}
