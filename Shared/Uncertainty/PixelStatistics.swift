import Foundation

/// Probabilities are clamped to [1e-7, 1 − 1e-7] before taking logs, so saturated predictions stay finite.
let probabilityFloor = 1e-7

/// −p ln p for one probability, after clamping.
@inline(__always)
func entropyTerm(_ p: Double) -> Double {
    let clamped = min(max(p, probabilityFloor), 1 - probabilityFloor)
    return -clamped * log(clamped)
}

/// Binary entropy −p ln p − (1 − p) ln(1 − p), natural log, after clamping p.
@inline(__always)
func binaryEntropy(_ p: Double) -> Double {
    let clamped = min(max(p, probabilityFloor), 1 - probabilityFloor)
    return -clamped * log(clamped) - (1 - clamped) * log(1 - clamped)
}

/// Per-pixel quantities of one scan's passes.
struct PixelStatistics {
    /// Entropy of the mean prediction over passes (the predictive entropy).
    let entropyOfMean: [Double]
    /// Mean over passes of each pass's entropy; equals `entropyOfMean` when T = 1.
    let meanEntropy: [Double]
    /// The mean prediction's label (`PredictedLabel`).
    let labels: [Int32]

    init(_ maps: ProbabilityMaps) {
        let pixels = maps.pixelCount
        let planes = maps.classes
        let scale = 1 / Double(maps.passes)
        // A sigmoid map's one plane is p of foreground; a softmax map's planes are the classes.
        let entropy = maps.isBinary ? binaryEntropy : entropyTerm
        var mean = [Double](repeating: 0, count: planes * pixels)
        var meanEntropy = [Double](repeating: 0, count: pixels)
        for pass in 0..<maps.passes {
            for plane in 0..<planes {
                let source = (pass * planes + plane) * pixels
                let target = plane * pixels
                for i in 0..<pixels {
                    let p = Double(maps.values[source + i])
                    mean[target + i] += p * scale
                    meanEntropy[i] += entropy(p) * scale
                }
            }
        }
        var entropyOfMean = [Double](repeating: 0, count: pixels)
        for plane in 0..<planes {
            let base = plane * pixels
            for i in 0..<pixels { entropyOfMean[i] += entropy(mean[base + i]) }
        }
        let labels = (0..<pixels).map { i in Int32(PredictedLabel.at(channels: planes) { mean[$0 * pixels + i] }) }
        self.entropyOfMean = entropyOfMean
        self.meanEntropy = meanEntropy
        self.labels = labels
    }
}
