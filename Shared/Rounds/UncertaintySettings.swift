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
        options = UncertaintyOptions(measure: measure,
                                     region: settings.boundaryBand == 0 ? .wholeImage : .boundaryBand(width: settings.boundaryBand),
                                     reduction: settings.uncertaintyReduction)
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
    /// `whole-image` when the configured boundary band was empty (no predicted boundary) and the whole image
    /// was scored instead.
    public let region: String

    /// Scores a prediction; an empty boundary band falls back to the whole image rather than reading as certain.
    public static func score(_ prediction: Prediction, settings: UncertaintySettings) throws -> ScanScore {
        let maps = try prediction.maps()
        var options = settings.options
        var region = options.region == .wholeImage ? "whole-image" : "boundary-band"
        var entropy = try ScanUncertainty.score(maps, options: with(options, measure: .entropy))
        if entropy.value == nil {
            options.region = .wholeImage
            region = "whole-image"
            entropy = try ScanUncertainty.score(maps, options: with(options, measure: .entropy))
        }
        let bald = prediction.passes > 1
            ? try ScanUncertainty.score(maps, options: with(options, measure: .mutualInformation)).value : nil
        let entropyValue = entropy.value ?? 0
        let uncertainty = options.measure == .mutualInformation ? (bald ?? 0) : entropyValue
        return ScanScore(uncertainty: uncertainty, entropy: entropyValue, bald: bald, pixels: entropy.pixels, region: region)
    }

    private static func with(_ options: UncertaintyOptions, measure: UncertaintyOptions.Measure) -> UncertaintyOptions {
        var copy = options
        copy.measure = measure
        return copy
    }
}
