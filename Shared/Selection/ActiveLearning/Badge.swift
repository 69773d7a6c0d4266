import NumericSupport
/// BADGE (Ash et al. 2020): k-means++ D² sampling over the candidates' gradient embeddings, starting from the
/// largest gradient norm as the reference implementation does. Large-norm, mutually distant gradients are
/// uncertain and diverse at once.
enum Badge {
    static func select(_ candidates: [Int], gradients: Matrix, entropy: [Double]?, budget: Int,
                       seed: UInt64) -> [ActiveLearningPick] {
        let sub = gradients.selecting(rows: candidates)
        let norms = sub.squaredRowNorms()
        let first = norms.indices.max { norms[$0] < norms[$1] } ?? 0
        var rng = SeededRandom(seed: seed)
        let seeding = KMeansPlusPlus(sub, k: budget, greedy: false).seed(count: budget, first: first, rng: &rng)
        var picks = seeding.indices.enumerated().map { r, local in
            let i = candidates[local]
            let reason = r == 0 ? "largest gradient norm (\(format(norms[local].squareRoot())))"
                : "k-means++ draw: D² = \(format(seeding.squaredDistanceAtPick[r])), probability \(format(seeding.probabilityAtPick[r]))"
            return ActiveLearningPick(index: i, entropy: entropy?[i], distance: seeding.squaredDistanceAtPick[r].squareRoot(),
                                      total: seeding.squaredDistanceAtPick[r], reason: reason)
        }
        // Sampling stops once every remaining gradient coincides with a chosen one; fill with those, in order.
        let chosen = Set(picks.map(\.index))
        for i in candidates where picks.count < budget && !chosen.contains(i) {
            picks.append(ActiveLearningPick(index: i, entropy: entropy?[i], distance: 0, total: 0,
                                            reason: "gradient embedding identical to an earlier pick: nothing distinct left"))
        }
        return picks
    }
}
