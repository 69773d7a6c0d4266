/// TypiClust (Hacohen et al. 2022): k-means with k = budget; repeatedly take the cluster with the fewest picks
/// (largest first) and pick its most typical point, typicality = 1 / mean distance to its nearest neighbours
/// within the cluster (at most `neighbours`, at most half the cluster, as the reference implementation).
enum TypiClustSelection {
    static func select(_ space: Matrix, budget: Int, neighbours: Int, restarts: Int,
                       seed: UInt64) throws(SelectionError) -> [ColdStartPick] {
        guard neighbours >= 1 else {
            throw .invalidParameter(name: "neighbours", value: "\(neighbours)", requirement: "at least 1")
        }
        let fit = try KMeans(k: budget, restarts: restarts, seed: seed).fit(space)
        let members = fit.members
        // Each cluster's members, most typical first.
        var queues: [[(index: Int, typicality: Double)]] = members.map { cluster in
            typicality(of: cluster, in: space, neighbours: neighbours).sorted { $0.typicality > $1.typicality }
        }
        var taken = [Int](repeating: 0, count: members.count)
        var ledger = PickLedger(space: space, budget: budget)
        while !ledger.isFull {
            let open = members.indices.filter { !queues[$0].isEmpty }
            guard let c = open.min(by: { taken[$0] != taken[$1] ? taken[$0] < taken[$1] : members[$0].count > members[$1].count })
            else { break }
            let candidate = queues[c].removeFirst()
            if ledger.add(candidate.index, cluster: c, reason: "most typical scan of cluster \(c) (\(members[c].count) scans, " +
                          "typicality \(format(candidate.typicality)))") {
                taken[c] += 1
            }
        }
        return ledger.completed(labels: fit.labels)
    }

    private static func typicality(of cluster: [Int], in space: Matrix, neighbours: Int) -> [(index: Int, typicality: Double)] {
        let k = min(neighbours, cluster.count / 2)
        guard k >= 1 else { return cluster.map { ($0, 0) } }
        let knn = NearestNeighbours(space.selecting(rows: cluster), k: k)
        return cluster.enumerated().map { r, index in
            var sum = 0.0
            for j in 0..<k { sum += knn.squaredDistances[r * k + j].squareRoot() }
            // Exact duplicates give mean distance 0: the most typical possible, not a division error.
            return (index, sum > 0 ? Double(k) / sum : .infinity)
        }
    }
}
