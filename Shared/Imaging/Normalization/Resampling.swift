/// In-plane resampling. Intensities use bilinear interpolation when enlarging and area averaging when
/// shrinking (bilinear alone aliases when shrinking a 2048² radiograph to 256²); label masks use nearest
/// neighbour so no new label values appear. Pixel centres are aligned (half-pixel convention), so resizing
/// there and back again maps every pixel onto itself.
public enum Resampling {
    public enum Method: Sendable {
        /// Area averaging when shrinking, bilinear when enlarging (per axis).
        case automatic
        case bilinear
        case area
    }

    /// Resizes every slice and channel of `volume` to `width` × `height`; the slice count is kept.
    public static func resize(_ volume: ImageVolume, width: Int, height: Int,
                              method: Method = .automatic) -> ImageVolume {
        precondition(width > 0 && height > 0, "target size must be positive")
        let xTaps = AxisTaps(from: volume.width, to: width, method: method)
        let yTaps = AxisTaps(from: volume.height, to: height, method: method)
        let channels = volume.channels
        let sourceRow = volume.width * channels, targetRow = width * channels
        var output = [Float](repeating: 0, count: targetRow * height * volume.depth)
        // Horizontal pass into a scratch slice, then vertical pass (whole rows at a time, which vectorises).
        var scratch = [Float](repeating: 0, count: targetRow * volume.height)
        volume.pixels.withUnsafeBufferPointer { source in
            scratch.withUnsafeMutableBufferPointer { scratch in
                output.withUnsafeMutableBufferPointer { output in
                    for z in 0..<volume.depth {
                        let slice = z * volume.sliceSize
                        for y in 0..<volume.height {
                            let row = slice + y * sourceRow
                            for x in 0..<width {
                                for c in 0..<channels {
                                    var sum: Float = 0
                                    for k in 0..<xTaps.perTarget {
                                        let tap = x * xTaps.perTarget + k
                                        sum += source[row + xTaps.indices[tap] * channels + c] * xTaps.weights[tap]
                                    }
                                    scratch[y * targetRow + x * channels + c] = sum
                                }
                            }
                        }
                        let outSlice = z * targetRow * height
                        for y in 0..<height {
                            let out = outSlice + y * targetRow
                            for k in 0..<yTaps.perTarget {
                                let tap = y * yTaps.perTarget + k
                                let from = yTaps.indices[tap] * targetRow, weight = yTaps.weights[tap]
                                for i in 0..<targetRow { output[out + i] += scratch[from + i] * weight }
                            }
                        }
                    }
                }
            }
        }
        var resized = volume
        resized.width = width
        resized.height = height
        resized.pixels = output
        if var spacing = volume.spacing {
            spacing.x *= Double(volume.width) / Double(width)
            spacing.y *= Double(volume.height) / Double(height)
            resized.spacing = spacing
        }
        resized.affine = volume.affine.map { scaledAffine($0, xFactor: Double(volume.width) / Double(width),
                                                          yFactor: Double(volume.height) / Double(height)) }
        return resized
    }

    /// Nearest-neighbour resize of a label mask of `depth` slices, `width` × `height` each.
    public static func resizeLabels<Label: Sendable>(_ labels: [Label], width: Int, height: Int, depth: Int = 1,
                                                     toWidth: Int, toHeight: Int) -> [Label] {
        precondition(labels.count == width * height * depth, "label count must match the shape")
        precondition(toWidth > 0 && toHeight > 0, "target size must be positive")
        let xs = nearestIndices(from: width, to: toWidth)
        let ys = nearestIndices(from: height, to: toHeight)
        var output: [Label] = []
        output.reserveCapacity(toWidth * toHeight * depth)
        for z in 0..<depth {
            for y in ys {
                let row = (z * height + y) * width
                for x in xs { output.append(labels[row + x]) }
            }
        }
        return output
    }

    /// For each target pixel, the source pixel containing its centre. The position is accumulated step by step
    /// exactly as Pillow's NEAREST resize does, so that ties at pixel borders fall the same way and masks made
    /// by Pillow-based tools agree with ours pixel for pixel.
    static func nearestIndices(from source: Int, to target: Int) -> [Int] {
        let step = Double(source) / Double(target)
        var position = step * 0.5
        var indices: [Int] = []
        indices.reserveCapacity(target)
        for _ in 0..<target {
            indices.append(min(source - 1, Int(position)))
            position += step
        }
        return indices
    }

    /// Source indices and weights of every target pixel along one axis, padded to the same number of taps
    /// per target (weight 0) so the inner loops have a fixed trip count.
    struct AxisTaps {
        let perTarget: Int
        let indices: [Int]
        let weights: [Float]

        init(from source: Int, to target: Int, method: Method) {
            let scale = Double(source) / Double(target)
            let useArea = scale > 1 && (method == .area || method == .automatic)
            let lists = (0..<target).map { index in
                useArea ? Self.area(index, scale: scale, source: source) : Self.linear(index, scale: scale, source: source)
            }
            let width = lists.map(\.count).max() ?? 1
            perTarget = width
            indices = lists.flatMap { list in list.map(\.0) + Array(repeating: list[0].0, count: width - list.count) }
            weights = lists.flatMap { list in list.map(\.1) + Array(repeating: 0, count: width - list.count) }
        }

        /// The target pixel covers [index·scale, (index+1)·scale) of the source; weight by overlap.
        private static func area(_ index: Int, scale: Double, source: Int) -> [(Int, Float)] {
            let start = Double(index) * scale, end = start + scale
            var taps: [(Int, Float)] = []
            var position = Int(start.rounded(.down))
            while Double(position) < end && position < source {
                let overlap = min(end, Double(position + 1)) - max(start, Double(position))
                if overlap > 1e-9 { taps.append((position, Float(overlap / scale))) }
                position += 1
            }
            return taps.isEmpty ? [(min(position, source - 1), Float(1))] : taps
        }

        /// Bilinear with half-pixel centres, clamped at the borders.
        private static func linear(_ index: Int, scale: Double, source: Int) -> [(Int, Float)] {
            let centre = min(max((Double(index) + 0.5) * scale - 0.5, 0), Double(source - 1))
            let low = Int(centre.rounded(.down)), high = min(low + 1, source - 1)
            let fraction = Float(centre - Double(low))
            return high == low ? [(low, Float(1))] : [(low, 1 - fraction), (high, fraction)]
        }
    }

    /// The affine of the resized grid: voxel (i', j') sits at source position ((i'+0.5)·f − 0.5).
    static func scaledAffine(_ affine: [Double], xFactor: Double, yFactor: Double) -> [Double] {
        var result = affine
        for row in 0..<3 {
            let x = affine[row * 4], y = affine[row * 4 + 1]
            result[row * 4] = x * xFactor
            result[row * 4 + 1] = y * yFactor
            result[row * 4 + 3] += x * (xFactor - 1) / 2 + y * (yFactor - 1) / 2
        }
        return result
    }
}
