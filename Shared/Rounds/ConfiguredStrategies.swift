import Catalog
import Selection
import Uncertainty

/// The one mapping from a project's configuration to the selection and uncertainty libraries' values. The
/// configuration's enums were checked when it was written, so nothing here can meet an unknown name.
extension ColdStartStrategyName {
    public func strategy(kMax: Int) -> ColdStartStrategy {
        switch self {
        case .representative: .subClusterMedoids(kMax: kMax)
        case .paper: .clusterMedoids(kMax: kMax)
        case .random: .random
        case .nearestToCentroid: .nearestToCentroid
        case .typiclust: .typiClustDefault
        case .probcover: .probCoverDefault
        case .coreset: .kCenterGreedy
        }
    }
}

extension SelectionSpace {
    var clusteringSpace: ColdStartPipeline.ClusteringSpace {
        switch self {
        case .map: .map
        case .embedding: .embedding
        }
    }
}

extension ProjectConfiguration.ActiveLearningSettings {
    /// entropy-then-farthest shortlists this many times the batch by uncertainty before spreading out.
    static let shortlistFactor = 4

    var selectionStrategy: ActiveLearningStrategy {
        switch strategy {
        case .random: .random
        case .entropy: .entropy
        case .entropyDiversity: .entropyDiversity(lambda: lambda)
        case .entropyThenFarthest: .entropyThenFarthest(poolFactor: Self.shortlistFactor)
        case .coreset: .coreset
        case .badge: .badge
        }
    }

    var uncertaintyMeasure: UncertaintyOptions.Measure {
        switch measure {
        case .entropy: .entropy
        case .bald: .mutualInformation
        }
    }

    var uncertaintyReduction: UncertaintyOptions.Reduction {
        switch reduction {
        case .mean: .mean
        case .max: .max
        case .sum: .sum
        }
    }
}

extension ActiveLearningStrategy {
    /// Whether the strategy measures distances (in the configured map or embedding space).
    var needsCoordinates: Bool {
        switch self {
        case .entropyDiversity, .entropyThenFarthest, .coreset: true
        case .random, .entropy, .badge: false
        }
    }
}
