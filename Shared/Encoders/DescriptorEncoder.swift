import NumericSupport
import Engine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The weight-free default: a deterministic descriptor of layout (multi-scale thumbnails), edges
/// (gradient-orientation histograms on a grid) and contrast (intensity histogram). Each block is
/// L2-normalised so that no block dominates by its size, then the whole vector is, so that Euclidean and
/// cosine distances agree. Small shifts and noise move it little; different anatomy or framing moves it a lot.
public struct DescriptorEncoder: ScanEncoder {
    /// Side of the working image every scan is first area-averaged to; 64 keeps lung fields and the
    /// mediastinum distinct while making the descriptor cost microseconds.
    public static let workingSide = 64
    public static let thumbnailSides = [4, 8, 16]
    public static let gradientGrid = 4
    public static let orientationBins = 8
    public static let intensityBins = 16

    public let name = "descriptor"
    public let weightsChecksum = "none"
    public let normalizesEmbeddings = true

    public init() {}

    public var inputSize: InputSize { .square(Self.workingSide) }

    public static let dimension = thumbnailSides.reduce(0) { $0 + $1 * $1 }
        + gradientGrid * gradientGrid * orientationBins + intensityBins

    public var outputDimension: Int { Self.dimension }

    public func embed(images: [GreyImage]) throws(EncoderError) -> [[Float]] {
        for (index, image) in images.enumerated() { try image.validate(index: index) }
        return parallelMap(images.count) { Self.describe(images[$0]) }
    }

    static func describe(_ image: GreyImage) -> [Float] {
        let side = workingSide
        let working = Pooling.adaptiveAveragePool(Tensor(shape: [1, 1, image.height, image.width], data: image.pixels),
                                                  outHeight: side, outWidth: side)
        var descriptor: [Float] = []
        descriptor.reserveCapacity(dimension)
        for thumbSide in thumbnailSides {
            let thumbnail = Pooling.adaptiveAveragePool(working, outHeight: thumbSide, outWidth: thumbSide).data
            // Centred so that a global brightness change (left to the histogram) does not swamp layout.
            let mean = thumbnail.reduce(0, +) / Float(thumbnail.count)
            descriptor += VectorMath.l2Normalized(thumbnail.map { $0 - mean })
        }
        descriptor += VectorMath.l2Normalized(orientationHistograms(working.data, side: side))
        descriptor += VectorMath.l2Normalized(intensityHistogram(working.data))
        return VectorMath.l2Normalized(descriptor)
    }

    /// Magnitude-weighted histograms of signed gradient direction per grid cell, each vote split linearly
    /// between the two nearest bins so that a slight rotation changes the histogram smoothly.
    static func orientationHistograms(_ plane: [Float], side: Int) -> [Float] {
        let bins = orientationBins, grid = gradientGrid, cell = side / grid
        var histogram = [Float](repeating: 0, count: grid * grid * bins)
        let binWidth = 2 * Float.pi / Float(bins)
        for y in 0..<side {
            let up = max(y - 1, 0), down = min(y + 1, side - 1)
            for x in 0..<side {
                let left = max(x - 1, 0), right = min(x + 1, side - 1)
                let gx = plane[y * side + right] - plane[y * side + left]
                let gy = plane[down * side + x] - plane[up * side + x]
                let magnitude = (gx * gx + gy * gy).squareRoot()
                guard magnitude > 0 else { continue }
                let position = (atan2f(gy, gx) + Float.pi) / binWidth
                let lower = Int(position) % bins, fraction = position - Float(Int(position))
                let base = ((y / cell) * grid + x / cell) * bins
                histogram[base + lower] += magnitude * (1 - fraction)
                histogram[base + (lower + 1) % bins] += magnitude * fraction
            }
        }
        return histogram
    }

    static func intensityHistogram(_ plane: [Float]) -> [Float] {
        var histogram = [Float](repeating: 0, count: intensityBins)
        for value in plane {
            let bin = Int(min(max(value, 0), 1) * Float(intensityBins))
            histogram[min(bin, intensityBins - 1)] += 1
        }
        return histogram
    }
}
