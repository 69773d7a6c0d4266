import Catalog
import Selection

/// The `activeLearning.strategy` names users write, and what each needs from the pool.
public enum StrategyName {
    public static let random = "random"
    public static let entropy = "entropy"
    public static let entropyDiversity = "entropy+diversity"
    public static let entropyThenFarthest = "entropy-then-farthest"
    public static let coreset = "coreset"
    public static let badge = "badge"
    /// entropy-then-farthest shortlists this many times the batch by uncertainty before spreading out.
    public static let shortlistFactor = 4

    public static func strategy(_ settings: ProjectConfiguration.ActiveLearningSettings) throws(RoundsError) -> ActiveLearningStrategy {
        switch settings.strategy {
        case random: return .random
        case entropy: return .entropy
        case entropyDiversity: return .entropyDiversity(lambda: settings.lambda)
        case entropyThenFarthest: return .entropyThenFarthest(poolFactor: shortlistFactor)
        case coreset: return .coreset
        case badge: return .badge
        default:
            throw .invalidSetting(name: "activeLearning.strategy", value: settings.strategy,
                                  allowed: [random, entropy, entropyDiversity, entropyThenFarthest, coreset, badge].joined(separator: ", "))
        }
    }

    /// Whether the strategy measures distances (in the configured map or embedding space).
    static func needsCoordinates(_ strategy: ActiveLearningStrategy) -> Bool {
        switch strategy {
        case .entropyDiversity, .entropyThenFarthest, .coreset: true
        case .random, .entropy, .badge: false
        }
    }
}
