/// The one Dice coefficient: 2|P∩T| / (|P| + |T|), and 1 when both masks are empty (nothing to find, nothing
/// found). The test metrics and the trainer's validation score both use it.
public enum Dice {
    public static func coefficient(intersection: Int, prediction: Int, truth: Int) -> Double {
        let total = prediction + truth
        return total == 0 ? 1 : 2 * Double(intersection) / Double(total)
    }

    /// Dice of `label` between two label maps of equal length.
    public static func score<P: Collection<UInt8>, T: Collection<UInt8>>(predicted: P, truth: T, label: UInt8) -> Double {
        var both = 0, inPrediction = 0, inTruth = 0
        for (p, t) in zip(predicted, truth) {
            let isP = p == label, isT = t == label
            if isP { inPrediction += 1 }
            if isT { inTruth += 1 }
            if isP && isT { both += 1 }
        }
        return coefficient(intersection: both, prediction: inPrediction, truth: inTruth)
    }
}
