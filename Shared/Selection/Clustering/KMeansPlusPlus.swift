import NumericSupport
import Foundation

/// Greedy k-means++ seeding as scikit-learn does it: each new centre is the best (lowest resulting inertia)
/// of `2 + ln k` candidates drawn with probability ∝ D². With one trial per step it is plain D² sampling,
/// which is exactly what BADGE needs, so both share this code.
struct KMeansPlusPlus {
    struct Seeding {
        var indices: [Int]
        /// D² of each chosen point to the centres chosen before it (0 for the first one).
        var squaredDistanceAtPick: [Double]
        /// The sampling probability it had when drawn (1 for a forced first index).
        var probabilityAtPick: [Double]
    }

    let x: Matrix
    let localTrials: Int

    init(_ x: Matrix, k: Int, greedy: Bool) {
        self.x = x
        localTrials = greedy ? 2 + Int(log(Double(k))) : 1
    }

    func seed(count: Int, first: Int?, rng: inout SeededRandom) -> Seeding {
        let n = x.rows
        let firstIndex = first ?? Int(rng.next() % UInt64(n))
        var out = Seeding(indices: [firstIndex], squaredDistanceAtPick: [0], probabilityAtPick: [first == nil ? 1 / Double(n) : 1])
        var closest = (0..<n).map { x.squaredDistance(firstIndex, x, $0) }
        var potential = closest.reduce(0, +)
        while out.indices.count < count {
            guard potential > 0 else { break }  // every remaining point coincides with a centre
            var best: (index: Int, potential: Double, distances: [Double])?
            for _ in 0..<localTrials {
                let candidate = rng.weightedIndex(closest, total: potential)
                var updated = closest
                var sum = 0.0
                for j in 0..<n {
                    let d = x.squaredDistance(candidate, x, j)
                    if d < updated[j] { updated[j] = d }
                    sum += updated[j]
                }
                if sum < best?.potential ?? .infinity { best = (candidate, sum, updated) }
            }
            guard let chosen = best else { break }
            out.indices.append(chosen.index)
            out.squaredDistanceAtPick.append(closest[chosen.index])
            out.probabilityAtPick.append(closest[chosen.index] / potential)
            closest = chosen.distances
            potential = chosen.potential
        }
        return out
    }
}
