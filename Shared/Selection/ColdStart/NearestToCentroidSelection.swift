/// ALPS-style baseline: k-means with k = budget, then the member nearest each centroid.
enum NearestToCentroidSelection {
    static func select(_ space: Matrix, budget: Int, restarts: Int, seed: UInt64) throws(SelectionError) -> [ColdStartPick] {
        let fit = try KMeans(k: budget, restarts: restarts, seed: seed).fit(space)
        var ledger = PickLedger(space: space, budget: budget)
        let members = fit.members
        for c in members.indices.sorted(by: { members[$0].count > members[$1].count }) {
            let byDistance = members[c].map { ($0, space.squaredDistance($0, fit.centroids, c)) }.sorted { $0.1 < $1.1 }
            // The nearest member may duplicate an earlier pick; the next nearest distinct one stands in.
            for (i, d) in byDistance {
                let reason = "nearest to centroid of cluster \(c) (\(members[c].count) scans, distance \(format(d.squareRoot())))"
                if ledger.add(i, cluster: c, reason: reason) { break }
            }
        }
        return ledger.completed(labels: fit.labels)
    }
}
