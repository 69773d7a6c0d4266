/// Everything needed to map a prediction on the working grid back onto the original image.
public struct GeometryRecord: Sendable, Equatable, Codable {
    public var originalWidth: Int
    public var originalHeight: Int
    public var depth: Int
    public var workingWidth: Int
    public var workingHeight: Int
    /// Original pixels per working pixel along x and y.
    public var scaleX: Double
    public var scaleY: Double
    public var originalSpacing: VoxelSpacing?
    public var workingSpacing: VoxelSpacing?
    /// Row-major 4×4 voxel-to-RAS matrix of the original grid, when known.
    public var originalAffine: [Double]?
    /// Intensities mapped to 0 and 1.
    public var clipLow: Float
    public var clipHigh: Float

    /// A working-grid label mask (depth slices) resampled onto the original grid.
    public func labelsToOriginal<Label: Sendable>(_ labels: [Label]) -> [Label] {
        Resampling.resizeLabels(labels, width: workingWidth, height: workingHeight, depth: depth,
                                toWidth: originalWidth, toHeight: originalHeight)
    }

    /// An original-grid label mask (e.g. a radiologist's annotation) resampled onto the working grid.
    public func labelsToWorking<Label: Sendable>(_ labels: [Label]) -> [Label] {
        Resampling.resizeLabels(labels, width: originalWidth, height: originalHeight, depth: depth,
                                toWidth: workingWidth, toHeight: workingHeight)
    }
}

/// Normalises any decoded input for the models: grey, working size in-plane, robust [0, 1] intensities.
public struct IngestPreprocessor: Sendable {
    public var workingWidth: Int
    public var workingHeight: Int
    public var lowerPercent: Double
    public var upperPercent: Double

    public init(workingWidth: Int = 256, workingHeight: Int = 256, lowerPercent: Double = 0.5,
                upperPercent: Double = 99.5) {
        self.workingWidth = workingWidth
        self.workingHeight = workingHeight
        self.lowerPercent = lowerPercent
        self.upperPercent = upperPercent
    }

    /// Refuses a volume whose working-grid copy would exceed the decode budget before any of it is made: a
    /// 1×1×32767 NIfTI of 100 bytes decodes to almost nothing but is 32,767 slices of 256² on the working grid.
    public func requireWithinBudget(_ volume: ImageVolume, source: String,
                                    budget: Int = DecodeBudget.maximumBytes) throws(ImagingError) {
        try DecodeBudget.require(checkedProduct([volume.depth, workingWidth, workingHeight, 4]), file: source,
                                 field: "working grid of \(volume.depth) slices of \(workingWidth)x\(workingHeight)",
                                 budget: budget)
    }

    public func prepare(_ volume: ImageVolume) -> (volume: ImageVolume, geometry: GeometryRecord) {
        let grey = IntensityNormalization.toGrey(volume)
        // Clip on the original grid so resampling does not blur the extremes that set the range.
        let (scaled, low, high) = IntensityNormalization.clipAndScale(grey, lowerPercent: lowerPercent,
                                                                      upperPercent: upperPercent)
        let resized = Resampling.resize(scaled, width: workingWidth, height: workingHeight)
        let record = GeometryRecord(originalWidth: volume.width, originalHeight: volume.height, depth: volume.depth,
                                    workingWidth: workingWidth, workingHeight: workingHeight,
                                    scaleX: Double(volume.width) / Double(workingWidth),
                                    scaleY: Double(volume.height) / Double(workingHeight),
                                    originalSpacing: volume.spacing, workingSpacing: resized.spacing,
                                    originalAffine: volume.affine, clipLow: low, clipHigh: high)
        return (resized, record)
    }
}
