/// The cold-start strategies, all answering the same question: which `budget` scans to annotate first.
public enum ColdStartStrategy: Sendable, Hashable, Codable {
    /// The paper: k-means with k in 2...kMax chosen by silhouette (kMax is capped at the budget), medoid per
    /// cluster, remaining budget in proportion to cluster size, filled by farthest-point sampling.
    case clusterMedoids(kMax: Int)
    /// The project default: the paper's clusters and proportional split, each cluster's share filled with the
    /// medoids of its own sub-clusters instead of farthest points (see SubClusterMedoidSelection).
    case subClusterMedoids(kMax: Int)
    case random
    /// ALPS-style: k-means with k = budget, the scan nearest each centroid.
    case nearestToCentroid
    /// TypiClust with typicality over `neighbours` nearest neighbours (20 in the paper).
    case typiClust(neighbours: Int)
    /// ProbCover; pseudo-labels from k-means with `pseudoLabelClusters` (nil: the budget) clusters.
    case probCover(purity: Double, pseudoLabelClusters: Int?)
    /// k-center greedy (coreset).
    case kCenterGreedy

    public static let paper = ColdStartStrategy.clusterMedoids(kMax: 10)
    public static let representative = ColdStartStrategy.subClusterMedoids(kMax: 10)
    public static let typiClustDefault = ColdStartStrategy.typiClust(neighbours: 20)
    public static let probCoverDefault = ColdStartStrategy.probCover(purity: 0.95, pseudoLabelClusters: nil)
}

public enum ColdStart {
    /// Selects `budget` scans from the rows of `space` (the 2-D map or the, possibly PCA-reduced, embedding).
    /// `restarts` is k-means' n_init wherever a strategy clusters.
    public static func select(_ space: Matrix, budget: Int, strategy: ColdStartStrategy, seed: UInt64 = 0,
                              restarts: Int = 10) throws(SelectionError) -> ColdStartSelection {
        guard space.rows > 0 else { throw .emptyPool }
        guard budget >= 1 else {
            throw .invalidParameter(name: "budget", value: "\(budget)", requirement: "at least 1")
        }
        guard budget <= space.rows else { throw .budgetExceedsPool(budget: budget, pool: space.rows) }
        switch strategy {
        case let .clusterMedoids(kMax), let .subClusterMedoids(kMax):
            guard kMax >= 2 else {
                throw .invalidParameter(name: "kMax", value: "\(kMax)", requirement: "at least 2")
            }
            // Silhouette needs 2 ≤ k < n: below three scans there is nothing to cluster, only to spread out.
            guard space.rows >= 3 else {
                return ColdStartSelection(picks: KCenterGreedySelection.select(space, budget: budget), clustering: nil)
            }
            let upper = min(kMax, max(2, budget), space.rows - 1)
            let choice = try ClusterCountSelection(kRange: 2...upper, restarts: restarts, seed: seed).choose(space)
            let picks = if case .clusterMedoids = strategy {
                try ClusterMedoidSelection.select(space, clustering: choice.best, budget: budget)
            } else {
                try SubClusterMedoidSelection.select(space, clustering: choice.best, budget: budget, restarts: restarts,
                                                     seed: seed)
            }
            return ColdStartSelection(picks: picks, clustering: choice)
        case .random:
            return ColdStartSelection(picks: RandomSelection.select(space, budget: budget, seed: seed), clustering: nil)
        case .nearestToCentroid:
            let picks = try NearestToCentroidSelection.select(space, budget: budget, restarts: restarts, seed: seed)
            return ColdStartSelection(picks: picks, clustering: nil)
        case let .typiClust(neighbours):
            let picks = try TypiClustSelection.select(space, budget: budget, neighbours: neighbours,
                                                      restarts: restarts, seed: seed)
            return ColdStartSelection(picks: picks, clustering: nil)
        case let .probCover(purity, clusters):
            let picks = try ProbCoverSelection.select(space, budget: budget, purity: purity, pseudoLabelClusters: clusters,
                                                      restarts: restarts, seed: seed)
            return ColdStartSelection(picks: picks, clustering: nil)
        case .kCenterGreedy:
            return ColdStartSelection(picks: KCenterGreedySelection.select(space, budget: budget), clustering: nil)
        }
    }
}
