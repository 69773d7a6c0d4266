/// Farthest-point sampling among `candidates`, measuring distance to the labelled scans and the picks so far:
/// the coreset (k-center greedy) rule, also used to diversify an entropy shortlist. With nothing labelled
/// the first pick is the most uncertain candidate when entropy is known, else the candidate nearest the mean.
enum FarthestFromLabelled {
    static func select(_ candidates: [Int], labelled: [Int], space: Matrix, entropy: [Double]?, budget: Int,
                       describe: String) -> [ActiveLearningPick] {
        var nearest = NearestAnchorDistances(space, anchors: labelled)
        var picks: [ActiveLearningPick] = []
        if labelled.isEmpty, let first = start(candidates, space: space, entropy: entropy) {
            picks.append(ActiveLearningPick(index: first.index, entropy: entropy?[first.index], distance: nil, total: 0,
                                            reason: "\(describe): \(first.reason), nothing labelled yet"))
            nearest.add(first.index)
        }
        while picks.count < budget, let i = nearest.farthest(among: candidates) {
            let d = nearest.distance(i)
            picks.append(ActiveLearningPick(index: i, entropy: entropy?[i], distance: d, total: d,
                                            reason: "\(describe): distance \(format(d)) to the nearest labelled or picked scan"))
            nearest.add(i)
        }
        return picks
    }

    private static func start(_ candidates: [Int], space: Matrix, entropy: [Double]?) -> (index: Int, reason: String)? {
        if let entropy, let top = candidates.max(by: { entropy[$0] != entropy[$1] ? entropy[$0] < entropy[$1] : $0 > $1 }) {
            return (top, "most uncertain scan")
        }
        let mean = Matrix(unchecked: 1, space.cols, space.columnMeans())
        return candidates.min { space.squaredDistance($0, mean, 0) < space.squaredDistance($1, mean, 0) }.map { ($0, "nearest the pool mean") }
    }
}
