/// A label-map grid seen as `[depth, height, width]` (depth 1 for 2-D) with per-axis spacing, so one code path
/// serves both dimensionalities.
struct VoxelGrid {
    let depth: Int
    let height: Int
    let width: Int
    let spacingZ: Double
    let spacingY: Double
    let spacingX: Double
    let isVolume: Bool
    let unit: DistanceUnit

    var voxelCount: Int { depth * height * width }

    init(prediction: LabelMap, truth: LabelMap, spacing: Spacing) throws {
        guard prediction.shape == truth.shape else {
            throw MetricsError.shapeMismatch(prediction: prediction.shape, truth: truth.shape)
        }
        let shape = prediction.shape
        guard spacing.values.count == shape.count else {
            throw MetricsError.spacingAxesMismatch(shape: shape, spacing: spacing.values)
        }
        isVolume = shape.count == 3
        depth = isVolume ? shape[0] : 1
        height = shape[shape.count - 2]
        width = shape[shape.count - 1]
        spacingZ = isVolume ? spacing.values[0] : 1
        spacingY = spacing.values[shape.count - 2]
        spacingX = spacing.values[shape.count - 1]
        unit = spacing.unit
    }
}

/// Half-open voxel box `[z0, z1) × [y0, y1) × [x0, x1)`.
struct VoxelBox {
    var z0: Int, z1: Int, y0: Int, y1: Int, x0: Int, x1: Int

    var depth: Int { z1 - z0 }
    var height: Int { y1 - y0 }
    var width: Int { x1 - x0 }
    var voxelCount: Int { depth * height * width }
}
