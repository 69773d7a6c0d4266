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
        let xTaps = taps(from: volume.width, to: width, method: method)
        let yTaps = taps(from: volume.height, to: height, method: method)
        let channels = volume.channels
        var output = [Float](repeating: 0, count: width * height * volume.depth * channels)
        // Horizontal pass into a scratch slice, then vertical pass into the output.
        var scratch = [Float](repeating: 0, count: width * volume.height * channels)
        volume.pixels.withUnsafeBufferPointer { source in
            for z in 0..<volume.depth {
                let slice = z * volume.sliceSize
                for y in 0..<volume.height {
                    let row = slice + y * volume.width * channels
                    for x in 0..<width {
                        let tap = xTaps[x]
                        for c in 0..<channels {
                            var sum: Float = 0
                            for (index, weight) in zip(tap.indices, tap.weights) {
                                sum += source[row + index * channels + c] * weight
                            }
                            scratch[(y * width + x) * channels + c] = sum
                        }
                    }
                }
                let outSlice = z * width * height * channels
                for y in 0..<height {
                    let tap = yTaps[y]
                    for i in 0..<(width * channels) {
                        var sum: Float = 0
                        for (index, weight) in zip(tap.indices, tap.weights) {
                            sum += scratch[index * width * channels + i] * weight
                        }
                        output[outSlice + y * width * channels + i] = sum
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

    struct Tap {
        var indices: [Int]
        var weights: [Float]
    }

    /// Source indices and weights of each target pixel along one axis.
    static func taps(from source: Int, to target: Int, method: Method) -> [Tap] {
        let scale = Double(source) / Double(target)
        let useArea = method == .area || (method == .automatic && scale > 1)
        return (0..<target).map { index in
            if useArea && scale > 1 {
                // The target pixel covers [index*scale, (index+1)*scale) of the source; weight by overlap.
                let start = Double(index) * scale, end = start + scale
                var tap = Tap(indices: [], weights: [])
                var position = Int(start.rounded(.down))
                while Double(position) < end && position < source {
                    let overlap = min(end, Double(position + 1)) - max(start, Double(position))
                    if overlap > 1e-9 {
                        tap.indices.append(position)
                        tap.weights.append(Float(overlap / scale))
                    }
                    position += 1
                }
                return tap
            }
            let centre = (Double(index) + 0.5) * scale - 0.5
            let clamped = min(max(centre, 0), Double(source - 1))
            let low = Int(clamped.rounded(.down)), high = min(low + 1, source - 1)
            let fraction = Float(clamped - Double(low))
            return high == low ? Tap(indices: [low], weights: [1])
                               : Tap(indices: [low, high], weights: [1 - fraction, fraction])
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
