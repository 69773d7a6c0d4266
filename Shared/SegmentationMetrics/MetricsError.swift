/// Why a metrics request was rejected; every case names the offending values so the caller can fix the input.
public enum MetricsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Label maps must be 2-D `[H, W]` or 3-D `[D, H, W]` with positive extents.
    case unsupportedShape([Int])
    case labelCountMismatch(shape: [Int], count: Int)
    case foregroundIndexOutOfRange(index: Int, voxelCount: Int)
    case shapeMismatch(prediction: [Int], truth: [Int])
    case invalidSpacing([Double])
    case spacingAxesMismatch(shape: [Int], spacing: [Double])
    /// Aggregating distances in millimetres together with distances in pixels would be meaningless.
    case mixedUnits
    indirect case caseFailed(index: Int, MetricsError)

    public var description: String {
        switch self {
        case .unsupportedShape(let shape):
            return "label map shape \(shape) is not supported: use [H, W] or [D, H, W] with every extent > 0"
        case .labelCountMismatch(let shape, let count):
            return "label map of shape \(shape) needs \(shape.reduce(1, *)) labels but got \(count)"
        case .foregroundIndexOutOfRange(let index, let voxelCount):
            return "foreground index \(index) lies outside a label map of \(voxelCount) voxels"
        case .shapeMismatch(let prediction, let truth):
            return "prediction shape \(prediction) differs from truth shape \(truth); resample one onto the other's grid"
        case .invalidSpacing(let spacing):
            return "spacing \(spacing) must be finite and > 0 on every axis"
        case .spacingAxesMismatch(let shape, let spacing):
            return "spacing \(spacing) has \(spacing.count) axes but the label map shape \(shape) has \(shape.count)"
        case .mixedUnits:
            return "cannot aggregate metrics measured in millimetres together with metrics measured in pixels"
        case .caseFailed(let index, let error):
            return "case \(index): \(error.description)"
        }
    }
}
