import NumericSupport
import Engine

/// torchvision ResNet (Bottleneck) in evaluation mode, up to the global-average-pooled layer4 output (the
/// 2048-d "penultimate" embedding of ResNet-50); `fc` is never loaded. Batch norms are folded into the
/// convolutions at load time, so the network is a list of immutable tensors and safe to share across tasks.
public struct ResNet: FeatureNetwork {
    struct Bottleneck: Sendable {
        let conv1: FoldedConvolution, conv2: FoldedConvolution, conv3: FoldedConvolution
        let downsample: FoldedConvolution?

        func callAsFunction(_ x: Tensor) -> Tensor {
            let out = conv3(InPlaceActivation.relu(conv2(InPlaceActivation.relu(conv1(x)))))
            return InPlaceActivation.addRelu(out, downsample?(x) ?? x)
        }
    }

    public let architecture: ResNetArchitecture
    let stem: FoldedConvolution
    let stages: [[Bottleneck]]

    /// Loads torchvision parameter names (conv1, bn1, layerN.M.convK/bnK, layerN.0.downsample.0/1) with the
    /// architecture read off the tensor shapes.
    public init(weights: WeightsFile) throws(EncoderError) {
        try self.init(architecture: try ResNetArchitecture.inferred(from: weights)) {
            (conv, norm, shape, stride, padding) throws(EncoderError) in
            try FoldedConvolution(weights, conv: conv, norm: norm, shape: shape, stride: stride, padding: padding)
        }
    }

    /// Random He-initialised weights with identity batch norms: for throughput benchmarks.
    public init(architecture: ResNetArchitecture, seed: UInt64) {
        var generator = SeededRandom(seed: seed)
        self.init(architecture: architecture) { (_, _, shape, stride, padding) in
            FoldedConvolution(random: shape, stride: stride, padding: padding, generator: &generator)
        }
    }

    /// Walks the torchvision layout, asking `make(conv, norm, shape, stride, padding)` for each folded
    /// convolution by its parameter prefixes ("layer2.0.conv3" and "layer2.0.bn3").
    private init<E: Error>(architecture a: ResNetArchitecture,
                           make: (String, String, [Int], Int, Int) throws(E) -> FoldedConvolution) throws(E) {
        architecture = a
        stem = try make("conv1", "bn1", [a.stemWidth, a.inputChannels, 7, 7], 2, 3)
        var inChannels = a.stemWidth
        var stages: [[Bottleneck]] = []
        for (index, (width, count)) in zip(a.widths, a.blocks).enumerated() {
            var blocks: [Bottleneck] = []
            for b in 0..<count {
                let p = "layer\(index + 1).\(b)."
                let stride = b == 0 && index > 0 ? 2 : 1
                let outChannels = width * a.expansion
                let needsDownsample = b == 0 && (stride != 1 || inChannels != outChannels)
                blocks.append(Bottleneck(
                    conv1: try make(p + "conv1", p + "bn1", [width, inChannels, 1, 1], 1, 0),
                    conv2: try make(p + "conv2", p + "bn2", [width, width, 3, 3], stride, 1),
                    conv3: try make(p + "conv3", p + "bn3", [outChannels, width, 1, 1], 1, 0),
                    downsample: needsDownsample
                        ? try make(p + "downsample.0", p + "downsample.1", [outChannels, inChannels, 1, 1], stride, 0)
                        : nil))
                inChannels = outChannels
            }
            stages.append(blocks)
        }
        self.stages = stages
    }

    public var featureDimension: Int { architecture.featureDimension }
    /// The stem and three strided stages halve the side five times.
    public var minimumInputSide: Int { 32 }

    /// [N, 3, H, W] normalised input → [N, featureDimension] pooled layer4 features (not L2-normalised).
    public func features(_ x: Tensor) -> Tensor {
        var h = Pooling.maxPool(InPlaceActivation.relu(stem(x)), kernel: 3, stride: 2, padding: 1)
        for stage in stages {
            for block in stage { h = block(h) }
        }
        let (n, c, _, _) = h.nchw
        return Pooling.adaptiveAveragePool(h, outHeight: 1, outWidth: 1).reshaped([n, c])
    }
}
