import Uncertainty

/// A model's per-pixel probabilities for one scan, every Monte-Carlo pass kept (BALD needs them apart).
public struct Prediction: Sendable {
    /// [H, W] or [D, H, W], the scan's working shape.
    public let shape: [Int]
    public let passes: Int
    /// 1 for a binary model (foreground probability), else one channel per class.
    public let channels: Int
    /// Laid out [T, C, spatial…].
    public let values: [Float]
    /// BADGE's gradient embedding, when the prediction was asked for it.
    public var gradientEmbedding: [Float]?
    /// The model's own view of the scan (task-aware diversity), when the prediction was asked for it.
    public var taskFeatures: [Float]? = nil

    public var pixelCount: Int { shape.reduce(1, *) }

    public func maps() throws -> ProbabilityMaps {
        channels == 1
            ? try .binary(values, spatialShape: shape, passes: passes)
            : try .categorical(values, classes: channels, spatialShape: shape, passes: passes)
    }

    /// The mean over passes, [C, spatial…].
    public func meanProbabilities() -> [Float] {
        let size = channels * pixelCount
        var mean = [Float](repeating: 0, count: size)
        for pass in 0..<passes {
            for i in 0..<size { mean[i] += values[pass * size + i] }
        }
        return mean.map { $0 / Float(passes) }
    }
}
