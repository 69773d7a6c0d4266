/// Overlap and surface-distance metrics of one class between a prediction and its ground truth.
///
/// Distances are `nil` exactly when one mask is empty and the other is not: they are undefined there and must
/// be counted as missing, never averaged in as 0. Both masks empty gives Dice = IoU = 1 and distances 0.
public struct ClassMetrics: Sendable, Equatable, Codable {
    public let label: UInt8
    public let predictionVoxels: Int
    public let truthVoxels: Int
    public let dice: Double
    public let iou: Double
    public let hausdorff: Double?
    /// Max of the two directed 95th percentiles (linear interpolation, numpy's default).
    public let hausdorff95: Double?
    /// Average symmetric surface distance: (Σd(a,B) + Σd(b,A)) / (|∂A| + |∂B|).
    public let averageSurfaceDistance: Double?
    public let unit: DistanceUnit

    public var distancesDefined: Bool { hausdorff != nil }
}
