/// The paper's active-learning rule. Greedy: each pick maximises minmax(entropy) + λ·minmax(distance to the
/// nearest labelled or already-picked scan); after every pick the distances, and their min–max range over the
/// remaining candidates, are recomputed, so a second near-identical uncertain scan loses its diversity term.
enum EntropyDiversity {
    static func select(_ candidates: [Int], labelled: [Int], entropy: [Double], coordinates: Matrix,
                       lambda: Double, budget: Int) -> [ActiveLearningPick] {
        let normalisedEntropy = MinMax(candidates.map { entropy[$0] })
        var nearest = NearestAnchorDistances(coordinates, anchors: labelled)
        var remaining = candidates
        var picks: [ActiveLearningPick] = []
        while picks.count < budget, !remaining.isEmpty {
            // Before any labelled scan exists distances are infinite for all: diversity cannot rank yet.
            let distances = remaining.map { nearest.distance($0) }
            let normalisedDistance = MinMax(distances.map { $0.isFinite ? $0 : 0 })
            var best = 0, bestScore = -Double.infinity
            for (r, i) in remaining.enumerated() {
                let score = normalisedEntropy.scale(entropy[i]) + lambda * normalisedDistance.scale(distances[r].isFinite ? distances[r] : 0)
                if score > bestScore { best = r; bestScore = score }
            }
            let i = remaining.remove(at: best)
            let d = distances[best]
            picks.append(ActiveLearningPick(
                index: i, entropy: entropy[i], distance: d.isFinite ? d : nil, total: bestScore,
                reason: "entropy \(format(entropy[i])) (scaled \(format(normalisedEntropy.scale(entropy[i])))) + " +
                    "\(format(lambda)) × distance \(d.isFinite ? format(d) : "n/a") (scaled " +
                    "\(format(normalisedDistance.scale(d.isFinite ? d : 0)))) = \(format(bestScore))"))
            nearest.add(i)
        }
        return picks
    }
}

/// Min–max scaling to [0, 1] over a reference set; a constant set scales to 0 so it cannot dominate the sum.
struct MinMax {
    let low: Double
    let range: Double

    init(_ values: [Double]) {
        low = values.min() ?? 0
        range = (values.max() ?? 0) - low
    }

    func scale(_ v: Double) -> Double { range > 0 ? (v - low) / range : 0 }
}
