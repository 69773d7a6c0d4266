import Engine

/// A network that maps a normalised batch [N, 3, H, W] to features [N, D].
public protocol FeatureNetwork: Sendable {
    var featureDimension: Int { get }
    /// Smallest input side that leaves at least one feature-map pixel or patch.
    var minimumInputSide: Int { get }
    func features(_ batch: Tensor) -> Tensor
}

/// A `ScanEncoder` around a network: preprocessing, batching and optional L2 normalisation are the same for
/// every network, so only the forward pass differs between ResNet and DINOv2.
public struct NetworkEncoder<Network: FeatureNetwork>: ScanEncoder {
    public let name: String
    public let weightsChecksum: String
    public let network: Network
    public let inputSize: InputSize
    public let normalizesEmbeddings: Bool
    /// Images per forward pass: larger batches use the cores better but hold more activations.
    public let batchSize: Int
    public let normalization: ChannelNormalization

    public init(name: String, weightsChecksum: String, network: Network, inputSize: InputSize,
                normalizesEmbeddings: Bool = true, batchSize: Int = 8,
                normalization: ChannelNormalization = .imageNet) throws(EncoderError) {
        guard batchSize > 0 else { throw .invalidOption("batch size must be positive, got \(batchSize)") }
        guard min(inputSize.height, inputSize.width) >= network.minimumInputSide else {
            throw .invalidOption("input size \(inputSize.height)×\(inputSize.width) is below \(name)'s minimum side \(network.minimumInputSide)")
        }
        self.name = name
        self.weightsChecksum = weightsChecksum
        self.network = network
        self.inputSize = inputSize
        self.normalizesEmbeddings = normalizesEmbeddings
        self.batchSize = batchSize
        self.normalization = normalization
    }

    public var outputDimension: Int { network.featureDimension }

    public func embed(images: [GreyImage]) throws(EncoderError) -> [[Float]] {
        var embeddings: [[Float]] = []
        embeddings.reserveCapacity(images.count)
        for start in stride(from: 0, to: images.count, by: batchSize) {
            let chunk = images[start..<min(images.count, start + batchSize)]
            let input = try Preprocessing.batch(chunk, size: inputSize, normalization: normalization, firstIndex: start)
            let features = network.features(input)
            let dimension = features.shape[1]
            for row in 0..<chunk.count {
                let vector = Array(features.data[(row * dimension)..<((row + 1) * dimension)])
                embeddings.append(normalizesEmbeddings ? VectorMath.l2Normalized(vector) : vector)
            }
        }
        return embeddings
    }
}
