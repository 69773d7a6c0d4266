/// A string setting with a fixed set of values. Decoding refuses anything else with the allowed values, so a
/// misspelt value is caught when the configuration is written, not when a job first reads it.
public protocol ConfigurationChoice: RawRepresentable<String>, CaseIterable, Codable, Sendable, Hashable,
    CustomStringConvertible {
    /// Other spellings accepted on input (never written back).
    static var aliases: [String: Self] { get }
}

extension ConfigurationChoice {
    public static var aliases: [String: Self] { [:] }
    public var description: String { rawValue }
    public static var allowed: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Parses a value as users write it (configuration files and command-line options).
    public init?(spelling: String) {
        guard let value = Self(rawValue: spelling) ?? Self.aliases[spelling] else { return nil }
        self = value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(spelling: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not one of \(Self.allowed)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// `coldStart.strategy`.
public enum ColdStartStrategyName: String, ConfigurationChoice {
    /// The default: the paper's clusters and proportional split, each share filled with sub-cluster medoids.
    case representative
    /// The paper: cluster-proportional, medoid then farthest points per cluster.
    case paper
    case random
    case nearestToCentroid = "nearest-to-centroid"
    case typiclust
    case probcover
    case coreset
    public static var aliases: [String: Self] { ["cluster-proportional": .paper, "alps": .nearestToCentroid, "k-center": .coreset] }
}

/// `encoder.volume`: how a volume's slice embeddings become the scan's embedding (README, "Volumes").
public enum VolumeAggregateName: String, ConfigurationChoice {
    /// The mean over `encoder.centralSlices` central slices.
    case central
    /// The mean and the element-wise maximum over the foreground slices, side by side.
    case foregroundMeanMax = "foreground-mean-max"
}

/// `preprocessing.intensity`: how a scan's values are mapped to the working range [0, 1].
public enum IntensityName: String, ConfigurationChoice {
    /// `ct-window` for DICOM CT, `foreground-zscore` for other volumes, `percentile` for planes.
    case auto
    /// The 0.5th to 99.5th percentile of the scan.
    case percentile
    /// Mean ± 3 sd of the foreground (voxels above the background level), as nnU-Net normalises MR.
    case foregroundZScore = "foreground-zscore"
    /// `preprocessing.ctWindow` in Hounsfield units.
    case ctWindow = "ct-window"
}

/// `activeLearning.strategy`.
public enum ActiveLearningStrategyName: String, ConfigurationChoice {
    case random
    case entropy
    /// The paper: minmax(entropy) + λ·minmax(distance to the nearest labelled or picked scan).
    case entropyDiversity = "entropy+diversity"
    case entropyThenFarthest = "entropy-then-farthest"
    case coreset
    case badge
}

/// Where distances are measured: the 2-D t-SNE map (the paper) or the reduced embedding.
public enum SelectionSpace: String, ConfigurationChoice {
    case map
    case embedding
}

/// `activeLearning.space`: where diversity distances between scans are measured.
public enum ActiveLearningSpace: String, ConfigurationChoice {
    /// The pool map (t-SNE of the foundation-model embeddings), as the paper does.
    case map
    /// The embeddings themselves, L2-normalised.
    case embedding
    /// The round's own U-Net: its last decoder features averaged over each scan and over its predicted
    /// foreground (task-aware diversity).
    case model
}

/// `activeLearning.measure`.
public enum UncertaintyMeasureName: String, ConfigurationChoice {
    case entropy
    case bald
    public static var aliases: [String: Self] { ["mutual-information": .bald] }
}

/// `activeLearning.reduction`: how pixel uncertainties become one score per scan.
public enum UncertaintyReductionName: String, ConfigurationChoice {
    case mean
    case max
    case sum
}

/// `encoder.name`.
public enum EncoderName: String, ConfigurationChoice {
    /// Weight-free image descriptor: the fallback when no foundation-model weights are supplied.
    case descriptor
    case resnet50
    case dinov2
}
