/// ReLU; caches its output, whose sign is all backward needs.
public final class ReLU: Layer {
    private var output = Cache<Tensor>()
    private let outputBuffer = TensorBuffer(), gradient = TensorBuffer()
    public init() {}

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        let y = Elementwise.map(x, into: outputBuffer) { max($0, 0) }
        output.store(y, if: mode)
        return y
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        Elementwise.zip(gradOutput, output.take("ReLU"), into: gradient) { g, y in y > 0 ? g : 0 }
    }
}

public final class LeakyReLU: Layer {
    public let slope: Float
    private var input = Cache<Tensor>()
    public init(slope: Float = 0.01) { self.slope = slope }

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        input.store(x, if: mode)
        return Activations.leakyReLU(x, slope: slope)
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        let slope = slope
        return Elementwise.zip(gradOutput, input.take("LeakyReLU")) { g, x in x > 0 ? g : g * slope }
    }
}

/// GELU, exact erf form (PyTorch's default approximate = "none").
public final class GELU: Layer {
    private var input = Cache<Tensor>()
    public init() {}

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        input.store(x, if: mode)
        return Activations.gelu(x)
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        Elementwise.zip(gradOutput, input.take("GELU")) { g, x in g * Activations.geluDerivative(x) }
    }
}

public final class Sigmoid: Layer {
    private var output = Cache<Tensor>()
    public init() {}

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        let y = Activations.sigmoid(x)
        output.store(y, if: mode)
        return y
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        Elementwise.zip(gradOutput, output.take("Sigmoid")) { g, y in g * y * (1 - y) }
    }
}

/// Softmax over the last dimension.
public final class Softmax: Layer {
    private var output = Cache<Tensor>()
    public init() {}

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        let y = Activations.softmax(x)
        output.store(y, if: mode)
        return y
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        Activations.softmaxBackward(output: output.take("Softmax"), gradOutput: gradOutput)
    }
}
