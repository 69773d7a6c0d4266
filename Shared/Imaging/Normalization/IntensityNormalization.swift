import NumericSupport
/// Intensity helpers: grey conversion and robust [0, 1] scaling.
public enum IntensityNormalization {
    /// ITU-R BT.601 luma, the weights Pillow's `convert("L")` uses.
    public static func toGrey(_ volume: ImageVolume) -> ImageVolume {
        guard volume.channels == 3 else { return volume }
        let count = volume.width * volume.height * volume.depth
        var grey = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let r = volume.pixels[3 * i], g = volume.pixels[3 * i + 1], b = volume.pixels[3 * i + 2]
            grey[i] = 0.299 * r + 0.587 * g + 0.114 * b
        }
        var result = volume
        result.channels = 1
        result.pixels = grey
        return result
    }

    /// Percentile of the finite values with linear interpolation between order statistics (numpy's default),
    /// in expected linear time via selection rather than a full sort; nil when no value is finite.
    public static func percentile(_ values: [Float], _ percent: Double) -> Float? {
        percentiles(values, [percent])?.first
    }

    /// Several percentiles from one copy of the data (selection reorders it in place).
    static func percentiles(_ values: [Float], _ percents: [Double]) -> [Float]? {
        var work = values.allSatisfy(\.isFinite) ? values : values.filter(\.isFinite)
        guard !work.isEmpty else { return nil }
        return percents.map { percent in
            let position = min(max(percent, 0), 100) / 100 * Double(work.count - 1)
            let lowIndex = Int(position.rounded(.down))
            let low = QuickSelect.select(&work, rank: lowIndex)
            guard lowIndex + 1 < work.count, position > Double(lowIndex) else { return low }
            // After selection everything right of lowIndex is ≥ low; the next order statistic is their minimum.
            let high = work[(lowIndex + 1)...].min() ?? low
            return low + Float(position - Double(lowIndex)) * (high - low)
        }
    }

    /// Clips to the [lower, upper] percentiles, then scales that range to [0, 1]. Returns the clip values too,
    /// so the mapping can be recorded and inverted.
    public static func clipAndScale(_ volume: ImageVolume, lowerPercent: Double = 0.5,
                                    upperPercent: Double = 99.5) -> (volume: ImageVolume, low: Float, high: Float) {
        let clip = percentiles(volume.pixels, [lowerPercent, upperPercent]) ?? [0, 0]
        let low = clip[0], high = clip[1]
        let range = high - low
        var result = volume
        if range > 0 {
            let inverse = 1 / range
            for i in result.pixels.indices {
                let value = result.pixels[i]
                // NaN voxels (outside a brain mask, say) become background.
                result.pixels[i] = value.isNaN ? 0 : min(max((value - low) * inverse, 0), 1)
            }
        } else {
            // A constant image carries no contrast; map it to 0 rather than dividing by zero.
            for i in result.pixels.indices { result.pixels[i] = 0 }
        }
        return (result, low, high)
    }
}
