import NumericSupport
/// Inverted dropout (PyTorch Dropout): zeroes elements with probability p and scales survivors by 1/(1−p).
/// Active in training and in Monte-Carlo inference. Draws from its own generator, which the owner reseeds
/// per step, so a run is reproducible whatever thread prepared the data.
public final class Dropout: Layer {
    public let probability: Float
    public var generator: SeededRandom
    private var mask = Cache<Tensor>()

    public init(probability: Float, seed: UInt64 = 0) {
        precondition((0..<1).contains(probability), "dropout probability must be in [0, 1)")
        self.probability = probability
        generator = SeededRandom(seed: seed)
    }

    public func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        guard mode.dropoutActive, probability > 0 else {
            mask.store(Tensor(repeating: 1, shape: x.shape), if: mode)
            return x
        }
        let keep = 1 - probability, scale = 1 / keep
        var m = Tensor(zeros: x.shape)
        for i in 0..<m.count where generator.nextUniform() < keep { m.data[i] = scale }
        mask.store(m, if: mode)
        return Elementwise.zip(x, m, *)
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        Elementwise.zip(gradOutput, mask.take("Dropout"), *)
    }
}
