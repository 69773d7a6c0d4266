import SegmentationMetrics
/// Hard Dice of predicted labels against masks, averaged over samples and foreground classes
/// (both empty counts as 1, the project's metric convention).
public enum DiceScore {
    /// Labels from logits [N, C, H, W] (or [N, C, D, H, W]): logit > 0 for one channel, argmax otherwise.
    public static func labels(logits: Tensor) -> [UInt8] {
        let n = logits.shape[0], c = logits.shape[1], pixels = logits.spatialCount
        var labels = [UInt8](repeating: 0, count: n * pixels)
        for b in 0..<n {
            for p in 0..<pixels {
                if c == 1 {
                    labels[b * pixels + p] = logits.data[b * pixels + p] > 0 ? 1 : 0
                    continue
                }
                var best = 0
                for k in 1..<c where logits.data[(b * c + k) * pixels + p] > logits.data[(b * c + best) * pixels + p] { best = k }
                labels[b * pixels + p] = UInt8(best)
            }
        }
        return labels
    }

    /// Per-sample Dice scores (mean over foreground classes 1..<classes); `pixels` per sample.
    public static func perSample(predicted: [UInt8], truth: [UInt8], pixels: Int, classes: Int) -> [Float] {
        stride(from: 0, to: truth.count, by: pixels).map { start in
            let sample = start..<(start + pixels)
            let total = (1..<classes).reduce(0.0) { sum, k in
                sum + Dice.score(predicted: predicted[sample], truth: truth[sample], label: UInt8(k))
            }
            return Float(total / Double(classes - 1))
        }
    }
}
