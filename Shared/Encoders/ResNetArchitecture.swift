/// Shape of a torchvision ResNet built from Bottleneck blocks: stem width, per-stage widths ("planes") and
/// block counts, and the expansion of each block's last 1×1 convolution. Stages after the first halve the
/// resolution in their first block's 3×3 convolution (torchvision "v1.5").
public struct ResNetArchitecture: Sendable, Equatable, Codable {
    public var inputChannels: Int
    public var stemWidth: Int
    public var widths: [Int]
    public var blocks: [Int]
    public var expansion: Int

    public init(inputChannels: Int = 3, stemWidth: Int, widths: [Int], blocks: [Int], expansion: Int = 4) {
        self.inputChannels = inputChannels
        self.stemWidth = stemWidth
        self.widths = widths
        self.blocks = blocks
        self.expansion = expansion
    }

    /// torchvision `resnet50` (and RadImageNet's ResNet-50).
    public static let resnet50 = ResNetArchitecture(stemWidth: 64, widths: [64, 128, 256, 512], blocks: [3, 4, 6, 3])

    /// Width of the global-average-pooled layer4 output (2048 for ResNet-50).
    public var featureDimension: Int { (widths.last ?? 0) * expansion }

    public static let exportFix = "export a torchvision ResNet (Bottleneck) state dict, e.g. save_file(model.state_dict(), path), with any 'module.' prefix stripped"

    /// Reads the architecture off the tensor shapes, so any Bottleneck ResNet (50, 101, 152, narrow test
    /// nets) loads without configuration.
    public static func inferred(from weights: WeightsFile) throws(EncoderError) -> ResNetArchitecture {
        let stem = try weights.shape("conv1.weight")
        guard stem.count == 4 else {
            throw .unsupportedModel(file: weights.path, reason: "conv1.weight has shape \(stem), not [out, in, kh, kw]")
        }
        guard stem[1] == 3 else {
            throw .unsupportedModel(file: weights.path,
                                    reason: "conv1 takes \(stem[1]) channels; scans are fed as 3 identical grey channels")
        }
        var widths: [Int] = [], blocks: [Int] = [], expansions: Set<Int> = []
        for stage in 1...4 {
            let prefix = "layer\(stage).0."
            guard weights.contains(prefix + "conv3.weight") else {
                if weights.contains(prefix + "conv2.weight") {
                    throw .unsupportedModel(file: weights.path,
                                            reason: "layer\(stage) uses BasicBlocks (ResNet-18/34); only Bottleneck ResNets (50/101/152) are supported")
                }
                throw .missingParameter(name: prefix + "conv3.weight", file: weights.path, fix: exportFix)
            }
            let width = try weights.shape(prefix + "conv1.weight")[0]
            widths.append(width)
            expansions.insert(try weights.shape(prefix + "conv3.weight")[0] / max(1, width))
            var count = 1
            while weights.contains("layer\(stage).\(count).conv1.weight") { count += 1 }
            blocks.append(count)
        }
        guard expansions.count == 1, let expansion = expansions.first, expansion > 0 else {
            throw .unsupportedModel(file: weights.path, reason: "stages disagree on the block expansion (\(expansions.sorted()))")
        }
        return ResNetArchitecture(inputChannels: stem[1], stemWidth: stem[0], widths: widths, blocks: blocks,
                                  expansion: expansion)
    }
}
