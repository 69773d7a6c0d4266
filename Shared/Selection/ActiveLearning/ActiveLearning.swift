import NumericSupport
/// One scan picked in an active-learning round, with the parts of its score so the choice can be explained.
public struct ActiveLearningPick: Sendable, Equatable, Codable {
    public let index: Int
    /// The scan's uncertainty, when the strategy uses it.
    public let entropy: Double?
    /// Distance to the nearest labelled or earlier-picked scan at the moment of the pick, when used.
    public let distance: Double?
    /// The value the strategy maximised for this pick.
    public let total: Double
    public let reason: String
}

public enum ActiveLearningStrategy: Sendable, Hashable, Codable {
    case random
    /// Top-b by entropy.
    case entropy
    /// The paper: greedy score = minmax(entropy) + λ·minmax(distance to nearest labelled-or-picked scan).
    case entropyDiversity(lambda: Double)
    /// The `poolFactor`·b most uncertain scans, then b of them by farthest-point sampling.
    case entropyThenFarthest(poolFactor: Int)
    /// k-center greedy from the labelled set (Sener & Savarese).
    case coreset
    /// BADGE: k-means++ D² sampling on gradient embeddings.
    case badge

    public static let paper = ActiveLearningStrategy.entropyDiversity(lambda: 1)
}

public enum ActiveLearning {
    public static func select(_ pool: ActiveLearningPool, budget: Int, strategy: ActiveLearningStrategy,
                              seed: UInt64 = 0) throws(SelectionError) -> [ActiveLearningPick] {
        let candidates = pool.candidates
        guard budget >= 1 else { throw .invalidParameter(name: "budget", value: "\(budget)", requirement: "at least 1") }
        guard budget <= candidates.count else { throw .budgetExceedsPool(budget: budget, pool: candidates.count) }
        switch strategy {
        case .random:
            var rng = SeededRandom(seed: seed)
            return candidates.shuffled(using: &rng).prefix(budget).enumerated().map { draw, i in
                ActiveLearningPick(index: i, entropy: pool.entropy?[i], distance: nil, total: 0,
                                   reason: "random draw \(draw + 1) (seed \(seed))")
            }
        case .entropy:
            let entropy = try require(pool.entropy, "per-scan entropy", strategy)
            return EntropyRanking.top(candidates, entropy: entropy, count: budget)
        case let .entropyDiversity(lambda):
            guard lambda >= 0, lambda.isFinite else {
                throw .invalidParameter(name: "lambda", value: "\(lambda)", requirement: "finite and non-negative")
            }
            return EntropyDiversity.select(candidates, labelled: pool.labelled,
                                           entropy: try require(pool.entropy, "per-scan entropy", strategy),
                                           coordinates: try require(pool.coordinates, "coordinates", strategy),
                                           lambda: lambda, budget: budget)
        case let .entropyThenFarthest(factor):
            guard factor >= 1 else {
                throw .invalidParameter(name: "poolFactor", value: "\(factor)", requirement: "at least 1")
            }
            let entropy = try require(pool.entropy, "per-scan entropy", strategy)
            let shortlist = EntropyRanking.top(candidates, entropy: entropy, count: min(candidates.count, factor * budget))
            return FarthestFromLabelled.select(shortlist.map(\.index), labelled: pool.labelled,
                                               space: try require(pool.coordinates, "coordinates", strategy),
                                               entropy: entropy, budget: budget,
                                               describe: "farthest of the \(shortlist.count) most uncertain scans")
        case .coreset:
            return FarthestFromLabelled.select(candidates, labelled: pool.labelled,
                                               space: try require(pool.coordinates, "coordinates", strategy),
                                               entropy: pool.entropy, budget: budget, describe: "k-center greedy")
        case .badge:
            let gradients = try require(pool.gradientEmbeddings, "gradient embeddings", strategy)
            return Badge.select(candidates, gradients: gradients, entropy: pool.entropy, budget: budget, seed: seed)
        }
    }

    private static func require<T>(_ value: T?, _ what: String, _ strategy: ActiveLearningStrategy) throws(SelectionError) -> T {
        guard let value else { throw .missingInput(what: what, strategy: "\(strategy)") }
        return value
    }
}
