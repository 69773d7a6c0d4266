import Foundation

/// Hyper-parameters of a Hugging Face `Dinov2Model`. Sizes come from the weights' shapes; what shapes do
/// not reveal (heads, layer-norm epsilon, activation) comes from the model's config.json when there is one.
public struct DINOv2Configuration: Sendable, Equatable {
    public var hiddenSize: Int
    public var layers: Int
    public var heads: Int
    public var mlpHiddenSize: Int
    public var patchSize: Int
    /// Side of the square image the position embeddings were trained for (grid side · patch size).
    public var imageSize: Int
    public var layerNormEpsilon: Float

    public init(hiddenSize: Int, layers: Int, heads: Int, mlpHiddenSize: Int, patchSize: Int, imageSize: Int,
                layerNormEpsilon: Float = 1e-6) {
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.heads = heads
        self.mlpHiddenSize = mlpHiddenSize
        self.patchSize = patchSize
        self.imageSize = imageSize
        self.layerNormEpsilon = layerNormEpsilon
    }

    public static let exportFix = "export a Hugging Face Dinov2Model with model.save_pretrained(dir, safe_serialization=True) and point the weights path at dir/model.safetensors (strip any 'dinov2.' or 'module.' prefix)"

    /// `configPath` nil: `config.json` beside the weights if present, else DINOv2's convention of 64-wide
    /// attention heads (true of ViT-S/B/L/g and RAD-DINO) and ε = 1e-6.
    public static func inferred(from weights: WeightsFile, configPath: String?) throws(EncoderError) -> DINOv2Configuration {
        let cls = try weights.shape("embeddings.cls_token")
        guard cls.count == 3, cls[0] == 1, cls[1] == 1 else {
            throw .unsupportedModel(file: weights.path, reason: "embeddings.cls_token has shape \(cls), not [1, 1, hidden]")
        }
        let hidden = cls[2]
        let projection = try weights.shape("embeddings.patch_embeddings.projection.weight")
        let positions = try weights.shape("embeddings.position_embeddings")
        let grid = positions.count == 3 ? Int(Double(max(0, positions[1] - 1)).squareRoot()) : 0
        guard projection.count == 4, positions.count == 3, positions[2] == hidden, grid * grid + 1 == positions[1] else {
            throw .unsupportedModel(file: weights.path,
                                    reason: "position embeddings \(positions) do not form a square grid plus a class token")
        }
        var layers = 0
        while weights.contains("encoder.layer.\(layers).norm1.weight") { layers += 1 }
        guard layers > 0 else {
            throw .missingParameter(name: "encoder.layer.0.norm1.weight", file: weights.path, fix: exportFix)
        }
        guard !weights.contains("encoder.layer.0.mlp.weights_in.weight") else {
            throw .unsupportedModel(file: weights.path, reason: "SwiGLU feed-forward (ViT-g) is not supported")
        }
        var configuration = DINOv2Configuration(
            hiddenSize: hidden, layers: layers, heads: hidden / 64,
            mlpHiddenSize: try weights.shape("encoder.layer.0.mlp.fc1.weight")[0], patchSize: projection[2],
            imageSize: grid * projection[2], layerNormEpsilon: 1e-6)
        let beside = URL(fileURLWithPath: weights.path).deletingLastPathComponent().appendingPathComponent("config.json").path
        if let path = configPath ?? (FileManager.default.fileExists(atPath: beside) ? beside : nil) {
            try configuration.apply(configAt: path)
        } else if hidden % 64 != 0 {
            throw .unsupportedModel(file: weights.path,
                                    reason: "hidden size \(hidden) is not a multiple of DINOv2's 64-wide heads; configure the model's config.json")
        }
        return configuration
    }

    private mutating func apply(configAt path: String) throws(EncoderError) {
        guard let data = FileManager.default.contents(atPath: path),
              let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw .weightsUnreadable(file: path, reason: "not a readable JSON config")
        }
        if let activation = json["hidden_act"] as? String, activation != "gelu" {
            throw .unsupportedModel(file: path, reason: "hidden_act '\(activation)' (only exact 'gelu' is implemented)")
        }
        if json["use_swiglu_ffn"] as? Bool == true {
            throw .unsupportedModel(file: path, reason: "SwiGLU feed-forward (ViT-g) is not supported")
        }
        if let declared = (json["hidden_size"] as? NSNumber)?.intValue, declared != hiddenSize {
            throw .unsupportedModel(file: path, reason: "hidden_size \(declared) but the weights have \(hiddenSize)")
        }
        if let heads = (json["num_attention_heads"] as? NSNumber)?.intValue { self.heads = heads }
        if let epsilon = (json["layer_norm_eps"] as? NSNumber)?.floatValue { layerNormEpsilon = epsilon }
        guard heads > 0, hiddenSize % heads == 0 else {
            throw .unsupportedModel(file: path, reason: "\(heads) heads do not divide hidden size \(hiddenSize)")
        }
    }
}
