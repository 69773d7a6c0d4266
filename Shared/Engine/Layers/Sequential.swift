/// Layers applied in order and named by index like torch.nn.Sequential ("0.", "1.", …). `init(indexed:)`
/// keeps PyTorch's indices when a parameter-free layer is fused away (ReLU into the norm before it).
public final class Sequential: Layer {
    public let layers: [(index: Int, layer: any Layer)]

    public init(_ layers: [any Layer]) {
        self.layers = layers.enumerated().map { ($0.offset, $0.element) }
    }

    public init(indexed layers: [(index: Int, layer: any Layer)]) {
        self.layers = layers
    }

    public func forward(_ input: Tensor, mode: ForwardMode) -> Tensor {
        layers.reduce(input) { $1.layer.forward($0, mode: mode) }
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        layers.reversed().reduce(gradOutput) { $1.layer.backward($0) }
    }

    public func collectState(prefix: String, into state: inout [StateEntry]) {
        for (index, layer) in layers { layer.collectState(prefix: "\(prefix)\(index).", into: &state) }
    }
}
