import Engine
import Uncertainty

/// BADGE's gradient embedding (Ash et al., ICLR 2020) for a segmentation network: the gradient of the loss at
/// the model's own prediction ŷ with respect to the 1×1 head's weights, averaged over pixels (and over
/// Monte-Carlo passes): g[c, f] = mean over pixels of (p_c − onehot(ŷ)_c) · h_f, where h is the decoder's last
/// feature map — the penultimate layer — and p the head's probabilities. A binary (sigmoid) model has one
/// channel with ŷ = [p ≥ 0.5] (`PredictedLabel`). Its length grows with the model's uncertainty and its direction follows the
/// features, the two things BADGE's k-means++ seeding trades off.
struct GradientEmbedding {
    let channels: Int
    private var features = 0
    private var sums: [Double] = []
    private var pixels = 0

    init(channels: Int) { self.channels = channels }

    /// Adds the pixels of batch entry `entry` that lie in the top-left `height`×`width` window of the (padded)
    /// probability and feature maps.
    mutating func add(probabilities: Tensor, features map: Tensor, entry: Int, height: Int, width: Int) {
        let (paddedHeight, paddedWidth) = (probabilities.shape[2], probabilities.shape[3])
        let plane = paddedHeight * paddedWidth
        if sums.isEmpty {
            features = map.shape[1]
            sums = [Double](repeating: 0, count: channels * features)
        }
        let channels = self.channels
        var residual = [Double](repeating: 0, count: channels)
        var feature = [Double](repeating: 0, count: features)
        for y in 0..<height {
            for x in 0..<width {
                let pixel = y * paddedWidth + x
                let probability = { (c: Int) in Double(probabilities.data[(entry * channels + c) * plane + pixel]) }
                let predicted = PredictedLabel.at(channels: channels, probability)
                if channels == 1 {
                    residual[0] = probability(0) - Double(predicted)
                } else {
                    for c in 0..<channels { residual[c] = probability(c) - (c == predicted ? 1 : 0) }
                }
                for f in 0..<features { feature[f] = Double(map.data[(entry * features + f) * plane + pixel]) }
                for c in 0..<channels where residual[c] != 0 {
                    for f in 0..<features { sums[c * features + f] += residual[c] * feature[f] }
                }
            }
        }
        pixels += height * width
    }

    /// [channels · features], laid out like the head's weight [C, F].
    var embedding: [Float] { sums.map { Float($0 / Double(max(pixels, 1))) } }
}
