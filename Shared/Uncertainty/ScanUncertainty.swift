/// How one scan's per-pixel uncertainty is turned into a single score.
public struct UncertaintyOptions: Sendable, Equatable {
    public enum Measure: Sendable, Equatable {
        /// Entropy of the mean prediction (natural log): −Σ p̄_c ln p̄_c, or the binary form.
        case entropy
        /// BALD: entropy of the mean minus the mean of the per-pass entropies; needs T > 1.
        case mutualInformation
    }

    public enum Region: Sendable, Equatable {
        case wholeImage
        /// Pixels within `width` (city-block) of the mean prediction's boundary; `width` 0 is the boundary only.
        case boundaryBand(width: Int)
        /// The mean prediction's foreground and the pixels within `width` (city-block) of it; `width` 0 is the
        /// foreground only.
        case foregroundNeighbourhood(width: Int)
    }

    public enum Reduction: Sendable, Equatable {
        case mean, max, sum
    }

    public var measure: Measure
    public var region: Region
    public var reduction: Reduction

    /// The paper's default: mean pixel entropy over the whole image.
    public init(measure: Measure = .entropy, region: Region = .wholeImage, reduction: Reduction = .mean) {
        self.measure = measure
        self.region = region
        self.reduction = reduction
    }
}

public struct UncertaintyScore: Sendable, Equatable {
    /// `nil` when the region is empty (a band around a prediction with no boundary, the neighbourhood of no
    /// predicted foreground): there is nothing to score,
    /// which callers must handle rather than read as "certain".
    public let value: Double?
    /// Pixels in the scored region.
    public let pixels: Int
}

public enum ScanUncertainty {
    public static func score(_ maps: ProbabilityMaps,
                             options: UncertaintyOptions = UncertaintyOptions()) throws -> UncertaintyScore {
        switch options.region {
        case .boundaryBand(let width) where width < 0, .foregroundNeighbourhood(let width) where width < 0:
            throw UncertaintyError.invalidBandWidth(width)
        default: break
        }
        let statistics = PixelStatistics(maps)
        let values = try pixelValues(statistics, measure: options.measure, passes: maps.passes)
        let region: [Bool]?
        switch options.region {
        case .wholeImage:
            region = nil
        case .boundaryBand(let width):
            region = ScoredRegion.boundaryBand(labels: statistics.labels, shape: maps.spatialShape, width: width)
        case .foregroundNeighbourhood(let width):
            region = ScoredRegion.foregroundNeighbourhood(labels: statistics.labels, shape: maps.spatialShape, width: width)
        }
        var count = 0, sum = 0.0, maximum = -Double.infinity
        for i in values.indices where region?[i] ?? true {
            count += 1
            sum += values[i]
            maximum = max(maximum, values[i])
        }
        guard count > 0 else { return UncertaintyScore(value: nil, pixels: 0) }
        switch options.reduction {
        case .mean: return UncertaintyScore(value: sum / Double(count), pixels: count)
        case .max: return UncertaintyScore(value: maximum, pixels: count)
        case .sum: return UncertaintyScore(value: sum, pixels: count)
        }
    }

    /// The per-pixel uncertainty, spatial layout, e.g. for an overlay.
    public static func pixelMap(_ maps: ProbabilityMaps,
                                measure: UncertaintyOptions.Measure = .entropy) throws -> [Double] {
        try pixelValues(PixelStatistics(maps), measure: measure, passes: maps.passes)
    }

    /// The mean prediction's labels (threshold 0.5 or argmax) that the boundary band is drawn around.
    public static func predictedLabels(_ maps: ProbabilityMaps) -> [Int32] {
        PixelStatistics(maps).labels
    }

    private static func pixelValues(_ statistics: PixelStatistics, measure: UncertaintyOptions.Measure,
                                    passes: Int) throws -> [Double] {
        switch measure {
        case .entropy:
            return statistics.entropyOfMean
        case .mutualInformation:
            guard passes > 1 else { throw UncertaintyError.mutualInformationNeedsSeveralPasses(passes: passes) }
            return zip(statistics.entropyOfMean, statistics.meanEntropy).map { $0 - $1 }
        }
    }
}
