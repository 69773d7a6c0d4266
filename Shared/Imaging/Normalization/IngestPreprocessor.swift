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
    /// The window of the canonical grid that was resized onto the working grid; nil when it was the whole grid
    /// (planes, and records written before volumes kept their aspect).
    public var frame: WorkingFrame?
    /// The method that chose `clipLow` and `clipHigh`; nil in records written before there was a choice.
    public var intensity: IntensityMethod?

    /// Slices of the file's own grid.
    public var originalDepth: Int { originalSlices ?? depth }

    /// Whether the working grid is RAS (a volume with a known affine, turned at ingest): columns run from the
    /// patient's left to right and rows from posterior to anterior, so a radiological display turns it 180°.
    public var isRAS: Bool { depth > 1 && originalAffine != nil }

    private var originalShape: [Int] { [originalWidth, originalHeight, originalDepth] }
    /// The original grid reoriented.
    private var canonicalShape: [Int] { orientation?.canonicalShape(originalShape) ?? originalShape }
    /// What the working grid is an in-plane resize of: the frame, else the whole canonical grid.
    private var framedSize: (width: Int, height: Int) {
        frame.map { ($0.width, $0.height) } ?? (canonicalShape[0], canonicalShape[1])
    }

    /// Frame values put back on the canonical grid, then the file's own axes; `fill` where the frame cropped.
    private func toOriginal<Value>(_ framed: [Value], fill: Value) -> [Value] {
        let canonical = canonicalShape
        let placed = frame?.place(framed, width: canonical[0], height: canonical[1], depth: depth, fill: fill) ?? framed
        return orientation?.toOriginal(placed, shape: originalShape) ?? placed
    }

    /// A working-grid label mask (depth slices) resampled onto the original grid; background where the working
    /// grid did not reach.
    public func labelsToOriginal<Label: Sendable & AdditiveArithmetic>(_ labels: [Label]) -> [Label] {
        let framed = framedSize
        let resized = Resampling.resizeLabels(labels, width: workingWidth, height: workingHeight, depth: depth,
                                              toWidth: framed.width, toHeight: framed.height)
        return toOriginal(resized, fill: .zero)
    }

    /// Working-grid values (probabilities, slice after slice) resampled bilinearly onto the original grid.
    public func valuesToOriginal(_ values: [Float]) -> [Float] {
        let framed = framedSize
        let volume = ImageVolume(width: workingWidth, height: workingHeight, depth: depth, pixels: values)
        let resized = Resampling.resize(volume, width: framed.width, height: framed.height, method: .bilinear).pixels
        return toOriginal(resized, fill: 0)
    }

    /// An original-grid label mask (e.g. a radiologist's annotation) resampled onto the working grid.
    public func labelsToWorking<Label: Sendable & AdditiveArithmetic>(_ labels: [Label]) -> [Label] {
        let canonical = canonicalShape, framed = framedSize
        let reoriented = orientation?.toCanonical(labels, shape: originalShape) ?? labels
        let cut = frame?.extract(reoriented, width: canonical[0], height: canonical[1], depth: depth, fill: .zero)
            ?? reoriented
        return Resampling.resizeLabels(cut, width: framed.width, height: framed.height, depth: depth,
                                       toWidth: workingWidth, toHeight: workingHeight)
    }
}

/// Normalises any decoded input for the models: grey, [0, 1] intensities, volumes turned to RAS and framed with
/// their aspect kept, working size in-plane.
public struct IngestPreprocessor: Sendable {
    public var workingWidth: Int
    public var workingHeight: Int
    public var lowerPercent: Double
    public var upperPercent: Double
    public var intensity: IntensityMethod
    /// Hounsfield units mapped to 0 and 1 by `ct-window`.
    public var ctWindow: (low: Float, high: Float)
    /// In-plane millimetres per working pixel for volumes; nil fits each volume's larger side.
    public var targetSpacing: Double?

    public init(workingWidth: Int = 256, workingHeight: Int = 256, lowerPercent: Double = 0.5,
                upperPercent: Double = 99.5, intensity: IntensityMethod = .auto,
                ctWindow: (low: Float, high: Float) = (-160, 240), targetSpacing: Double? = nil) {
        self.workingWidth = workingWidth
        self.workingHeight = workingHeight
        self.lowerPercent = lowerPercent
        self.upperPercent = upperPercent
        self.intensity = intensity
        self.ctWindow = ctWindow
        self.targetSpacing = targetSpacing
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

    /// The values mapped to 0 and 1 by the scan's resolved intensity method.
    func intensityRange(_ grey: ImageVolume, method: IntensityMethod) -> (low: Float, high: Float) {
        switch method {
        case .ctWindow:
            return ctWindow
        case .foregroundZScore:
            if let range = IntensityNormalization.foregroundRange(grey.pixels) { return range }
            fallthrough
        case .auto, .percentile:
            let clip = IntensityNormalization.percentiles(grey.pixels, [lowerPercent, upperPercent]) ?? [0, 0]
            return (clip[0], clip[1])
        }
    }

    /// A volume's window onto the working grid; nil (the whole grid, stretched) for planes and volumes without
    /// spacing, and when the frame is the grid itself.
    func frame(of canonical: ImageVolume) -> WorkingFrame? {
        guard canonical.depth > 1, let spacing = canonical.spacing, spacing.x > 0, spacing.y > 0 else { return nil }
        let frame = WorkingFrame.centred(width: canonical.width, height: canonical.height, spacingX: spacing.x,
                                         spacingY: spacing.y, workingWidth: workingWidth, workingHeight: workingHeight,
                                         targetSpacing: targetSpacing)
        return frame.isWhole(width: canonical.width, height: canonical.height) ? nil : frame
    }

    public func prepare(_ volume: ImageVolume) -> (volume: ImageVolume, geometry: GeometryRecord) {
        let grey = IntensityNormalization.toGrey(volume)
        let method = intensity.resolved(for: volume)
        // Scaled on the original grid so resampling does not blur the extremes that set the range.
        let (low, high) = intensityRange(grey, method: method)
        let scaled = IntensityNormalization.clipAndScale(grey, low: low, high: high)
        let orientation = Self.orientation(of: volume)
        let canonical = orientation.apply(scaled)
        let frame = frame(of: canonical)
        let framed = frame?.extract(canonical, fill: 0) ?? canonical
        let resized = Resampling.resize(framed, width: workingWidth, height: workingHeight)
        let record = GeometryRecord(originalWidth: volume.width, originalHeight: volume.height, depth: canonical.depth,
                                    workingWidth: workingWidth, workingHeight: workingHeight,
                                    scaleX: Double(framed.width) / Double(workingWidth),
                                    scaleY: Double(framed.height) / Double(workingHeight),
                                    originalSpacing: volume.spacing, workingSpacing: resized.spacing,
                                    originalAffine: volume.affine, clipLow: low, clipHigh: high,
                                    orientation: orientation.isIdentity ? nil : orientation,
                                    originalSlices: canonical.depth == volume.depth ? nil : volume.depth,
                                    frame: frame, intensity: method)
        return (resized, record)
    }
}
