/// Layers applied in order, named "0.", "1.", … like torch.nn.Sequential (parameter-free layers keep
/// their index, so PyTorch names line up).
public final class Sequential: Layer {
    public let layers: [any Layer]

    public init(_ layers: [any Layer]) {
        self.layers = layers
    }

    public func forward(_ input: Tensor, mode: ForwardMode) -> Tensor {
        layers.reduce(input) { $1.forward($0, mode: mode) }
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        layers.reversed().reduce(gradOutput) { $1.backward($0) }
    }

    public func collectState(prefix: String, into state: inout [StateEntry]) {
        for (index, layer) in layers.enumerated() { layer.collectState(prefix: "\(prefix)\(index).", into: &state) }
    }
}
