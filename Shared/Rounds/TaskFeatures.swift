import Engine
import Uncertainty

/// A scan as the current model sees it, for task-aware diversity (`activeLearning.space: model`): the decoder's
/// last feature map — what the segmentation head reads — averaged over the whole image and, separately, over the
/// pixels the model calls foreground (zeros when it calls none). Two scans close in this space look alike to the
/// task, whatever their grey levels; the foundation-model map only knows their appearance. Averaged over planes
/// and Monte-Carlo passes, pixel by pixel.
struct TaskFeatures {
    private var features = 0
    private var everywhere: [Double] = []
    private var foreground: [Double] = []
    private var pixels = 0
    private var foregroundPixels = 0

    /// Adds the pixels of batch entry `entry` in the top-left `height`×`width` window of the (padded) maps.
    mutating func add(probabilities: Tensor, features map: Tensor, entry: Int, height: Int, width: Int) {
        let channels = probabilities.shape[1]
        let (paddedHeight, paddedWidth) = (probabilities.shape[2], probabilities.shape[3])
        let plane = paddedHeight * paddedWidth
        if everywhere.isEmpty {
            features = map.shape[1]
            everywhere = [Double](repeating: 0, count: features)
            foreground = [Double](repeating: 0, count: features)
        }
        for y in 0..<height {
            for x in 0..<width {
                let pixel = y * paddedWidth + x
                let isForeground = PredictedLabel.at(channels: channels) {
                    Double(probabilities.data[(entry * channels + $0) * plane + pixel])
                } != 0
                for f in 0..<features {
                    let value = Double(map.data[(entry * features + f) * plane + pixel])
                    everywhere[f] += value
                    if isForeground { foreground[f] += value }
                }
                if isForeground { foregroundPixels += 1 }
            }
        }
        pixels += height * width
    }

    /// [2 · features]: the image mean, then the foreground mean.
    var vector: [Float] {
        everywhere.map { Float($0 / Double(max(pixels, 1))) } + foreground.map { Float($0 / Double(max(foregroundPixels, 1))) }
    }
}
