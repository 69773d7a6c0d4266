#if canImport(Glibc)
import NumericSupport
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Segmentation losses on logits [N, C, H, W] (or [N, C, D, H, W]) against label maps [N, 1, …] holding 0..<classes.
/// One logit channel means binary (sigmoid); several mean multi-class (softmax over channels).
public enum SegmentationLoss {
    /// PyTorch binary_cross_entropy_with_logits, mean reduction, in its stable form.
    public static func binaryCrossEntropy(logits: Tensor, labels: Tensor) -> LossValue {
        precondition(logits.shape == labels.shape, "logits \(logits.shape) and labels \(labels.shape) differ")
        let scale = 1 / Float(logits.count)
        var total = 0.0
        let gradient = Elementwise.zip(logits, labels) { x, y in (Activations.sigmoid(x) - y) * scale }
        for (x, y) in zip(logits.data, labels.data) { total += Double(max(x, 0) - x * y + log1pf(expf(-abs(x)))) }
        return LossValue(value: Float(total / Double(logits.count)), gradient: gradient)
    }

    /// Mean cross-entropy over pixels of softmax(logits) against integer labels.
    public static func crossEntropy(logits: Tensor, labels: Tensor) -> LossValue {
        let probabilities = channelSoftmax(logits)
        let n = logits.shape[0], c = logits.shape[1], pixels = logits.spatialCount, scale = 1 / Float(n * pixels)
        var gradient = probabilities
        var total = 0.0
        for b in 0..<n {
            for p in 0..<pixels {
                let label = Int(labels.data[b * pixels + p])
                let index = (b * c + label) * pixels + p
                total -= Double(logf(max(probabilities.data[index], .leastNormalMagnitude)))
                gradient.data[index] -= 1
            }
        }
        return LossValue(value: Float(total) * scale, gradient: Elementwise.map(gradient) { $0 * scale })
    }

    /// 1 − mean soft Dice over samples and foreground channels, with probabilities from sigmoid (one
    /// channel) or softmax (several; background channel 0 included, as one-hot Dice usually is).
    public static func softDice(logits: Tensor, labels: Tensor, smoothing: Float = 1) -> LossValue {
        let n = logits.shape[0], c = logits.shape[1], pixels = logits.spatialCount
        let binary = c == 1
        let probabilities = binary ? Activations.sigmoid(logits) : channelSoftmax(logits)
        var gradProbabilities = Tensor(zeros: logits.shape)
        var diceSum = 0.0
        let terms = Float(n * c)
        for b in 0..<n {
            for k in 0..<c {
                let plane = (b * c + k) * pixels
                let target = binary ? Float(1) : Float(k)
                var intersection: Float = 0, sum: Float = 0
                for p in 0..<pixels {
                    let y: Float = labels.data[b * pixels + p] == target ? 1 : 0
                    intersection += probabilities.data[plane + p] * y
                    sum += probabilities.data[plane + p] + y
                }
                let numerator = 2 * intersection + smoothing, denominator = sum + smoothing
                diceSum += Double(numerator / denominator)
                for p in 0..<pixels {
                    let y: Float = labels.data[b * pixels + p] == target ? 1 : 0
                    let dDice = (2 * y * denominator - numerator) / (denominator * denominator)
                    gradProbabilities.data[plane + p] = -dDice / terms
                }
            }
        }
        let gradient = binary
            ? Elementwise.zip(gradProbabilities, probabilities) { g, p in g * p * (1 - p) }
            : channelSoftmaxBackward(probabilities: probabilities, gradient: gradProbabilities)
        return LossValue(value: 1 - Float(diceSum) / terms, gradient: gradient)
    }

    /// Soft Dice plus BCE (binary) or plus cross-entropy (multi-class): the training objective.
    public static func diceAndCrossEntropy(logits: Tensor, labels: Tensor) -> LossValue {
        let pixelLoss = logits.shape[1] == 1
            ? binaryCrossEntropy(logits: logits, labels: labels)
            : crossEntropy(logits: logits, labels: labels)
        return pixelLoss + softDice(logits: logits, labels: labels)
    }

    /// Softmax across channels at each pixel of an NCHW (or NCDHW) tensor.
    public static func channelSoftmax(_ logits: Tensor) -> Tensor {
        let n = logits.shape[0], c = logits.shape[1], pixels = logits.spatialCount
        var out = logits
        out.data.withUnsafeMutableBufferPointer { o in
            parallelFor(n) { b in
                let base = b * c * pixels
                for p in 0..<pixels {
                    var peak = -Float.infinity
                    for k in 0..<c { peak = max(peak, o[base + k * pixels + p]) }
                    var total: Float = 0
                    for k in 0..<c {
                        let e = expf(o[base + k * pixels + p] - peak)
                        o[base + k * pixels + p] = e
                        total += e
                    }
                    for k in 0..<c { o[base + k * pixels + p] /= total }
                }
            }
        }
        return out
    }

    static func channelSoftmaxBackward(probabilities: Tensor, gradient: Tensor) -> Tensor {
        let n = probabilities.shape[0], c = probabilities.shape[1], pixels = probabilities.spatialCount
        var out = Tensor(zeros: probabilities.shape)
        for b in 0..<n {
            for p in 0..<pixels {
                var dot: Float = 0
                for k in 0..<c { dot += probabilities.data[(b * c + k) * pixels + p] * gradient.data[(b * c + k) * pixels + p] }
                for k in 0..<c {
                    let i = (b * c + k) * pixels + p
                    out.data[i] = probabilities.data[i] * (gradient.data[i] - dot)
                }
            }
        }
        return out
    }
}
