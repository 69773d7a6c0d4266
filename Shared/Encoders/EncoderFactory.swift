/// Settings shared by the network encoders; the descriptor ignores them.
public struct EncoderOptions: Sendable, Equatable {
    /// Images per forward pass.
    public var batchSize: Int
    /// Square side the scans are resized to; nil = the model's default (224 for both networks).
    public var inputSide: Int?
    /// Unit-length embeddings (what the service stores); false gives the raw pooled features.
    public var l2Normalize: Bool
    /// DINOv2 only: class token alone or with the mean patch token.
    public var dinoPooling: DINOv2.Pooling
    /// DINOv2 only: the model's config.json; nil = config.json beside the weights, if any.
    public var configPath: String?

    public init(batchSize: Int = 8, inputSide: Int? = nil, l2Normalize: Bool = true,
                dinoPooling: DINOv2.Pooling = .cls, configPath: String? = nil) {
        self.batchSize = batchSize
        self.inputSide = inputSide
        self.l2Normalize = l2Normalize
        self.dinoPooling = dinoPooling
        self.configPath = configPath
    }
}

/// Picks and loads an encoder by its configured name.
public enum EncoderFactory {
    public static let names = ["resnet50", "dinov2", "descriptor"]

    public static func make(name: String, weightsPath: String?,
                            options: EncoderOptions = EncoderOptions()) throws(EncoderError) -> any ScanEncoder {
        switch name {
        case "descriptor":
            return DescriptorEncoder()
        case "resnet50":
            guard let weightsPath else { throw .weightsRequired(encoder: name) }
            let weights = try WeightsFile(path: weightsPath, fix: ResNetArchitecture.exportFix)
            return try encoder(name, weights, try ResNet(weights: weights), options)
        case "dinov2":
            guard let weightsPath else { throw .weightsRequired(encoder: name) }
            let weights = try WeightsFile(path: weightsPath, fix: DINOv2Configuration.exportFix)
            let configuration = try DINOv2Configuration.inferred(from: weights, configPath: options.configPath)
            let network = try DINOv2(weights: weights, configuration: configuration, pooling: options.dinoPooling)
            return try encoder(name, weights, network, options)
        default:
            throw .unknownEncoder(name)
        }
    }

    /// 224 is what both families are usually run at for embeddings (DINOv2 interpolates its positions).
    private static func encoder<N: FeatureNetwork>(_ name: String, _ weights: WeightsFile, _ network: N,
                                                   _ options: EncoderOptions) throws(EncoderError) -> NetworkEncoder<N> {
        try NetworkEncoder(name: name, weightsChecksum: weights.checksum, network: network,
                           inputSize: .square(options.inputSide ?? 224), normalizesEmbeddings: options.l2Normalize,
                           batchSize: options.batchSize)
    }
}
