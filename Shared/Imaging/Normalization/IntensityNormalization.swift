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

    /// Maps [low, high] linearly to [0, 1], clipping outside it.
    public static func clipAndScale(_ volume: ImageVolume, low: Float, high: Float) -> ImageVolume {
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
        return result
    }

    /// Mean ± `deviations` sd of the foreground: the finite values above the background level, 5 % of the way
    /// from the 0.5th to the 99.5th percentile (air around a head, the zero padding of a skull-stripped brain).
    /// When under 10 % of the voxels clear that level they are too few to describe the scan, and all values are
    /// used. nil when the values have no spread.
    public static func foregroundRange(_ values: [Float], deviations: Double = 3) -> (low: Float, high: Float)? {
        guard let clip = percentiles(values, [0.5, 99.5]) else { return nil }
        let level = clip[0] + 0.05 * (clip[1] - clip[0])
        var (count, sum, squares) = (0, 0.0, 0.0)
        for value in values where value.isFinite && value > level {
            count += 1
            sum += Double(value)
            squares += Double(value) * Double(value)
        }
        if count < values.count / 10 {
            (count, sum, squares) = (0, 0, 0)
            for value in values where value.isFinite {
                count += 1
                sum += Double(value)
                squares += Double(value) * Double(value)
            }
        }
        guard count > 1 else { return nil }
        let mean = sum / Double(count)
        let deviation = max(squares / Double(count) - mean * mean, 0).squareRoot()
        guard deviation > 0 else { return nil }
        return (Float(mean - deviations * deviation), Float(mean + deviations * deviation))
    }
}

/// How a scan's values are brought to [0, 1] before resampling; the raw values name the project setting
/// `preprocessing.intensity` spells.
public enum IntensityMethod: String, Sendable, Codable {
    case auto
    case percentile
    case foregroundZScore = "foreground-zscore"
    case ctWindow = "ct-window"

    /// `auto` decided for one scan: CT by its DICOM modality, volumes by their depth.
    public func resolved(for volume: ImageVolume) -> IntensityMethod {
        guard self == .auto else { return self }
        if volume.modality?.uppercased() == "CT" { return .ctWindow }
        return volume.depth > 1 ? .foregroundZScore : .percentile
    }
}
