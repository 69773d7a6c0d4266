import Catalog
import Uncertainty

/// The project's active-learning settings read as Uncertainty library options.
public struct UncertaintySettings: Sendable, Equatable {
    public let options: UncertaintyOptions
    public let passes: Int
    public let seed: UInt64

    public init(_ settings: ProjectConfiguration.ActiveLearningSettings) throws(RoundsError) {
        let measure = settings.uncertaintyMeasure
        guard settings.passes >= 1 else {
            throw .invalidSetting(name: "activeLearning.passes", value: "\(settings.passes)", allowed: "1 or more")
        }
        if measure == .mutualInformation && settings.passes < 2 {
            throw .invalidSetting(name: "activeLearning.passes", value: "\(settings.passes)",
                                  allowed: "2 or more when measure is bald (Monte-Carlo dropout needs several passes)")
        }
        guard settings.boundaryBand >= 0 else {
            throw .invalidSetting(name: "activeLearning.boundaryBand", value: "\(settings.boundaryBand)", allowed: "0 or more")
        }
        let region: UncertaintyOptions.Region
        switch (settings.foregroundMargin, settings.boundaryBand) {
        case (let margin?, 0):
            guard margin >= 0 else {
                throw .invalidSetting(name: "activeLearning.foregroundMargin", value: "\(margin)", allowed: "0 or more, or null")
            }
            region = .foregroundNeighbourhood(width: margin)
        case (_?, let band):
            throw .invalidSetting(name: "activeLearning.foregroundMargin", value: "set with boundaryBand \(band)",
                                  allowed: "one region: set boundaryBand to 0 or foregroundMargin to null")
        case (nil, 0): region = .wholeImage
        case (nil, let band): region = .boundaryBand(width: band)
        }
        options = UncertaintyOptions(measure: measure, region: region, reduction: settings.uncertaintyReduction)
        passes = settings.passes
        seed = settings.seed
    }
}

/// One scan's uncertainty and its parts, as stored in `scores.components`.
public struct ScanScore: Sendable, Codable, Equatable {
    /// The configured measure over the configured region: what the selector ranks by.
    public let uncertainty: Double
    public let entropy: Double
    /// Mutual information between prediction and dropout mask; only with several passes.
    public let bald: Double?
    public let pixels: Int
    /// `whole-image` when the configured region was empty (no predicted boundary or foreground) and the whole
    /// image was scored instead.
    public let region: String
    /// The mean entropy over the whole image when another region is scored, so both are on record.
    public let wholeImageEntropy: Double?

    /// Scores a prediction; an empty region falls back to the whole image rather than reading as certain.
    public static func score(_ prediction: Prediction, settings: UncertaintySettings) throws -> ScanScore {
        let maps = try prediction.maps()
        var options = settings.options
        var entropy = try ScanUncertainty.score(maps, options: with(options, measure: .entropy))
        if entropy.value == nil {
            options.region = .wholeImage
            entropy = try ScanUncertainty.score(maps, options: with(options, measure: .entropy))
        }
        let bald = prediction.passes > 1
            ? try ScanUncertainty.score(maps, options: with(options, measure: .mutualInformation)).value : nil
        let entropyValue = entropy.value ?? 0
        let uncertainty = options.measure == .mutualInformation ? (bald ?? 0) : entropyValue
        let whole = settings.options.region == .wholeImage ? nil
            : try ScanUncertainty.score(maps, options: UncertaintyOptions(measure: .entropy)).value
        return ScanScore(uncertainty: uncertainty, entropy: entropyValue, bald: bald, pixels: entropy.pixels,
                         region: name(of: options.region), wholeImageEntropy: whole)
    }

    private static func name(of region: UncertaintyOptions.Region) -> String {
        switch region {
        case .wholeImage: "whole-image"
        case .boundaryBand: "boundary-band"
        case .foregroundNeighbourhood: "foreground-neighbourhood"
        }
    }

    private static func with(_ options: UncertaintyOptions, measure: UncertaintyOptions.Measure) -> UncertaintyOptions {
        var copy = options
        copy.measure = measure
        return copy
    }
}
