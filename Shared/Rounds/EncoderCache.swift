import Catalog
import Encoders

/// Loaded encoders (with their batchers) by configuration: loading ResNet-50 weights takes seconds and
/// hundreds of megabytes, so each replica loads each configured model once and shares it across its loops.
actor EncoderCache {
    private var batchers: [String: EmbeddingBatcher] = [:]

    func batcher(for settings: ProjectConfiguration.EncoderSettings) throws -> EmbeddingBatcher {
        let key = "\(settings.name)|\(settings.weightsPath ?? "")"
        if let cached = batchers[key] { return cached }
        let batcher = EmbeddingBatcher(encoder: try EncoderFactory.make(name: settings.name.rawValue, weightsPath: settings.weightsPath))
        batchers[key] = batcher
        return batcher
    }
}
