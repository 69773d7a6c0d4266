/// How a volume's voxel axes are permuted and flipped so that they run along R, A and S (RAS+, the NIfTI
/// convention), as nibabel's `as_closest_canonical` does. Only whole-voxel permutations and flips: no voxel is
/// interpolated, so the transform is exact and its inverse maps a prediction back voxel for voxel.
public struct AxisOrientation: Sendable, Equatable, Codable {
    /// For canonical axis k (0: x → R, 1: y → A, 2: z → S), the original voxel axis it is read from.
    public var source: [Int]
    /// Whether canonical axis k runs opposite to its source axis.
    public var flipped: [Bool]

    public static let identity = AxisOrientation(source: [0, 1, 2], flipped: [false, false, false])

    public init(source: [Int], flipped: [Bool]) {
        precondition(source.sorted() == [0, 1, 2] && flipped.count == 3, "a permutation of three axes")
        self.source = source
        self.flipped = flipped
    }

    public var isIdentity: Bool { self == .identity }

    /// The closest canonical orientation of a row-major 4×4 voxel-to-RAS affine: repeatedly the largest
    /// |direction cosine| left decides which voxel axis becomes which world axis and its sign (nibabel's
    /// `io_orientation`, for the near-orthogonal affines scanners write). Columns without direction (a zero
    /// column) keep their place.
    public static func closestCanonical(affine: [Double]) -> AxisOrientation {
        guard affine.count == 16 else { return .identity }
        var cosines = [[Double]](repeating: [0, 0, 0], count: 3)  // [world row][voxel column]
        for column in 0..<3 {
            let vector = (0..<3).map { affine[$0 * 4 + column] }
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for row in 0..<3 { cosines[row][column] = norm > 0 ? vector[row] / norm : 0 }
        }
        var source = [Int?](repeating: nil, count: 3), flipped = [false, false, false]
        var freeRows = Set(0..<3), freeColumns = Set(0..<3)
        for _ in 0..<3 {
            var best: (row: Int, column: Int, value: Double)?
            for row in freeRows.sorted() {
                for column in freeColumns.sorted() where abs(cosines[row][column]) > abs(best?.value ?? 0) {
                    best = (row, column, cosines[row][column])
                }
            }
            guard let best else { break }
            source[best.row] = best.column
            flipped[best.row] = best.value < 0
            freeRows.remove(best.row)
            freeColumns.remove(best.column)
        }
        // Degenerate columns: pair the rows left with the columns left in order.
        for (row, column) in zip(freeRows.sorted(), freeColumns.sorted()) { source[row] = column }
        return AxisOrientation(source: source.map { $0 ?? 0 }, flipped: flipped)
    }

    /// The shape (width, height, depth) after reorientation of a volume of `shape`.
    public func canonicalShape(_ shape: [Int]) -> [Int] { source.map { shape[$0] } }

    /// Values of a single-channel volume of `shape` (x fastest) in canonical order.
    public func toCanonical<Value>(_ values: [Value], shape: [Int]) -> [Value] {
        let map = originalIndices(shape: shape)
        return map.map { values[$0] }
    }

    /// Canonical-order values back in the original order of a volume whose original shape is `shape`.
    public func toOriginal<Value>(_ values: [Value], shape: [Int]) -> [Value] {
        guard var result = values.first.map({ [Value](repeating: $0, count: values.count) }) else { return values }
        for (canonical, original) in originalIndices(shape: shape).enumerated() { result[original] = values[canonical] }
        return result
    }

    /// For every canonical voxel (x fastest), the index of the original voxel it is.
    private func originalIndices(shape: [Int]) -> [Int] {
        let strides = [1, shape[0], shape[0] * shape[1]]
        let out = canonicalShape(shape)
        // Per canonical axis: where index 0 lands in the original array and how far one step moves.
        let start = (0..<3).reduce(0) { $0 + (flipped[$1] ? (shape[source[$1]] - 1) * strides[source[$1]] : 0) }
        let step = (0..<3).map { flipped[$0] ? -strides[source[$0]] : strides[source[$0]] }
        var indices: [Int] = []
        indices.reserveCapacity(out[0] * out[1] * out[2])
        for z in 0..<out[2] {
            for y in 0..<out[1] {
                let row = start + z * step[2] + y * step[1]
                for x in 0..<out[0] { indices.append(row + x * step[0]) }
            }
        }
        return indices
    }

    /// The canonical grid's voxel-to-RAS affine, placing every voxel where it was.
    public func canonicalAffine(_ affine: [Double], shape: [Int]) -> [Double] {
        var result = affine
        for row in 0..<3 {
            var translation = affine[row * 4 + 3]
            for axis in 0..<3 {
                let column = affine[row * 4 + source[axis]]
                result[row * 4 + axis] = flipped[axis] ? -column : column
                if flipped[axis] { translation += column * Double(shape[source[axis]] - 1) }
            }
            result[row * 4 + 3] = translation
        }
        return result
    }

    /// Reorients a single-channel volume: pixels, spacing and affine.
    public func apply(_ volume: ImageVolume) -> ImageVolume {
        guard !isIdentity else { return volume }
        precondition(volume.channels == 1, "reorient after grey conversion")
        let shape = [volume.width, volume.height, volume.depth]
        let out = canonicalShape(shape)
        let spacing = volume.spacing.map { spacing -> VoxelSpacing in
            let values = [spacing.x, spacing.y, spacing.z]
            return VoxelSpacing(x: values[source[0]], y: values[source[1]], z: values[source[2]])
        }
        return ImageVolume(width: out[0], height: out[1], depth: out[2], pixels: toCanonical(volume.pixels, shape: shape),
                           spacing: spacing, affine: volume.affine.map { canonicalAffine($0, shape: shape) })
    }
}
