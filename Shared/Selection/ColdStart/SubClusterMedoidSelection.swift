/// The robust default: the paper's coarse clusters and proportional budget split, but each cluster's share is
/// filled with the medoids of its own densest sub-clusters (k-means inside the cluster) instead of farthest
/// points. Farthest-point fills pick the edges of a cluster — at low budgets mostly
/// outliers (burned-in text, crops, odd exposures) — while sub-cluster medoids are typical scans spread over the
/// cluster's dense regions, so the set represents the pool's distribution (TypiClust's "typicality" effect,
/// Hacohen et al. 2022) and keeps the paper's cluster-proportional coverage.
enum SubClusterMedoidSelection {
    static func select(_ space: Matrix, clustering: KMeansResult, budget: Int, restarts: Int,
                       seed: UInt64) throws(SelectionError) -> [ColdStartPick] {
        let shares = try ClusterShares(space, clustering: clustering, budget: budget)
        let (members, quota, order) = (shares.members, shares.quota, shares.order)
        var ledger = PickLedger(space: space, budget: budget)
        for c in order where quota[c] > 0 {
            let groups = try subClusters(of: members[c], count: quota[c], in: space, restarts: restarts, seed: seed)
            for (s, group) in groups.enumerated() {
                // A medoid that duplicates an earlier pick gives way to the next most central member.
                for candidate in Medoid.ranked(group, in: space) {
                    let reason = quota[c] == 1
                        ? "medoid of cluster \(c) (\(members[c].count) scans, mean distance \(format(candidate.meanDistance)))"
                        : "medoid of dense part \(s + 1)/\(quota[c]) of cluster \(c) (\(group.count) of \(members[c].count) scans, " +
                          "mean distance \(format(candidate.meanDistance)))"
                    if ledger.add(group[candidate.member], cluster: c, reason: reason) { break }
                }
            }
        }
        return ledger.completed(labels: clustering.labels)
    }

    /// The cluster's `count` densest parts, largest first. k-means gives outliers centres of their own, so the
    /// cluster is split into twice as many parts as it has picks and only the `count` largest are kept: the
    /// small parts are the strays, and the kept ones follow the cluster's density (TypiClust keeps its largest
    /// clusters for the same reason). One pick is the cluster's own medoid, which no outlier can be.
    private static func subClusters(of cluster: [Int], count: Int, in space: Matrix, restarts: Int,
                                    seed: UInt64) throws(SelectionError) -> [[Int]] {
        guard count > 1 else { return [cluster] }
        let parts = min(2 * count, cluster.count)
        let fit = try KMeans(k: parts, restarts: restarts, seed: seed).fit(space.selecting(rows: cluster))
        let groups: [[Int]] = fit.members.filter { !$0.isEmpty }.map { part in part.map { cluster[$0] } }
        let largestFirst = groups.sorted { a, b in a.count != b.count ? a.count > b.count : a[0] < b[0] }
        return Array(largestFirst.prefix(count))
    }
}
