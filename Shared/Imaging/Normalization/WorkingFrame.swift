/// The in-plane window of a volume's canonical grid that is resized onto the working grid: a rectangle in canonical
/// pixels that may reach past the grid (padded with background) or cut into it (cropped). Choosing it in
/// millimetres keeps a volume's aspect ratio, and with a project spacing gives every volume one physical scale
/// (nnU-Net's target spacing), instead of stretching each slice to the square.
public struct WorkingFrame: Sendable, Equatable, Codable {
    /// Canonical-grid position of the frame's first pixel (negative: padding before the grid).
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    /// The frame, centred on a grid of `width` × `height` pixels of `spacingX` × `spacingY` mm, that becomes
    /// `workingWidth` × `workingHeight` working pixels of `targetSpacing` mm each; without a target spacing the
    /// larger physical side fills the working grid and the other is padded (aspect kept, nothing cropped).
    public static func centred(width: Int, height: Int, spacingX: Double, spacingY: Double, workingWidth: Int,
                               workingHeight: Int, targetSpacing: Double?) -> WorkingFrame {
        let fit = max(Double(width) * spacingX / Double(workingWidth), Double(height) * spacingY / Double(workingHeight))
        let target = targetSpacing ?? fit
        let frameWidth = max(1, Int((Double(workingWidth) * target / spacingX).rounded()))
        let frameHeight = max(1, Int((Double(workingHeight) * target / spacingY).rounded()))
        return WorkingFrame(x: floorHalf(width - frameWidth), y: floorHalf(height - frameHeight),
                            width: frameWidth, height: frameHeight)
    }

    private static func floorHalf(_ value: Int) -> Int { Int((Double(value) / 2).rounded(.down)) }

    /// Whether the frame is exactly a grid of that size (nothing to pad or crop).
    public func isWhole(width: Int, height: Int) -> Bool {
        x == 0 && y == 0 && self.width == width && self.height == height
    }

    /// The frame's pixels of every slice of a `width` × `height` × `depth` grid; `fill` where it reaches past it.
    public func extract<Value>(_ values: [Value], width: Int, height: Int, depth: Int, fill: Value) -> [Value] {
        precondition(values.count == width * height * depth, "value count must match the shape")
        var output = [Value](repeating: fill, count: self.width * self.height * depth)
        forEachCoveredRow(width: width, height: height, depth: depth) { grid, frame, columns in
            for column in columns { output[frame + column] = values[grid + column] }
        }
        return output
    }

    /// The inverse of `extract`: frame pixels put back on a `width` × `height` × `depth` grid, `fill` where the
    /// frame did not reach (what it cropped).
    public func place<Value>(_ values: [Value], width: Int, height: Int, depth: Int, fill: Value) -> [Value] {
        precondition(values.count == self.width * self.height * depth, "value count must match the frame")
        var output = [Value](repeating: fill, count: width * height * depth)
        forEachCoveredRow(width: width, height: height, depth: depth) { grid, frame, columns in
            for column in columns { output[grid + column] = values[frame + column] }
        }
        return output
    }

    /// Every grid row the frame covers: the offsets of grid column 0 in the grid and in the frame (both indexed by
    /// grid column), and the grid columns covered.
    private func forEachCoveredRow(width: Int, height: Int, depth: Int,
                                   _ body: (_ grid: Int, _ frame: Int, _ columns: Range<Int>) -> Void) {
        let columns = overlap(start: x, length: self.width, grid: width)
        guard !columns.isEmpty else { return }
        for z in 0..<depth {
            for row in overlap(start: y, length: self.height, grid: height) {
                body((z * height + row) * width, (z * self.height + row - y) * self.width - x, columns)
            }
        }
    }

    /// Grid indices the frame covers along one axis.
    private func overlap(start: Int, length: Int, grid: Int) -> Range<Int> {
        let lower = max(start, 0), upper = min(start + length, grid)
        return lower < upper ? lower..<upper : 0..<0
    }

    /// An image volume's frame: the pixels as `extract`, the affine moved to the frame's first pixel.
    public func extract(_ volume: ImageVolume, fill: Float) -> ImageVolume {
        precondition(volume.channels == 1, "frames are taken after grey conversion")
        var framed = volume
        framed.pixels = extract(volume.pixels, width: volume.width, height: volume.height, depth: volume.depth, fill: fill)
        framed.width = width
        framed.height = height
        framed.affine = volume.affine.map { affine in
            var moved = affine
            for row in 0..<3 { moved[row * 4 + 3] += affine[row * 4] * Double(x) + affine[row * 4 + 1] * Double(y) }
            return moved
        }
        return framed
    }
}
