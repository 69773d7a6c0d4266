import NumericSupport
/// Uniform random draw without replacement (the usual cold-start baseline), seeded.
enum RandomSelection {
    static func select(_ space: Matrix, budget: Int, seed: UInt64) -> [ColdStartPick] {
        var rng = SeededRandom(seed: seed)
        var order = Array(0..<space.rows)
        order.shuffle(using: &rng)
        var ledger = PickLedger(space: space, budget: budget)
        for (draw, i) in order.enumerated() where !ledger.isFull {
            ledger.add(i, cluster: nil, reason: "random draw \(draw + 1) (seed \(seed))")
        }
        return ledger.completed()
    }
}
