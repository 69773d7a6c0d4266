/// k-center greedy (the coreset baseline, Sener & Savarese 2018): start at the scan nearest the pool mean
/// (deterministic and central), then repeatedly take the scan farthest from everything picked.
enum KCenterGreedySelection {
    static func select(_ space: Matrix, budget: Int) -> [ColdStartPick] {
        var ledger = PickLedger(space: space, budget: budget)
        let mean = Matrix(unchecked: 1, space.cols, space.columnMeans())
        if let start = (0..<space.rows).min(by: { space.squaredDistance($0, mean, 0) < space.squaredDistance($1, mean, 0) }) {
            ledger.add(start, cluster: nil, reason: "nearest to the pool mean (k-center start)")
        }
        ledger.addFarthest(Array(0..<space.rows), count: budget - 1, cluster: nil) { distance in
            "farthest from all picks (distance \(format(distance))), k-center greedy"
        }
        return ledger.completed()
    }
}
