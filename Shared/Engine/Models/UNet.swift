import NumericSupport
/// The U-Net of the reference implementation (shared/fixtures/make_fixtures.py): per level a block of two
/// (3×3 conv, norm, ReLU), 2×2 max pooling down, 2×2 transposed convs up, skip concatenation [up, skip], and
/// a 1×1 head; with `dimensions` 3 the same network on volumes (3×3×3 convs, 2×2×2 pooling and up-sampling).
/// State names match PyTorch's (down.i.*, up.j.*, dec.j.*, head.*), so weights move both ways.
public final class UNet: Layer {
    public let configuration: UNetConfiguration
    let down: [Sequential]
    let pools: [MaxPool]
    let up: [ConvTranspose]
    let dec: [Sequential]
    let head: Conv
    /// Outside the blocks so that enabling dropout does not renumber PyTorch parameter names.
    let dropouts: [Dropout]
    /// Per decoder level: the concatenation, its split gradient halves, and the skip-gradient sum.
    private let concatBuffers: [TensorBuffer]
    private let splitBuffers: [[TensorBuffer]]
    private let skipSumBuffers: [TensorBuffer]

    public init(configuration: UNetConfiguration, seed: UInt64 = 0) throws(EngineError) {
        try configuration.validate()
        self.configuration = configuration
        var generator = SeededRandom(seed: seed)
        let workspace = Workspace()
        let levels = configuration.depth
        let ch = (0..<levels).map(configuration.channels(level:))
        let dimensions = configuration.dimensions
        down = (0..<levels).map { i in
            Self.block(i == 0 ? configuration.inputChannels : ch[i - 1], ch[i], configuration.normalization, dimensions,
                       workspace, &generator)
        }
        pools = (1..<max(levels, 1)).map { _ in MaxPool(kernel: 2) }
        let upLevels = Array((1..<levels).reversed())
        up = upLevels.map {
            ConvTranspose(inChannels: ch[$0], outChannels: ch[$0 - 1], dimensions: dimensions, workspace: workspace,
                          generator: &generator)
        }
        dec = upLevels.map {
            Self.block(2 * ch[$0 - 1], ch[$0 - 1], configuration.normalization, dimensions, workspace, &generator)
        }
        head = Conv(inChannels: ch[0], outChannels: configuration.outputChannels, kernelSize: 1, dimensions: dimensions,
                    workspace: workspace, generator: &generator)
        concatBuffers = upLevels.map { _ in TensorBuffer() }
        splitBuffers = upLevels.map { _ in [TensorBuffer(), TensorBuffer()] }
        skipSumBuffers = upLevels.map { _ in TensorBuffer() }
        dropouts = configuration.dropout > 0
            ? (0..<levels).map { Dropout(probability: configuration.dropout, seed: seed &+ UInt64($0)) } : []
    }

    /// (3×3 conv, norm, ReLU) twice. Each ReLU is fused into its norm; indices 2 and 5 stay free, as
    /// PyTorch's parameter-free ReLUs leave them, so names remain down.i.0/1/3/4.
    private static func block(_ input: Int, _ output: Int, _ normalization: UNetConfiguration.Normalization,
                              _ dimensions: Int, _ workspace: Workspace, _ generator: inout SeededRandom) -> Sequential {
        func normReLU() -> any Layer {
            switch normalization {
            case .batch: BatchNorm2d(channels: output, fusedReLU: true)
            case let .group(groups): GroupNorm(groups: groups, channels: output, fusedReLU: true)
            case .instance: GroupNorm.instanceNorm(channels: output, fusedReLU: true)
            }
        }
        return Sequential(indexed: [
            (0, Conv(inChannels: input, outChannels: output, kernelSize: 3, padding: 1, dimensions: dimensions,
                     workspace: workspace, generator: &generator)),
            (1, normReLU()),
            (3, Conv(inChannels: output, outChannels: output, kernelSize: 3, padding: 1, dimensions: dimensions,
                     workspace: workspace, generator: &generator)),
            (4, normReLU()),
        ])
    }

    public func forward(_ input: Tensor, mode: ForwardMode) -> Tensor {
        forwardWithFeatures(input, mode: mode).logits
    }

    /// The logits and the decoder's last feature map, the head's input [N, base channels, (D,) H, W]: active
    /// learning builds BADGE's gradient embeddings from it. `backward` may follow either entry point.
    public func forwardWithFeatures(_ input: Tensor, mode: ForwardMode) -> (logits: Tensor, features: Tensor) {
        let multiple = configuration.sizeMultiple
        precondition(input.rank == 2 + configuration.dimensions && input.shape[1] == configuration.inputChannels
                     && input.shape.dropFirst(2).allSatisfy { $0 % multiple == 0 },
                     "U-Net input \(input.shape) needs \(configuration.inputChannels) channels, \(configuration.dimensions) spatial dimensions and sides divisible by \(multiple)")
        var x = input
        var skips: [Tensor] = []
        for (level, block) in down.enumerated() {
            x = block.forward(x, mode: mode)
            if level < pools.count {
                skips.append(x)
                x = pools[level].forward(x, mode: mode)
            }
        }
        x = dropout(0)?.forward(x, mode: mode) ?? x
        for (j, (upsample, block)) in zip(up, dec).enumerated() {
            let joined = Concatenation.channels([upsample.forward(x, mode: mode), skips.removeLast()], into: concatBuffers[j])
            x = block.forward(joined, mode: mode)
            x = dropout(j + 1)?.forward(x, mode: mode) ?? x
        }
        return (head.forward(x, mode: mode), x)
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        var g = head.backward(gradOutput)
        var skipGrads: [Tensor] = []
        for (j, (upsample, block)) in zip(up, dec).enumerated().reversed() {
            g = dropout(j + 1)?.backward(g) ?? g
            let half = upsample.bias.value.count
            let parts = Concatenation.split(block.backward(g), channelCounts: [half, half], into: splitBuffers[j])
            skipGrads.append(parts[1])
            g = upsample.backward(parts[0])
        }
        g = dropout(0)?.backward(g) ?? g
        for level in down.indices.reversed() {
            if level < pools.count {
                g = Elementwise.zip(pools[level].backward(g), skipGrads.removeLast(), into: skipSumBuffers[level], +)
            }
            g = down[level].backward(g)
        }
        return g
    }

    private func dropout(_ index: Int) -> Dropout? {
        dropouts.isEmpty ? nil : dropouts[index]
    }

    /// Reseeds every dropout layer (the trainer does this per step for reproducibility).
    public func reseedDropout(_ generator: SeededRandom) {
        for (i, layer) in dropouts.enumerated() { layer.generator = generator.derived(UInt64(i)) }
    }

    public func collectState(prefix: String, into state: inout [StateEntry]) {
        for (i, block) in down.enumerated() { block.collectState(prefix: "\(prefix)down.\(i).", into: &state) }
        for (j, layer) in up.enumerated() { layer.collectState(prefix: "\(prefix)up.\(j).", into: &state) }
        for (j, block) in dec.enumerated() { block.collectState(prefix: "\(prefix)dec.\(j).", into: &state) }
        head.collectState(prefix: prefix + "head.", into: &state)
    }
}
