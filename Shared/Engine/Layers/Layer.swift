/// How a forward pass behaves. Training caches what backward needs and uses batch statistics; Monte-Carlo
/// inference keeps dropout active but otherwise behaves like evaluation.
public struct ForwardMode: Sendable, Equatable {
    public var isTraining: Bool
    public var dropoutActive: Bool

    public static let train = ForwardMode(isTraining: true, dropoutActive: true)
    public static let inference = ForwardMode(isTraining: false, dropoutActive: false)
    public static let monteCarlo = ForwardMode(isTraining: false, dropoutActive: true)
}

/// A trainable tensor and its accumulated gradient. A class so that optimisers and layers share it.
public final class Parameter {
    public var value: Tensor
    public var grad: Tensor

    public init(_ value: Tensor) {
        self.value = value
        self.grad = Tensor(zeros: value.shape)
    }

    public func zeroGrad() {
        grad.data.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}

/// One named tensor of a model's state dict. Buffers (running statistics) are saved and loaded but not
/// optimised; optional entries (num_batches_tracked) may be absent from files PyTorch users export.
public struct StateEntry {
    public enum Kind: Sendable { case parameter, buffer, optionalBuffer }
    public let name: String
    public let tensor: Parameter
    public let kind: Kind

    public init(name: String, tensor: Parameter, kind: Kind) {
        self.name = name
        self.tensor = tensor
        self.kind = kind
    }
}

/// A differentiable building block with a hand-written backward pass. `forward` in training mode caches
/// its inputs; `backward` consumes that cache, adds parameter gradients into `Parameter.grad` (as PyTorch
/// accumulates) and returns the gradient with respect to the input.
public protocol Layer: AnyObject {
    func forward(_ input: Tensor, mode: ForwardMode) -> Tensor
    func backward(_ gradOutput: Tensor) -> Tensor
    /// Appends this layer's state under `prefix` (e.g. "down.0.1.") with PyTorch names.
    func collectState(prefix: String, into state: inout [StateEntry])
}

extension Layer {
    public func collectState(prefix: String, into state: inout [StateEntry]) {}

    public func state(prefix: String = "") -> [StateEntry] {
        var entries: [StateEntry] = []
        collectState(prefix: prefix, into: &entries)
        return entries
    }

    public var parameters: [Parameter] {
        state().filter { $0.kind == .parameter }.map(\.tensor)
    }

    public func zeroGrad() {
        for parameter in parameters { parameter.zeroGrad() }
    }
}

/// The cached input of a training forward pass; reading it without one is a programming error.
struct Cache<Value> {
    private var value: Value?

    mutating func store(_ newValue: Value, if mode: ForwardMode) {
        value = mode.isTraining ? newValue : nil
    }

    /// Hands the cached value over and forgets it, so buffers are unique again at the next forward.
    mutating func take(_ layer: String) -> Value {
        guard let stored = value else { preconditionFailure("\(layer).backward called without a training forward") }
        value = nil
        return stored
    }
}
