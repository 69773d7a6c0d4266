/// The paper's cold start on a given clustering: every cluster gets its medoid, the remaining budget is split
/// over clusters in proportion to size (largest remainder), and each cluster is filled by farthest-point
/// sampling among its members, measuring distance to everything picked so far (all clusters), which also keeps
/// near-duplicates across cluster borders apart.
public enum ClusterMedoidSelection {
    public static func select(_ space: Matrix, clustering: KMeansResult,
                              budget: Int) throws(SelectionError) -> [ColdStartPick] {
        guard clustering.labels.count == space.rows else {
            throw .shapeMismatch(what: "cluster labels", expected: space.rows, actual: clustering.labels.count)
        }
        guard budget <= space.rows else { throw .budgetExceedsPool(budget: budget, pool: space.rows) }
        let members = clustering.members
        let quota = try ProportionalAllocation.allocate(budget: budget, sizes: members.map(\.count))
        var ledger = PickLedger(space: space, budget: budget)
        // Medoids first, largest cluster first, so that when B < k the biggest clusters are served.
        let order = members.indices.sorted { members[$0].count != members[$1].count ? members[$0].count > members[$1].count : $0 < $1 }
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
