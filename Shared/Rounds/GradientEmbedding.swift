/// BADGE's gradient embedding without access to the network's penultimate features. Engine exposes no
/// decoder activations, so the last layer's gradient (features ⊗ (p − onehot(ŷ)), summed over pixels) is
/// taken with a fixed feature map instead: the indicator of which cell of a `grid`×`grid` partition a pixel
/// lies in. Each entry is then the mean residual p − onehot(ŷ) of one class over one cell: large when the model
/// is unsure, and different for scans that are unsure in different places — the two properties BADGE's
/// k-means++ sampling relies on. It is an approximation, not the paper-BADGE embedding.
public enum GradientEmbedding {
    public static let grid = 8

    /// [grid·grid·C] for a prediction with C channels (C = 1 for a binary model); volumes pool every slice
    /// into the same in-plane cells.
    public static func embedding(of prediction: Prediction) -> [Float] {
        let mean = prediction.meanProbabilities()
        let shape = prediction.shape
        let (height, width) = (shape[shape.count - 2], shape[shape.count - 1])
        let planes = prediction.pixelCount / (height * width)
        let channels = prediction.channels
        let pixels = prediction.pixelCount
        var sums = [Float](repeating: 0, count: grid * grid * channels)
        var counts = [Float](repeating: 0, count: grid * grid)
        for plane in 0..<planes {
            for y in 0..<height {
                for x in 0..<width {
                    let pixel = (plane * height + y) * width + x
                    let cell = (y * grid / height) * grid + x * grid / width
                    counts[cell] += 1
                    if channels == 1 {
                        sums[cell] += mean[pixel] - (mean[pixel] > 0.5 ? 1 : 0)
                        continue
                    }
                    let predicted = (0..<channels).max { mean[$0 * pixels + pixel] < mean[$1 * pixels + pixel] } ?? 0
                    for c in 0..<channels {
                        sums[c * grid * grid + cell] += mean[c * pixels + pixel] - (c == predicted ? 1 : 0)
                    }
                }
            }
        }
        for c in 0..<channels {
            for cell in 0..<(grid * grid) where counts[cell] > 0 { sums[c * grid * grid + cell] /= counts[cell] }
        }
        return sums
    }
}
