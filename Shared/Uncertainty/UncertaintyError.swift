/// Why an uncertainty request was rejected, with the values needed to fix it.
public enum UncertaintyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Spatial shapes must be `[H, W]` or `[D, H, W]` with positive extents.
    case unsupportedShape([Int])
    case invalidPassCount(Int)
    case invalidClassCount(Int)
    case valueCountMismatch(expected: Int, actual: Int, layout: String)
    case invalidBandWidth(Int)
    case sliceOutOfRange(Int, depth: Int)
    /// Mutual information compares stochastic passes, so a single deterministic pass cannot have any.
    case mutualInformationNeedsSeveralPasses(passes: Int)

    public var description: String {
        switch self {
        case .unsupportedShape(let shape):
            return "spatial shape \(shape) is not supported: use [H, W] or [D, H, W] with every extent > 0"
        case .invalidPassCount(let passes):
            return "pass count \(passes) must be ≥ 1"
        case .invalidClassCount(let classes):
            return "categorical maps need ≥ 2 classes, got \(classes); use binary maps for one foreground class"
        case .valueCountMismatch(let expected, let actual, let layout):
            return "probability layout \(layout) needs \(expected) values but got \(actual)"
        case .invalidBandWidth(let width):
            return "region width \(width) (boundary band or foreground neighbourhood) must be ≥ 0 pixels"
        case .sliceOutOfRange(let index, let depth):
            return "slice \(index) is outside the volume's 0…\(depth - 1)"
        case .mutualInformationNeedsSeveralPasses(let passes):
            return "mutual information (BALD) needs T > 1 stochastic passes (e.g. MC dropout), got T = \(passes)"
        }
    }
}
