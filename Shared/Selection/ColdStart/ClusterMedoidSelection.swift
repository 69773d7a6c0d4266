/// The paper's cold start on a given clustering: every cluster gets its medoid, the remaining budget is split
/// over clusters in proportion to size (largest remainder), and each cluster is filled by farthest-point
/// sampling among its members, measuring distance to everything picked so far (all clusters), which also keeps
/// near-duplicates across cluster borders apart.
public enum ClusterMedoidSelection {
    public static func select(_ space: Matrix, clustering: KMeansResult,
                              budget: Int) throws(SelectionError) -> [ColdStartPick] {
        let shares = try ClusterShares(space, clustering: clustering, budget: budget)
        let (members, quota, order) = (shares.members, shares.quota, shares.order)
        var ledger = PickLedger(space: space, budget: budget)
        for c in order where quota[c] > 0 {
            let medoid = Medoid.of(members[c], in: space)
            ledger.add(members[c][medoid.member], cluster: c,
                       reason: "medoid of cluster \(c) (\(members[c].count) scans, mean distance \(format(medoid.meanDistance)))")
        }
        for c in order where quota[c] > 1 {
            ledger.addFarthest(members[c], count: quota[c] - 1, cluster: c) { distance in
                "farthest point in cluster \(c) (distance \(format(distance)) to the nearest pick)"
            }
        }
        return ledger.completed(labels: clustering.labels)
    }
}
