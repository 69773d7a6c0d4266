import Catalog
import Encoders

/// Loaded encoders by configuration: loading ResNet-50 weights takes seconds and hundreds of megabytes,
/// so each replica loads each configured model once and shares it across its worker loops.
actor EncoderCache {
    private var encoders: [String: any ScanEncoder] = [:]

    func encoder(for settings: ProjectConfiguration.EncoderSettings) throws -> any ScanEncoder {
        let key = "\(settings.name)|\(settings.weightsPath ?? "")"
        if let cached = encoders[key] { return cached }
        let encoder = try EncoderFactory.make(name: settings.name, weightsPath: settings.weightsPath)
        encoders[key] = encoder
        return encoder
    }
}
