/// One grey slice or radiograph: intensities in [0, 1], row-major, `height`·`width` values.
public struct GreyImage: Sendable, Equatable {
    public var pixels: [Float]
    public var height: Int
    public var width: Int

    public init(pixels: [Float], height: Int, width: Int) {
        self.pixels = pixels
        self.height = height
        self.width = width
    }

    func validate(index: Int) throws(EncoderError) {
        guard height > 0, width > 0 else { throw .invalidImage(index: index, reason: "size \(height)×\(width) is empty") }
        guard pixels.count == height * width else {
            throw .invalidImage(index: index, reason: "\(pixels.count) pixels do not fill \(height)×\(width)")
        }
    }
}

public struct InputSize: Sendable, Equatable, Codable {
    public var height: Int
    public var width: Int

    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    public static func square(_ side: Int) -> InputSize { InputSize(height: side, width: side) }
}

/// The seam through which the embedding service turns scans into vectors; each project picks one.
/// Implementations are immutable after loading, so one instance may serve concurrent tasks.
public protocol ScanEncoder: Sendable {
    /// Stable identifier stored with every embedding ("resnet50", "dinov2", "descriptor").
    var name: String { get }
    /// SHA-256 (hex) of the weights file, or "none": embeddings from different weights must not be mixed.
    var weightsChecksum: String { get }
    var outputDimension: Int { get }
    /// The size every image is resized to before the forward pass.
    var inputSize: InputSize { get }
    /// Whether `embed` returns unit vectors (a volume's mean embedding is then re-normalised).
    var normalizesEmbeddings: Bool { get }
    /// One embedding per image, in order; implementations batch several images per forward pass.
    func embed(images: [GreyImage]) throws(EncoderError) -> [[Float]]
}
