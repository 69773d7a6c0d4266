/// The paper's headline for active learning in our terms: how many labels a strategy needs to reach the test
/// Dice that random reaches at a given count, read off the strategy's learning curve by linear interpolation
/// between its rounds. The first crossing counts: a curve that reaches the target and dips below it again
/// (retraining noise) has still reached it.
enum LabelsSaved {
    struct Point: Sendable, Equatable {
        let labelled: Int
        let dice: Double
    }

    /// Labels needed to reach `target` on `curve` (any order); nil when the curve never reaches it. A curve
    /// already at the target at its first count needs that count: fewer labels were never measured.
    static func labelsToReach(_ target: Double, on curve: [Point]) -> Double? {
        let points = curve.sorted { $0.labelled < $1.labelled }
        guard let first = points.first else { return nil }
        if first.dice >= target { return Double(first.labelled) }
        for (below, above) in zip(points, points.dropFirst()) where below.dice < target && above.dice >= target {
            let fraction = (target - below.dice) / (above.dice - below.dice)
            return Double(below.labelled) + fraction * Double(above.labelled - below.labelled)
        }
        return nil
    }

    /// The share of `budget` labels not needed: 0.25 when 96 labels reach what random reaches at 128.
    static func fraction(needed: Double, budget: Int) -> Double { 1 - needed / Double(budget) }
}
