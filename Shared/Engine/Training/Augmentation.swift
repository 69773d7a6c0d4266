#if canImport(Glibc)
import NumericSupport
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Anatomy-preserving augmentation: small rotation, isotropic scaling and translation applied to image and
/// mask together (bilinear for the image, nearest for the mask), then gamma and intensity jitter on the
/// image. No flips: masks may encode left and right.
public struct Augmentation: Sendable, Equatable, Codable {
    public var maxRotationDegrees: Float
    public var scale: ClosedRange<Float>
    /// Largest shift as a fraction of the output side.
    public var maxTranslation: Float
    public var gamma: ClosedRange<Float>
    /// Multiplicative contrast jitter: intensity·(1 ± contrast).
    public var contrast: Float
    /// Additive brightness jitter: intensity ± brightness.
    public var brightness: Float

    public init(maxRotationDegrees: Float = 10, scale: ClosedRange<Float> = 0.9...1.1, maxTranslation: Float = 0.05,
                gamma: ClosedRange<Float> = 0.8...1.25, contrast: Float = 0.1, brightness: Float = 0.1) {
        self.maxRotationDegrees = maxRotationDegrees
        self.scale = scale
        self.maxTranslation = maxTranslation
        self.gamma = gamma
        self.contrast = contrast
        self.brightness = brightness
    }

    public static let none = Augmentation(maxRotationDegrees: 0, scale: 1...1, maxTranslation: 0, gamma: 1...1,
                                          contrast: 0, brightness: 0)

    /// The sample letterboxed into a side × side square (longest side fitted, aspect kept) under a random
    /// transform drawn from `generator`; `.none` gives the plain resize used for validation.
    public func apply(to sample: SegmentationSample, side: Int, generator: inout SeededRandom)
        -> (image: [Float], mask: [UInt8]) {
        let angle = generator.uniform(-maxRotationDegrees...maxRotationDegrees) * .pi / 180
        let zoom = generator.uniform(scale)
        let shiftX = generator.uniform(-maxTranslation...maxTranslation) * Float(side)
        let shiftY = generator.uniform(-maxTranslation...maxTranslation) * Float(side)
        let exponent = generator.uniform(gamma)
        let gain = 1 + generator.uniform(-contrast...contrast)
        let offset = generator.uniform(-brightness...brightness)

        // Output pixel → input pixel: undo translation, rotation and zoom about the centres.
        let fit = Float(max(sample.height, sample.width)) / Float(side)
        let cosA = cos(angle) / zoom * fit, sinA = sin(angle) / zoom * fit
        let centreOut = Float(side) / 2, centreInX = Float(sample.width) / 2, centreInY = Float(sample.height) / 2
        var image = [Float](repeating: 0, count: side * side)
        var mask = [UInt8](repeating: 0, count: side * side)
        for v in 0..<side {
            for u in 0..<side {
                let dx = Float(u) + 0.5 - centreOut - shiftX, dy = Float(v) + 0.5 - centreOut - shiftY
                let x = cosA * dx + sinA * dy + centreInX - 0.5
                let y = -sinA * dx + cosA * dy + centreInY - 0.5
                let intensity = Self.bilinear(sample, x, y)
                image[v * side + u] = gain * pow(min(max(intensity, 0), 1), exponent) + offset
                let nx = Int((x + 0.5).rounded(.down)), ny = Int((y + 0.5).rounded(.down))
                if nx >= 0, ny >= 0, nx < sample.width, ny < sample.height {
                    mask[v * side + u] = sample.mask[ny * sample.width + nx]
                }
            }
        }
        return (image, mask)
    }

    /// Bilinear sample with zero outside the image.
    private static func bilinear(_ sample: SegmentationSample, _ x: Float, _ y: Float) -> Float {
        let x0 = Int(x.rounded(.down)), y0 = Int(y.rounded(.down))
        let fx = x - Float(x0), fy = y - Float(y0)
        func pixel(_ px: Int, _ py: Int) -> Float {
            px >= 0 && py >= 0 && px < sample.width && py < sample.height ? sample.image[py * sample.width + px] : 0
        }
        let top = pixel(x0, y0) * (1 - fx) + pixel(x0 + 1, y0) * fx
        let bottom = pixel(x0, y0 + 1) * (1 - fx) + pixel(x0 + 1, y0 + 1) * fx
        return top * (1 - fy) + bottom * fy
    }

    /// Stacks augmented samples into a batch; each sample draws from its own sub-stream of `generator`,
    /// so the result does not depend on which thread prepares it.
    public func batch(_ samples: [SegmentationSample], side: Int, generator: SeededRandom) -> SegmentationBatch {
        var images = [Float](), labels = [Float]()
        images.reserveCapacity(samples.count * side * side)
        labels.reserveCapacity(samples.count * side * side)
        for (index, sample) in samples.enumerated() {
            var stream = generator.derived(UInt64(index))
            let (image, mask) = apply(to: sample, side: side, generator: &stream)
            images += image
            labels += mask.map(Float.init)
        }
        let shape = [samples.count, 1, side, side]
        return SegmentationBatch(images: Tensor(shape: shape, data: images), labels: Tensor(shape: shape, data: labels))
    }
}
