/// ProbCover (Yehuda et al. 2022): δ-balls around every point form a coverage graph; δ is the largest radius
/// whose balls are still pure (one k-means pseudo-label inside) for at least `purity` of the points; then
/// greedy max coverage. Quadratic in n (distances and edges), meant for pools up to ~20k scans.
enum ProbCoverSelection {
    static func select(_ space: Matrix, budget: Int, purity: Double, pseudoLabelClusters: Int?,
                       restarts: Int, seed: UInt64) throws(SelectionError) -> [ColdStartPick] {
        guard purity > 0, purity <= 1 else {
            throw .invalidParameter(name: "purity", value: "\(purity)", requirement: "in (0, 1]")
        }
        let k = min(space.rows, max(2, pseudoLabelClusters ?? budget))
        let labels = try KMeans(k: k, restarts: restarts, seed: seed).fit(space).labels
        let delta = radius(space, labels: labels, purity: purity)
        var balls = coverageBalls(space, radius: delta)
        var uncoveredInBall = balls.map(\.count)
        var covered = [Bool](repeating: false, count: space.rows)
        var ledger = PickLedger(space: space, budget: budget)
        while !ledger.isFull {
            guard let best = uncoveredInBall.indices.max(by: { uncoveredInBall[$0] < uncoveredInBall[$1] }),
                  uncoveredInBall[best] > 0 else { break }  // everything covered: the ledger fills the rest
            let gain = uncoveredInBall[best]
            guard ledger.add(best, cluster: labels[best], reason: "covers \(gain) uncovered scans within δ = \(format(delta)) " +
                             "(δ-balls \(format(purity * 100))% pure)") else {
                uncoveredInBall[best] = 0
                continue
            }
            for j in balls[best] where !covered[Int(j)] {
                covered[Int(j)] = true
                for i in balls[Int(j)] { uncoveredInBall[Int(i)] -= 1 }  // balls are symmetric: i covers j iff j covers i
            }
            balls[best] = []
        }
        return ledger.completed(labels: labels)
    }

    /// A point's ball is pure iff δ ≤ its distance to the nearest point of another pseudo-label, so the
    /// largest δ with the required purity is an order statistic of those distances.
    static func radius(_ space: Matrix, labels: [Int], purity: Double) -> Double {
        var nearestOther = [Double](repeating: .infinity, count: space.rows)
        BlockDistances(space, space).forEachRow { i, row in
            var best = Double.infinity
            for j in 0..<row.count where labels[j] != labels[i] && row[j] < best { best = row[j] }
            nearestOther[i] = best.squareRoot()
        }
        let sorted = nearestOther.sorted()
        let impureAllowed = min(sorted.count - 1, Int((Double(sorted.count) * (1 - purity)).rounded(.down)))
        return sorted[impureAllowed]
    }

    /// Points strictly within `radius` of each point, itself included.
    private static func coverageBalls(_ space: Matrix, radius: Double) -> [[Int32]] {
        var balls = [[Int32]](repeating: [], count: space.rows)
        let limit = radius * radius
        BlockDistances(space, space).forEachRow { i, row in
            for j in 0..<row.count where row[j] < limit || j == i { balls[i].append(Int32(j)) }
        }
        return balls
    }
}
