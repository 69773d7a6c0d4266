/// Everything needed to map a prediction on the working grid back onto the original image.
public struct GeometryRecord: Sendable, Equatable, Codable {
    /// The file's own voxel grid (before reorientation).
    public var originalWidth: Int
    public var originalHeight: Int
    /// Slices of the working grid (after reorientation).
    public var depth: Int
    public var workingWidth: Int
    public var workingHeight: Int
    /// Canonical-grid pixels per working pixel along x and y.
    public var scaleX: Double
    public var scaleY: Double
    public var originalSpacing: VoxelSpacing?
    public var workingSpacing: VoxelSpacing?
    /// Row-major 4×4 voxel-to-RAS matrix of the original grid, when known.
    public var originalAffine: [Double]?
    /// Intensities mapped to 0 and 1.
    public var clipLow: Float
    public var clipHigh: Float
    /// How the file's axes were permuted and flipped to RAS; nil when they were kept (planes, volumes without
    /// an affine, and records written before volumes were reoriented).
    public var orientation: AxisOrientation?
    /// The file's slice count when reorientation changed it; nil when it equals `depth`.
    public var originalSlices: Int?

    /// Slices of the file's own grid.
    public var originalDepth: Int { originalSlices ?? depth }

    private var originalShape: [Int] { [originalWidth, originalHeight, originalDepth] }
    /// The original grid reoriented: what the working grid is an in-plane resize of.
    private var canonicalShape: [Int] { orientation?.canonicalShape(originalShape) ?? originalShape }

    /// A working-grid label mask (depth slices) resampled onto the original grid.
    public func labelsToOriginal<Label: Sendable>(_ labels: [Label]) -> [Label] {
        let canonical = canonicalShape
        let resized = Resampling.resizeLabels(labels, width: workingWidth, height: workingHeight, depth: depth,
                                              toWidth: canonical[0], toHeight: canonical[1])
        return orientation?.toOriginal(resized, shape: originalShape) ?? resized
    }

    /// Working-grid values (probabilities, slice after slice) resampled bilinearly onto the original grid.
    public func valuesToOriginal(_ values: [Float]) -> [Float] {
        let canonical = canonicalShape
        let volume = ImageVolume(width: workingWidth, height: workingHeight, depth: depth, pixels: values)
        let resized = Resampling.resize(volume, width: canonical[0], height: canonical[1], method: .bilinear).pixels
        return orientation?.toOriginal(resized, shape: originalShape) ?? resized
    }

    /// An original-grid label mask (e.g. a radiologist's annotation) resampled onto the working grid.
    public func labelsToWorking<Label: Sendable>(_ labels: [Label]) -> [Label] {
        let canonical = canonicalShape
        let reoriented = orientation?.toCanonical(labels, shape: originalShape) ?? labels
        return Resampling.resizeLabels(reoriented, width: canonical[0], height: canonical[1], depth: depth,
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
        let slices = Self.orientation(of: volume).canonicalShape([volume.width, volume.height, volume.depth])[2]
        try DecodeBudget.require(checkedProduct([slices, workingWidth, workingHeight, 4]), file: source,
                                 field: "working grid of \(slices) slices of \(workingWidth)x\(workingHeight)",
                                 budget: budget)
    }

    /// Volumes with a known affine are turned to RAS so that a pool's volumes share one slicing axis and sense
    /// whatever the scanner wrote; a plane keeps its own axes (its in-plane display is what annotators know).
    static func orientation(of volume: ImageVolume) -> AxisOrientation {
        guard volume.depth > 1, let affine = volume.affine else { return .identity }
        return AxisOrientation.closestCanonical(affine: affine)
    }

    public func prepare(_ volume: ImageVolume) -> (volume: ImageVolume, geometry: GeometryRecord) {
        let grey = IntensityNormalization.toGrey(volume)
        // Clip on the original grid so resampling does not blur the extremes that set the range.
        let (scaled, low, high) = IntensityNormalization.clipAndScale(grey, lowerPercent: lowerPercent,
                                                                      upperPercent: upperPercent)
        let orientation = Self.orientation(of: volume)
        let canonical = orientation.apply(scaled)
        let resized = Resampling.resize(canonical, width: workingWidth, height: workingHeight)
        let record = GeometryRecord(originalWidth: volume.width, originalHeight: volume.height, depth: canonical.depth,
                                    workingWidth: workingWidth, workingHeight: workingHeight,
                                    scaleX: Double(canonical.width) / Double(workingWidth),
                                    scaleY: Double(canonical.height) / Double(workingHeight),
                                    originalSpacing: volume.spacing, workingSpacing: resized.spacing,
                                    originalAffine: volume.affine, clipLow: low, clipHigh: high,
                                    orientation: orientation.isIdentity ? nil : orientation,
                                    originalSlices: canonical.depth == volume.depth ? nil : volume.depth)
        return (resized, record)
    }
}
