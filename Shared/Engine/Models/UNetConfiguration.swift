/// Shape of a 2-D or 3-D U-Net. Defaults are sized for CPU training (1.9 M parameters at base 16, depth 5, 2-D).
public struct UNetConfiguration: Sendable, Equatable, Codable {
    public enum Normalization: Sendable, Equatable, Codable {
        case batch
        case group(groups: Int)
        case instance
    }

    /// Input image channels (1 for greyscale scans).
    public var inputChannels: Int
    /// Label values in masks (0..<classes). Two classes use one sigmoid output; more use a softmax.
    public var classes: Int
    public var baseChannels: Int
    /// Resolution levels; the image side must be divisible by 2^(depth − 1) (inference pads to it).
    public var depth: Int
    public var normalization: Normalization
    /// Dropout after the bottleneck and after each decoder block; > 0 enables Monte-Carlo dropout.
    public var dropout: Float
    /// Spatial dimensions: 2 (images and slices, NCHW) or 3 (volumes, NCDHW).
    public var dimensions: Int

    public init(inputChannels: Int = 1, classes: Int = 2, baseChannels: Int = 16, depth: Int = 5,
                normalization: Normalization = .batch, dropout: Float = 0, dimensions: Int = 2) {
        self.inputChannels = inputChannels
        self.classes = classes
        self.baseChannels = baseChannels
        self.depth = depth
        self.normalization = normalization
        self.dropout = dropout
        self.dimensions = dimensions
    }

    public var isBinary: Bool { classes == 2 }
    /// Logit channels of the head.
    public var outputChannels: Int { isBinary ? 1 : classes }
    /// The multiple every image side must have.
    public var sizeMultiple: Int { 1 << (depth - 1) }
    public func channels(level: Int) -> Int { baseChannels << level }

    func validate() throws(EngineError) {
        guard inputChannels >= 1, classes >= 2, baseChannels >= 1, (1...8).contains(depth), (0..<1).contains(dropout),
              (2...3).contains(dimensions) else {
            throw .invalidInput("U-Net configuration \(self) is out of range (classes ≥ 2, depth 1…8, dropout in [0, 1), dimensions 2 or 3)")
        }
        if case let .group(groups) = normalization, groups < 1 || baseChannels % groups != 0 {
            throw .invalidInput("group norm with \(groups) groups needs base channels (\(baseChannels)) divisible by it")
        }
    }
}
