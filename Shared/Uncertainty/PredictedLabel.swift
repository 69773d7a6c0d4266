/// The label a model predicts at one pixel, the one rule scores, regions, BADGE's ŷ and task features share:
/// a binary (sigmoid) map is foreground from p ≥ 0.5; a softmax map takes the most probable class, the lowest
/// on ties (so a pixel torn between background and a structure stays background).
public enum PredictedLabel {
    @inline(__always)
    public static func at(channels: Int, _ probability: (Int) -> Double) -> Int {
        if channels == 1 { return probability(0) >= 0.5 ? 1 : 0 }
        var best = 0
        var bestProbability = probability(0)
        for c in 1..<channels {
            let p = probability(c)
            if p > bestProbability { (best, bestProbability) = (c, p) }
        }
        return best
    }
}
